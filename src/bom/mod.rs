//! BOM ingest: CSV, JSON, CycloneDX and Excel → [`crate::model::Bom`].
//!
//! Parsers take bytes or readers, never paths; the binary opens files. Every parser
//! checks the whole input and returns either a [`Bom`] or [`Problems`] listing every
//! problem found (up to [`Problems::LIMIT`]) with file, line, column (tables) and a
//! hint. CSV is streamed record by record, so a million-line export is never held
//! in memory as text.
//!
//! What it does not do: classify, look at the control lists, or guess a column
//! the alias table does not know (map it with [`ColumnMap`]). Declared codes are
//! normalized (`Cat. XI(c)(1)` → `XI(c)(1)`) but not checked against the catalog.
//!
//! ```
//! use exportctl::bom::{read, Options};
//! let csv = "id,parent,part_number,description,quantity,origin,eccn\n\
//!            1,,UAV-100,Air vehicle,1,US,\n\
//!            2,1,FST-8,Hex bolt,24,US,EAR99\n";
//! let bom = read(csv.as_bytes(), &Options::new("example.csv"), &mut |_| {}).unwrap();
//! assert_eq!(bom.children_of(0), &[1]);
//! ```

mod assemble;
mod csv;
mod cyclonedx;
mod header;
mod json;
mod row;
mod table;
mod xlsx;

use std::fmt;
use std::io::{BufRead, Cursor};

use crate::diag::{Location, Problems};
use crate::model::Bom;

pub use self::csv::{read_csv, sniff_delimiter, PROGRESS_EVERY};
pub use self::cyclonedx::{
    PROPERTIES as CYCLONEDX_PROPERTIES, SPEC_VERSIONS as CYCLONEDX_VERSIONS,
};
pub use self::header::{normalize as normalize_header, ColumnMap, Field};
pub use self::json::parse_json;
pub use self::row::{parse_number, parse_params};
pub use self::xlsx::read_xlsx;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// CSV (also `;`- or tab-separated).
    Csv,
    /// exportctl JSON: a flat list with `parent`, or nested `children`.
    Json,
    /// CycloneDX 1.5/1.6 JSON.
    CycloneDx,
    /// Excel `.xlsx` workbook.
    Xlsx,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Csv, Format::Json, Format::CycloneDx, Format::Xlsx];

    /// Name as used by `--input-format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::CycloneDx => "cyclonedx",
            Format::Xlsx => "xlsx",
        }
    }

    /// Parses a format name (`csv`, `json`, `cyclonedx` or `cdx`, `xlsx`).
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "csv" | "tsv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "cyclonedx" | "cdx" => Some(Format::CycloneDx),
            "xlsx" | "excel" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// The format a file name's extension implies, if any (`.csv`, `.tsv`, `.txt`,
    /// `.json`, `.cdx.json`, `.cdx`, `.xlsx`, `.xlsm`).
    pub fn from_name(name: &str) -> Option<Format> {
        let n = name.to_ascii_lowercase();
        if n.ends_with(".cdx.json") || n.ends_with(".cdx") {
            Some(Format::CycloneDx)
        } else if n.ends_with(".json") {
            Some(Format::Json)
        } else if n.ends_with(".xlsx") || n.ends_with(".xlsm") {
            Some(Format::Xlsx)
        } else if n.ends_with(".csv") || n.ends_with(".tsv") || n.ends_with(".txt") {
            Some(Format::Csv)
        } else {
            None
        }
    }

    /// The format the first bytes of a file show: a ZIP header is `.xlsx`, `{` or `[`
    /// is JSON (CycloneDX is recognized later by its `bomFormat`), anything else CSV.
    pub fn from_content(head: &[u8]) -> Format {
        if head.starts_with(b"PK\x03\x04") {
            return Format::Xlsx;
        }
        let head = head
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{' | b'[') => Format::Json,
            _ => Format::Csv,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How to read one BOM.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Name of the input in messages (the path as given, or `<stdin>`); its
    /// extension also picks the format when [`Options::format`] is `None`.
    pub source: String,
    /// The format; `None` detects it from the name, then the content.
    pub format: Option<Format>,
    /// Explicit header → field mapping (CSV, Excel; also JSON keys).
    pub map: ColumnMap,
    /// Excel sheet to read (default: the first).
    pub sheet: Option<String>,
    /// CSV delimiter (default: sniffed from the header line).
    pub delimiter: Option<u8>,
}

impl Options {
    /// Options for `source` with everything detected.
    pub fn new(source: impl Into<String>) -> Options {
        Options {
            source: source.into(),
            ..Options::default()
        }
    }
}

/// Reads a BOM in any format. The format is `opts.format`, else the extension of
/// `opts.source`, else sniffed from the first bytes. CSV is streamed; JSON and
/// Excel are read whole. `progress` receives rows read so far (CSV and Excel).
pub fn read(
    mut reader: impl BufRead,
    opts: &Options,
    progress: &mut dyn FnMut(u64),
) -> Result<Bom, Problems> {
    let format = match opts.format.or_else(|| Format::from_name(&opts.source)) {
        Some(f) => f,
        None => {
            let head = reader.fill_buf().map_err(|e| io_problem(opts, &e))?;
            Format::from_content(head)
        }
    };
    match format {
        Format::Csv => read_csv(reader, opts, progress),
        Format::Json | Format::CycloneDx => {
            let mut buf = Vec::new();
            reader
                .read_to_end(&mut buf)
                .map_err(|e| io_problem(opts, &e))?;
            let mut o = opts.clone();
            o.format = Some(format);
            parse_json(&buf, &o)
        }
        Format::Xlsx => {
            let mut buf = Vec::new();
            reader
                .read_to_end(&mut buf)
                .map_err(|e| io_problem(opts, &e))?;
            if buf.is_empty() {
                return Err(csv::empty_file(&opts.source));
            }
            read_xlsx(Cursor::new(buf), opts, progress)
        }
    }
}

fn io_problem(opts: &Options, e: &std::io::Error) -> Problems {
    csv::one(
        &opts.source,
        Location::file(&opts.source),
        format!("cannot read: {e}"),
        "check that the file exists and is readable",
    )
}
