//! CSV BOMs, streamed: one record at a time from a reader into items.
//!
//! The file is never held in memory: records are read into one reused buffer and
//! turned into items as they come. Handles a UTF-8 byte-order mark, `,` `;` or tab
//! delimiters (sniffed from the header line), invalid UTF-8 (reported with its line,
//! column and byte offset) and rows with stray extra fields. Header resolution and
//! item building live in `table.rs` and `row.rs`.

use std::borrow::Cow;
use std::io::BufRead;

use crate::diag::{Location, Problem, Problems};
use crate::model::Bom;

use super::table::Table;
use super::Options;

/// How often (in rows) the progress callback is called.
pub const PROGRESS_EVERY: u64 = 8192;

/// Reads a CSV BOM from `reader`. `progress` receives the number of rows read so
/// far, every [`PROGRESS_EVERY`] rows and once at the end.
pub fn read_csv<R: BufRead>(
    mut reader: R,
    opts: &Options,
    progress: &mut dyn FnMut(u64),
) -> Result<Bom, Problems> {
    let source = opts.source.as_str();
    let fatal = |loc: Location, msg: String, hint: &str| one(source, loc, msg, hint);
    let head = match reader.fill_buf() {
        Ok(h) => h,
        Err(e) => {
            return Err(fatal(
                Location::file(source),
                format!("cannot read: {e}"),
                "check that the file is readable",
            ))
        }
    };
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(empty_file(source));
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(fatal(
            Location::at(source, 1, None),
            "the file is UTF-16 encoded".to_string(),
            "save it as CSV UTF-8 (in Excel: Save As → \"CSV UTF-8 (Comma delimited)\")",
        ));
    }
    let delimiter = opts.delimiter.unwrap_or_else(|| sniff_delimiter(head));

    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let mut rec = csv::ByteRecord::new();

    // Header: the first record that is not blank.
    let mut table = loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => return Err(empty_file(source)),
            Ok(true) => {}
            Err(e) => {
                return Err(fatal(
                    Location::file(source),
                    format!("cannot read CSV: {e}"),
                    "check that the file is a CSV export",
                ))
            }
        }
        if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let line = rec.position().map_or(1, |p| p.line() as usize);
        let mut headers = Vec::with_capacity(rec.len());
        for (i, f) in rec.iter().enumerate() {
            let f = f.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(f);
            match std::str::from_utf8(f) {
                Ok(s) => headers.push(s),
                Err(e) => {
                    return Err(fatal(
                        Location::at(source, line, Some(i + 1)),
                        format!(
                            "invalid UTF-8 in the header at byte {}",
                            field_offset(&rec, i) + e.valid_up_to()
                        ),
                        "save the file as UTF-8",
                    ))
                }
            }
        }
        break Table::from_header(source, &headers, &opts.map, line)?;
    };

    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                table.problem(
                    line,
                    None,
                    format!("cannot read CSV: {e}"),
                    "check that the file is a complete CSV export",
                );
                break;
            }
        }
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.as_slice().is_ascii() {
            // The common case: every field is valid UTF-8, so the record is
            // checked once and cells borrow slices of it (no per-row vector).
            let all = std::str::from_utf8(rec.as_slice()).unwrap_or_default();
            table.push_row(
                line,
                (0..rec.len()).map(|i| {
                    Cow::Borrowed(rec.range(i).and_then(|r| all.get(r)).unwrap_or_default())
                }),
            );
            if table.rows() % PROGRESS_EVERY == 0 {
                progress(table.rows());
            }
            continue;
        }
        let mut bad_utf8 = None;
        let cells: Vec<Cow<'_, str>> = rec
            .iter()
            .enumerate()
            .map(|(i, f)| match std::str::from_utf8(f) {
                Ok(s) => Cow::Borrowed(s),
                Err(e) => {
                    if bad_utf8.is_none() {
                        bad_utf8 = Some((i, field_offset(&rec, i) + e.valid_up_to()));
                    }
                    String::from_utf8_lossy(f)
                }
            })
            .collect();
        if let Some((i, byte)) = bad_utf8 {
            table.problem(
                line,
                Some(i + 1),
                format!("invalid UTF-8 at byte {byte}"),
                "save the file as UTF-8 (in Excel: \"CSV UTF-8\"); the bad bytes are shown as `\u{fffd}`",
            );
        }
        table.push_row(line, cells);
        if table.rows() % PROGRESS_EVERY == 0 {
            progress(table.rows());
        }
    }
    progress(table.rows());
    table.finish()
}

/// Byte offset in the file of field `i` of `rec` (exact unless earlier fields were
/// quoted, then a few bytes early).
fn field_offset(rec: &csv::ByteRecord, i: usize) -> usize {
    let start = rec.position().map_or(0, |p| p.byte() as usize);
    let before: usize = rec.iter().take(i).map(|f| f.len() + 1).sum();
    start + before
}

/// Picks `,`, `;` or tab: whichever occurs most in the first line (`,` on ties).
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    let (c, s, t) = (count(b','), count(b';'), count(b'\t'));
    if t > c && t >= s {
        b'\t'
    } else if s > c {
        b';'
    } else {
        b','
    }
}

pub(crate) fn empty_file(source: &str) -> Problems {
    one(
        source,
        Location::file(source),
        "the file is empty".to_string(),
        "export the BOM with a header row and at least one line",
    )
}

/// A single fatal problem.
pub(crate) fn one(source: &str, loc: Location, msg: String, hint: &str) -> Problems {
    Problems {
        subject: format!("BOM {source}"),
        problems: vec![Problem::new(loc, msg).with_hint(hint)],
        truncated: 0,
    }
}
