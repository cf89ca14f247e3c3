//! Exit codes (documented in `docs/cli.md`): 0 ok, 1 findings, 2 usage or input
//! error, 3 internal error.

use std::process::ExitCode;

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success, no failing findings.
    Ok = 0,
    /// `check` found policy failures.
    Findings = 1,
    /// Usage, input or data error.
    Input = 2,
    /// A bug.
    Internal = 3,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// An error that is exportctl's fault, not the user's (exit 3).
#[derive(Debug, thiserror::Error)]
#[error("internal error: {0}")]
pub struct Internal(pub String);

/// Maps an error to its exit code: internal errors 3, everything else 2.
pub fn code_for(err: &anyhow::Error) -> Exit {
    if err.chain().any(|e| e.is::<Internal>()) {
        Exit::Internal
    } else {
        Exit::Input
    }
}
