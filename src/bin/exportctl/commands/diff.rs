//! `exportctl diff OLD NEW`: added, removed and changed rulings between two ruling
//! files or BOMs, each change with its cause (input, data or tool).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use exportctl::data::Catalog;
use exportctl::record::RulingFile;

use super::check::{read, read_rulings, rulings_of_bom};
use crate::app::{Ctx, Format};
use crate::exit::Exit;

/// Arguments of `exportctl diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old side: a ruling file, or a BOM classified now.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new side: a ruling file, or a BOM classified now (with `--data` when given).
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Data directory for classifying OLD when it is a BOM (default: the same data as
    /// NEW). With `--data` this shows what a regulation update does to a BOM.
    #[arg(long, value_name = "DIR")]
    pub old_data: Option<PathBuf>,
    /// Exit 1 when there are differences (like `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let format = ctx.global.format;
    if !matches!(format, Format::Table | Format::Json | Format::Markdown) {
        bail!(
            "`exportctl diff` writes table, json or markdown, not `{}`",
            super::check::format_name(format)
        );
    }
    let new = side(ctx, &args.new, None)?;
    let old = side(ctx, &args.old, args.old_data.as_deref())?;
    let d = exportctl::diff::diff(
        &old,
        &args.old.display().to_string(),
        &new,
        &args.new.display().to_string(),
    );
    let text = match format {
        Format::Json => exportctl::report::check::diff_json(&d),
        Format::Markdown => exportctl::report::check::diff_markdown(&d),
        _ => exportctl::report::check::diff_table(&d),
    };
    ctx.emit(&text)?;
    Ok(if args.exit_code && !d.is_empty() {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// A ruling file as is, or a BOM classified with `data` (else the global data).
fn side(ctx: &Ctx, path: &Path, data: Option<&Path>) -> anyhow::Result<RulingFile> {
    let text = read(path, "input")?;
    if RulingFile::sniff(&text) {
        return read_rulings(path);
    }
    let catalog = match data {
        Some(dir) => {
            let files = exportctl::data::read_dir(dir)
                .with_context(|| format!("cannot read data directory `{}`", dir.display()))?;
            if files.is_empty() {
                bail!("data directory `{}` holds no .toml files", dir.display());
            }
            Catalog::from_files(&files)?
        }
        None => ctx.catalog()?,
    };
    rulings_of_bom(ctx, path, &catalog)
}
