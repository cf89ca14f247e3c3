//! `exportctl check`: rulings against a baseline, with waivers; exit 1 on a `deny`
//! policy failure. Also writes baselines (`--write-baseline FILE`, `--record`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use exportctl::check::{self, CheckInput, Level, Policies, Policy};
use exportctl::model::Bom;
use exportctl::record::{self, DataStamp, RulingFile};

use crate::app::{write_atomic, Ctx, Format};
use crate::exit::Exit;
use crate::input::BomArgs;

/// Arguments of `exportctl check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: BomArgs,
    /// Ruling file to compare with (written by `--write-baseline`). Without it every
    /// line counts as new.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Waivers file (TOML, `[[waiver]]` tables; see docs/CI.md).
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// The date waivers and the plan are judged against (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Destination country (ISO alpha-2): plan every line as `exportctl plan` does
    /// and record each line's plan entry, so `changed-plan` can fire. Without it the
    /// records' `plan` is null.
    #[arg(long, value_name = "CC")]
    pub to: Option<String>,
    /// Recipient for the plan: a `[[party]]` name from exportctl.toml.
    #[arg(long, value_name = "NAME", requires = "to")]
    pub party: Option<String>,
    /// Stated end use for the plan (overrides the party's).
    #[arg(long, value_name = "TEXT", requires = "to")]
    pub end_use: Option<String>,
    /// `temporary` (TMP) or `replacement` (RPL) when the shipment is one.
    #[arg(long, value_name = "PURPOSE", requires = "to")]
    pub purpose: Option<String>,
    /// Write today's rulings to FILE (atomically) as the new baseline. Without
    /// `--baseline`, nothing is checked and the exit code is 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Print today's ruling file (JSON) instead of checking; with `--output` this
    /// writes a baseline.
    #[arg(long, conflicts_with_all = ["baseline", "waivers", "write_baseline"])]
    pub record: bool,
    /// Set a policy to `deny` (repeatable; overrides `[check]` in exportctl.toml).
    #[arg(long = "deny", short = 'D', value_name = "POLICY")]
    pub deny: Vec<String>,
    /// Set a policy to `warn`.
    #[arg(long = "warn", short = 'W', value_name = "POLICY")]
    pub warn: Vec<String>,
    /// Set a policy to `allow` (not reported).
    #[arg(long = "allow", short = 'A', value_name = "POLICY")]
    pub allow: Vec<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let format = ctx.global.format;
    if !args.record
        && !matches!(
            format,
            Format::Table | Format::Json | Format::Markdown | Format::Sarif
        )
    {
        bail!("`exportctl check` writes table, json, markdown or sarif, not `{}`\nhint: pass `--format sarif` for code scanning", super::check::format_name(format));
    }
    let as_of = match &args.as_of {
        Some(d) if check::is_valid_date(d) => d.clone(),
        Some(d) => bail!("--as-of `{d}` is not a date\nhint: write `YYYY-MM-DD`"),
        None => super::ledger::today_utc(),
    };
    let policies = policies(ctx, args)?;

    let catalog = ctx.catalog()?;
    let shipment = match &args.to {
        Some(to) => Some(crate::shipment::context(
            ctx,
            &crate::shipment::ShipmentFlags {
                to,
                party: args.party.as_deref(),
                as_of: Some(&as_of),
                end_use: args.end_use.as_deref(),
                purpose: args.purpose.as_deref(),
            },
        )?),
        None => None,
    };
    let current = rulings_with_plan(ctx, &args.input, &catalog, shipment.as_ref())?;
    if args.record {
        ctx.emit(&current.to_json())?;
        return Ok(Exit::Ok);
    }

    // Read the baseline before writing a new one: they may be the same file.
    let baseline = match &args.baseline {
        Some(p) => Some(read_rulings(p)?),
        None => None,
    };
    if let Some(path) = &args.write_baseline {
        write_atomic(path, current.to_json().as_bytes())?;
        ctx.note(&format!(
            "wrote baseline `{}` ({} lines)",
            path.display(),
            current.records.len()
        ));
        if baseline.is_none() {
            return Ok(Exit::Ok);
        }
    }
    let waivers = match &args.waivers {
        Some(p) => {
            let text = read(p, "waivers")?;
            Some(check::parse_waivers(&p.display().to_string(), &text)?)
        }
        None => None,
    };
    let baseline_name = args.baseline.as_ref().map(|p| p.display().to_string());
    let waivers_name = args.waivers.as_ref().map(|p| p.display().to_string());
    let report = check::check(CheckInput {
        current: &current,
        bom: &current.source,
        baseline: baseline.as_ref().zip(baseline_name.as_deref()),
        waivers: waivers.as_deref().zip(waivers_name.as_deref()),
        as_of: &as_of,
        policies: &policies,
    });
    let text = match format {
        Format::Json => exportctl::report::check::check_json(&report),
        Format::Markdown => exportctl::report::check::check_markdown(&report),
        Format::Sarif => exportctl::sarif::render(&report),
        _ => exportctl::report::check::check_table(&report),
    };
    ctx.emit(&text)?;
    Ok(if report.passed {
        Exit::Ok
    } else {
        Exit::Findings
    })
}

fn policies(ctx: &Ctx, args: &Args) -> anyhow::Result<Policies> {
    let config = ctx.config()?;
    let section = config.section::<BTreeMap<String, toml::Value>>("check")?;
    let mut p = Policies::from_section(&config.source, section.as_ref())?;
    for (names, level) in [
        (&args.deny, Level::Deny),
        (&args.warn, Level::Warn),
        (&args.allow, Level::Allow),
    ] {
        for name in names {
            let Some(policy) = Policy::parse(name) else {
                bail!(
                    "`{name}` is not a policy\nhint: policies: {}",
                    Policy::ALL.map(Policy::code).join(", ")
                );
            };
            p.set(policy, level);
        }
    }
    Ok(p)
}

/// The `--format` value as typed (`csv`).
pub(crate) fn format_name(f: Format) -> String {
    use clap::ValueEnum as _;
    f.to_possible_value()
        .map_or_else(|| format!("{f:?}"), |v| v.get_name().to_string())
}

pub(crate) fn read(path: &Path, what: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {what} `{}`", path.display()))
}

/// Reads a ruling file (`--baseline`, `diff`, `ledger append`).
pub(crate) fn read_rulings(path: &Path) -> anyhow::Result<RulingFile> {
    let text = read(path, "ruling file")?;
    Ok(RulingFile::from_json(&path.display().to_string(), &text)?)
}

/// Reads and classifies a BOM into a ruling file.
pub(crate) fn rulings_of_bom(
    ctx: &Ctx,
    path: &Path,
    catalog: &exportctl::data::Catalog,
) -> anyhow::Result<RulingFile> {
    rulings_with_plan(ctx, &BomArgs::path(path), catalog, None)
}

/// Reads and classifies a BOM into a ruling file; with a shipment context, plans it
/// ([`exportctl::plan::plan_bom`]) and attaches each line's plan entry to its record.
pub(crate) fn rulings_with_plan(
    ctx: &Ctx,
    input: &BomArgs,
    catalog: &exportctl::data::Catalog,
    shipment: Option<&exportctl::context::ShipmentContext>,
) -> anyhow::Result<RulingFile> {
    let bom = read_bom(ctx, input)?;
    let rulings = exportctl::classify::classify_bom(&bom, catalog);
    let mut file = record::build(
        &bom,
        &rulings,
        &DataStamp::of(catalog),
        exportctl::TOOL_VERSION,
    );
    if let Some(sc) = shipment {
        let plan = exportctl::plan::plan_bom(&bom, &rulings, catalog, sc);
        let unknown = file.attach_plan(exportctl::plan::record_entries(&plan));
        // Both come from the same BOM: every plan line has a record.
        debug_assert!(
            unknown.is_empty(),
            "plan lines without records: {unknown:?}"
        );
    }
    Ok(file)
}

/// Reads a BOM through the shared ingest, refusing a ruling file passed by mistake.
pub(crate) fn read_bom(ctx: &Ctx, input: &BomArgs) -> anyhow::Result<Bom> {
    use std::io::Read as _;
    if input.bom != Path::new("-") {
        let mut head = Vec::new();
        if let Ok(f) = std::fs::File::open(&input.bom) {
            let _ = f.take(4096).read_to_end(&mut head);
        }
        let head = String::from_utf8_lossy(&head);
        if head.trim_start().starts_with('{') && head.contains("\"exportctl.rulings/") {
            bail!(
                "`{}` is a ruling file, not a BOM\nhint: pass it as `--baseline`",
                input.bom.display()
            );
        }
    }
    crate::input::load_bom(ctx, input)
}
