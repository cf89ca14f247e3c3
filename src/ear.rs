//! EAR license requirement by the Commerce Country Chart (15 CFR 738.4).
//!
//! What it decides: for an ECCN (or EAR99) and a destination, whether the entry's
//! Control(s) rows, read against the chart row of that country, require a license.
//! What it does not decide: license exceptions, end-use/end-user controls (part 744),
//! de minimis or exemptions — later stages do. Unknown data or destinations give
//! `None` (REVIEW), never "no license required".

use serde::Serialize;

use crate::data::Catalog;
use crate::model::{ClassCode, Country, Eccn};

/// One control row that applies to the item and requires a license to the destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ControlHit {
    /// Reason code (`NS`).
    pub reason: String,
    /// Chart column (`NS2`) or `None` for a non-chart scope.
    pub column: Option<String>,
    /// Why it applies, in words.
    pub why: String,
}

/// The chart's answer for one item and destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartDecision {
    /// `Some(true)` license required, `Some(false)` no license required by the chart
    /// (NLR unless other parts apply), `None` undecidable (REVIEW).
    pub license_required: Option<bool>,
    /// Rows that require a license.
    pub hits: Vec<ControlHit>,
    /// Notes: rows that could not be decided, embargo pointers, assumptions.
    pub notes: Vec<String>,
    /// Reasons for control of the rows that could not be decided (`MT`). They may
    /// apply even when another row already requires a license, so a license
    /// exception cannot be settled while any is listed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undecided: Vec<String>,
    /// Citations.
    pub citations: Vec<String>,
}

fn paragraph(heading: &Eccn, p: &str) -> Option<Eccn> {
    Eccn::parse(p).ok().or_else(|| {
        let p = p.trim().trim_start_matches('.');
        Eccn::parse(&format!("{}.{p}", heading.heading())).ok()
    })
}

/// Does the chart require a license for `code` to `dest`?
///
/// Citation: 15 CFR 738.4 (determining license requirements with the chart); 15 CFR
/// 746 for embargoed destinations; 15 CFR 734.3(c) for EAR99.
///
/// Example: `3A001.a.7` (NS2) to China → the chart marks NS2 for China → license
/// required; to India → no NS2 mark → no license required by the chart.
pub fn chart_license_required(catalog: &Catalog, code: &ClassCode, dest: Country) -> ChartDecision {
    let mut d = ChartDecision {
        license_required: None,
        hits: Vec::new(),
        notes: Vec::new(),
        undecided: Vec::new(),
        citations: vec!["15 CFR 738.4".to_string()],
    };
    let Some(row) = catalog.chart.get(&dest) else {
        d.notes.push(format!(
            "`{dest}` has no row in the Commerce Country Chart data"
        ));
        return d;
    };
    let eccn = match code {
        ClassCode::Usml(u) => {
            d.notes.push(format!(
                "`{u}` is a USML item: the ITAR applies, not the chart"
            ));
            return d;
        }
        ClassCode::Ear99 => {
            d.citations = vec!["15 CFR 734.3(c)".to_string()];
            if row.embargoed {
                d.license_required = Some(true);
                d.citations.push("15 CFR 746".to_string());
                d.hits.push(ControlHit {
                    reason: "EMBARGO".into(),
                    column: None,
                    why: format!("{} is an embargoed destination (part 746)", row.name),
                });
            } else if let Some(note) = sanctions_746_8(dest) {
                d.citations.push("15 CFR 746.8".to_string());
                d.notes.push(note);
            } else {
                d.license_required = Some(false);
                d.notes.push("EAR99: no chart reason for control; end-use and end-user controls (part 744) still apply".into());
            }
            return d;
        }
        ClassCode::Eccn(e) => e,
    };
    let Some(entry) = catalog.eccn_entry(eccn) else {
        d.notes
            .push(format!("ECCN `{eccn}` is not in the control-list data"));
        return d;
    };
    d.citations.push(entry.citation.clone());
    if entry.raw.itar_pointer {
        d.notes
            .push(format!("`{}` points to the ITAR for these items", entry.id));
        return d;
    }
    let mut undecided = false;
    for c in &entry.raw.control {
        let listed: Vec<Eccn> = c
            .paragraphs
            .iter()
            .filter_map(|p| paragraph(&entry.id, p))
            .collect();
        let excepted: Vec<Eccn> = c
            .except
            .iter()
            .filter_map(|p| paragraph(&entry.id, p))
            .collect();
        let mut applies = if excepted.iter().any(|x| eccn.is_within(x)) {
            Some(false)
        } else if c.paragraphs.is_empty() || listed.iter().any(|p| eccn.is_within(p)) {
            Some(true)
        } else if listed.iter().any(|p| p.is_within(eccn)) {
            // The item is classified more coarsely than the row: it may fall under it.
            None
        } else {
            Some(false)
        };
        // A qualified row's scope turns on conditions beyond its lists. Its carve-outs
        // may be conditional (9A610: `.x` parts only when for a `.b` aircraft), and a
        // row that names only other entries' paragraphs covers an unknown subset of
        // this entry (9A001: engines meeting 9A101). Neither takes the item out.
        if c.qualified && applies == Some(false) {
            let excepted = excepted.iter().any(|x| eccn.is_within(x));
            let foreign_only =
                !listed.is_empty() && listed.iter().all(|p| p.heading() != entry.id.heading());
            if excepted || foreign_only {
                applies = None;
            }
        }
        let marked = match (&c.column, c.destinations.is_empty()) {
            (Some(col), _) => Some(row.x.contains(col)),
            (None, false) => Some(c.destinations.iter().any(|g| {
                g == "worldwide" || catalog.in_group(dest, g) || Country::parse(g) == Some(dest)
            })),
            (None, true) => None,
        };
        match (applies, marked) {
            (Some(false), _) | (_, Some(false)) => {}
            (Some(true), Some(true)) => d.hits.push(ControlHit {
                reason: c.reason.clone(),
                column: c.column.clone(),
                why: match &c.column {
                    Some(col) => format!(
                        "{} row applies to `{eccn}` and the chart marks {col} for {}",
                        c.reason, row.name
                    ),
                    None => format!(
                        "{} row applies to `{eccn}` for destinations {}",
                        c.reason,
                        c.destinations.join(", ")
                    ),
                },
            }),
            (None, _) if c.qualified => {
                undecided = true;
                d.undecided.push(c.reason.clone());
                d.notes.push(format!(
                    "{} row of `{}` is qualified by conditions the data cannot check{}; decide by hand",
                    c.reason,
                    entry.id,
                    c.see
                        .as_ref()
                        .map(|s| format!(" (see {s})"))
                        .unwrap_or_default()
                ));
            }
            (None, _) => {
                undecided = true;
                d.undecided.push(c.reason.clone());
                d.notes.push(format!(
                    "{} row covers only {} of `{}`; classify the item to paragraph level to decide",
                    c.reason,
                    c.paragraphs.join(", "),
                    entry.id
                ));
            }
            (Some(true), None) => {
                undecided = true;
                d.undecided.push(c.reason.clone());
                d.notes.push(format!(
                    "{} row has no chart column{}; decide by hand",
                    c.reason,
                    c.see
                        .as_ref()
                        .map(|s| format!(" (see {s})"))
                        .unwrap_or_default()
                ));
            }
        }
    }
    if row.embargoed {
        d.hits.push(ControlHit {
            reason: "EMBARGO".into(),
            column: None,
            why: format!("{} is an embargoed destination (part 746)", row.name),
        });
        d.citations.push("15 CFR 746".to_string());
    }
    d.license_required = if !d.hits.is_empty() {
        Some(true)
    } else if undecided {
        None
    } else if let Some(note) = sanctions_746_8(dest) {
        d.citations.push("15 CFR 746.8".to_string());
        d.notes.push(note);
        None
    } else {
        Some(false)
    };
    d
}

/// 15 CFR 746.8: Russia and Belarus need a license for every item on the CCL and for
/// the EAR99 items the part 746 supplements list, beyond the chart's reasons; the
/// chart alone cannot say NLR there.
fn sanctions_746_8(dest: Country) -> Option<String> {
    matches!(dest.code(), "RU" | "BY").then(|| {
        format!(
            "{} is under the sanctions of 15 CFR 746.8: license requirements beyond the chart apply to any ECCN and to EAR99 items listed in the part 746 supplements; decide by hand",
            dest.name()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let files = vec![
            ("manifest.toml".to_string(), "schema = 1\nas_of = \"2026-07-23\"\nlatest_rule = \"test\"\n".to_string()),
            (
                "ccl/cat-3.toml".to_string(),
                r#"schema = 1
category = 3
title = "Electronics"
citation = "15 CFR 774, Supp. 1, Category 3"
as_of = "2026-07-23"
[[eccn]]
id = "3A001"
title = "Electronic components"
reasons = ["NS", "MT", "AT"]
control = [
  { reason = "NS", column = "NS2" },
  { reason = "MT", column = "MT1", paragraphs = ["3A001.a.1.a"] },
  { reason = "AT", column = "AT1" },
]
item = [{ id = "3A001.a", title = "ICs" }, { id = "3A001.a.1", title = "rad-hard" }, { id = "3A001.a.1.a", title = "dose" }, { id = "3A001.a.7", title = "FPGAs" }]
[[eccn]]
id = "3A002"
title = "Test equipment"
reasons = ["NS", "MT", "AT"]
control = [
  { reason = "NS", column = "NS1", paragraphs = ["3A002.a"], qualified = true },
  { reason = "NS", column = "NS2", except = ["3A002.b"], qualified = true },
  { reason = "MT", column = "MT1", paragraphs = ["3A102"], qualified = true },
  { reason = "AT", column = "AT1" },
]
item = [{ id = "3A002.a", title = "recorders" }, { id = "3A002.b", title = "analyzers" }]
"#
                .to_string(),
            ),
            (
                "ccl/country-chart.toml".to_string(),
                r#"schema = 1
citation = "15 CFR 738, Supp. 1"
as_of = "2026-07-23"
columns = ["NS1", "NS2", "MT1", "AT1"]
country = [
  { code = "IN", name = "India", x = ["NS1", "NS2", "MT1"] },
  { code = "GB", name = "United Kingdom", x = ["NS1"] },
  { code = "CU", name = "Cuba", embargoed = true },
  { code = "AR", name = "Argentina", x = ["MT1"] },
  { code = "RU", name = "Russia", x = ["NS1", "MT1"] },
]
"#
                .to_string(),
            ),
        ];
        Catalog::from_files(&files).unwrap()
    }

    fn check(code: &str, dest: &str) -> Option<bool> {
        let c = catalog();
        chart_license_required(
            &c,
            &ClassCode::parse(code).unwrap(),
            Country::parse(dest).unwrap(),
        )
        .license_required
    }

    #[test]
    fn chart_rows_15_cfr_738_4() {
        // (code, destination, license required?) — 15 CFR 738.4(a)
        for (code, dest, want) in [
            ("3A001.a.7", "IN", Some(true)), // NS2 marked for India in this test chart (the real chart has no NS2 X for India)
            ("3A001.a.7", "GB", Some(false)), // only NS1 X for the UK
            ("3A001", "GB", Some(false)),    // no X in any column the entry uses
            ("3A001", "AR", None), // MT row covers 3A001.a.1.a only: heading cannot decide
            ("3A001.a.7", "AR", Some(false)), // outside the MT row's paragraphs
            ("3A001.a.1.a", "GB", Some(false)),
            ("EAR99", "GB", Some(false)), // 734.3(c): no chart reason
            ("EAR99", "CU", Some(true)),  // part 746 embargo
            ("3A001.a.7", "FR", None),    // no chart row in this data
            ("XI(c)", "GB", None),        // USML: not a chart question
            ("3A999", "GB", None),        // unknown ECCN
            // 738.4(a): a `qualified` row's scope turns on more than its lists.
            ("3A002.b", "AR", None), // MT1 marked; MT row names only another entry's paragraph (like 9A001/9A101): undecided
            ("3A002.b", "IN", None), // NS2 marked; the carve-out of a qualified row may be conditional (like 9A610.x): undecided
            ("3A002.b", "GB", Some(false)), // NS1 marked, but outside the own-entry list of the qualified NS1 row
            ("3A002.a", "GB", Some(true)),  // within the qualified NS1 row's list: applies
            // 15 CFR 746.8: Russia and Belarus need licenses beyond the chart (any ECCN,
            // and EAR99 items the part 746 supplements list): the chart cannot say NLR.
            ("3A001.a.7", "RU", None),
            ("EAR99", "RU", None),
        ] {
            assert_eq!(check(code, dest), want, "{code} to {dest}");
        }
    }
}
