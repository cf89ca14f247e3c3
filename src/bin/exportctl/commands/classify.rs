//! `exportctl classify BOM`: one ruling per line (ITAR / EAR / REVIEW) with its code,
//! basis, confidence, citations and decision path.

use std::path::PathBuf;

use anyhow::{bail, Context as _};
use exportctl::classify::Classifier;
use exportctl::model::{Bom, ClassCode, Item, Kind, ParamValue};
use exportctl::report::classify as report;

use crate::app::{Ctx, Format};
use crate::exit::Exit;

/// Arguments of `exportctl classify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The BOM (CSV with a header row).
    #[arg(value_name = "BOM")]
    pub bom: PathBuf,
    /// Print the decision path of one line (by id) in prose instead of the report.
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,
    /// Map a BOM column to a field, e.g. `--map description="Part Description"`.
    /// Fields: id, parent, part_number, description, manufacturer, mpn, quantity,
    /// unit_value, origin, eccn, usml, kind, params.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,
    /// Input format (default: from the file extension).
    #[arg(long, value_name = "FORMAT", value_parser = ["csv", "auto"], default_value = "auto")]
    pub input_format: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let format = ctx.global.format;
    if !matches!(
        format,
        Format::Table | Format::Json | Format::Csv | Format::Markdown
    ) {
        bail!(
            "`exportctl classify` writes table, json, csv or markdown\nhint: use `--format json`"
        );
    }
    let catalog = ctx.catalog()?;
    let text = std::fs::read_to_string(&args.bom)
        .with_context(|| format!("cannot read BOM `{}`", args.bom.display()))?;
    let bom = read_bom(
        &args.bom.display().to_string(),
        &text,
        &args.map,
        &args.input_format,
    )?;
    let classifier = Classifier::new(&catalog);
    let rulings = classifier.classify_items(bom.items());
    if let Some(id) = &args.explain {
        let Some(r) = rulings.iter().find(|r| &r.id == id) else {
            bail!(
                "line `{id}` is not in `{}`\nhint: ids come from the `id` column",
                bom.source
            );
        };
        ctx.emit(&report::render_explain(r))?;
        return Ok(Exit::Ok);
    }
    let meta = report::Meta::new(&catalog, &bom.source);
    let out = match format {
        Format::Json => report::render_json(&meta, &rulings),
        Format::Csv => report::render_csv(&rulings),
        Format::Markdown => report::render_markdown(&meta, &rulings),
        _ => report::render_table(&meta, &rulings),
    };
    ctx.emit(&out)?;
    Ok(Exit::Ok)
}

const FIELDS: &[(&str, &[&str])] = &[
    ("id", &["id", "find", "find_number", "item", "line"]),
    ("parent", &["parent", "parent_id"]),
    ("part_number", &["part_number", "pn", "part"]),
    ("description", &["description", "desc"]),
    ("manufacturer", &["manufacturer", "mfr", "mfg"]),
    ("mpn", &["mpn", "mfr_pn"]),
    ("quantity", &["quantity", "qty"]),
    ("unit_value", &["unit_value", "unit_price", "value"]),
    ("origin", &["origin", "coo", "country_of_origin"]),
    ("eccn", &["eccn"]),
    ("usml", &["usml", "usml_category"]),
    ("kind", &["kind", "type"]),
    ("params", &["params", "parameters"]),
];

/// Minimal CSV reading until the ingest stage (`src/bom`) lands: the lead swaps this
/// function for the shared reader. Errors name the file, line and column.
fn read_bom(source: &str, text: &str, maps: &[String], input_format: &str) -> anyhow::Result<Bom> {
    if input_format == "auto"
        && !(source.ends_with(".csv") || source.ends_with(".CSV") || source.ends_with(".txt"))
    {
        bail!("`{source}`: only CSV BOMs are read by this build\nhint: pass `--input-format csv` to read it as CSV");
    }
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .with_context(|| format!("`{source}`: cannot read the header row"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut col: Vec<Option<usize>> = Vec::new();
    for (field, aliases) in FIELDS {
        let mapped = maps.iter().find_map(|m| {
            let (f, c) = m.split_once('=')?;
            (f.trim() == *field).then(|| c.trim().trim_matches('"').to_string())
        });
        let idx = match mapped {
            Some(c) => Some(headers.iter().position(|h| *h == c).with_context(|| {
                format!("`{source}`: `--map {field}={c}` names a column that is not in the header\nhint: columns are {}", headers.join(", "))
            })?),
            None => headers.iter().position(|h| {
                let n = h.to_ascii_lowercase().replace([' ', '-'], "_");
                aliases.contains(&n.as_str())
            }),
        };
        col.push(idx);
    }
    for m in maps {
        let f = m.split_once('=').map_or(m.as_str(), |(f, _)| f.trim());
        if !FIELDS.iter().any(|(n, _)| *n == f) {
            bail!(
                "`--map {m}`: unknown field `{f}`\nhint: fields are {}",
                FIELDS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    if col[3].is_none() {
        bail!("`{source}`: no `description` column\nhint: map one with `--map description=COLUMN`");
    }
    let mut items = Vec::new();
    for (n, rec) in rdr.records().enumerate() {
        let rec = rec.with_context(|| format!("`{source}`: bad CSV record"))?;
        let line = rec
            .position()
            .map_or(n + 2, |p| usize::try_from(p.line()).unwrap_or(0));
        let get = |i: usize| col[i].and_then(|c| rec.get(c)).unwrap_or("").trim();
        let at = |i: usize| col[i].map_or(0, |c| c + 1);
        let id = if get(0).is_empty() {
            format!("L{line}")
        } else {
            get(0).to_string()
        };
        let mut it = Item::new(id, get(3));
        it.source.line = line;
        it.parent = Some(get(1).to_string()).filter(|p| !p.is_empty());
        it.part_number = get(2).to_string();
        it.manufacturer = get(4).to_string();
        it.mpn = get(5).to_string();
        if !get(6).is_empty() {
            it.quantity = get(6).parse().map_err(|_| {
                anyhow::anyhow!(
                    "{source}:{line}:{}: quantity `{}` is not a number",
                    at(6),
                    get(6)
                )
            })?;
        }
        it.unit_value = get(7).parse().ok();
        it.origin = exportctl::model::Country::parse(get(8));
        for (i, slot) in [(9, &mut it.declared_eccn), (10, &mut it.declared_usml)] {
            let v = get(i);
            if !v.is_empty() {
                let code = ClassCode::parse(v).map_err(|e| {
                    anyhow::anyhow!("{source}:{line}:{}: {e}\nhint: write `EAR99`, an ECCN such as `3A001.a.7`, or a USML paragraph such as `XI(c)(1)`", at(i))
                })?;
                *slot = Some(code);
            }
        }
        if let Some(ClassCode::Usml(u)) = &it.declared_eccn {
            // A USML id in the ECCN column: keep it as the USML declaration.
            it.declared_usml.get_or_insert(ClassCode::Usml(u.clone()));
            it.declared_eccn = None;
        }
        it.kind = Kind::parse(get(11)).ok_or_else(|| {
            anyhow::anyhow!("{source}:{line}:{}: kind `{}` is unknown\nhint: use hardware, software, technology or service", at(11), get(11))
        })?;
        for kv in get(12).split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((k, v)) = kv.split_once('=') else {
                bail!("{source}:{line}:{}: parameter `{kv}` is not `key=value`\nhint: write params as `freq_ghz=9.5;power_w=20`", at(12));
            };
            it.params.insert(k.trim().to_string(), ParamValue::parse(v));
        }
        items.push(it);
    }
    Bom::new(source, items).map_err(|e| anyhow::anyhow!("`{source}`: {e}"))
}
