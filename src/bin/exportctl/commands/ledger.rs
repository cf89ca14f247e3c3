//! `exportctl ledger append|verify|log`: the append-only, hash-chained ruling ledger.
//! Also the binary's clock (`today_utc`, `now_utc`): the library never reads it.

use std::path::PathBuf;

use anyhow::{bail, Context as _};
use exportctl::ledger::{self, PayloadSummary};

use super::check::read_rulings;
use crate::app::{write_atomic, Ctx, Format};
use crate::exit::Exit;

/// Arguments of `exportctl ledger`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: LedgerCommand,
}

/// Ledger subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum LedgerCommand {
    /// Verify the ledger, then append an entry for a ruling file (atomic replace).
    Append {
        /// The ruling file to record (written by `check --write-baseline`).
        #[arg(value_name = "RULINGS")]
        rulings: PathBuf,
        /// The ledger file (JSON Lines); created when missing.
        #[arg(long, value_name = "FILE")]
        ledger: PathBuf,
        /// Timestamp to record (default: now, UTC, RFC 3339).
        #[arg(long, value_name = "TIME", conflicts_with = "as_of")]
        timestamp: Option<String>,
        /// Record this date (`YYYY-MM-DD`) as the timestamp.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// Check the hash chain; exit 1 at the first broken entry. With RULINGS files,
    /// also check that each was recorded unaltered (its SHA-256 is an entry's digest).
    Verify {
        /// The ledger file.
        #[arg(long, value_name = "FILE")]
        ledger: PathBuf,
        /// Ruling files that must be in the ledger, byte for byte.
        #[arg(value_name = "RULINGS")]
        payloads: Vec<PathBuf>,
    },
    /// List the entries (after verifying the chain).
    Log {
        /// The ledger file.
        #[arg(long, value_name = "FILE")]
        ledger: PathBuf,
    },
}

fn read_ledger(path: &std::path::Path, may_be_missing: bool) -> anyhow::Result<String> {
    match std::fs::read_to_string(path) {
        Err(e) if may_be_missing && e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        r => r.with_context(|| format!("cannot read ledger `{}`", path.display())),
    }
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let format = ctx.global.format;
    if !matches!(format, Format::Table | Format::Json | Format::Markdown) {
        bail!(
            "`exportctl ledger` writes table, json or markdown, not `{}`",
            super::check::format_name(format)
        );
    }
    match &args.command {
        LedgerCommand::Append {
            rulings,
            ledger: path,
            timestamp,
            as_of,
        } => {
            let ts = match (timestamp, as_of) {
                (Some(t), _) if !t.trim().is_empty() => t.trim().to_string(),
                (Some(_), _) => bail!("--timestamp is empty"),
                (None, Some(d)) if exportctl::check::is_valid_date(d) => d.clone(),
                (None, Some(d)) => bail!("--as-of `{d}` is not a date\nhint: write `YYYY-MM-DD`"),
                (None, None) => now_utc(),
            };
            let file = read_rulings(rulings)?;
            let payload = std::fs::read(rulings)
                .with_context(|| format!("cannot read `{}`", rulings.display()))?;
            let text = read_ledger(path, true)?;
            let (new_text, entry) = match ledger::append(
                &text,
                &payload,
                PayloadSummary::of(&file),
                &ts,
            ) {
                Ok(x) => x,
                Err(b) => {
                    eprintln!(
                            "error: ledger `{}` is broken at {b}; nothing was appended\nhint: run `exportctl ledger verify --ledger {}`",
                            path.display(),
                            path.display()
                        );
                    return Ok(Exit::Findings);
                }
            };
            write_atomic(path, new_text.as_bytes())?;
            ctx.note(&format!(
                "appended entry {} to `{}` (hash {})",
                entry.seq,
                path.display(),
                entry.hash
            ));
            if format == Format::Json {
                ctx.emit(&exportctl::report::check::ledger_json(&[entry]))?;
            }
            Ok(Exit::Ok)
        }
        LedgerCommand::Verify {
            ledger: path,
            payloads,
        } => {
            let text = read_ledger(path, false)?;
            match ledger::verify(&text) {
                Ok(entries) => {
                    let head = entries.last().map_or(ledger::GENESIS, |e| e.hash.as_str());
                    let mut found = Vec::new();
                    for p in payloads {
                        let bytes = std::fs::read(p)
                            .with_context(|| format!("cannot read `{}`", p.display()))?;
                        found.push((p, ledger::find_payload(&entries, &bytes).map(|e| e.seq)));
                    }
                    let missing = found.iter().filter(|(_, s)| s.is_none()).count();
                    let out = if format == Format::Json {
                        let payloads: Vec<_> = found
                            .iter()
                            .map(|(p, s)| serde_json::json!({"file": p.display().to_string(), "seq": s}))
                            .collect();
                        let mut s = serde_json::to_string_pretty(&serde_json::json!({
                            "ok": missing == 0, "entries": entries.len(), "head": head, "break": null,
                            "payloads": payloads,
                        }))?;
                        s.push('\n');
                        s
                    } else {
                        let mut s = format!(
                            "ledger `{}` is intact: {} entr{}, head {head}\n",
                            path.display(),
                            entries.len(),
                            if entries.len() == 1 { "y" } else { "ies" }
                        );
                        for (p, seq) in &found {
                            s.push_str(&match seq {
                                Some(n) => format!(
                                    "`{}` is recorded unaltered as entry {n}\n",
                                    p.display()
                                ),
                                None => format!(
                                    "`{}` is NOT in the ledger (altered, or never appended)\n",
                                    p.display()
                                ),
                            });
                        }
                        s
                    };
                    ctx.emit(&out)?;
                    Ok(if missing == 0 {
                        Exit::Ok
                    } else {
                        Exit::Findings
                    })
                }
                Err(b) => {
                    if format == Format::Json {
                        let mut s = serde_json::to_string_pretty(&serde_json::json!({
                            "ok": false, "entries": null, "head": null,
                            "break": { "line": b.line, "seq": b.seq, "why": b.why },
                            "payloads": null,
                        }))?;
                        s.push('\n');
                        ctx.emit(&s)?;
                    }
                    eprintln!("error: ledger `{}` is broken at {b}", path.display());
                    Ok(Exit::Findings)
                }
            }
        }
        LedgerCommand::Log { ledger: path } => {
            let text = read_ledger(path, false)?;
            match ledger::verify(&text) {
                Ok(entries) => {
                    let out = match format {
                        Format::Json => exportctl::report::check::ledger_json(&entries),
                        Format::Markdown => exportctl::report::check::ledger_table(&entries, true),
                        _ => exportctl::report::check::ledger_table(&entries, false),
                    };
                    ctx.emit(&out)?;
                    Ok(Exit::Ok)
                }
                Err(b) => {
                    eprintln!("error: ledger `{}` is broken at {b}", path.display());
                    Ok(Exit::Findings)
                }
            }
        }
    }
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub(crate) fn today_utc() -> String {
    now_utc()[..10].to_string()
}

/// Now in UTC, RFC 3339 to the second (`2026-11-21T23:59:59Z`).
pub(crate) fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
