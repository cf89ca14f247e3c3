//! `exportctl classify BOM`: one ruling per line (ITAR / EAR / REVIEW) with its code,
//! basis, confidence, citations and decision path.

use anyhow::bail;
use exportctl::classify::Classifier;
use exportctl::report::classify as report;

use crate::app::{Ctx, Format};
use crate::exit::Exit;
use crate::input::{load_bom, BomArgs};

/// Arguments of `exportctl classify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: BomArgs,
    /// Print the decision path of one line (by id) in prose instead of the report.
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,
    /// Print the BOM tree as read (no classification), to check ingest.
    #[arg(long)]
    pub tree: bool,
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
    let bom = load_bom(ctx, &args.input)?;
    if args.tree {
        ctx.emit(&exportctl::report::tree::render(&bom))?;
        return Ok(Exit::Ok);
    }
    let catalog = ctx.catalog()?;
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
