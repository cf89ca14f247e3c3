//! The `exportctl` binary: flags, files, progress, rendering and exit codes.
//! Every decision is made by the `exportctl` library.

mod app;
mod commands;
mod exit;
mod input;
mod shipment;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: classification allocates many small strings per line, and glibc malloc
/// was half the CPU time of a 1M-line run (docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = app::Cli::parse();
    let result = std::panic::catch_unwind(|| app::run(cli));
    match result {
        Ok(Ok(code)) => code.into(),
        Ok(Err(err)) => {
            eprintln!("error: {err:#}");
            exit::code_for(&err).into()
        }
        Err(_) => {
            eprintln!("error: internal error (a bug in exportctl); please report it with the input that caused it");
            exit::Exit::Internal.into()
        }
    }
}
