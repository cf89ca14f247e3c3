//! The `exportctl` binary: flags, files, progress, rendering and exit codes.
//! Every decision is made by the `exportctl` library.

mod app;
mod commands;
mod exit;
mod input;
mod shipment;

use std::process::ExitCode;

use clap::Parser;

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
