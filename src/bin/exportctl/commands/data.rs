//! `exportctl data`.

use crate::app::{not_built, Ctx};
use crate::exit::Exit;

/// Arguments of `exportctl data`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input files.
    pub inputs: Vec<std::path::PathBuf>,
}

pub fn run(_ctx: &Ctx, _args: &Args) -> anyhow::Result<Exit> {
    not_built("data")
}
