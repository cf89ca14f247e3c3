//! Reexport analysis: every line of a BOM located abroad and moving on to a third
//! country.
//!
//! What it decides, line by line, each verdict with its paragraph:
//! - USML lines (and assemblies incorporating them): prohibited to a 22 CFR 126.1
//!   country; otherwise DDTC written approval (22 CFR 123.9(a)) unless 123.9(e) may
//!   cover U.S.-origin components incorporated abroad and bound for the governments it
//!   lists — then the conditions to confirm are listed (never a silent "authorized").
//! - U.S.-origin EAR lines moving on their own: what the Commerce Country Chart says
//!   for the new destination ([`crate::ear::chart_license_required`]). U.S.-origin lines
//!   incorporated into a foreign-made assembly move as part of it: de minimis decides.
//! - Foreign-made lines: subject to the EAR only through de minimis
//!   ([`crate::de_minimis`]) or a foreign direct product rule (15 CFR 734.9); when the
//!   item's classification and the destination fall in an FDP rule's scope, REVIEW.
//!
//! What it does not decide: the ITAR exemptions of part 126 (126.4, 126.5, 126.7,
//! 126.16, 126.17 — the plan stage), license exceptions, end-use / end-user rules
//! (part 744 and the party-based FDP rules), contract values and provisos that the BOM
//! does not carry.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::data::Catalog;
use crate::de_minimis::{self, by_id, AssemblyResult, DeMinimisReport};
use crate::ear::chart_license_required;
use crate::model::{Bom, ClassCode, Country, Jurisdiction, Ruling};

/// Governments to which 22 CFR 123.9(e) lets U.S.-origin components incorporated into a
/// foreign defense article be reexported without prior DDTC approval: NATO, its
/// agencies and member governments, and Australia, Israel, Japan, New Zealand and the
/// Republic of Korea. NATO membership as of 2024 (32 members, Sweden the latest).
pub const ITAR_123_9_E_GOVERNMENTS: &[&str] = &[
    // NATO members
    "AL", "BE", "BG", "CA", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR", "HU", "IS",
    "IT", "LT", "LU", "LV", "ME", "MK", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "TR",
    "US", // the paragraph's other governments
    "AU", "IL", "JP", "KR", "NZ",
];

/// The verdict for one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReexportVerdict {
    /// 22 CFR 126.1 destination for a defense article.
    Prohibited,
    /// DDTC written approval needed (22 CFR 123.9(a)).
    DdtcApproval,
    /// 22 CFR 123.9(e) may cover it if the listed conditions hold; else DDTC approval.
    Conditional,
    /// The EAR applies and the chart requires a license to the new destination.
    LicenseRequired,
    /// The EAR applies and the chart requires no license (NLR; part 744 not checked).
    NoLicenseRequired,
    /// Foreign-made and not subject to the EAR (de minimis met, no FDP scope hit).
    NotSubject,
    /// Moves as part of a foreign-made assembly; see that assembly's verdict.
    Incorporated,
    /// The tool cannot decide.
    Review,
}

impl ReexportVerdict {
    /// Kebab-case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ReexportVerdict::Prohibited => "prohibited",
            ReexportVerdict::DdtcApproval => "ddtc-approval",
            ReexportVerdict::Conditional => "conditional",
            ReexportVerdict::LicenseRequired => "license-required",
            ReexportVerdict::NoLicenseRequired => "no-license-required",
            ReexportVerdict::NotSubject => "not-subject",
            ReexportVerdict::Incorporated => "incorporated",
            ReexportVerdict::Review => "review",
        }
    }
}

impl fmt::Display for ReexportVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reexport result for one line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineResult {
    /// Line id.
    pub id: String,
    /// Parent id.
    pub parent: Option<String>,
    /// Depth in the tree.
    pub depth: usize,
    /// Description.
    pub description: String,
    /// Origin, if known.
    pub origin: Option<Country>,
    /// ITAR, EAR or REVIEW.
    pub jurisdiction: Jurisdiction,
    /// Classification, if any.
    pub classification: Option<String>,
    /// The verdict.
    pub verdict: ReexportVerdict,
    /// Reasons, in order.
    pub reasons: Vec<String>,
    /// Conditions that must hold for a `conditional` verdict, or obligations.
    pub conditions: Vec<String>,
    /// Citations.
    pub citations: Vec<String>,
}

/// Reexport analysis of a BOM from one foreign country to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReexportReport {
    /// Where the items are.
    pub from: Country,
    /// Where they go.
    pub to: Country,
    /// One result per line, in tree order.
    pub lines: Vec<LineResult>,
    /// The de minimis computation for the new destination, used for foreign-made lines.
    pub de_minimis: DeMinimisReport,
    /// Notes for the whole report.
    pub notes: Vec<String>,
}

/// Why a reexport question cannot be asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReexportError {
    /// From the United States: that is an export.
    #[error("the items are in the United States: moving them abroad is an export, not a reexport (use `exportctl plan`)")]
    FromUnitedStates,
    /// To the United States.
    #[error("the destination is the United States: that is a return, not a reexport")]
    ToUnitedStates,
    /// Same country.
    #[error("`{0}` is both the current location and the destination: that is an in-country transfer, not a reexport")]
    SameCountry(Country),
}

/// Does an FDP rule's scope (15 CFR 734.9, reach by destination) include this
/// classification and destination? Returns the paragraphs that may apply.
fn fdp_scope(catalog: &Catalog, code: Option<&ClassCode>, to: Country) -> Vec<String> {
    let g = |id: &str| catalog.groups.get(id).is_some_and(|m| m.contains(&to));
    let mut out = Vec::new();
    if ["RU", "BY"].contains(&to.code()) {
        out.push("15 CFR 734.9(f)".to_string());
    }
    let Some(code) = code else {
        // Unclassified: every destination-based rule could reach it.
        if g("D:1") || g("D:3") || g("D:4") || g("D:5") || g("E:1") || g("E:2") {
            out.push("15 CFR 734.9(b)-(d)".to_string());
        }
        if to.code() == "IR" {
            out.push("15 CFR 734.9(j)".to_string());
        }
        out.push("15 CFR 734.9(h)".to_string());
        return out;
    };
    let ClassCode::Eccn(e) = code else {
        return out;
    };
    let ns = catalog
        .eccn_entry(e)
        .is_some_and(|x| x.raw.reasons.iter().any(|r| r == "NS"));
    if ns && (g("D:1") || g("E:1") || g("E:2")) {
        out.push("15 CFR 734.9(b)".to_string());
    }
    if e.is_9x515() && (g("D:5") || g("E:1") || g("E:2")) {
        out.push("15 CFR 734.9(c)".to_string());
    }
    if e.is_600_series() && (g("D:1") || g("D:3") || g("D:4") || g("D:5") || g("E:1") || g("E:2")) {
        out.push("15 CFR 734.9(d)".to_string());
    }
    let adv = ["3A090", "4A090", "3E001", "4E001"].contains(&e.heading())
        || (e.path().first().is_some_and(|p| p == "z")
            && [
                "3A001", "4A003", "4A004", "4A005", "5A002", "5A004", "5A992",
            ]
            .contains(&e.heading()));
    if adv {
        out.push("15 CFR 734.9(h)".to_string());
    }
    if to.code() == "IR" && (3..=9).contains(&e.category()) {
        out.push("15 CFR 734.9(j)".to_string());
    }
    let sme = ["3B001", "3B002"].contains(&e.heading());
    if sme && (g("D:5") || to.code() == "MO") {
        out.push("15 CFR 734.9(k)".to_string());
    }
    if e.heading() == "4E091" {
        out.push("15 CFR 734.9(l)".to_string());
    }
    out.sort();
    out.dedup();
    out
}

fn to_123_9_e(to: Country) -> bool {
    ITAR_123_9_E_GOVERNMENTS.contains(&to.code())
}

/// Reexport analysis.
///
/// What it decides: see the module docs.
/// Citation: 22 CFR 123.9(a), (e); 22 CFR 126.1; 22 CFR 120.11(c); 15 CFR 734.3(a)(2),
/// 734.4, 734.9; 15 CFR 738.4.
/// Example: a German radar holding a U.S. `XI(c)(1)` ASIC, moving from Germany to
/// China → `prohibited` (22 CFR 126.1(d)(1)); to Japan → `conditional` (123.9(e)).
pub fn reexport(
    bom: &Bom,
    rulings: &[Ruling],
    catalog: &Catalog,
    from: Country,
    to: Country,
) -> Result<ReexportReport, ReexportError> {
    if from == Country::US {
        return Err(ReexportError::FromUnitedStates);
    }
    if to == Country::US {
        return Err(ReexportError::ToUnitedStates);
    }
    if from == to {
        return Err(ReexportError::SameCountry(from));
    }
    let rmap = by_id(rulings);
    let dm = de_minimis::de_minimis(bom, rulings, catalog, to);
    let dm_by: BTreeMap<&str, &AssemblyResult> =
        dm.assemblies.iter().map(|a| (a.id.as_str(), a)).collect();
    let taint = crate::taint::taint(bom, rulings);
    let status_of: BTreeMap<&str, crate::taint::TaintStatus> = taint
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n.status))
        .collect();
    let proscribed = catalog.proscribed.get(&to);

    let mut results: BTreeMap<usize, LineResult> = BTreeMap::new();
    let order = bom.preorder();
    // Bottom-up is not needed: assemblies look at their descendants' results, so
    // compute leaves-first by walking the pre-order backwards.
    for &i in order.iter().rev() {
        let it = &bom.items()[i];
        let (j, code) = match rmap.get(it.id.as_str()) {
            Some(r) => (r.jurisdiction, r.classification.clone()),
            None => (Jurisdiction::Review, None),
        };
        let mut r = LineResult {
            id: it.id.clone(),
            parent: it.parent.clone(),
            depth: bom.depth(i),
            description: it.description.clone(),
            origin: it.origin,
            jurisdiction: j,
            classification: code.as_ref().map(ToString::to_string),
            verdict: ReexportVerdict::Review,
            reasons: Vec::new(),
            conditions: Vec::new(),
            citations: Vec::new(),
        };
        // Nearest foreign-made ancestor (the article it is incorporated into).
        let mut foreign_ancestor = None;
        let mut cur = bom.parent_of(i);
        while let Some(c) = cur {
            if bom.items()[c].origin.is_some_and(|o| o != Country::US) {
                foreign_ancestor = Some(c);
                break;
            }
            cur = bom.parent_of(c);
        }
        let status = status_of.get(it.id.as_str()).copied();

        if j == Jurisdiction::Itar {
            itar_line(
                catalog,
                &mut r,
                code.as_ref(),
                it.origin,
                foreign_ancestor.is_some(),
                to,
                proscribed,
            );
        } else if status == Some(crate::taint::TaintStatus::Tainted) {
            // An assembly incorporating USML content: the strictest verdict below it.
            let below: Vec<&LineResult> = de_minimis::descendants(bom, i)
                .into_iter()
                .filter_map(|d| results.get(&d))
                .filter(|x| x.jurisdiction == Jurisdiction::Itar)
                .collect();
            let mut below = below;
            below.sort_by(|a, b| a.id.cmp(&b.id));
            let worst = below
                .iter()
                .map(|x| x.verdict)
                .min()
                .unwrap_or(ReexportVerdict::Review);
            r.verdict = worst;
            let ids: Vec<&str> = below.iter().map(|x| x.id.as_str()).collect();
            r.reasons.push(format!(
                "incorporates USML content ({}): the ITAR follows it into this assembly, so the assembly moves under the ITAR",
                ids.join(", ")
            ));
            r.citations.push("22 CFR 120.11(c)".into());
            for x in &below {
                for c in &x.citations {
                    if !r.citations.contains(c) {
                        r.citations.push(c.clone());
                    }
                }
                if worst == ReexportVerdict::Conditional {
                    for c in &x.conditions {
                        if !r.conditions.contains(c) {
                            r.conditions.push(c.clone());
                        }
                    }
                }
            }
        } else if j == Jurisdiction::Review || code.is_none() {
            r.reasons.push("unclassified (REVIEW): it could be USML or EAR; no reexport verdict without a classification".into());
        } else if status == Some(crate::taint::TaintStatus::PossiblyTainted) {
            r.reasons.push("unclassified content below this line could be USML: the ITAR may govern the whole assembly".into());
            r.citations.push("22 CFR 120.11(c)".into());
        } else if let Some(code) = code.as_ref() {
            match it.origin {
                None => r.reasons.push("origin unknown: a U.S.-origin item is subject to the EAR wherever located; a foreign-made one only through de minimis or an FDP rule".into()),
                Some(o) if o == Country::US => {
                    if let Some(a) = foreign_ancestor {
                        r.verdict = ReexportVerdict::Incorporated;
                        r.reasons.push(format!(
                            "U.S.-origin line incorporated into foreign-made `{}`: it moves as part of that item, and counts toward its de minimis",
                            bom.items()[a].id
                        ));
                        r.citations.push("15 CFR 734.4".into());
                        r.citations.push("15 CFR 734, Supp. 2, (a)(1)".into());
                    } else {
                        chart_verdict(catalog, &mut r, code, to, "U.S.-origin item: subject to the EAR wherever located");
                        r.citations.insert(0, "15 CFR 734.3(a)(2)".into());
                    }
                }
                Some(_) => {
                    foreign_line(catalog, &mut r, code, to, bom.children_of(i).is_empty(), dm_by.get(it.id.as_str()).copied());
                }
            }
        }
        results.insert(i, r);
    }
    let lines = order.iter().filter_map(|i| results.remove(i)).collect();
    let mut notes = vec![
        "ITAR exemptions of part 126 (e.g. 126.4, 126.5, 126.7, 126.16, 126.17) are not evaluated here; the licensing plan considers them".to_string(),
        "End-use and end-user controls (15 CFR 744) and the party-based foreign direct product rules (734.9(e), (g), (i)) are not evaluated".to_string(),
    ];
    if let Some(p) = proscribed {
        notes.push(format!(
            "{} is a 22 CFR 126.1 country ({})",
            p.raw.name, p.raw.paragraph
        ));
    }
    Ok(ReexportReport {
        from,
        to,
        lines,
        de_minimis: dm,
        notes,
    })
}

fn itar_line(
    catalog: &Catalog,
    r: &mut LineResult,
    code: Option<&ClassCode>,
    origin: Option<Country>,
    incorporated_abroad: bool,
    to: Country,
    proscribed: Option<&crate::data::catalog::ProscribedCountry>,
) {
    if let Some(p) = proscribed {
        r.verdict = ReexportVerdict::Prohibited;
        r.reasons.push(format!(
            "defense article bound for {}, a 22 CFR 126.1 country: approvals are denied as a matter of policy",
            p.raw.name
        ));
        r.citations.push("22 CFR 126.1".into());
        r.citations.push(p.raw.paragraph.clone());
        return;
    }
    r.verdict = ReexportVerdict::DdtcApproval;
    r.citations.push("22 CFR 123.9(a)".into());
    if origin.is_some_and(|o| o != Country::US) {
        r.reasons.push("USML-classified line of foreign origin: treated as a defense article (fail closed); confirm whether it was ever exported from the United States".into());
    }
    let entry = match code {
        Some(ClassCode::Usml(u)) => {
            let mut id = Some(u.clone());
            let mut found = None;
            while let Some(x) = id {
                if let Some(e) = catalog.usml.get(&x) {
                    found = Some(e);
                    break;
                }
                id = x.parent();
            }
            found
        }
        _ => None,
    };
    let blockers = |r: &mut LineResult| -> bool {
        let Some(e) = entry else {
            r.reasons.push("the USML paragraph is not in the data: its SME / MT status, which 123.9(e)(2) depends on, is unknown".into());
            return true;
        };
        let mut b = false;
        if e.raw.sme {
            r.reasons.push(format!(
                "`{}` is Significant Military Equipment: 123.9(e)(2) excludes it",
                e.id
            ));
            b = true;
        }
        if e.raw.mt {
            r.reasons.push(format!(
                "`{}` is an MTCR item: 123.9(e)(2) excludes it",
                e.id
            ));
            b = true;
        }
        // A line classified more coarsely than an SME or MTCR paragraph may be one.
        if let Some(ClassCode::Usml(u)) = code {
            let finer: Vec<String> = catalog
                .usml
                .values()
                .filter(|x| x.id != *u && x.id.is_within(u) && (x.raw.sme || x.raw.mt))
                .map(|x| format!("`{}`", x.id))
                .collect();
            if !b && !finer.is_empty() {
                r.reasons.push(format!(
                    "`{u}` includes Significant Military Equipment or MTCR paragraphs ({}): 123.9(e)(2) may exclude it; classify to paragraph level",
                    finer.join(", ")
                ));
                b = true;
            }
        }
        b
    };
    if !incorporated_abroad {
        r.reasons.push("defense article moving on its own (not a component incorporated into a foreign defense article): DDTC written approval is needed before the reexport".into());
        return;
    }
    if origin != Some(Country::US) {
        r.reasons.push("123.9(e) covers U.S.-origin components only, and this line is not known to be U.S.-origin: DDTC written approval".into());
        return;
    }
    if !to_123_9_e(to) {
        r.reasons.push(format!(
            "component incorporated abroad, but {to} is not among the governments 123.9(e) lists (NATO and its members, Australia, Israel, Japan, New Zealand, Republic of Korea): DDTC written approval"
        ));
        return;
    }
    if blockers(r) {
        r.reasons.push("so DDTC written approval is needed".into());
        return;
    }
    r.verdict = ReexportVerdict::Conditional;
    r.citations.push("22 CFR 123.9(e)".into());
    r.reasons.push(format!(
        "U.S.-origin component incorporated into a foreign article bound for {to}: 123.9(e) may apply without prior DDTC approval if every condition holds; otherwise DDTC written approval"
    ));
    r.conditions.extend([
        "the end item it is incorporated into is a foreign defense article (123.9(e))".to_string(),
        format!("the recipient is NATO, a NATO agency or the government of {to} (123.9(e))"),
        "the component was exported from the U.S. under a license, written authorization or an exemption other than 126.16 or 126.17 (123.9(e)(1))".to_string(),
        "not major defense equipment sold under a contract of $25,000,000 or more, and not defense articles or services sold under a contract of $100,000,000 or more (123.9(e)(2))".to_string(),
        "written notice to DDTC no later than 30 days after the reexport, naming the articles and the recipient government (123.9(e)(3))".to_string(),
        "the original approval carries no reexport or retransfer restriction that bars this paragraph (123.9(e)(4))".to_string(),
    ]);
}

fn chart_verdict(catalog: &Catalog, r: &mut LineResult, code: &ClassCode, to: Country, why: &str) {
    let cd = chart_license_required(catalog, code, to);
    r.citations.extend(cd.citations.iter().cloned());
    match cd.license_required {
        Some(true) => {
            r.verdict = ReexportVerdict::LicenseRequired;
            let hits: Vec<String> = cd.hits.iter().map(|h| h.why.clone()).collect();
            r.reasons.push(format!(
                "{why}; license required to {to}: {}",
                hits.join("; ")
            ));
        }
        Some(false) => {
            r.verdict = ReexportVerdict::NoLicenseRequired;
            r.reasons.push(format!(
                "{why}; the chart requires no license to {to} (NLR; end-use and end-user controls not checked)"
            ));
        }
        None => {
            r.verdict = ReexportVerdict::Review;
            r.reasons.push(format!(
                "{why}; the chart cannot decide: {}",
                cd.notes.join("; ")
            ));
        }
    }
}

fn foreign_line(
    catalog: &Catalog,
    r: &mut LineResult,
    code: &ClassCode,
    to: Country,
    leaf: bool,
    dm: Option<&AssemblyResult>,
) {
    let fdp = fdp_scope(catalog, Some(code), to);
    let dm_verdict = if leaf {
        r.reasons
            .push("foreign-made with no parts listed: no U.S.-origin content to count".into());
        r.citations.push("15 CFR 734.3(a)(3)".into());
        Some(de_minimis::Verdict::NotSubject)
    } else {
        dm.map(|a| {
            r.reasons.push(format!("de minimis to {to}: {}", a.verdict));
            r.reasons.extend(a.reasons.iter().cloned());
            r.citations.extend(a.citations.iter().cloned());
            a.verdict
        })
    };
    match dm_verdict {
        Some(de_minimis::Verdict::Subject) => {
            chart_verdict(
                catalog,
                r,
                code,
                to,
                "subject to the EAR through its U.S.-origin content (15 CFR 734.3(a)(3))",
            );
        }
        Some(de_minimis::Verdict::NotSubject) if fdp.is_empty() => {
            r.verdict = ReexportVerdict::NotSubject;
            r.reasons.push(
                "no foreign direct product rule's scope covers this classification and destination"
                    .into(),
            );
            r.citations.push("15 CFR 734.9".into());
        }
        Some(de_minimis::Verdict::NotSubject) => {
            r.verdict = ReexportVerdict::Review;
            r.reasons.push(format!(
                "not subject by de minimis, but a foreign direct product rule may reach it ({}): whether it is a direct product of U.S. technology or software is not in the BOM",
                fdp.join(", ")
            ));
            r.citations.extend(fdp);
        }
        _ => {
            r.verdict = ReexportVerdict::Review;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let files = crate::data::read_dir(std::path::Path::new("fixtures/catalogs/tree")).unwrap();
        Catalog::from_files(&files).unwrap()
    }

    /// (classification, destination, FDP paragraphs whose reach covers it) — 15 CFR
    /// 734.9 as summarised in the reference (product scope x destination scope).
    const FDP: &[(&str, &str, &[&str])] = &[
        ("9A610.x", "CN", &["15 CFR 734.9(b)", "15 CFR 734.9(d)"]),
        ("9A610.x", "DE", &[]),
        (
            "9A515.x",
            "IR",
            &["15 CFR 734.9(b)", "15 CFR 734.9(c)", "15 CFR 734.9(j)"],
        ),
        ("3A991", "CN", &[]),
        ("3A991", "IR", &["15 CFR 734.9(j)"]),
        ("EAR99", "RU", &["15 CFR 734.9(f)"]),
        ("EAR99", "CN", &[]),
        ("3A001.z.1", "GB", &["15 CFR 734.9(h)"]),
    ];

    #[test]
    fn fdp_scope_by_classification_and_destination_734_9() {
        let cat = catalog();
        for &(code, to, want) in FDP {
            let got = fdp_scope(
                &cat,
                Some(&ClassCode::parse(code).unwrap()),
                Country::parse(to).unwrap(),
            );
            assert_eq!(got, want, "{code} to {to}");
        }
        // Unclassified: every destination-based rule could reach it.
        assert!(!fdp_scope(&cat, None, Country::parse("GB").unwrap()).is_empty());
    }

    #[test]
    fn governments_of_123_9_e_are_valid_codes() {
        for c in ITAR_123_9_E_GOVERNMENTS {
            assert!(Country::parse(c).is_some(), "{c}");
        }
        assert_eq!(ITAR_123_9_E_GOVERNMENTS.len(), 32 + 5);
    }
}
