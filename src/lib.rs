//! exportctl: U.S. export-control classification and licensing for bills of materials.
//!
//! The library is the engine: pure functions from a [`model::Bom`] and a
//! [`data::Catalog`] (plus a shipment context) to rulings, taint and de minimis
//! reports, licensing plans and CI findings. It does no I/O beyond
//! [`data::read_dir`]; the `exportctl` binary reads files, parses flags, renders and
//! picks exit codes.
//!
//! Stages: ingest ([`bom`]) → data ([`data`]) → classification ([`classify`]) →
//! taint / de minimis / reexport → exemptions and plan → reports and CI checks.
//! See `docs/ARCHITECTURE.md`.
//!
//! Nothing here is legal advice; anything the engine cannot decide is `REVIEW`.

#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod bom;
pub mod check;
pub mod classify;
pub mod config;
pub mod context;
pub mod data;
pub mod de_minimis;
pub mod diag;
pub mod diff;
pub mod ear;
pub mod exemptions;
pub mod ledger;
pub mod model;
pub mod plan;
pub mod record;
pub mod reexport;
pub mod report;
pub mod sarif;
pub mod taint;

/// Version of this crate, recorded in every output.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
