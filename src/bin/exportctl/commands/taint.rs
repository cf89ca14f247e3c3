//! `exportctl taint`: ITAR see-through taint over the BOM tree.
//!
//! Also holds the small BOM reader the `taint`, `deminimis` and `reexport` commands
//! share.

use anyhow::bail;
use exportctl::classify::classify_bom;
use exportctl::data::Catalog;
use exportctl::model::{Bom, Country, Ruling};
use exportctl::report::taint as render;

use crate::app::{Ctx, Format};
use crate::exit::Exit;

/// Arguments of `exportctl taint`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: crate::input::BomArgs,
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let catalog = ctx.catalog()?;
    let (bom, rulings) = load(ctx, &args.input, &catalog)?;
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
pub(crate) fn load(
    ctx: &Ctx,
    input: &crate::input::BomArgs,
    catalog: &Catalog,
) -> anyhow::Result<(Bom, Vec<Ruling>)> {
    let bom = crate::input::load_bom(ctx, input)?;
    let rulings = classify_bom(&bom, catalog);
    Ok((bom, rulings))
}

/// Parses a country flag value.
pub(crate) fn parse_country(s: &str) -> Result<Country, String> {
    Country::parse(s)
        .ok_or_else(|| format!("`{s}` is not an ISO 3166-1 alpha-2 country code (e.g. `DE`, `GB`)"))
}
