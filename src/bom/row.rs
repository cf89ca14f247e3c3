//! One input line as text cells → a typed [`Item`], with a problem for every bad cell.
//!
//! Shared by every format: CSV and Excel rows, JSON objects and CycloneDX components
//! all become a [`Row`] first. This module never fails: a bad cell yields a problem
//! and a default value, so the rest of the file is still checked.

use std::borrow::Cow;
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::diag::{Location, Problem};
use crate::model::{ClassCode, Country, Item, Kind, ParamValue, SourceSpan, UsmlId};

use super::header::Field;

/// A cell: its text and, for tables, its 1-based column.
#[derive(Debug, Clone)]
pub(crate) struct Cell<'a> {
    pub text: Cow<'a, str>,
    pub column: Option<usize>,
}

/// The cells of one line, by field.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row<'a> {
    /// 1-based line of the record in the input (0 when unknown).
    pub line: usize,
    cells: [Option<Cell<'a>>; Field::ALL.len()],
    /// Parameters given as a structure (JSON objects) rather than text.
    pub params: Option<BTreeMap<String, ParamValue>>,
    /// What a cell is called in messages: `column` for tables, `field` for JSON.
    pub json: bool,
}

impl<'a> Row<'a> {
    pub fn new(line: usize) -> Row<'a> {
        Row {
            line,
            ..Row::default()
        }
    }

    pub fn set(&mut self, field: Field, text: impl Into<Cow<'a, str>>, column: Option<usize>) {
        self.cells[field as usize] = Some(Cell {
            text: text.into(),
            column,
        });
    }

    pub fn get(&self, field: Field) -> Option<&Cell<'a>> {
        self.cells[field as usize].as_ref()
    }

    /// Trimmed text of a field, `""` when absent.
    pub fn text(&self, field: Field) -> &str {
        self.get(field).map_or("", |c| trim(&c.text))
    }

    pub fn column(&self, field: Field) -> Option<usize> {
        self.get(field).and_then(|c| c.column)
    }

    /// True when every cell is blank (skipped as an empty spreadsheet row).
    pub fn is_blank(&self) -> bool {
        self.cells
            .iter()
            .flatten()
            .all(|c| trim(&c.text).is_empty())
            && self.params.as_ref().map_or(true, BTreeMap::is_empty)
    }
}

/// `s.trim()`, without decoding characters in the common case of a cell that
/// starts and ends with visible ASCII (or is empty).
fn trim(s: &str) -> &str {
    // ASCII bytes that `char::is_whitespace` accepts.
    let edge = |c: u8| c.is_ascii() && !matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (None, _) => s,
        (Some(&first), Some(&last)) if edge(first) && edge(last) => s,
        _ => s.trim(),
    }
}

/// [`Country::parse`] through a table of all two-letter codes, built on first
/// use (the binary search over country names is a measurable share of ingest).
fn parse_country(code: &str) -> Option<Country> {
    static TABLE: OnceLock<Vec<Option<Country>>> = OnceLock::new();
    match code.as_bytes() {
        &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            let table = TABLE.get_or_init(|| {
                (b'A'..=b'Z')
                    .flat_map(|x| (b'A'..=b'Z').map(move |y| [x, y]))
                    .map(|xy| Country::parse(std::str::from_utf8(&xy).unwrap_or_default()))
                    .collect()
            });
            let k = usize::from(a.to_ascii_uppercase() - b'A') * 26
                + usize::from(b.to_ascii_uppercase() - b'A');
            table[k]
        }
        _ => Country::parse(code),
    }
}

/// Location of a cell for messages.
pub(crate) fn location(source: &str, line: usize, column: Option<usize>) -> Location {
    if line == 0 {
        Location::file(source)
    } else {
        Location::at(source, line, column)
    }
}

/// Builds the item of `row` with the given id and parent, pushing a problem for
/// every cell that does not parse.
pub(crate) fn build_item(
    source: &str,
    row: &Row<'_>,
    id: String,
    parent: Option<String>,
    problems: &mut Vec<Problem>,
) -> Item {
    let part_number = row.text(Field::PartNumber).to_string();
    let description = row.text(Field::Description).to_string();
    if part_number.is_empty() && description.is_empty() {
        problems.push(
            Problem::new(
                location(source, row.line, None),
                "line has neither a part number nor a description",
            )
            .with_hint("fill in `part_number` or `description` (classification reads both)"),
        );
    }

    let what = if row.json { "field" } else { "column" };
    let mut bad = |field: Field, msg: String, hint: String| {
        problems.push(
            Problem::new(
                location(source, row.line, row.column(field)),
                format!("{what} `{field}`: {msg}"),
            )
            .with_hint(hint),
        );
    };

    let quantity = match row.text(Field::Quantity) {
        "" => 1.0,
        q => match parse_number(q) {
            Some(n) if n < 0.0 => {
                bad(
                    Field::Quantity,
                    format!("`{q}` is negative"),
                    "quantities are per parent assembly and must be 0 or more".into(),
                );
                1.0
            }
            Some(n) => n,
            None => {
                bad(
                    Field::Quantity,
                    format!("`{q}` is not a number"),
                    "write a number such as `2` or `0.5`; leave it empty for 1".into(),
                );
                1.0
            }
        },
    };

    let unit_value = match row.text(Field::UnitValue) {
        "" => None,
        v => match parse_number(v) {
            Some(n) if n < 0.0 => {
                bad(
                    Field::UnitValue,
                    format!("`{v}` is negative"),
                    "write the unit value in USD, 0 or more".into(),
                );
                None
            }
            Some(n) => Some(n),
            None => {
                bad(
                    Field::UnitValue,
                    format!("`{v}` is not a number"),
                    "write the unit value in USD as a plain number such as `1250.00`; leave it empty when unknown".into(),
                );
                None
            }
        },
    };

    let origin = match row.text(Field::Origin) {
        "" => None,
        o => match parse_country(o) {
            Some(c) => Some(c),
            None => {
                let hint = match o.to_ascii_uppercase().as_str() {
                    "UK" => "the ISO 3166-1 code of the United Kingdom is `GB`".to_string(),
                    "USA" | "U.S." | "U.S.A." => "write `US`".to_string(),
                    _ => "write an ISO 3166-1 alpha-2 code such as `US`, `GB`, `DE` or `JP`"
                        .to_string(),
                };
                bad(Field::Origin, format!("unknown country code `{o}`"), hint);
                None
            }
        },
    };

    let declared_eccn = match row.text(Field::Eccn) {
        t if is_undeclared(t) => None,
        t => match ClassCode::parse(t) {
            Ok(ClassCode::Usml(u)) => {
                bad(
                    Field::Eccn,
                    format!("`{t}` is a USML paragraph (`{u}`), not an ECCN"),
                    "move it to the `usml` column".into(),
                );
                None
            }
            Ok(code) => Some(code),
            Err(e) => {
                bad(
                    Field::Eccn,
                    crate::model::Eccn::parse(t).err().unwrap_or(e),
                    "write an ECCN such as `3A001.a.7` or `EAR99`; leave it empty when unknown"
                        .into(),
                );
                None
            }
        },
    };

    let declared_usml = match row.text(Field::Usml) {
        t if is_undeclared(t) => None,
        t => match UsmlId::parse(strip_itar(t)) {
            Ok(u) => Some(ClassCode::Usml(u)),
            Err(e) => {
                let hint = if ClassCode::parse(t).is_ok() {
                    "this is an ECCN or EAR99: move it to the `eccn` column".to_string()
                } else {
                    "write a USML paragraph such as `XI(c)(1)`; leave it empty when unknown"
                        .to_string()
                };
                bad(Field::Usml, e, hint);
                None
            }
        },
    };

    let kind_text = row.text(Field::Kind);
    let kind = match if kind_text.is_empty() {
        Some(Kind::Hardware)
    } else {
        Kind::parse(kind_text)
    } {
        Some(k) => k,
        None => {
            bad(
                Field::Kind,
                format!("unknown kind `{}`", row.text(Field::Kind)),
                "write `hardware`, `software`, `technology` or `service` (empty means hardware)"
                    .into(),
            );
            Kind::Hardware
        }
    };

    let mut params = row.params.clone().unwrap_or_default();
    let ptext = row.text(Field::Params);
    if !ptext.is_empty() {
        match parse_params(ptext) {
            // Take the parsed map as it is when there is nothing to merge (CSV).
            Ok(p) if params.is_empty() => params = p,
            Ok(p) => params.extend(p),
            Err(e) => bad(
                Field::Params,
                e,
                "write `key=value` pairs separated by `;`, units in the key, e.g. `freq_ghz=9.5;power_w=20`".into(),
            ),
        }
    }

    Item {
        id,
        parent,
        part_number,
        description,
        manufacturer: row.text(Field::Manufacturer).to_string(),
        mpn: row.text(Field::Mpn).to_string(),
        quantity,
        unit_value,
        origin,
        declared_eccn,
        declared_usml,
        kind,
        params,
        source: SourceSpan { line: row.line },
    }
}

/// Placeholders that mean "no declared code" (so the line is classified, never
/// assumed EAR99): empty, `N/A`, `NA`, `none`, `TBD`, `-`, `?`.
pub(crate) fn is_undeclared(t: &str) -> bool {
    let t = t.trim();
    t.is_empty()
        || ["n/a", "na", "none", "tbd", "-", "?", "unknown"]
            .iter()
            .any(|u| t.eq_ignore_ascii_case(u))
}

/// Drops an `ITAR` prefix (`ITAR XI(c)`, `ITAR: Cat. XI`), which PLM exports
/// often put before the USML paragraph.
fn strip_itar(t: &str) -> &str {
    let t = t.trim();
    match t.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("ITAR") => t[4..].trim_start_matches([':', '-', ' ']),
        _ => t,
    }
}

/// Parses a plain number, allowing a leading `$` and thousands separators
/// (`1,250.50`). A comma used as a decimal point (`1,5`) is not a number.
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let t = t.strip_prefix('$').unwrap_or(t).trim();
    let cleaned: Cow<'_, str> = if t.contains(',') {
        let int_part = t.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int_part.trim_start_matches('-').split(',').collect();
        let ok = groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return None;
        }
        Cow::Owned(t.replace(',', ""))
    } else {
        Cow::Borrowed(t)
    };
    match cleaned.parse::<f64>() {
        Ok(n) if n.is_finite() => Some(n),
        _ => None,
    }
}

/// Parses `key=value;key=value`. Keys are lower-cased and must be
/// `[a-z][a-z0-9_]*`; a key may appear once.
pub fn parse_params(text: &str) -> Result<BTreeMap<String, ParamValue>, String> {
    let mut out = BTreeMap::new();
    for part in text.split(';') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((k, v)) = part.split_once('=') else {
            return Err(format!("`{part}` has no `=`"));
        };
        let key = k.trim().to_ascii_lowercase();
        let valid = key.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return Err(format!(
                "parameter name `{}` must be snake_case letters, digits and `_`",
                k.trim()
            ));
        }
        if v.trim().is_empty() {
            return Err(format!("parameter `{key}` has no value"));
        }
        match out.entry(key) {
            Entry::Vacant(e) => {
                e.insert(ParamValue::parse(v));
            }
            Entry::Occupied(e) => {
                return Err(format!("parameter `{}` is given twice", e.key()));
            }
        }
    }
    Ok(out)
}

/// Parses a level cell: a whole number ≥ 0, optionally written with leading dots
/// as some PLM exports do (`..2`).
pub(crate) fn parse_level(t: &str) -> Option<usize> {
    let t = t.trim().trim_start_matches('.');
    if let Ok(n) = t.parse::<usize>() {
        return Some(n);
    }
    // Spreadsheets sometimes store levels as `2.0`.
    match t.parse::<f64>() {
        Ok(f) if f >= 0.0 && f.fract() == 0.0 && f < 1e6 => Some(f as usize),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for (s, want) in [
            ("2", Some(2.0)),
            (" 0.5 ", Some(0.5)),
            ("$1,250.50", Some(1250.5)),
            ("1,000,000", Some(1e6)),
            ("1,5", None),
            ("12,34", None),
            ("abc", None),
            ("NaN", None),
            ("inf", None),
            ("-3", Some(-3.0)),
        ] {
            assert_eq!(parse_number(s), want, "{s}");
        }
    }

    #[test]
    fn params() {
        let p = parse_params("freq_ghz=9.5; power_w=20;mass_market=no;").unwrap();
        assert_eq!(p["freq_ghz"], ParamValue::Number(9.5));
        assert_eq!(p["mass_market"], ParamValue::Text("no".into()));
        assert!(parse_params("freq_ghz").is_err());
        assert!(parse_params("a=1;a=2").is_err());
        assert!(parse_params("Freq GHz=1").is_err());
        assert!(parse_params("x=").is_err());
    }

    #[test]
    fn fast_trim_and_country_table_agree_with_std() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{a0}a",
            "a\u{3000}",
            "\u{b}x",
            "x\u{c}",
            "ab",
            "µ",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
        for s in ["us", "US", "Gb", "zz", "XK", "u1", "USA", "", " us"] {
            assert_eq!(parse_country(s), Country::parse(s), "{s:?}");
        }
    }

    #[test]
    fn itar_prefix_is_dropped() {
        assert_eq!(strip_itar("ITAR XI(c)"), "XI(c)");
        assert_eq!(strip_itar("itar: Cat. XI"), "Cat. XI");
        assert_eq!(strip_itar("XI(c)"), "XI(c)");
    }

    #[test]
    fn levels() {
        assert_eq!(parse_level("0"), Some(0));
        assert_eq!(parse_level("..2"), Some(2));
        assert_eq!(parse_level("3.0"), Some(3));
        assert_eq!(parse_level("-1"), None);
        assert_eq!(parse_level("top"), None);
    }
}
