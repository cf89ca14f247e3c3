//! Consistency checks beyond what [`super::Catalog::from_files`] enforces, used by
//! `exportctl data validate` and the data tests, plus the counts `data info` prints.
//!
//! These checks look across lists: control rows against the country chart, references
//! inside CCL entries against the paragraphs that exist, country groups against the
//! group ids the rules use. They report; they never change the data.

use std::collections::{BTreeMap, BTreeSet};

use super::Catalog;
use crate::diag::{Location, Problem};
use crate::model::Eccn;

/// Country groups of Supp. No. 1 to part 740 that the data may name.
pub const GROUP_IDS: &[&str] = &[
    "A:1", "A:2", "A:3", "A:4", "A:5", "A:6", "B", "C", "D:1", "D:2", "D:3", "D:4", "D:5", "E:1",
    "E:2",
];

/// Counts per list, keyed by a stable snake_case name.
pub fn counts(cat: &Catalog) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    m.insert("usml_categories", cat.usml_categories.len());
    m.insert("usml_paragraphs", cat.usml.len());
    m.insert("ccl_categories", cat.ccl_categories.len());
    m.insert("ccl_eccns", cat.ccl.len());
    m.insert(
        "ccl_paragraphs",
        cat.ccl.values().map(|e| e.items.len()).sum(),
    );
    m.insert(
        "ccl_thresholds",
        cat.ccl
            .values()
            .map(|e| {
                e.raw.matching.thresholds.len()
                    + e.raw
                        .item
                        .iter()
                        .map(|i| i.matching.thresholds.len())
                        .sum::<usize>()
            })
            .sum(),
    );
    m.insert("chart_countries", cat.chart.len());
    m.insert("country_groups", cat.groups.len());
    m.insert("itar_126_1_countries", cat.proscribed.len());
    m.insert("itar_supp1_rows", cat.supp1.len());
    m.insert("itar_supp2_rows", cat.supp2.len());
    m
}

fn file_of(e: &Eccn) -> String {
    format!("data/ccl/cat-{}.toml", e.category())
}

/// References inside CCL entries (control rows, license exceptions) to paragraphs
/// that the data does not hold. These are warnings: the source sometimes names a
/// paragraph it does not print (e.g. `3A001.z.1.a` without a `z.1` line).
pub fn reference_warnings(cat: &Catalog) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = cat.ccl.values().collect();
    entries.sort_by_key(|e| e.order);
    for e in entries {
        for c in &e.raw.control {
            for p in c.paragraphs.iter().chain(&c.except) {
                check_ref(cat, &e.id, "control row", p, &mut out);
            }
        }
        for x in &e.raw.exception {
            for p in x.paragraphs.iter().chain(&x.excluded) {
                check_ref(
                    cat,
                    &e.id,
                    &format!("license exception `{}`", x.code),
                    p,
                    &mut out,
                );
            }
        }
    }
    out
}

/// Every problem the cross-list checks find, in data order:
///
/// - each Control(s) row has a chart column whose prefix is its reason, or a
///   documented non-chart scope (`destinations` or a `see` reference);
/// - each destination is a known country group or country;
/// - each country group id is one of Supp. No. 1 to part 740.
pub fn check(cat: &Catalog) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = cat.ccl.values().collect();
    entries.sort_by_key(|e| e.order);
    for e in entries {
        let file = file_of(&e.id);
        let loc = || Location::file(file.clone());
        for c in &e.raw.control {
            match &c.column {
                Some(col) => {
                    if !col.starts_with(c.reason.as_str()) {
                        out.push(Problem::new(
                            loc(),
                            format!(
                                "ECCN `{}`: reason `{}` is mapped to column `{col}` of another reason",
                                e.id, c.reason
                            ),
                        ));
                    }
                }
                None => {
                    if c.destinations.is_empty() && c.see.is_none() {
                        out.push(
                            Problem::new(
                                loc(),
                                format!(
                                    "ECCN `{}`: reason `{}` has no country-chart column and no destination scope",
                                    e.id, c.reason
                                ),
                            )
                            .with_hint("give `column = \"NS2\"`, or `destinations` / `see` for a non-chart control"),
                        );
                    }
                }
            }
            for d in c.destinations.iter().chain(&c.except_destinations) {
                let known = d == "worldwide"
                    || GROUP_IDS.contains(&d.as_str())
                    || crate::model::Country::parse(d).is_some();
                if !known {
                    out.push(Problem::new(
                        loc(),
                        format!("ECCN `{}`: destination `{d}` is neither a country group nor a country code", e.id),
                    ));
                }
            }
        }
    }
    for g in cat.groups.keys() {
        if !GROUP_IDS.contains(&g.as_str()) {
            out.push(Problem::new(
                Location::file("data/ccl/country-groups.toml"),
                format!("group `{g}` is not a country group of Supp. No. 1 to part 740"),
            ));
        }
    }
    out
}

fn check_ref(cat: &Catalog, owner: &Eccn, what: &str, p: &str, out: &mut Vec<Problem>) {
    let loc = Location::file(file_of(owner));
    match Eccn::parse(p) {
        Ok(id) => {
            // References to other ECCNs are only checked when that ECCN's category is loaded.
            let loaded: BTreeSet<u8> = cat.ccl_categories.keys().copied().collect();
            let missing = if id.heading() == owner.heading() {
                !cat.eccn_exists(&id)
            } else {
                loaded.contains(&id.category()) && cat.eccn_entry(&id).is_none()
            };
            if missing {
                out.push(
                    Problem::new(
                        loc,
                        format!(
                            "ECCN `{owner}`: {what} refers to `{id}`, which is not in the data"
                        ),
                    )
                    .with_hint("add the paragraph, or correct the reference"),
                );
            }
        }
        Err(m) => out.push(Problem::new(loc, format!("ECCN `{owner}`: {what}: {m}"))),
    }
}
