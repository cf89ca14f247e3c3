//! `exportctl taint`: ITAR see-through taint over the BOM tree.
//!
//! Also holds the small BOM reader the `taint`, `deminimis` and `reexport` commands
//! share until the ingest stage's `input.rs` lands (`TODO(input.rs)`).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use exportctl::classify::classify_bom;
use exportctl::data::Catalog;
use exportctl::model::{Bom, ClassCode, Country, Item, Kind, Ruling, SourceSpan};
use exportctl::report::taint as render;

use crate::app::{Ctx, Format};
use crate::exit::Exit;

/// Arguments of `exportctl taint`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The BOM (CSV with columns id, parent, description, quantity, unit_value, origin,
    /// eccn, usml; others optional).
    pub bom: PathBuf,
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let catalog = ctx.catalog()?;
    let (bom, rulings) = load(&args.bom, &catalog)?;
    let report = exportctl::taint::taint(&bom, &rulings);
    let text = match ctx.global.format {
        Format::Table => render::taint_table(&report),
        Format::Json => render::taint_json(&report, &meta(&bom, &catalog)),
        Format::Markdown => render::taint_markdown(&report),
        Format::Dot => render::taint_dot(&report),
        Format::Mermaid => render::taint_mermaid(&report),
        f => bail!("`--format {}` is not available for `taint`\nhint: use table, json, markdown, dot or mermaid", format_name(f)),
    };
    ctx.emit(&text)?;
    Ok(Exit::Ok)
}

/// The flag spelling of a format (`csv`).
pub(crate) fn format_name(f: Format) -> String {
    use clap::ValueEnum as _;
    f.to_possible_value()
        .map_or_else(|| format!("{f:?}"), |v| v.get_name().to_string())
}

/// The JSON envelope facts.
pub(crate) fn meta(bom: &Bom, catalog: &Catalog) -> render::Meta {
    render::Meta {
        source: bom.source.clone(),
        data_as_of: catalog.as_of().to_string(),
    }
}

/// Reads a BOM and classifies it.
pub(crate) fn load(path: &Path, catalog: &Catalog) -> anyhow::Result<(Bom, Vec<Ruling>)> {
    let bom = read_bom(path)?;
    let rulings = classify_bom(&bom, catalog);
    Ok((bom, rulings))
}

/// Parses a country flag value.
pub(crate) fn parse_country(s: &str) -> Result<Country, String> {
    Country::parse(s)
        .ok_or_else(|| format!("`{s}` is not an ISO 3166-1 alpha-2 country code (e.g. `DE`, `GB`)"))
}

/// TODO(input.rs): replace with the ingest stage's reader. A minimal CSV reader:
/// header names are matched case-insensitively; every problem names file and line.
pub(crate) fn read_bom(path: &Path) -> anyhow::Result<Bom> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read BOM `{}`", path.display()))?;
    parse_bom_csv(&path.display().to_string(), &text)
}

fn parse_bom_csv(source: &str, text: &str) -> anyhow::Result<Bom> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .with_context(|| format!("{source}:1: cannot read the header row"))?
        .iter()
        .map(|h| h.to_ascii_lowercase().replace([' ', '-'], "_"))
        .collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let Some(c_id) = col(&["id", "line", "find_number"]) else {
        bail!("{source}:1: no `id` column\nhint: the first row must name the columns, e.g. `id,parent,description,quantity,unit_value,origin,eccn,usml`");
    };
    let c_parent = col(&["parent", "parent_id"]);
    let c_pn = col(&["part_number", "pn"]);
    let c_desc = col(&["description", "desc"]);
    let c_mfr = col(&["manufacturer", "mfr"]);
    let c_mpn = col(&["mpn"]);
    let c_qty = col(&["quantity", "qty"]);
    let c_val = col(&["unit_value", "value", "unit_price"]);
    let c_origin = col(&["origin", "country_of_origin", "coo"]);
    let c_eccn = col(&["eccn"]);
    let c_usml = col(&["usml"]);
    let c_kind = col(&["kind", "type"]);
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for rec in rdr.records() {
        let rec = rec.with_context(|| format!("{source}: malformed CSV"))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").to_string();
        let id = get(Some(c_id));
        if id.is_empty() {
            problems.push(format!("{source}:{line}: empty `id`"));
            continue;
        }
        let mut it = Item::new(id, get(c_desc));
        it.source = SourceSpan { line };
        let parent = get(c_parent);
        it.parent = (!parent.is_empty()).then_some(parent);
        it.part_number = get(c_pn);
        it.manufacturer = get(c_mfr);
        it.mpn = get(c_mpn);
        let qty = get(c_qty);
        if !qty.is_empty() {
            match qty.parse::<f64>() {
                Ok(q) if q.is_finite() && q > 0.0 => it.quantity = q,
                _ => problems.push(format!(
                    "{source}:{line}: quantity `{qty}` is not a positive number"
                )),
            }
        }
        let val = get(c_val);
        if !val.is_empty() {
            match val.trim_start_matches('$').replace(',', "").parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => it.unit_value = Some(v),
                _ => problems.push(format!(
                    "{source}:{line}: unit value `{val}` is not a non-negative number"
                )),
            }
        }
        let origin = get(c_origin);
        if !origin.is_empty() {
            match Country::parse(&origin) {
                Some(c) => it.origin = Some(c),
                None => problems.push(format!(
                    "{source}:{line}: origin `{origin}` is not an ISO 3166-1 alpha-2 code"
                )),
            }
        }
        let eccn = get(c_eccn);
        if !eccn.is_empty() {
            match ClassCode::parse(&eccn) {
                Ok(c) if !c.is_usml() => it.declared_eccn = Some(c),
                Ok(_) => problems.push(format!(
                    "{source}:{line}: `{eccn}` in the eccn column is a USML paragraph"
                )),
                Err(m) => problems.push(format!("{source}:{line}: {m}")),
            }
        }
        let usml = get(c_usml);
        if !usml.is_empty() {
            match ClassCode::parse(&usml) {
                Ok(c) if c.is_usml() => it.declared_usml = Some(c),
                Ok(_) => problems.push(format!(
                    "{source}:{line}: `{usml}` in the usml column is not a USML paragraph"
                )),
                Err(m) => problems.push(format!("{source}:{line}: {m}")),
            }
        }
        let kind = get(c_kind);
        if !kind.is_empty() {
            match Kind::parse(&kind) {
                Some(k) => it.kind = k,
                None => problems.push(format!("{source}:{line}: kind `{kind}` is not hardware, software, technology or service")),
            }
        }
        items.push(it);
    }
    if !problems.is_empty() {
        bail!(
            "{}\nhint: fix the listed lines and run again",
            problems.join("\n")
        );
    }
    Bom::new(source, items).map_err(|e| anyhow::anyhow!("{source}: {e}"))
}
