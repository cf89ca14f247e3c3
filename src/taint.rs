//! ITAR see-through taint over the BOM tree (22 CFR 120.11(c)).
//!
//! What it decides: which assemblies incorporate a USML-classified line somewhere
//! below them and therefore stay subject to the ITAR whatever that line's share of
//! value (there is no de minimis for ITAR content); the paths down to each USML line;
//! the USML categories involved; the tainting lines' value share; and the untaint set —
//! the USML lines (topmost on each path) that would have to leave the assembly for it
//! to stop incorporating USML content, with their value. Unclassified (REVIEW) lines
//! make an assembly "possibly tainted": it fails closed.
//!
//! What it does not decide: whether a part could be re-sourced or reclassified (the
//! untaint set is a fact about the tree, not advice), exemptions, or the ITAR status
//! of foreign-made USML-described items that never were U.S. exports.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::de_minimis::{by_id, descendants, multiplier, path_ids, sorted_sum, unit_value};
use crate::model::{Bom, ClassCode, Country, Jurisdiction, Ruling};

/// Taint status of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaintStatus {
    /// The line itself is classified on the USML.
    Usml,
    /// The line incorporates USML content below it (see-through).
    Tainted,
    /// No USML content is known below it, but unclassified (REVIEW) content is, or the
    /// line itself is unclassified: it may be ITAR.
    PossiblyTainted,
    /// Neither the line nor anything below it is USML or unclassified.
    Clean,
}

impl TaintStatus {
    /// Kebab-case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TaintStatus::Usml => "usml",
            TaintStatus::Tainted => "tainted",
            TaintStatus::PossiblyTainted => "possibly-tainted",
            TaintStatus::Clean => "clean",
        }
    }
}

impl fmt::Display for TaintStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A line with its taint status, in tree order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaintNode {
    /// Line id.
    pub id: String,
    /// Parent line id.
    pub parent: Option<String>,
    /// Depth in the tree (0 for a top-level line).
    pub depth: usize,
    /// Description.
    pub description: String,
    /// Origin, if known.
    pub origin: Option<Country>,
    /// ITAR, EAR or REVIEW.
    pub jurisdiction: Jurisdiction,
    /// Classification, if any.
    pub classification: Option<String>,
    /// Taint status.
    pub status: TaintStatus,
}

/// A USML line the assembly would have to lose to stop incorporating USML content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UntaintPart {
    /// Line id.
    pub id: String,
    /// Its USML classification.
    pub classification: String,
    /// Units in one unit of the assembly.
    pub quantity: f64,
    /// Value of those units, if known.
    pub value: Option<f64>,
    /// USML lines below it that go with it.
    pub includes: Vec<String>,
}

/// The untaint set of one assembly: a fact about the tree, not advice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Untaint {
    /// `false` when the assembly is itself USML-classified: removing parts does not
    /// change its own classification.
    pub possible_by_parts: bool,
    /// The topmost USML lines on the taint paths.
    pub replace: Vec<UntaintPart>,
    /// Total value of `replace`, when every value is known.
    pub replace_value: Option<f64>,
    /// Unclassified lines (not under a USML line) that must be classified before the
    /// assembly can be called clean.
    pub unresolved: Vec<String>,
}

/// One tainted or possibly tainted assembly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaintedAssembly {
    /// Line id.
    pub id: String,
    /// Description.
    pub description: String,
    /// Origin, if known.
    pub origin: Option<Country>,
    /// `tainted`, `possibly-tainted` or `usml`.
    pub status: TaintStatus,
    /// Chains of line ids from the assembly down to each USML line below it.
    pub paths: Vec<Vec<String>>,
    /// Chains down to each unclassified line below it.
    pub review_paths: Vec<Vec<String>>,
    /// USML categories involved (Roman), sorted.
    pub categories: Vec<String>,
    /// Value of the tainting lines in one unit of the assembly, when known.
    pub tainting_value: Option<f64>,
    /// The assembly's unit value, when known.
    pub assembly_value: Option<f64>,
    /// tainting_value / assembly_value x 100, when both are known.
    pub share_percent: Option<f64>,
    /// Lines whose missing value keeps the share unknown (REVIEW).
    pub missing_values: Vec<String>,
    /// The untaint set.
    pub untaint: Untaint,
    /// Citations.
    pub citations: Vec<String>,
}

/// The taint analysis of a BOM.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaintReport {
    /// Every line in tree (pre-)order with its status.
    pub nodes: Vec<TaintNode>,
    /// Assemblies (lines with parts) that are tainted, possibly tainted or USML,
    /// in tree order.
    pub assemblies: Vec<TaintedAssembly>,
}

impl TaintReport {
    /// Number of assemblies with each status.
    pub fn counts(&self) -> BTreeMap<TaintStatus, usize> {
        let mut m = BTreeMap::new();
        for a in &self.assemblies {
            *m.entry(a.status).or_insert(0) += 1;
        }
        m
    }
}

/// ITAR see-through taint over the tree.
///
/// What it decides: see the module docs.
/// Citation: 22 CFR 120.11(c) (USML articles stay controlled after incorporation into
/// items not on the USML); 22 CFR 123.9 for what that means when the assembly moves on.
/// Example: board `B` holds a `XI(c)(1)` ASIC → `B` and every assembly above it are
/// tainted, with path `[top, B, asic]`.
pub fn taint(bom: &Bom, rulings: &[Ruling]) -> TaintReport {
    let rmap = by_id(rulings);
    let n = bom.len();
    let jur: Vec<(Jurisdiction, Option<ClassCode>)> = bom
        .items()
        .iter()
        .map(|it| match rmap.get(it.id.as_str()) {
            Some(r) => (r.jurisdiction, r.classification.clone()),
            None => (Jurisdiction::Review, None),
        })
        .collect();
    let is_usml = |i: usize| jur[i].0 == Jurisdiction::Itar;
    let is_review = |i: usize| jur[i].0 == Jurisdiction::Review;

    let mut nodes = Vec::with_capacity(n);
    let mut assemblies = Vec::new();
    for i in bom.preorder() {
        let it = &bom.items()[i];
        let desc = descendants(bom, i);
        let usml_below: Vec<usize> = desc.iter().copied().filter(|&d| is_usml(d)).collect();
        let review_below: Vec<usize> = desc.iter().copied().filter(|&d| is_review(d)).collect();
        let status = if is_usml(i) {
            TaintStatus::Usml
        } else if !usml_below.is_empty() {
            TaintStatus::Tainted
        } else if is_review(i) || !review_below.is_empty() {
            TaintStatus::PossiblyTainted
        } else {
            TaintStatus::Clean
        };
        nodes.push(TaintNode {
            id: it.id.clone(),
            parent: it.parent.clone(),
            depth: bom.depth(i),
            description: it.description.clone(),
            origin: it.origin,
            jurisdiction: jur[i].0,
            classification: jur[i].1.as_ref().map(ToString::to_string),
            status,
        });
        if desc.is_empty() || (usml_below.is_empty() && review_below.is_empty()) {
            continue;
        }

        // Topmost USML lines: USML lines with no USML ancestor below the assembly.
        let has_usml_ancestor = |d: usize| {
            let mut cur = bom.parent_of(d);
            while let Some(c) = cur {
                if c == i {
                    return false;
                }
                if is_usml(c) {
                    return true;
                }
                cur = bom.parent_of(c);
            }
            false
        };
        let top: Vec<usize> = usml_below
            .iter()
            .copied()
            .filter(|&d| !has_usml_ancestor(d))
            .collect();
        let mut missing = BTreeSet::new();
        let mut replace = Vec::new();
        let mut vals = Vec::new();
        for &t in &top {
            let q = multiplier(bom, i, t);
            let v = match unit_value(bom, t) {
                Ok((v, _)) => Some(v * q),
                Err(m) => {
                    missing.extend(m);
                    None
                }
            };
            if let Some(v) = v {
                vals.push((bom.items()[t].id.clone(), v));
            }
            let mut includes: Vec<String> = descendants(bom, t)
                .into_iter()
                .filter(|&d| is_usml(d))
                .map(|d| bom.items()[d].id.clone())
                .collect();
            includes.sort();
            replace.push(UntaintPart {
                id: bom.items()[t].id.clone(),
                classification: jur[t]
                    .1
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                quantity: q,
                value: v,
                includes,
            });
        }
        replace.sort_by(|a, b| a.id.cmp(&b.id));
        let tainting_value = (missing.is_empty() && !top.is_empty()).then(|| sorted_sum(vals));
        let assembly_value = match unit_value(bom, i) {
            Ok((v, _)) => Some(v),
            Err(m) => {
                if !top.is_empty() {
                    missing.extend(m);
                }
                None
            }
        };
        let share_percent = match (tainting_value, assembly_value) {
            (Some(t), Some(a)) if a > 0.0 => Some(t / a * 100.0),
            _ => None,
        };
        let under_usml = |d: usize| {
            let mut cur = bom.parent_of(d);
            while let Some(c) = cur {
                if c == i {
                    return false;
                }
                if is_usml(c) {
                    return true;
                }
                cur = bom.parent_of(c);
            }
            false
        };
        let mut unresolved: Vec<String> = review_below
            .iter()
            .copied()
            .filter(|&d| !under_usml(d))
            .map(|d| bom.items()[d].id.clone())
            .collect();
        unresolved.sort();
        let mut paths: Vec<Vec<String>> = usml_below.iter().map(|&d| path_ids(bom, i, d)).collect();
        paths.sort();
        let mut review_paths: Vec<Vec<String>> =
            review_below.iter().map(|&d| path_ids(bom, i, d)).collect();
        review_paths.sort();
        let mut categories: BTreeSet<(u8, String)> = BTreeSet::new();
        for &d in usml_below.iter().chain(is_usml(i).then_some(&i)) {
            if let Some(ClassCode::Usml(u)) = &jur[d].1 {
                categories.insert((u.category(), u.category_roman().to_string()));
            }
        }
        let mut citations = vec!["22 CFR 120.11(c)".to_string()];
        for c in &categories {
            citations.push(format!("22 CFR 121.1, Category {}", c.1));
        }
        assemblies.push(TaintedAssembly {
            id: it.id.clone(),
            description: it.description.clone(),
            origin: it.origin,
            status,
            paths,
            review_paths,
            categories: categories.into_iter().map(|c| c.1).collect(),
            tainting_value,
            assembly_value,
            share_percent,
            missing_values: missing.into_iter().collect(),
            untaint: Untaint {
                possible_by_parts: !is_usml(i),
                replace_value: tainting_value,
                replace,
                unresolved,
            },
            citations,
        });
    }
    TaintReport { nodes, assemblies }
}
