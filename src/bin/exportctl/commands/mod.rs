//! One module per command: its clap `Args` and its `run`.

pub mod check;
pub mod classify;
pub mod data;
pub mod deminimis;
pub mod diff;
pub mod ledger;
pub mod lookup;
pub mod plan;
pub mod reexport;
pub mod taint;
