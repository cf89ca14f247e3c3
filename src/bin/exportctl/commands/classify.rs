//! `exportctl classify`: for now, reads the BOM and prints its tree.
//!
//! Classification itself lands with the classification issue; until then this
//! command only proves the BOM reads cleanly and shows what was read.

use crate::app::Ctx;
use crate::exit::Exit;
use crate::input::{load_bom, BomArgs};

/// Arguments of `exportctl classify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: BomArgs,
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let bom = load_bom(ctx, &args.input)?;
    ctx.note("note: classification is not built yet; showing the BOM as read");
    ctx.emit(&exportctl::report::tree::render(&bom))?;
    Ok(Exit::Ok)
}
