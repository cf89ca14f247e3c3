//! `exportctl data`: show, validate and update the control-list data.
//!
//! `info` prints counts and currency, `validate [DIR]` loads a data directory and runs
//! the extra consistency checks of `exportctl::data::validate`, and
//! `import --ecfr FILE.xml` merges the eCFR XML of the CCL into `ccl/cat-N.toml`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use exportctl::data::raw::RawCclFile;
use exportctl::data::{ecfr, validate, Catalog};

use crate::app::{write_atomic, Ctx, Format};
use crate::exit::Exit;

/// Arguments of `exportctl data`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

/// The `data` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Counts per list, as-of date, latest rule, data hash and where the data came from.
    Info,
    /// Check a data directory (default: `--data`, else the built-in data); exit 2 on problems.
    Validate {
        /// Data directory (the one holding `manifest.toml`).
        dir: Option<PathBuf>,
    },
    /// Update `ccl/cat-N.toml` from the eCFR XML of Supp. No. 1 to 15 CFR part 774.
    Import {
        /// The eCFR XML file.
        #[arg(long, value_name = "FILE.xml")]
        ecfr: PathBuf,
        /// Print the change summary only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// `as_of` written to the updated files (default: keep each file's date).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    match &args.command {
        Sub::Info => info(ctx),
        Sub::Validate { dir } => validate_cmd(ctx, dir.as_deref()),
        Sub::Import {
            ecfr,
            dry_run,
            as_of,
        } => import(ctx, ecfr, *dry_run, as_of.as_deref()),
    }
}

fn source_of(ctx: &Ctx) -> anyhow::Result<String> {
    Ok(match ctx.data_dir()? {
        Some(d) => d.display().to_string(),
        None => "built-in".to_string(),
    })
}

fn info(ctx: &Ctx) -> anyhow::Result<Exit> {
    let cat = ctx.catalog()?;
    let counts = validate::counts(&cat);
    if ctx.format_among("data info", &[Format::Table, Format::Json])? == Format::Json {
        let v = serde_json::json!({
            "schema": cat.manifest.raw.schema,
            "as_of": cat.as_of(),
            "latest_rule": cat.manifest.raw.latest_rule,
            "hash": cat.hash,
            "source": source_of(ctx)?,
            "counts": counts,
            "gaps": cat.manifest.raw.gaps,
        });
        ctx.emit(&(serde_json::to_string_pretty(&v)? + "\n"))?;
        return Ok(Exit::Ok);
    }
    let mut s = String::new();
    let _ = writeln!(s, "data:        {}", source_of(ctx)?);
    let _ = writeln!(s, "as_of:       {}", cat.as_of());
    let _ = writeln!(s, "latest rule: {}", cat.manifest.raw.latest_rule);
    let _ = writeln!(s, "hash:        {}", cat.hash);
    for (k, v) in &counts {
        let _ = writeln!(s, "{k:<28} {v}");
    }
    if !cat.manifest.raw.gaps.is_empty() {
        let _ = writeln!(s, "known gaps:");
        for g in &cat.manifest.raw.gaps {
            let _ = writeln!(s, "  - {g}");
        }
    }
    ctx.emit(&s)?;
    Ok(Exit::Ok)
}

fn validate_cmd(ctx: &Ctx, dir: Option<&Path>) -> anyhow::Result<Exit> {
    let configured = ctx.data_dir()?;
    let (label, files) = match dir.or(configured.as_deref()) {
        Some(d) => (
            d.display().to_string(),
            exportctl::data::read_dir(d)
                .with_context(|| format!("cannot read data directory `{}`", d.display()))?,
        ),
        None => (
            "built-in data".to_string(),
            exportctl::data::embedded_files(),
        ),
    };
    if files.is_empty() {
        bail!("data directory `{label}` holds no .toml files");
    }
    let problems = match Catalog::from_files(&files) {
        Ok(cat) => {
            let extra = validate::check(&cat);
            if extra.is_empty() {
                let warnings = validate::reference_warnings(&cat);
                if !warnings.is_empty() && !ctx.global.quiet {
                    eprintln!(
                        "{label}: {} warning(s): references to paragraphs the data does not hold",
                        warnings.len()
                    );
                    for w in warnings.iter().take(10) {
                        eprintln!("warning: {w}");
                    }
                    if warnings.len() > 10 {
                        eprintln!("... and {} more warnings", warnings.len() - 10);
                    }
                }
                let counts = validate::counts(&cat);
                let total: usize = ["ccl_eccns", "usml_paragraphs"]
                    .iter()
                    .filter_map(|k| counts.get(*k))
                    .sum();
                ctx.emit(&format!(
                    "{label}: ok ({} files, {total} control-list entries, as_of {})\n",
                    files.len(),
                    cat.as_of()
                ))?;
                return Ok(Exit::Ok);
            }
            extra
        }
        Err(p) => p.problems.into_iter().chain(std::iter::empty()).collect(),
    };
    let mut s = format!(
        "{label}: {} problem{}\n",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in &problems {
        let _ = writeln!(s, "{p}");
    }
    eprint!("{s}");
    Ok(Exit::Input)
}

fn import(ctx: &Ctx, xml: &Path, dry_run: bool, as_of: Option<&str>) -> anyhow::Result<Exit> {
    if let Some(d) = as_of {
        if !exportctl::data::catalog::is_date(d) {
            bail!("`--as-of {d}` is not a date: write `YYYY-MM-DD`");
        }
    }
    let root = match ctx.data_dir()? {
        Some(d) => d,
        None => {
            let d = PathBuf::from("data");
            if !d.join("manifest.toml").is_file() {
                bail!("no `data/manifest.toml` here: run from the project root or pass `--data DIR`\nhint: the built-in data cannot be changed in place; copy it with your own `--data` directory");
            }
            d
        }
    };
    let ccl = root.join("ccl");
    let text =
        std::fs::read_to_string(xml).with_context(|| format!("cannot read `{}`", xml.display()))?;
    let parsed = ecfr::parse(&text).with_context(|| format!("in `{}`", xml.display()))?;
    let mut existing: BTreeMap<u8, RawCclFile> = BTreeMap::new();
    for n in 0..=9u8 {
        let p = ccl.join(format!("cat-{n}.toml"));
        if p.is_file() {
            let t = std::fs::read_to_string(&p)
                .with_context(|| format!("cannot read `{}`", p.display()))?;
            let f: RawCclFile = toml::from_str(&t)
                .with_context(|| format!("`{}` is not a valid CCL file", p.display()))?;
            existing.insert(n, f);
        }
    }
    let default_as_of = existing
        .values()
        .map(|f| f.as_of.clone())
        .max()
        .unwrap_or_else(|| "1970-01-01".into());
    let as_of = as_of.unwrap_or(&default_as_of);
    let (files, summary) = ecfr::merge(&existing, &parsed, as_of);
    let mut out = summary.render();
    let _ = writeln!(
        out,
        "{} ECCNs, {} paragraphs read from `{}`",
        parsed.len(),
        parsed.iter().map(|e| e.items.len()).sum::<usize>(),
        xml.display()
    );
    if dry_run {
        out.push_str("dry run: nothing written\n");
        ctx.emit(&out)?;
        return Ok(Exit::Ok);
    }
    std::fs::create_dir_all(&ccl).with_context(|| format!("cannot create `{}`", ccl.display()))?;
    let mut written = 0;
    for (n, f) in &files {
        let p = ccl.join(format!("cat-{n}.toml"));
        let new = ecfr::render_file(f);
        let old = std::fs::read_to_string(&p).unwrap_or_default();
        if old != new {
            write_atomic(&p, new.as_bytes())?;
            written += 1;
        }
    }
    let _ = writeln!(out, "{written} file(s) written under `{}`", ccl.display());
    ctx.emit(&out)?;
    Ok(Exit::Ok)
}
