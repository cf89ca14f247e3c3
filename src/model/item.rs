//! One BOM line after ingest: typed, validated, independent of the input format.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ClassCode, Country};

/// What kind of item a line is. Technical data and defense services are licensed
/// differently from hardware (TAA vs DSP-5 on the ITAR side).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Physical articles (the default).
    #[default]
    Hardware,
    /// Software.
    Software,
    /// Technology / technical data.
    Technology,
    /// Defense services.
    Service,
}

impl Kind {
    /// Parses `hardware`, `software`, `technology` (also `technical data`, `data`), `service`.
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "hardware" | "hw" | "article" | "part" => Some(Kind::Hardware),
            "software" | "sw" => Some(Kind::Software),
            "technology" | "technical data" | "technical-data" | "data" | "tech" => {
                Some(Kind::Technology)
            }
            "service" | "services" | "defense service" | "defense-service" => Some(Kind::Service),
            _ => None,
        }
    }

    /// Lower-case name as written in BOMs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hardware => "hardware",
            Kind::Software => "software",
            Kind::Technology => "technology",
            Kind::Service => "service",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A technical parameter value from the `params` column: a number when it parses as
/// one, text otherwise (`mass_market=yes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// A number in the unit the key names (`freq_ghz=9.5`).
    Number(f64),
    /// Anything else, kept as written.
    Text(String),
}

impl ParamValue {
    /// Parses a value: a number when it is one.
    pub fn parse(s: &str) -> ParamValue {
        let t = s.trim();
        match t.parse::<f64>() {
            Ok(n) if n.is_finite() => ParamValue::Number(n),
            _ => ParamValue::Text(t.to_string()),
        }
    }

    /// The number, if it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            ParamValue::Number(n) => Some(*n),
            ParamValue::Text(_) => None,
        }
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Number(n) => write!(f, "{n}"),
            ParamValue::Text(t) => f.write_str(t),
        }
    }
}

/// Where a line came from, for error messages and SARIF locations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSpan {
    /// 1-based line in the input file (the CSV record's first line, the JSON object's line).
    pub line: usize,
}

/// One BOM line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Unique id within the BOM (the `id` / find number column, or generated from the row).
    pub id: String,
    /// Id of the parent line, `None` for a top-level line.
    pub parent: Option<String>,
    /// Part number.
    pub part_number: String,
    /// Free-text description.
    pub description: String,
    /// Manufacturer name.
    pub manufacturer: String,
    /// Manufacturer part number.
    pub mpn: String,
    /// Quantity per parent assembly (default 1).
    pub quantity: f64,
    /// Unit value in USD, when known.
    pub unit_value: Option<f64>,
    /// Country of origin, when known.
    pub origin: Option<Country>,
    /// Declared ECCN or `EAR99`.
    pub declared_eccn: Option<ClassCode>,
    /// Declared USML paragraph.
    pub declared_usml: Option<ClassCode>,
    /// Hardware, software, technology or service.
    pub kind: Kind,
    /// Technical parameters, keys with units (`freq_ghz`).
    pub params: BTreeMap<String, ParamValue>,
    /// Where the line is in the input.
    pub source: SourceSpan,
}

impl Item {
    /// A hardware line with only an id and a description; the rest defaulted.
    /// Used by tests and by generators.
    pub fn new(id: impl Into<String>, description: impl Into<String>) -> Item {
        Item {
            id: id.into(),
            parent: None,
            part_number: String::new(),
            description: description.into(),
            manufacturer: String::new(),
            mpn: String::new(),
            quantity: 1.0,
            unit_value: None,
            origin: None,
            declared_eccn: None,
            declared_usml: None,
            kind: Kind::Hardware,
            params: BTreeMap::new(),
            source: SourceSpan::default(),
        }
    }
}
