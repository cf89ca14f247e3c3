//! `exportctl deminimis`: EAR de minimis for the foreign-made assemblies of a BOM.

use anyhow::bail;
use exportctl::de_minimis::{apply_what_if, compare, de_minimis, WhatIf};
use exportctl::model::Country;
use exportctl::report::taint as render;

use super::taint::{format_name, load, meta, parse_country};
use crate::app::{Ctx, Format};
use crate::exit::Exit;

/// Arguments of `exportctl deminimis`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: crate::input::BomArgs,
    /// Destination of the foreign-made items (ISO 3166-1 alpha-2).
    #[arg(long, value_parser = parse_country)]
    pub to: Country,
    /// Recompute with a changed line: `ID=origin:DE`, `ID=value:123.45`, `ID=qty:2`,
    /// `ID=eccn:EAR99`, `ID=usml:XI(c)(1)` (repeatable).
    #[arg(long = "what-if", value_name = "SUBST", value_parser = parse_what_if)]
    pub what_if: Vec<WhatIf>,
}

fn parse_what_if(s: &str) -> Result<WhatIf, String> {
    s.parse()
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let catalog = ctx.catalog()?;
    let (bom, rulings) = load(ctx, &args.input, &catalog)?;
    let before = de_minimis(&bom, &rulings, &catalog, args.to);
    let (report, outcome) = if args.what_if.is_empty() {
        (before, None)
    } else {
        let (bom2, rulings2) =
            apply_what_if(&bom, &rulings, &args.what_if).map_err(anyhow::Error::msg)?;
        let after = de_minimis(&bom2, &rulings2, &catalog, args.to);
        let outcome = compare(&before, &after, &args.what_if);
        (after, Some(outcome))
    };
    let text = match ctx.global.format {
        Format::Table => render::deminimis_table(&report, outcome.as_ref()),
        Format::Json => render::deminimis_json(&report, outcome.as_ref(), &meta(&bom, &catalog)),
        Format::Markdown => render::deminimis_markdown(&report, outcome.as_ref()),
        f => bail!(
            "`--format {}` is not available for `deminimis`\nhint: use table, json or markdown",
            format_name(f)
        ),
    };
    ctx.emit(&text)?;
    Ok(Exit::Ok)
}
