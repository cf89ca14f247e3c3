//! The ruling ledger: an append-only, hash-chained JSON Lines file.
//!
//! Each line is one [`Entry`]: a sequence number, the previous entry's hash, a
//! timestamp given by the caller, the SHA-256 of the payload (a ruling file) with a
//! short summary of it, and `hash` = SHA-256 of the entry's canonical JSON without
//! `hash`. Altering, removing or reordering any past entry breaks the chain at that
//! entry, which [`verify`] reports with its line number.
//!
//! This module works on text; the binary reads the file, supplies the clock and
//! writes atomically.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::record::{sha256_hex, RulingFile};

/// Schema id written in every entry.
pub const LEDGER_SCHEMA: &str = "exportctl.ledger/1";

/// `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a payload (ruling file) held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayloadSummary {
    /// The BOM the rulings are for.
    pub source: String,
    /// exportctl version that made them.
    pub tool: String,
    /// Data `as_of`.
    pub data_as_of: String,
    /// Data hash.
    pub data_hash: String,
    /// Number of lines.
    pub lines: usize,
    /// ITAR lines.
    pub itar: usize,
    /// EAR lines.
    pub ear: usize,
    /// REVIEW lines.
    pub review: usize,
}

impl PayloadSummary {
    /// Summary of a ruling file.
    pub fn of(f: &RulingFile) -> PayloadSummary {
        let (itar, ear, review) = f.counts();
        PayloadSummary {
            source: f.source.clone(),
            tool: f.tool.clone(),
            data_as_of: f.data.as_of.clone(),
            data_hash: f.data.hash.clone(),
            lines: f.records.len(),
            itar,
            ear,
            review,
        }
    }
}

/// One ledger line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// [`LEDGER_SCHEMA`].
    pub schema: String,
    /// 1 for the first entry, then +1.
    pub seq: u64,
    /// `hash` of the previous entry ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// When it was appended (given by the caller: RFC 3339 or `YYYY-MM-DD`).
    pub timestamp: String,
    /// SHA-256 of the payload bytes.
    pub payload_digest: String,
    /// What the payload held.
    pub summary: PayloadSummary,
    /// SHA-256 of the canonical JSON of all the fields above.
    pub hash: String,
}

#[derive(Serialize)]
struct Unsigned<'a> {
    schema: &'a str,
    seq: u64,
    prev_hash: &'a str,
    timestamp: &'a str,
    payload_digest: &'a str,
    summary: &'a PayloadSummary,
}

impl Entry {
    /// The hash this entry should carry: SHA-256 of its compact JSON without `hash`.
    pub fn compute_hash(&self) -> String {
        let u = Unsigned {
            schema: &self.schema,
            seq: self.seq,
            prev_hash: &self.prev_hash,
            timestamp: &self.timestamp,
            payload_digest: &self.payload_digest,
            summary: &self.summary,
        };
        sha256_hex(
            serde_json::to_string(&u)
                .expect("entries serialize")
                .as_bytes(),
        )
    }

    /// The entry as one JSON line (no newline).
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).expect("entries serialize")
    }
}

/// Where and why the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// 1-based line of the first broken entry.
    pub line: usize,
    /// Its `seq`, when it could be read.
    pub seq: Option<u64>,
    /// Why.
    pub why: String,
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(s) = self.seq {
            write!(f, " (entry {s})")?;
        }
        write!(f, ": {}", self.why)
    }
}

/// Checks the whole chain and returns its entries, or the first broken entry.
/// An empty text is an empty, valid ledger. Blank lines are not allowed (an
/// append-only file never has them).
pub fn verify(text: &str) -> Result<Vec<Entry>, Break> {
    let mut out: Vec<Entry> = Vec::new();
    if text.is_empty() {
        return Ok(out);
    }
    if !text.ends_with('\n') {
        let line = text.lines().count();
        return Err(Break {
            line,
            seq: None,
            why: "the last line is incomplete (no newline): an append was interrupted or the file was cut".into(),
        });
    }
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let e: Entry = serde_json::from_str(raw).map_err(|err| Break {
            line,
            seq: serde_json::from_str::<serde_json::Value>(raw)
                .ok()
                .and_then(|v| v.get("seq").and_then(serde_json::Value::as_u64)),
            why: format!("not a ledger entry: {err}"),
        })?;
        let brk = |why: String| Break {
            line,
            seq: Some(e.seq),
            why,
        };
        if e.schema != LEDGER_SCHEMA {
            return Err(brk(format!(
                "schema `{}` is not `{LEDGER_SCHEMA}`",
                e.schema
            )));
        }
        let want_seq = out.last().map_or(1, |p| p.seq + 1);
        if e.seq != want_seq {
            return Err(brk(format!("seq is {} but should be {want_seq}", e.seq)));
        }
        let want_prev = out.last().map_or(GENESIS, |p| p.hash.as_str());
        if e.prev_hash != want_prev {
            return Err(brk(format!(
                "prev_hash `{}` does not match the previous entry's hash `{want_prev}`",
                e.prev_hash
            )));
        }
        let computed = e.compute_hash();
        if e.hash != computed {
            return Err(brk(format!(
                "hash `{}` does not match the entry's content (computed `{computed}`): the entry was altered",
                e.hash
            )));
        }
        if let Some(p) = out.last() {
            if e.timestamp < p.timestamp {
                return Err(brk(format!(
                    "timestamp `{}` is earlier than the previous entry's `{}`",
                    e.timestamp, p.timestamp
                )));
            }
        }
        out.push(e);
    }
    Ok(out)
}

/// The first entry that recorded exactly these payload bytes.
pub fn find_payload<'a>(entries: &'a [Entry], payload: &[u8]) -> Option<&'a Entry> {
    let digest = sha256_hex(payload);
    entries.iter().find(|e| e.payload_digest == digest)
}

/// Builds the entry that would follow `entries` for `payload` (the ruling file's
/// bytes as written) summarized by `summary`.
pub fn next_entry(
    entries: &[Entry],
    payload: &[u8],
    summary: PayloadSummary,
    timestamp: &str,
) -> Entry {
    let mut e = Entry {
        schema: LEDGER_SCHEMA.to_string(),
        seq: entries.last().map_or(1, |p| p.seq + 1),
        prev_hash: entries
            .last()
            .map_or(GENESIS.to_string(), |p| p.hash.clone()),
        timestamp: timestamp.to_string(),
        payload_digest: sha256_hex(payload),
        summary,
        hash: String::new(),
    };
    e.hash = e.compute_hash();
    e
}

/// Verifies `ledger` and returns it with a new entry appended (the whole new file
/// text, for an atomic replace), plus the new entry.
pub fn append(
    ledger: &str,
    payload: &[u8],
    summary: PayloadSummary,
    timestamp: &str,
) -> Result<(String, Entry), Break> {
    let entries = verify(ledger)?;
    if let Some(last) = entries.last() {
        if timestamp < last.timestamp.as_str() {
            return Err(Break {
                line: entries.len() + 1,
                seq: Some(last.seq + 1),
                why: format!(
                    "timestamp `{timestamp}` is earlier than the last entry's `{}`",
                    last.timestamp
                ),
            });
        }
    }
    let e = next_entry(&entries, payload, summary, timestamp);
    let mut text = ledger.to_string();
    text.push_str(&e.to_line());
    text.push('\n');
    Ok((text, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(lines: usize) -> PayloadSummary {
        PayloadSummary {
            source: "bom.csv".into(),
            tool: "1".into(),
            data_as_of: "2026-01-01".into(),
            data_hash: "d".into(),
            lines,
            itar: 0,
            ear: lines,
            review: 0,
        }
    }

    fn ledger(n: usize) -> String {
        let mut text = String::new();
        for i in 0..n {
            let ts = format!("2026-01-0{}", i + 1);
            text = append(&text, format!("payload {i}").as_bytes(), summary(i), &ts)
                .unwrap()
                .0;
        }
        text
    }

    #[test]
    fn appended_chain_verifies() {
        let text = ledger(3);
        let entries = verify(&text).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].prev_hash, GENESIS);
        assert_eq!(entries[2].prev_hash, entries[1].hash);
        assert_eq!(entries[2].seq, 3);
        assert_eq!(verify("").unwrap(), vec![]);
        assert_eq!(find_payload(&entries, b"payload 1").map(|e| e.seq), Some(2));
        assert!(find_payload(&entries, b"payload 9").is_none());
    }

    #[test]
    fn tampering_is_caught_at_the_altered_entry() {
        let text = ledger(4);
        let lines: Vec<&str> = text.lines().collect();
        let edit = |k: usize, new: String| {
            let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            l[k] = new;
            l.join("\n") + "\n"
        };
        let rows: Vec<(&str, String, usize, &str)> = vec![
            (
                "summary edited",
                edit(1, lines[1].replace("\"lines\":1", "\"lines\":7")),
                2,
                "altered",
            ),
            (
                "timestamp edited and rehashed",
                {
                    let mut e: Entry = serde_json::from_str(lines[2]).unwrap();
                    e.timestamp = "2026-01-02T12:00:00Z".into();
                    e.hash = e.compute_hash();
                    edit(2, e.to_line())
                },
                4,
                "prev_hash",
            ),
            (
                "entry removed",
                {
                    let mut l: Vec<&str> = lines.clone();
                    l.remove(1);
                    l.join("\n") + "\n"
                },
                2,
                "seq is 3",
            ),
            ("garbage line", edit(3, "{".into()), 4, "not a ledger entry"),
            (
                "truncated",
                text[..text.len() - 1].to_string(),
                4,
                "incomplete",
            ),
            (
                "extra field",
                edit(0, lines[0].replacen('{', "{\"note\":\"x\",", 1)),
                1,
                "not a ledger entry",
            ),
        ];
        for (name, bad, line, why) in rows {
            let b = verify(&bad).unwrap_err();
            assert_eq!(b.line, line, "{name}: {b}");
            assert!(b.why.contains(why), "{name}: {b}");
        }
    }

    #[test]
    fn append_refuses_a_broken_ledger_and_backward_time() {
        let text = ledger(2);
        let bad = text.replace("\"lines\":0", "\"lines\":9");
        assert!(append(&bad, b"x", summary(1), "2026-02-01").is_err());
        let b = append(&text, b"x", summary(1), "2025-12-31").unwrap_err();
        assert!(b.why.contains("earlier"), "{b}");
    }
}
