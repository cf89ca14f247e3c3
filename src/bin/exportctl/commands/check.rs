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

/// Arguments of `exportctl check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The BOM to check.
    #[arg(value_name = "BOM")]
    pub bom: PathBuf,
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
            &catalog,
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
    let current = rulings_with_plan(ctx, &args.bom, &catalog, shipment.as_ref())?;
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
    rulings_with_plan(ctx, path, catalog, None)
}

/// Reads and classifies a BOM into a ruling file; with a shipment context, plans it
/// ([`exportctl::plan::plan_bom`]) and attaches each line's plan entry to its record.
pub(crate) fn rulings_with_plan(
    ctx: &Ctx,
    path: &Path,
    catalog: &exportctl::data::Catalog,
    shipment: Option<&exportctl::context::ShipmentContext>,
) -> anyhow::Result<RulingFile> {
    let _ = ctx;
    let bom = read_bom(path)?;
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

/// Reads a BOM file.
///
/// TODO(integration): replace the body with the real ingest in
/// `src/bin/exportctl/input.rs` (CSV, JSON, CycloneDX, Excel). Until it lands this
/// reads CSV only, through [`private_csv`].
pub(crate) fn read_bom(path: &Path) -> anyhow::Result<Bom> {
    let text = read(path, "BOM")?;
    if RulingFile::sniff(&text) {
        bail!(
            "`{}` is a ruling file, not a BOM\nhint: pass it as `--baseline`",
            path.display()
        );
    }
    private_csv::parse(&path.display().to_string(), &text)
}

/// A small CSV BOM reader used until `input.rs` lands. Columns (case-insensitive):
/// `id`, `parent`, `part_number`, `description`, `manufacturer`, `mpn`, `quantity`,
/// `unit_value`, `origin`, `eccn`, `usml`, `kind`, `params` (`key=value; ...`).
mod private_csv {
    use anyhow::{anyhow, bail};
    use exportctl::model::{Bom, ClassCode, Country, Item, Kind, ParamValue};

    pub(super) fn parse(source: &str, text: &str) -> anyhow::Result<Bom> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| anyhow!("{source}:1: not CSV: {e}"))?
            .iter()
            .map(|h| h.trim().to_ascii_lowercase().replace([' ', '-'], "_"))
            .collect();
        let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
        let c_id = col(&["id", "line", "find_number"]);
        let c_parent = col(&["parent", "parent_id"]);
        let c_pn = col(&["part_number", "pn", "part"]);
        let c_desc = col(&["description", "desc"]);
        let c_mfr = col(&["manufacturer", "mfr"]);
        let c_mpn = col(&["mpn"]);
        let c_qty = col(&["quantity", "qty"]);
        let c_val = col(&["unit_value", "value"]);
        let c_origin = col(&["origin", "country_of_origin"]);
        let c_eccn = col(&["eccn", "declared_eccn"]);
        let c_usml = col(&["usml", "declared_usml"]);
        let c_kind = col(&["kind", "type"]);
        let c_params = col(&["params", "parameters"]);
        let mut items = Vec::new();
        for (n, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| anyhow!("{source}: not CSV: {e}"))?;
            let line = rec.position().map_or(n + 2, |p| p.line() as usize);
            let get = |c: Option<usize>| {
                c.and_then(|c| rec.get(c))
                    .map(str::trim)
                    .unwrap_or("")
                    .to_string()
            };
            let at = |msg: String| anyhow!("{source}:{line}: {msg}");
            let id = Some(get(c_id))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| (n + 1).to_string());
            let mut it = Item::new(id, get(c_desc));
            it.parent = Some(get(c_parent)).filter(|s| !s.is_empty());
            it.part_number = get(c_pn);
            it.manufacturer = get(c_mfr);
            it.mpn = get(c_mpn);
            it.source.line = line;
            let q = get(c_qty);
            if !q.is_empty() {
                it.quantity = q
                    .parse()
                    .map_err(|_| at(format!("quantity `{q}` is not a number")))?;
            }
            let v = get(c_val);
            if !v.is_empty() {
                it.unit_value = Some(
                    v.parse()
                        .map_err(|_| at(format!("unit_value `{v}` is not a number")))?,
                );
            }
            let o = get(c_origin);
            if !o.is_empty() {
                it.origin = Some(
                    Country::parse(&o)
                        .ok_or_else(|| at(format!("origin `{o}` is not a country code")))?,
                );
            }
            let e = get(c_eccn);
            if !e.is_empty() {
                it.declared_eccn = Some(ClassCode::parse(&e).map_err(at)?);
            }
            let u = get(c_usml);
            if !u.is_empty() {
                it.declared_usml = Some(ClassCode::parse(&u).map_err(at)?);
            }
            let k = get(c_kind);
            it.kind = Kind::parse(&k).ok_or_else(|| at(format!("kind `{k}` is not known")))?;
            for kv in get(c_params).split(';').filter(|s| !s.trim().is_empty()) {
                let Some((key, val)) = kv.split_once('=') else {
                    bail!("{source}:{line}: params entry `{kv}` is not `key=value`");
                };
                it.params
                    .insert(key.trim().to_string(), ParamValue::parse(val));
            }
            items.push(it);
        }
        Bom::new(source, items).map_err(|e| anyhow!("{source}: {e}"))
    }
}
