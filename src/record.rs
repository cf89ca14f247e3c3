//! Ruling records: what was decided for each BOM line, on what input, with which data
//! and which tool version.
//!
//! A [`RulingFile`] is the baseline that `exportctl check` compares against, the input
//! of `exportctl diff` and the payload of the ledger. Each [`RulingRecord`] carries
//! the normalized input line and its SHA-256, the ruling (jurisdiction,
//! classification, basis, citations, plan entry when a plan context exists) and its
//! provenance, so a later change can be traced to the input, the control-list data or
//! the tool.
//!
//! This module builds, parses and writes records as `String`; it does not classify
//! (see [`crate::classify`]), read files or look at the clock.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::data::Catalog;
use crate::diag::{Location, Problem, Problems};
use crate::model::{Basis, Bom, Citation, ClassCode, Item, Jurisdiction, Ruling};

/// Schema id of ruling files. The part after `/` is the major version; readers
/// refuse other majors. Fields may be added without a version change.
pub const RULINGS_SCHEMA: &str = "exportctl.rulings/1";

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Which control-list data a ruling was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataStamp {
    /// The data set's `as_of` date (`manifest.toml`).
    pub as_of: String,
    /// SHA-256 over every data file ([`Catalog::hash`]).
    pub hash: String,
}

impl DataStamp {
    /// The stamp of a loaded catalog.
    pub fn of(catalog: &Catalog) -> DataStamp {
        DataStamp {
            as_of: catalog.as_of().to_string(),
            hash: catalog.hash.clone(),
        }
    }
}

/// Where one ruling came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// exportctl version that made the ruling.
    pub tool: String,
    /// `as_of` of the control-list data.
    pub data_as_of: String,
    /// Hash of the control-list data.
    pub data_hash: String,
    /// SHA-256 of the normalized input line ([`normalize_item`]).
    pub input_hash: String,
}

/// The ruling for one BOM line with its input and provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulingRecord {
    /// Line id.
    pub id: String,
    /// Part number (the fallback key when line ids change).
    pub part_number: String,
    /// 1-based line of the line in the BOM file (0 when unknown).
    pub line: usize,
    /// The normalized input line (see [`normalize_item`]).
    pub input: serde_json::Value,
    /// ITAR, EAR or REVIEW.
    pub jurisdiction: Jurisdiction,
    /// The classification; `null` for REVIEW.
    pub classification: Option<ClassCode>,
    /// How the classification was reached.
    pub basis: Basis,
    /// CFR citations of the ruling.
    pub citations: Vec<Citation>,
    /// Finding codes the classifier raised on the line.
    pub findings: Vec<String>,
    /// The plan entry for the line when a plan context was given; `null` otherwise.
    /// Filled by the plan stage; compared as an opaque JSON value.
    pub plan: Option<serde_json::Value>,
    /// Tool, data and input hashes.
    pub provenance: Provenance,
}

impl RulingRecord {
    /// `ITAR XI(c)(1)`, `EAR EAR99`, `REVIEW`.
    pub fn ruling_text(&self) -> String {
        match &self.classification {
            Some(c) => format!("{} {c}", self.jurisdiction),
            None => self.jurisdiction.to_string(),
        }
    }
}

/// A set of ruling records for one BOM: the baseline format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulingFile {
    /// [`RULINGS_SCHEMA`].
    pub schema: String,
    /// exportctl version that wrote the file.
    pub tool: String,
    /// The control-list data used.
    pub data: DataStamp,
    /// The BOM file as named by the user.
    pub source: String,
    /// One record per BOM line, in BOM order.
    pub records: Vec<RulingRecord>,
}

/// Collapses runs of whitespace and trims.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The normalized input line: every field of the item that can change a ruling, with
/// text trimmed and inner whitespace collapsed, codes in canonical spelling, and the
/// source line number left out (moving a row is not an input change).
pub fn normalize_item(item: &Item) -> serde_json::Value {
    let params: serde_json::Map<String, serde_json::Value> = item
        .params
        .iter()
        .map(|(k, v)| {
            let v = match v {
                crate::model::ParamValue::Number(n) => serde_json::json!(n),
                crate::model::ParamValue::Text(t) => serde_json::json!(squash(t)),
            };
            (k.clone(), v)
        })
        .collect();
    serde_json::json!({
        "id": item.id,
        "parent": item.parent,
        "part_number": squash(&item.part_number),
        "description": squash(&item.description),
        "manufacturer": squash(&item.manufacturer),
        "mpn": squash(&item.mpn),
        "quantity": item.quantity,
        "unit_value": item.unit_value,
        "origin": item.origin.map(|c| c.code().to_string()),
        "declared_eccn": item.declared_eccn.as_ref().map(ToString::to_string),
        "declared_usml": item.declared_usml.as_ref().map(ToString::to_string),
        "kind": item.kind.as_str(),
        "params": params,
    })
}

/// SHA-256 of the compact JSON of a normalized line.
pub fn input_hash(normalized: &serde_json::Value) -> String {
    sha256_hex(normalized.to_string().as_bytes())
}

/// Builds the ruling file of `bom` from its rulings (as returned by
/// [`crate::classify::classify_bom`], matched by line id). A line without a ruling is
/// recorded as REVIEW (fail closed). `tool` is the exportctl version.
pub fn build(bom: &Bom, rulings: &[Ruling], data: &DataStamp, tool: &str) -> RulingFile {
    let by_id: std::collections::BTreeMap<&str, &Ruling> =
        rulings.iter().map(|r| (r.id.as_str(), r)).collect();
    let records = bom
        .items()
        .iter()
        .map(|item| {
            let missing;
            let ruling = match by_id.get(item.id.as_str()) {
                Some(r) => *r,
                None => {
                    missing = Ruling::review(&item.id, "no ruling was produced for this line");
                    &missing
                }
            };
            let input = normalize_item(item);
            let hash = input_hash(&input);
            RulingRecord {
                id: item.id.clone(),
                part_number: item.part_number.trim().to_string(),
                line: item.source.line,
                input,
                jurisdiction: ruling.jurisdiction,
                classification: ruling.classification.clone(),
                basis: ruling.basis,
                citations: ruling.citations.clone(),
                findings: ruling.findings.clone(),
                plan: None,
                provenance: Provenance {
                    tool: tool.to_string(),
                    data_as_of: data.as_of.clone(),
                    data_hash: data.hash.clone(),
                    input_hash: hash,
                },
            }
        })
        .collect();
    RulingFile {
        schema: RULINGS_SCHEMA.to_string(),
        tool: tool.to_string(),
        data: data.clone(),
        source: bom.source.clone(),
        records,
    }
}

impl RulingFile {
    /// Pretty JSON with a trailing newline; byte-identical for equal files.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("ruling files serialize");
        s.push('\n');
        s
    }

    /// Parses a ruling file; `source` names it in problems.
    pub fn from_json(source: &str, text: &str) -> Result<RulingFile, Problems> {
        let fail = |loc: Location, msg: String, hint: &str| Problems {
            subject: format!("ruling file {source}"),
            problems: vec![Problem::new(loc, msg).with_hint(hint)],
            truncated: 0,
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            fail(
                Location::at(source, e.line(), Some(e.column())),
                format!("not JSON: {e}"),
                "write the file with `exportctl check BOM --write-baseline FILE`",
            )
        })?;
        let schema = value.get("schema").and_then(|s| s.as_str()).unwrap_or("");
        if schema != RULINGS_SCHEMA {
            return Err(fail(
                Location::file(source),
                format!("schema `{schema}` is not `{RULINGS_SCHEMA}`"),
                "regenerate the file with this exportctl (`exportctl check BOM --write-baseline FILE`)",
            ));
        }
        let file: RulingFile = serde_json::from_value(value).map_err(|e| {
            fail(
                Location::file(source),
                format!("not a ruling file: {e}"),
                "regenerate the file with `exportctl check BOM --write-baseline FILE`",
            )
        })?;
        let mut seen = std::collections::BTreeSet::new();
        for r in &file.records {
            if !seen.insert(r.id.as_str()) {
                return Err(fail(
                    Location::file(source),
                    format!("line id `{}` has two records", r.id),
                    "a ruling file has one record per BOM line; regenerate it",
                ));
            }
        }
        Ok(file)
    }

    /// True when `text` looks like a ruling file (a JSON object whose `schema` starts
    /// with `exportctl.rulings/`), as opposed to a BOM.
    pub fn sniff(text: &str) -> bool {
        let t = text.trim_start();
        t.starts_with('{')
            && serde_json::from_str::<serde_json::Value>(t).is_ok_and(|v| {
                v.get("schema")
                    .and_then(|s| s.as_str())
                    .is_some_and(|s| s.starts_with("exportctl.rulings/"))
            })
    }

    /// Attaches plan entries (line id → the plan stage's JSON for that line). Lines
    /// not named keep `plan: null`; ids not in the file are returned.
    pub fn attach_plan(
        &mut self,
        entries: impl IntoIterator<Item = (String, serde_json::Value)>,
    ) -> Vec<String> {
        let mut unknown = Vec::new();
        for (id, value) in entries {
            match self.records.iter_mut().find(|r| r.id == id) {
                Some(r) => r.plan = Some(value),
                None => unknown.push(id),
            }
        }
        unknown
    }

    /// Counts of ITAR, EAR and REVIEW records.
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |j| self.records.iter().filter(|r| r.jurisdiction == j).count();
        (
            n(Jurisdiction::Itar),
            n(Jurisdiction::Ear),
            n(Jurisdiction::Review),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bom, Item};

    fn bom() -> Bom {
        let mut a = Item::new("1", "  Radar   assembly ");
        a.part_number = "PN-1".into();
        a.declared_usml = Some(ClassCode::parse("XI(c)(1)").unwrap());
        a.source.line = 2;
        let mut b = Item::new("2", "Cable");
        b.parent = Some("1".into());
        b.declared_eccn = Some(ClassCode::Ear99);
        b.source.line = 3;
        let c = Item::new("3", "Unknown widget");
        Bom::new("bom.csv", vec![a, b, c]).unwrap()
    }

    fn stamp() -> DataStamp {
        DataStamp {
            as_of: "2026-01-15".into(),
            hash: "ab".repeat(32),
        }
    }

    #[test]
    fn build_records_every_line_in_order_with_provenance() {
        let bom = bom();
        let rulings = crate::classify::classify_bom(&bom, &dummy_catalog());
        let f = build(&bom, &rulings, &stamp(), "9.9.9");
        assert_eq!(f.schema, RULINGS_SCHEMA);
        let ids: Vec<_> = f.records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["1", "2", "3"]);
        assert_eq!(f.records[0].ruling_text(), "ITAR XI(c)(1)");
        assert_eq!(f.records[1].ruling_text(), "EAR EAR99");
        assert_eq!(f.records[2].ruling_text(), "REVIEW");
        assert_eq!(f.records[0].input["description"], "Radar assembly");
        assert_eq!(f.records[0].provenance.tool, "9.9.9");
        assert_eq!(f.records[0].provenance.data_as_of, "2026-01-15");
        assert_eq!(f.records[0].line, 2);
        assert_eq!(f.records[0].provenance.input_hash.len(), 64);
        assert_eq!(f.counts(), (1, 1, 1));
    }

    #[test]
    fn plan_entries_attach_by_line_id() {
        let bom = bom();
        let mut f = build(&bom, &[], &stamp(), "1");
        let unknown = f.attach_plan([
            ("2".to_string(), serde_json::json!({"authorization": "NLR"})),
            ("9".to_string(), serde_json::json!(null)),
        ]);
        assert_eq!(unknown, ["9"]);
        assert_eq!(
            f.records[1].plan,
            Some(serde_json::json!({"authorization": "NLR"}))
        );
        assert_eq!(f.records[0].plan, None);
    }

    #[test]
    fn missing_ruling_is_recorded_as_review() {
        let bom = bom();
        let f = build(&bom, &[], &stamp(), "1");
        assert!(f
            .records
            .iter()
            .all(|r| r.jurisdiction == Jurisdiction::Review));
    }

    #[test]
    fn input_hash_ignores_whitespace_and_source_line_but_not_content() {
        let mut a = Item::new("1", "Radar  assembly");
        let mut b = Item::new("1", " Radar assembly ");
        b.source.line = 40;
        assert_eq!(
            input_hash(&normalize_item(&a)),
            input_hash(&normalize_item(&b))
        );
        a.quantity = 2.0;
        assert_ne!(
            input_hash(&normalize_item(&a)),
            input_hash(&normalize_item(&b))
        );
    }

    #[test]
    fn json_round_trips_and_rejects_other_schemas() {
        let bom = bom();
        let rulings = crate::classify::classify_bom(&bom, &dummy_catalog());
        let f = build(&bom, &rulings, &stamp(), "1");
        let text = f.to_json();
        assert!(RulingFile::sniff(&text));
        assert_eq!(RulingFile::from_json("r.json", &text).unwrap(), f);
        let other = text.replace(RULINGS_SCHEMA, "exportctl.rulings/2");
        let err = RulingFile::from_json("r.json", &other).unwrap_err();
        assert!(err.to_string().contains("exportctl.rulings/2"), "{err}");
        assert!(RulingFile::from_json("r.json", "{").is_err());
        let mut dup = f.clone();
        dup.records.push(dup.records[0].clone());
        let err = RulingFile::from_json("r.json", &dup.to_json()).unwrap_err();
        assert!(
            err.to_string().contains("line id `1` has two records"),
            "{err}"
        );
    }

    fn dummy_catalog() -> Catalog {
        Catalog::from_files(&[
            (
                "manifest.toml".into(),
                "schema = 1\nas_of = \"2026-01-15\"\nlatest_rule = \"test\"\n".into(),
            ),
            (
                "usml/cat-11-XI.toml".into(),
                "schema = 1\ncategory = \"XI\"\ntitle = \"Military electronics\"\n\
                 citation = \"22 CFR 121.1, Category XI\"\nas_of = \"2026-01-15\"\n\
                 [[entry]]\nid = \"XI(c)\"\ntitle = \"Parts\"\ncatch_all = true\n\
                 [[entry]]\nid = \"XI(c)(1)\"\ntitle = \"Specific parts\"\n"
                    .into(),
            ),
        ])
        .unwrap()
    }
}
