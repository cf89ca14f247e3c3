//! `exportctl plan BOM --to CC [--party NAME] [--as-of YYYY-MM-DD] [--end-use TEXT]`.
//!
//! Reads the BOM, classifies it, builds the shipment context from exportctl.toml
//! (`[[party]]`, `[[authorization]]`, `[[attestation]]`, `[plan]`) and the flags, and
//! prints the licensing plan. Exit 1 when a line is PROHIBITED or REVIEW.

use anyhow::bail;

use crate::app::{Ctx, Format};
use crate::exit::Exit;

/// Arguments of `exportctl plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: crate::input::BomArgs,
    /// Destination country (ISO alpha-2).
    #[arg(long, value_name = "CC")]
    pub to: String,
    /// Recipient: a `[[party]]` name from exportctl.toml.
    #[arg(long, value_name = "NAME")]
    pub party: Option<String>,
    /// Date to judge held authorizations against (default: today, UTC).
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
    let sc = crate::shipment::context(ctx, &args.flags())?;

    let bom = crate::input::load_bom(ctx, &args.input)?;
    let rulings = exportctl::classify::classify_bom(&bom, &catalog);
    let plan = exportctl::plan::plan_bom(&bom, &rulings, &catalog, &sc);
    let text = match ctx.global.format {
        Format::Json => exportctl::report::plan::json(&plan),
        Format::Markdown => exportctl::report::plan::markdown(&plan),
        Format::Table => exportctl::report::plan::table(&plan),
        other => bail!(
            "`--format {}` is not available for `plan`\nhint: use table, json or markdown",
            other.name()
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
