//! Excel `.xlsx` BOMs through calamine: the first sheet, or a named one.
//!
//! Uses the same header logic as CSV (`table.rs`). Lines are worksheet rows and
//! columns are worksheet columns (1-based; column 2 is `B`). Cells are turned into
//! text: whole numbers without a decimal point, errors as Excel writes them
//! (`#N/A`), dates as their serial number. Formulas are read as their cached values.

use std::borrow::Cow;
use std::io::{Read, Seek};

use calamine::{Data, Reader, Xlsx};

use crate::diag::{Location, Problems};
use crate::model::Bom;

use super::csv::{empty_file, one, PROGRESS_EVERY};
use super::table::Table;
use super::Options;

/// Reads the first worksheet (or `opts.sheet`) of an `.xlsx` workbook.
pub fn read_xlsx<R: Read + Seek>(
    reader: R,
    opts: &Options,
    progress: &mut dyn FnMut(u64),
) -> Result<Bom, Problems> {
    let source = opts.source.as_str();
    let mut wb: Xlsx<R> = Xlsx::new(reader).map_err(|e| {
        one(
            source,
            Location::file(source),
            format!("not a readable .xlsx workbook: {e}"),
            "save the spreadsheet as Excel Workbook (.xlsx), or export it as CSV UTF-8",
        )
    })?;
    let names = wb.sheet_names();
    let sheet = match &opts.sheet {
        Some(s) => {
            if !names.iter().any(|n| n == s) {
                return Err(one(
                    source,
                    Location::file(source),
                    format!("the workbook has no sheet `{s}`"),
                    &format!(
                        "sheets: {}",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            s.clone()
        }
        None => match names.first() {
            Some(n) => n.clone(),
            None => return Err(empty_file(source)),
        },
    };
    let range = wb.worksheet_range(&sheet).map_err(|e| {
        one(
            source,
            Location::file(source),
            format!("cannot read sheet `{sheet}`: {e}"),
            "check that the workbook opens in Excel",
        )
    })?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let (row0, col0) = (row0 as usize, col0 as usize);
    let pad = || std::iter::repeat(Cow::Borrowed("")).take(col0);
    let mut rows = range.rows().enumerate();
    let mut table = loop {
        let Some((r, cells)) = rows.next() else {
            return Err(empty_file(source));
        };
        let texts: Vec<Cow<'_, str>> = pad().chain(cells.iter().map(cell_text)).collect();
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        let headers: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
        break Table::from_header(source, &headers, &opts.map, row0 + r + 1)?;
    };
    for (r, cells) in rows {
        table.push_row(row0 + r + 1, pad().chain(cells.iter().map(cell_text)));
        if table.rows() % PROGRESS_EVERY == 0 {
            progress(table.rows());
        }
    }
    progress(table.rows());
    table.finish()
}

/// The text of a cell as a BOM reader wants it.
fn cell_text(d: &Data) -> Cow<'_, str> {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cow::Borrowed(s),
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::Float(f) => Cow::Owned(float_text(*f)),
        Data::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Data::DateTime(dt) => Cow::Owned(float_text(dt.as_f64())),
        Data::Error(e) => Cow::Owned(e.to_string()),
        Data::Empty => Cow::Borrowed(""),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}
