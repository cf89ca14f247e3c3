//! `exportctl reexport`: reexport analysis from one foreign country to another.

use anyhow::bail;
use exportctl::model::Country;
use exportctl::report::taint as render;

use super::taint::{format_name, load, meta, parse_country};
use crate::app::{Ctx, Format};
use crate::exit::Exit;

/// Arguments of `exportctl reexport`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: crate::input::BomArgs,
    /// Where the items are now (ISO 3166-1 alpha-2, not US).
    #[arg(long, value_parser = parse_country)]
    pub from: Country,
    /// Where they go (ISO 3166-1 alpha-2).
    #[arg(long, value_parser = parse_country)]
    pub to: Country,
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let catalog = ctx.catalog()?;
    let (bom, rulings) = load(ctx, &args.input, &catalog)?;
    let report = exportctl::reexport::reexport(&bom, &rulings, &catalog, args.from, args.to)?;
    let text = match ctx.global.format {
        Format::Table => render::reexport_table(&report),
        Format::Json => render::reexport_json(&report, &meta(&bom, &catalog)),
        Format::Markdown => render::reexport_markdown(&report),
        f => bail!(
            "`--format {}` is not available for `reexport`\nhint: use table, json or markdown",
            format_name(f)
        ),
    };
    ctx.emit(&text)?;
    Ok(Exit::Ok)
}
