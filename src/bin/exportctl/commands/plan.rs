//! `exportctl plan BOM --to CC [--party NAME] [--as-of YYYY-MM-DD] [--end-use TEXT]`.
//!
//! Reads the BOM, classifies it, builds the shipment context from exportctl.toml
//! (`[[party]]`, `[[authorization]]`, `[[attestation]]`, `[plan]`) and the flags, and
//! prints the licensing plan. Exit 1 when a line is PROHIBITED or REVIEW.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use exportctl::model::{Bom, ClassCode, Country, Item, Kind, SourceSpan};

use crate::app::{Ctx, Format};
use crate::exit::Exit;

/// Arguments of `exportctl plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The BOM (CSV).
    pub bom: PathBuf,
    /// Destination country (ISO alpha-2).
    #[arg(long, value_name = "CC")]
    pub to: String,
    /// Recipient: a `[[party]]` name from exportctl.toml.
    #[arg(long, value_name = "NAME")]
    pub party: Option<String>,
    /// Date to decide as of (default: the data set's as-of date, never the clock).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Stated end use (overrides the party's).
    #[arg(long, value_name = "TEXT")]
    pub end_use: Option<String>,
    /// `temporary` (TMP) or `replacement` (RPL) when the shipment is one.
    #[arg(long, value_name = "PURPOSE")]
    pub purpose: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let catalog = ctx.catalog()?;
    let sc = crate::shipment::context(ctx, &catalog, &args.flags())?;

    let bom = read_bom(&args.bom)?;
    let rulings = exportctl::classify::classify_bom(&bom, &catalog);
    let plan = exportctl::plan::plan_bom(&bom, &rulings, &catalog, &sc);
    let text = match ctx.global.format {
        Format::Json => exportctl::report::plan::json(&plan),
        Format::Markdown => exportctl::report::plan::markdown(&plan),
        Format::Table => exportctl::report::plan::table(&plan),
        other => bail!(
            "`--format {other:?}` is not available for `plan`\nhint: use table, json or markdown"
        ),
    };
    ctx.emit(&text)?;
    Ok(if plan.has_blockers() {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

impl Args {
    /// The shipment flags, for [`crate::shipment::context`].
    pub fn flags(&self) -> crate::shipment::ShipmentFlags<'_> {
        crate::shipment::ShipmentFlags {
            to: &self.to,
            party: self.party.as_deref(),
            as_of: self.as_of.as_deref(),
            end_use: self.end_use.as_deref(),
            purpose: self.purpose.as_deref(),
        }
    }
}

/// TODO(input.rs): replace with the shared BOM ingest once it lands. A minimal CSV
/// reader: header names `id`, `parent`, `part_number`, `description`, `manufacturer`,
/// `mpn`, `quantity`, `unit_value`, `origin`, `kind`, `eccn`, `usml`.
fn read_bom(path: &Path) -> anyhow::Result<Bom> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read BOM `{}`", path.display()))?;
    let file = path.display().to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .with_context(|| format!("{file}: cannot read the CSV header"))?
        .iter()
        .map(|h| h.to_ascii_lowercase().replace([' ', '-'], "_"))
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let Some(id_col) = col("id") else {
        bail!("{file}:1: no `id` column\nhint: the first row names the columns");
    };
    let mut items = Vec::new();
    for rec in rdr.records() {
        let rec = rec.with_context(|| format!("{file}: bad CSV record"))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let get = |name: &str| {
            col(name)
                .and_then(|i| rec.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let mut it = Item::new(
            rec.get(id_col).unwrap_or("").trim(),
            get("description").unwrap_or(""),
        );
        it.parent = get("parent").map(str::to_string);
        it.part_number = get("part_number").unwrap_or("").to_string();
        it.manufacturer = get("manufacturer").unwrap_or("").to_string();
        it.mpn = get("mpn").unwrap_or("").to_string();
        if let Some(q) = get("quantity") {
            it.quantity = q
                .parse()
                .ok()
                .filter(|q: &f64| q.is_finite() && *q >= 0.0)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "{file}:{line}: quantity `{q}` is not a number\nhint: write e.g. `2`"
                    )
                })?;
        }
        if let Some(v) = get("unit_value") {
            let v = v.trim_start_matches('$').replace(',', "");
            it.unit_value = Some(v.parse().ok().filter(|v: &f64| v.is_finite() && *v >= 0.0).ok_or_else(|| {
                anyhow::anyhow!("{file}:{line}: unit_value `{v}` is not a number\nhint: USD, e.g. `1250.00`")
            })?);
        }
        if let Some(o) = get("origin") {
            it.origin = Country::parse(o);
        }
        if let Some(k) = get("kind") {
            it.kind = Kind::parse(k).ok_or_else(|| {
                anyhow::anyhow!("{file}:{line}: kind `{k}` is not known\nhint: hardware, software, technology or service")
            })?;
        }
        for (name, usml) in [("eccn", false), ("usml", true)] {
            if let Some(c) = get(name) {
                let code = ClassCode::parse(c)
                    .map_err(|m| anyhow::anyhow!("{file}:{line}: {name} `{c}`: {m}"))?;
                if usml != code.is_usml() {
                    bail!("{file}:{line}: `{c}` does not belong in the `{name}` column");
                }
                if usml {
                    it.declared_usml = Some(code);
                } else {
                    it.declared_eccn = Some(code);
                }
            }
        }
        it.source = SourceSpan { line };
        items.push(it);
    }
    Bom::new(file.clone(), items).map_err(|e| anyhow::anyhow!("{file}: {e}"))
}
