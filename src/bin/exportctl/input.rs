//! Reading BOM files for commands: open the path (or `-` for stdin), pick the format,
//! apply `--map` and the config's `[bom]` section, show progress, and turn ingest
//! problems into an error that exits 2.
//!
//! Parsing itself is `exportctl::bom`; this module only does the file and terminal
//! side. Commands that take a BOM flatten [`BomArgs`] into their `Args`.

use std::collections::BTreeMap;
use std::io::{BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use exportctl::bom::{self, ColumnMap, Format};
use exportctl::model::Bom;

use crate::app::Ctx;

/// Input formats for `--input-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// CSV (`,`, `;` or tab separated).
    Csv,
    /// exportctl JSON (flat with `parent`, or nested `children`).
    Json,
    /// CycloneDX 1.5/1.6 JSON.
    Cyclonedx,
    /// Excel workbook.
    Xlsx,
}

impl From<InputFormat> for Format {
    fn from(f: InputFormat) -> Format {
        match f {
            InputFormat::Csv => Format::Csv,
            InputFormat::Json => Format::Json,
            InputFormat::Cyclonedx => Format::CycloneDx,
            InputFormat::Xlsx => Format::Xlsx,
        }
    }
}

/// Options of every command that reads a BOM.
#[derive(Debug, Clone, clap::Args)]
pub struct BomArgs {
    /// BOM file (CSV, JSON, CycloneDX JSON or .xlsx), or `-` for stdin.
    #[arg(value_name = "BOM")]
    pub bom: PathBuf,
    /// Map an input column to a BOM field, e.g. `--map 'Part Nbr=part_number'`
    /// (repeatable; `HEADER=ignore` skips a column).
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub map: Vec<String>,
    /// Input format (default: from the extension, then the content).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Excel sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

impl BomArgs {
    /// A BOM path with no flags (the config's `[bom]` section still applies).
    pub fn path(bom: &Path) -> BomArgs {
        BomArgs {
            bom: bom.to_path_buf(),
            map: Vec::new(),
            input_format: None,
            sheet: None,
        }
    }
}

/// The `[bom]` section of exportctl.toml.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
struct BomSection {
    /// Header → field mapping, e.g. `map = { "Part Nbr" = "part_number" }`.
    #[serde(default)]
    map: BTreeMap<String, String>,
    /// Default Excel sheet.
    sheet: Option<String>,
}

/// Ingest options from the config's `[bom]` section and the flags (flags win).
pub fn options(ctx: &Ctx, args: &BomArgs) -> anyhow::Result<bom::Options> {
    let config = ctx.config()?;
    let section = config.section::<BomSection>("bom")?.unwrap_or_default();
    let mut map = ColumnMap::new();
    for (header, field) in &section.map {
        map.insert(header, field)
            .map_err(|e| anyhow::anyhow!("config `{}`, section `[bom] map`: {e}", config.source))?;
    }
    for spec in &args.map {
        map.insert_spec(spec)
            .map_err(|e| anyhow::anyhow!("--map {e}"))?;
    }
    let source = if args.bom == Path::new("-") {
        "<stdin>".to_string()
    } else {
        args.bom.display().to_string()
    };
    Ok(bom::Options {
        source,
        format: args.input_format.map(Format::from),
        map,
        sheet: args.sheet.clone().or(section.sheet),
        delimiter: None,
    })
}

/// Reads and validates the BOM named by `args`. Ingest problems become one error
/// listing them all (exit 2).
pub fn load_bom(ctx: &Ctx, args: &BomArgs) -> anyhow::Result<Bom> {
    let opts = options(ctx, args)?;
    let bar = progress_bar(ctx, &opts.source);
    let mut tick = |rows: u64| {
        if let Some(b) = &bar {
            b.set_position(rows);
        }
    };
    let result = if args.bom == Path::new("-") {
        bom::read(std::io::stdin().lock(), &opts, &mut tick)
    } else {
        let file = std::fs::File::open(&args.bom)
            .with_context(|| format!("cannot open BOM `{}`", args.bom.display()))?;
        bom::read(BufReader::with_capacity(1 << 18, file), &opts, &mut tick)
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    result.map_err(anyhow::Error::new)
}

/// A row counter on stderr, only when stderr is a terminal and not `--quiet`.
fn progress_bar(ctx: &Ctx, source: &str) -> Option<indicatif::ProgressBar> {
    if ctx.global.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} reading {msg}: {human_pos} rows ({per_sec})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.set_message(source.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}
