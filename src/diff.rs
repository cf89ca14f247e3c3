//! Differences between two ruling files: added, removed and changed rulings, and for
//! each change its cause (the input line, the control-list data, or the tool).
//!
//! Records are paired by line id, then (for lines left over on both sides) by part
//! number when it is unique on both sides. [`pair`] is shared with
//! [`crate::check`]. This module compares; it does not classify or read files (the
//! binary classifies a BOM into a [`RulingFile`] first when given one).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::record::{DataStamp, RulingFile, RulingRecord};

/// Schema id of `exportctl diff --format json`.
pub const DIFF_SCHEMA: &str = "exportctl.diff/1";

/// How two records were paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchedBy {
    /// Same line id.
    Id,
    /// Same part number (the line id changed).
    PartNumber,
}

/// The pairing of old and new records, by index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairing {
    /// `(old index, new index, how)`, in new-record order.
    pub pairs: Vec<(usize, usize, MatchedBy)>,
    /// New records without an old one, in order.
    pub added: Vec<usize>,
    /// Old records without a new one, in order.
    pub removed: Vec<usize>,
}

/// Pairs records by line id, then by part number when unique among the leftovers on
/// both sides.
pub fn pair(old: &[RulingRecord], new: &[RulingRecord]) -> Pairing {
    let old_by_id: BTreeMap<&str, usize> = old
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut old_used = vec![false; old.len()];
    let mut new_pair: Vec<Option<(usize, MatchedBy)>> = vec![None; new.len()];
    for (j, r) in new.iter().enumerate() {
        if let Some(&i) = old_by_id.get(r.id.as_str()) {
            if !old_used[i] {
                old_used[i] = true;
                new_pair[j] = Some((i, MatchedBy::Id));
            }
        }
    }
    // Part-number fallback among leftovers, only where unique on both sides.
    let mut old_pn: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in old.iter().enumerate() {
        if !old_used[i] && !r.part_number.is_empty() {
            old_pn.entry(r.part_number.as_str()).or_default().push(i);
        }
    }
    let mut new_pn: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (j, r) in new.iter().enumerate() {
        if new_pair[j].is_none() && !r.part_number.is_empty() {
            new_pn.entry(r.part_number.as_str()).or_default().push(j);
        }
    }
    for (pn, js) in &new_pn {
        if let (Some(is), [j]) = (old_pn.get(pn), js.as_slice()) {
            if let [i] = is.as_slice() {
                old_used[*i] = true;
                new_pair[*j] = Some((*i, MatchedBy::PartNumber));
            }
        }
    }
    let mut out = Pairing::default();
    for (j, p) in new_pair.iter().enumerate() {
        match p {
            Some((i, how)) => out.pairs.push((*i, j, *how)),
            None => out.added.push(j),
        }
    }
    out.removed = (0..old.len()).filter(|i| !old_used[*i]).collect();
    out
}

/// Why a ruling changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// The input line changed (its hash differs).
    Input,
    /// Same input, different control-list data (hash or `as_of`): a regulation update.
    Data,
    /// Same input and data, different exportctl version.
    Tool,
    /// Input, data and tool are the same: the plan context or configuration changed.
    Other,
}

impl Cause {
    /// Kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Input => "input",
            Cause::Data => "data",
            Cause::Tool => "tool",
            Cause::Other => "other",
        }
    }
}

/// The cause of a change between two records of the same line: the first of input,
/// data, tool that differs.
pub fn cause(old: &RulingRecord, new: &RulingRecord) -> Cause {
    let (o, n) = (&old.provenance, &new.provenance);
    if o.input_hash != n.input_hash {
        Cause::Input
    } else if o.data_hash != n.data_hash || o.data_as_of != n.data_as_of {
        Cause::Data
    } else if o.tool != n.tool {
        Cause::Tool
    } else {
        Cause::Other
    }
}

/// One field that differs between two rulings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// `jurisdiction`, `classification`, `basis`, `citations` or `plan`.
    pub field: String,
    /// Old value (JSON).
    pub old: serde_json::Value,
    /// New value (JSON).
    pub new: serde_json::Value,
}

/// The fields of the ruling proper that differ (provenance and input excluded).
pub fn ruling_changes(old: &RulingRecord, new: &RulingRecord) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut cmp = |field: &str, o: serde_json::Value, n: serde_json::Value| {
        if o != n {
            out.push(FieldChange {
                field: field.to_string(),
                old: o,
                new: n,
            });
        }
    };
    fn j<T: Serialize>(v: &T) -> serde_json::Value {
        serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
    }
    cmp("jurisdiction", j(&old.jurisdiction), j(&new.jurisdiction));
    cmp(
        "classification",
        j(&old.classification),
        j(&new.classification),
    );
    cmp("basis", j(&old.basis), j(&new.basis));
    cmp("citations", j(&old.citations), j(&new.citations));
    cmp("plan", j(&old.plan), j(&new.plan));
    out
}

/// A record on one side only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// Line id.
    pub id: String,
    /// Part number.
    pub part_number: String,
    /// Source line.
    pub line: usize,
    /// `ITAR XI(c)(1)`, `REVIEW`...
    pub ruling: String,
}

impl Side {
    fn of(r: &RulingRecord) -> Side {
        Side {
            id: r.id.clone(),
            part_number: r.part_number.clone(),
            line: r.line,
            ruling: r.ruling_text(),
        }
    }
}

/// A changed ruling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Line id in the new file.
    pub id: String,
    /// Line id in the old file (differs when matched by part number).
    pub old_id: String,
    /// Part number.
    pub part_number: String,
    /// How the records were paired.
    pub matched_by: MatchedBy,
    /// Source line in the new BOM.
    pub line: usize,
    /// Old ruling text.
    pub old: String,
    /// New ruling text.
    pub new: String,
    /// The cause: input, data, tool or other.
    pub cause: Cause,
    /// Whether the input line, the data and the tool each differ.
    pub input_changed: bool,
    /// See `input_changed`.
    pub data_changed: bool,
    /// See `input_changed`.
    pub tool_changed: bool,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
}

/// Provenance of one side of a diff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileInfo {
    /// The file as named (ruling file or BOM).
    pub source: String,
    /// exportctl version that made the rulings.
    pub tool: String,
    /// Control-list data.
    pub data: DataStamp,
    /// Number of records.
    pub lines: usize,
}

impl FileInfo {
    fn of(f: &RulingFile, name: &str) -> FileInfo {
        FileInfo {
            source: name.to_string(),
            tool: f.tool.clone(),
            data: f.data.clone(),
            lines: f.records.len(),
        }
    }
}

/// Counts per kind of difference.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSummary {
    /// Lines only in the new file.
    pub added: usize,
    /// Lines only in the old file.
    pub removed: usize,
    /// Lines whose ruling changed.
    pub changed: usize,
    /// Lines with the same ruling.
    pub unchanged: usize,
    /// Changed lines whose cause is the input.
    pub by_input: usize,
    /// Changed lines whose cause is the data.
    pub by_data: usize,
    /// Changed lines whose cause is the tool.
    pub by_tool: usize,
    /// Changed lines with no provenance difference.
    pub by_other: usize,
}

/// The result of `exportctl diff`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    /// [`DIFF_SCHEMA`].
    pub schema: String,
    /// The old side.
    pub old: FileInfo,
    /// The new side.
    pub new: FileInfo,
    /// Counts.
    pub summary: DiffSummary,
    /// Lines only in the new file, in new order.
    pub added: Vec<Side>,
    /// Lines only in the old file, in old order.
    pub removed: Vec<Side>,
    /// Changed rulings, in new order.
    pub changed: Vec<Change>,
}

/// Compares two ruling files. `old_name` / `new_name` label the sides in output.
pub fn diff(old: &RulingFile, old_name: &str, new: &RulingFile, new_name: &str) -> Diff {
    let p = pair(&old.records, &new.records);
    let mut summary = DiffSummary::default();
    let mut changed = Vec::new();
    for &(i, j, how) in &p.pairs {
        let (o, n) = (&old.records[i], &new.records[j]);
        let fields = ruling_changes(o, n);
        if fields.is_empty() {
            summary.unchanged += 1;
            continue;
        }
        let c = cause(o, n);
        match c {
            Cause::Input => summary.by_input += 1,
            Cause::Data => summary.by_data += 1,
            Cause::Tool => summary.by_tool += 1,
            Cause::Other => summary.by_other += 1,
        }
        changed.push(Change {
            id: n.id.clone(),
            old_id: o.id.clone(),
            part_number: n.part_number.clone(),
            matched_by: how,
            line: n.line,
            old: o.ruling_text(),
            new: n.ruling_text(),
            cause: c,
            input_changed: o.provenance.input_hash != n.provenance.input_hash,
            data_changed: o.provenance.data_hash != n.provenance.data_hash
                || o.provenance.data_as_of != n.provenance.data_as_of,
            tool_changed: o.provenance.tool != n.provenance.tool,
            fields,
        });
    }
    summary.changed = changed.len();
    summary.added = p.added.len();
    summary.removed = p.removed.len();
    Diff {
        schema: DIFF_SCHEMA.to_string(),
        old: FileInfo::of(old, old_name),
        new: FileInfo::of(new, new_name),
        summary,
        added: p.added.iter().map(|&j| Side::of(&new.records[j])).collect(),
        removed: p
            .removed
            .iter()
            .map(|&i| Side::of(&old.records[i]))
            .collect(),
        changed,
    }
}

impl Diff {
    /// True when nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Basis, ClassCode, Jurisdiction};
    use crate::record::{Provenance, RULINGS_SCHEMA};

    fn rec(
        id: &str,
        pn: &str,
        code: Option<&str>,
        input: &str,
        data: &str,
        tool: &str,
    ) -> RulingRecord {
        let classification = code.map(|c| ClassCode::parse(c).unwrap());
        let jurisdiction = match &classification {
            Some(c) if c.is_usml() => Jurisdiction::Itar,
            Some(_) => Jurisdiction::Ear,
            None => Jurisdiction::Review,
        };
        RulingRecord {
            id: id.into(),
            part_number: pn.into(),
            line: 2,
            input: serde_json::json!({}),
            jurisdiction,
            classification,
            basis: Basis::Declared,
            citations: vec![],
            findings: vec![],
            plan: None,
            provenance: Provenance {
                tool: tool.into(),
                data_as_of: "2026-01-01".into(),
                data_hash: data.into(),
                input_hash: input.into(),
            },
        }
    }

    fn file(records: Vec<RulingRecord>) -> RulingFile {
        RulingFile {
            schema: RULINGS_SCHEMA.into(),
            tool: "1".into(),
            data: DataStamp {
                as_of: "2026-01-01".into(),
                hash: "d".into(),
            },
            source: "bom.csv".into(),
            records,
        }
    }

    #[test]
    fn pairs_by_id_then_unique_part_number() {
        let old = [
            rec("1", "A", None, "i", "d", "t"),
            rec("2", "B", None, "i", "d", "t"),
            rec("3", "C", None, "i", "d", "t"),
            rec("4", "C", None, "i", "d", "t"),
        ];
        let new = [
            rec("1", "A", None, "i", "d", "t"),
            rec("20", "B", None, "i", "d", "t"),
            rec("30", "C", None, "i", "d", "t"),
            rec("9", "Z", None, "i", "d", "t"),
        ];
        let p = pair(&old, &new);
        assert_eq!(
            p.pairs,
            vec![(0, 0, MatchedBy::Id), (1, 1, MatchedBy::PartNumber)]
        );
        assert_eq!(p.added, vec![2, 3]);
        assert_eq!(p.removed, vec![2, 3]);
    }

    #[test]
    fn cause_is_input_then_data_then_tool() {
        let base = rec("1", "A", Some("EAR99"), "i", "d", "t");
        for (name, other, want) in [
            (
                "input",
                rec("1", "A", Some("3A001"), "i2", "d2", "t2"),
                Cause::Input,
            ),
            (
                "data",
                rec("1", "A", Some("3A001"), "i", "d2", "t2"),
                Cause::Data,
            ),
            (
                "tool",
                rec("1", "A", Some("3A001"), "i", "d", "t2"),
                Cause::Tool,
            ),
            (
                "other",
                rec("1", "A", Some("3A001"), "i", "d", "t"),
                Cause::Other,
            ),
        ] {
            assert_eq!(cause(&base, &other), want, "{name}");
        }
    }

    #[test]
    fn diff_lists_added_removed_changed_with_causes() {
        let old = file(vec![
            rec("1", "A", Some("EAR99"), "i1", "d", "t"),
            rec("2", "B", Some("EAR99"), "i2", "d", "t"),
            rec("3", "C", Some("EAR99"), "i3", "d", "t"),
        ]);
        let new = file(vec![
            rec("1", "A", Some("XI(c)"), "i1x", "d", "t"),
            rec("2", "B", Some("EAR99"), "i2", "d", "t"),
            rec("4", "D", None, "i4", "d", "t"),
        ]);
        let d = diff(&old, "old.json", &new, "new.json");
        assert_eq!(d.summary.changed, 1);
        assert_eq!(d.summary.unchanged, 1);
        assert_eq!(d.changed[0].cause, Cause::Input);
        assert_eq!(d.changed[0].old, "EAR EAR99");
        assert_eq!(d.changed[0].new, "ITAR XI(c)");
        let fields: Vec<_> = d.changed[0]
            .fields
            .iter()
            .map(|f| f.field.as_str())
            .collect();
        assert_eq!(fields, ["jurisdiction", "classification"]);
        assert_eq!(d.added[0].id, "4");
        assert_eq!(d.removed[0].id, "3");
        assert!(!d.is_empty());
        assert!(diff(&old, "a", &old, "b").is_empty());
    }
}
