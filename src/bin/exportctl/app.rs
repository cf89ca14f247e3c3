//! Command-line definition and the shared context commands run with.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use clap::{Parser, Subcommand, ValueEnum};
use exportctl::config::Config;
use exportctl::data::Catalog;

use crate::commands;
use crate::exit::Exit;

/// U.S. export-control classification and licensing for bills of materials.
///
/// Not legal advice: exportctl marks what it cannot decide as REVIEW.
#[derive(Debug, Parser)]
#[command(name = "exportctl", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A text table for terminals.
    Table,
    /// Stable JSON (see docs/ for the schemas).
    Json,
    /// CSV, one row per line.
    Csv,
    /// Markdown, for pull requests and program reviews.
    Markdown,
    /// SARIF 2.1.0 (check only).
    Sarif,
    /// Graphviz DOT (taint only).
    Dot,
    /// Mermaid (taint only).
    Mermaid,
}

impl Format {
    /// The flag spelling (`json`, `markdown`, ...).
    pub fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}

/// Options every command accepts.
#[derive(Debug, clap::Args)]
pub struct Global {
    /// Output format.
    #[arg(long, short = 'f', global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the output to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Configuration file (default: exportctl.toml in the current directory or above).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Control-list data directory (default: the data built into exportctl).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// No progress bar and no notes on stderr.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Classify every BOM line: ITAR, EAR or REVIEW, with the code and its basis.
    Classify(commands::classify::Args),
    /// Licensing plan for a shipment: exemptions, held authorizations, applications.
    Plan(commands::plan::Args),
    /// ITAR see-through taint over the BOM tree.
    Taint(commands::taint::Args),
    /// EAR de minimis: U.S.-origin controlled content of foreign-made assemblies.
    Deminimis(commands::deminimis::Args),
    /// Reexport analysis from one foreign country to another.
    Reexport(commands::reexport::Args),
    /// Compare rulings with a baseline and fail on policy (exit 1).
    Check(commands::check::Args),
    /// Differences between two ruling files or BOMs, with causes.
    Diff(commands::diff::Args),
    /// Show a USML paragraph or ECCN with its children and citation.
    Lookup(commands::lookup::Args),
    /// Inspect, validate and update the control-list data.
    Data(commands::data::Args),
    /// Append-only, hash-chained ruling ledger.
    Ledger(commands::ledger::Args),
}

/// What commands run with.
pub struct Ctx {
    pub global: Global,
}

impl Ctx {
    /// Loads the configuration: `--config`, else `exportctl.toml` found in the current
    /// directory or its parents, else empty.
    pub fn config(&self) -> anyhow::Result<Config> {
        let path = match &self.global.config {
            Some(p) => Some(p.clone()),
            None => discover_config(&std::env::current_dir().unwrap_or_default()),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read config `{}`", path.display()))?;
        Ok(Config::parse(&path.display().to_string(), &text)?)
    }

    /// The `[data]` section of the config.
    fn data_section(&self) -> anyhow::Result<(Config, DataSection)> {
        let config = self.config()?;
        let section = config.section::<DataSection>("data")?.unwrap_or_default();
        Ok((config, section))
    }

    /// The data directory in use: `--data DIR`, else `[data] dir` in the config
    /// (relative to the config file); `None` means the built-in data.
    pub fn data_dir(&self) -> anyhow::Result<Option<PathBuf>> {
        if let Some(d) = &self.global.data {
            return Ok(Some(d.clone()));
        }
        let (config, section) = self.data_section()?;
        Ok(section.dir.map(|d| {
            let base = Path::new(&config.source).parent().unwrap_or(Path::new(""));
            if d.is_relative() {
                base.join(d)
            } else {
                d
            }
        }))
    }

    /// Loads the control lists from [`Ctx::data_dir`] or the embedded data. Warns on
    /// stderr when the data's as-of date is older than `[data] max-age-days` (default
    /// 180) before today.
    pub fn catalog(&self) -> anyhow::Result<Catalog> {
        let (_, section) = self.data_section()?;
        let dir = self.data_dir()?;
        let catalog = match dir {
            Some(dir) => {
                let files = exportctl::data::read_dir(&dir)
                    .with_context(|| format!("cannot read data directory `{}`", dir.display()))?;
                if files.is_empty() {
                    bail!("data directory `{}` holds no .toml files", dir.display());
                }
                Catalog::from_files(&files)?
            }
            None => exportctl::data::embedded().map_err(|p| {
                anyhow::Error::new(crate::exit::Internal(format!(
                    "the built-in data is invalid: {p}"
                )))
            })?,
        };
        let max_age = section.max_age_days.unwrap_or(DEFAULT_MAX_DATA_AGE_DAYS);
        if let (Ok(as_of), Ok(today)) = (
            exportctl::context::Date::parse(catalog.as_of()),
            exportctl::context::Date::parse(&crate::commands::ledger::today_utc()),
        ) {
            let age = as_of.days_until(today);
            if age > max_age {
                self.note(&format!(
                    "warning: the control-list data is {age} days old (as of {}); regulations change several times a year\n  hint: update it (`exportctl data import --ecfr FILE.xml`) or set `[data] max-age-days`",
                    catalog.as_of()
                ));
            }
        }
        Ok(catalog)
    }

    /// Writes the command's output to `--output` (atomically) or stdout.
    pub fn emit(&self, text: &str) -> anyhow::Result<()> {
        match &self.global.output {
            Some(path) => write_atomic(path, text.as_bytes()),
            None => {
                let mut out = std::io::stdout().lock();
                match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    r => r.context("cannot write to stdout"),
                }
            }
        }
    }

    /// The `--format`, refused (exit 2) unless the command writes it.
    pub fn format_among(&self, command: &str, allowed: &[Format]) -> anyhow::Result<Format> {
        let f = self.global.format;
        if allowed.contains(&f) {
            return Ok(f);
        }
        let names: Vec<String> = allowed.iter().map(|a| a.name()).collect();
        bail!(
            "`--format {}` is not available for `{command}`\nhint: use {}",
            f.name(),
            names.join(", ")
        )
    }

    /// Prints a note on stderr unless `--quiet`.
    pub fn note(&self, msg: &str) {
        if !self.global.quiet {
            eprintln!("{msg}");
        }
    }
}

/// The `[data]` section of exportctl.toml.
#[derive(Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct DataSection {
    /// A data directory in the format of `data/`.
    dir: Option<PathBuf>,
    /// Days after its as-of date before the data set is reported as stale.
    max_age_days: Option<i64>,
}

/// Days after its as-of date before the data set is reported as stale.
pub const DEFAULT_MAX_DATA_AGE_DAYS: i64 = 180;

/// Writes `bytes` to `path` through a temporary file in the same directory, so readers
/// see either the old file or the whole new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot replace `{}`", path.display()))?;
    Ok(())
}

fn discover_config(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join("exportctl.toml"))
        .find(|p| p.is_file())
}

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let ctx = Ctx { global: cli.global };
    match &cli.command {
        Command::Classify(a) => commands::classify::run(&ctx, a),
        Command::Plan(a) => commands::plan::run(&ctx, a),
        Command::Taint(a) => commands::taint::run(&ctx, a),
        Command::Deminimis(a) => commands::deminimis::run(&ctx, a),
        Command::Reexport(a) => commands::reexport::run(&ctx, a),
        Command::Check(a) => commands::check::run(&ctx, a),
        Command::Diff(a) => commands::diff::run(&ctx, a),
        Command::Lookup(a) => commands::lookup::run(&ctx, a),
        Command::Data(a) => commands::data::run(&ctx, a),
        Command::Ledger(a) => commands::ledger::run(&ctx, a),
    }
}
