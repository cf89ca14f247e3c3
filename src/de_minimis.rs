//! EAR de minimis: the share of U.S.-origin controlled content in foreign-made
//! assemblies, compared with the threshold for the destination (15 CFR 734.4 and
//! supp. 2 to part 734).
//!
//! What it decides: for every foreign-made assembly in a BOM and one destination, the
//! numerator (value of incorporated U.S.-origin content that would need a license to
//! that destination under the Commerce Country Chart, [`crate::ear::chart_license_required`]),
//! the denominator (the assembly's value), the percentage, the threshold (25% under
//! 734.4(d), 10% for Country Group E:1/E:2 under 734.4(c), none for the 734.4(a)
//! cases) and a verdict: subject / not subject to the EAR, ITAR (de minimis does not
//! apply), or REVIEW.
//!
//! What it does not decide: license exceptions other than the GBS carve-out of supp. 2
//! (a)(1), end-use and end-user controls (part 744, which supp. 2 excludes from the
//! count anyway), the foreign direct product rules (15 CFR 734.9, see
//! [`crate::reexport`]), fair-market-value adjustments, or the one-time report for
//! commingled technology (734.4(c)(3)/(d)(3)). Missing origin or value that the
//! calculation needs never becomes a guess: the numerator is kept as a
//! [minimum, maximum] range and the verdict is REVIEW whenever the range straddles the
//! threshold.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::data::Catalog;
use crate::ear::chart_license_required;
use crate::model::{Bom, Citation, ClassCode, Country, Eccn, Jurisdiction, Ruling};

/// Relative tolerance used when comparing a percentage with a threshold, so that a
/// value exactly at the threshold (e.g. 25.0 of 100.0) is not pushed over it by
/// floating-point noise.
const EPSILON: f64 = 1e-9;

/// How an item's value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueBasis {
    /// The line's own unit value.
    UnitValue,
    /// Rolled up from its parts (quantity x unit value, recursively), because the
    /// line has no unit value of its own.
    RolledUp,
}

impl fmt::Display for ValueBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueBasis::UnitValue => "unit value",
            ValueBasis::RolledUp => "rolled up from parts",
        })
    }
}

/// The value of one unit of line `i`: its unit value, else the sum of its parts'
/// quantity x value. `Err` lists the line ids whose missing value blocks the answer.
pub fn unit_value(bom: &Bom, i: usize) -> Result<(f64, ValueBasis), Vec<String>> {
    let it = &bom.items()[i];
    if let Some(v) = it.unit_value {
        return Ok((v, ValueBasis::UnitValue));
    }
    let children = bom.children_of(i);
    if children.is_empty() {
        return Err(vec![it.id.clone()]);
    }
    let mut parts: Vec<(String, f64)> = Vec::new();
    let mut missing = Vec::new();
    for &c in children {
        match unit_value(bom, c) {
            Ok((v, _)) => parts.push((bom.items()[c].id.clone(), v * bom.items()[c].quantity)),
            Err(m) => missing.extend(m),
        }
    }
    if !missing.is_empty() {
        missing.sort();
        missing.dedup();
        return Err(missing);
    }
    Ok((sorted_sum(parts), ValueBasis::RolledUp))
}

/// Sums values in id order, so the result does not depend on row order.
pub(crate) fn sorted_sum(mut parts: Vec<(String, f64)>) -> f64 {
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    parts.iter().fold(0.0, |acc, p| acc + p.1)
}

/// Line ids from `top` (inclusive) down to `i` (inclusive).
pub(crate) fn path_ids(bom: &Bom, top: usize, i: usize) -> Vec<String> {
    let mut out = vec![bom.items()[i].id.clone()];
    let mut cur = i;
    while cur != top {
        match bom.parent_of(cur) {
            Some(p) => {
                out.push(bom.items()[p].id.clone());
                cur = p;
            }
            None => break,
        }
    }
    out.reverse();
    out
}

/// How many units of `i` go into one unit of `top` (product of quantities below `top`).
pub(crate) fn multiplier(bom: &Bom, top: usize, i: usize) -> f64 {
    let mut m = 1.0;
    let mut cur = i;
    while cur != top {
        m *= bom.items()[cur].quantity;
        match bom.parent_of(cur) {
            Some(p) => cur = p,
            None => break,
        }
    }
    m
}

/// Every descendant of `i` (not `i` itself), in pre-order.
pub(crate) fn descendants(bom: &Bom, i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack: Vec<usize> = bom.children_of(i).iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        out.push(n);
        stack.extend(bom.children_of(n).iter().rev());
    }
    out
}

/// Rulings by line id.
pub(crate) fn by_id(rulings: &[Ruling]) -> BTreeMap<&str, &Ruling> {
    rulings.iter().map(|r| (r.id.as_str(), r)).collect()
}

/// Is `c` in the named country group? `None` when the data lacks the group.
fn group(catalog: &Catalog, c: Country, g: &str) -> Option<bool> {
    catalog.groups.get(g).map(|m| m.contains(&c))
}

/// The verdict for one assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The foreign-made item is subject to the EAR (its U.S.-origin controlled content
    /// exceeds the threshold, or a 734.4(a) case has no de minimis level).
    Subject,
    /// The U.S.-origin controlled content does not exceed the threshold: the item is
    /// not subject to the EAR by reason of that content (734.4(c)/(d)).
    NotSubject,
    /// The assembly incorporates USML content: the ITAR governs and de minimis does
    /// not apply (22 CFR 120.11(c)).
    Itar,
    /// The tool cannot decide; a person must.
    Review,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Subject => "subject to the EAR",
            Verdict::NotSubject => "not subject to the EAR",
            Verdict::Itar => "ITAR (de minimis does not apply)",
            Verdict::Review => "REVIEW",
        })
    }
}

/// Whether a content line counts toward the numerator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Counted {
    /// U.S.-origin content that needs a license to the destination: counted.
    Controlled,
    /// U.S.-origin content that needs no license (NLR): not counted.
    NotControlled,
    /// Foreign-origin content: not counted (it is looked through for U.S. parts).
    Foreign,
    /// Cannot tell (origin unknown, classification REVIEW, chart undecided, GBS
    /// possible): counted in the maximum, not in the minimum.
    Uncertain,
}

impl Counted {
    /// Kebab-case name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Counted::Controlled => "controlled",
            Counted::NotControlled => "not-controlled",
            Counted::Foreign => "foreign",
            Counted::Uncertain => "uncertain",
        }
    }
}

impl fmt::Display for Counted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One content line considered for the numerator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Content {
    /// Line id.
    pub id: String,
    /// Line ids from the assembly down to this line.
    pub path: Vec<String>,
    /// Country of origin, if known.
    pub origin: Option<Country>,
    /// Classification, if any.
    pub classification: Option<String>,
    /// Units of this line in one unit of the assembly.
    pub quantity: f64,
    /// Value of those units (quantity x unit value), if known.
    pub value: Option<f64>,
    /// Whether it counts.
    pub counted: Counted,
    /// Why, in words.
    pub why: String,
    /// Citations behind `counted`.
    pub citations: Vec<String>,
}

/// The threshold that applies to an assembly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Threshold {
    /// Percentage the controlled content must exceed; `None` when there is no de
    /// minimis level.
    pub percent: Option<f64>,
    /// The paragraph.
    pub citation: String,
    /// Why this threshold, in words.
    pub why: String,
}

/// A 734.4(a) case found in the assembly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoDeMinimis {
    /// The paragraph, e.g. `15 CFR 734.4(a)(6)(i)`.
    pub citation: String,
    /// The content line (or the assembly) concerned.
    pub id: String,
    /// `true` when the case certainly applies; `false` when it may (REVIEW).
    pub certain: bool,
    /// Why, in words.
    pub why: String,
}

/// The de minimis result for one foreign-made (or unknown-origin) assembly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssemblyResult {
    /// Line id of the assembly.
    pub id: String,
    /// Its description.
    pub description: String,
    /// Its origin, if known.
    pub origin: Option<Country>,
    /// The verdict.
    pub verdict: Verdict,
    /// Value of counted content when exact.
    pub numerator: Option<f64>,
    /// Smallest possible value of counted content (known controlled lines only).
    pub numerator_min: Option<f64>,
    /// Largest possible value (adding every uncertain line); `None` when unbounded
    /// because an uncertain line has no value.
    pub numerator_max: Option<f64>,
    /// The assembly's value.
    pub denominator: Option<f64>,
    /// How the denominator was obtained.
    pub denominator_basis: Option<ValueBasis>,
    /// numerator / denominator x 100 when exact.
    pub percentage: Option<f64>,
    /// Lower bound of the percentage.
    pub percentage_min: Option<f64>,
    /// Upper bound of the percentage (`None` when unbounded).
    pub percentage_max: Option<f64>,
    /// The threshold that applies (absent for ITAR or when the destination's groups
    /// are unknown).
    pub threshold: Option<Threshold>,
    /// 734.4(a) cases found.
    pub no_de_minimis: Vec<NoDeMinimis>,
    /// USML lines that make the ITAR govern.
    pub itar_lines: Vec<String>,
    /// The content lines considered, sorted by id.
    pub content: Vec<Content>,
    /// The reasons for the verdict, in order.
    pub reasons: Vec<String>,
    /// Citations for the verdict.
    pub citations: Vec<String>,
}

/// De minimis results for a BOM and a destination.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeMinimisReport {
    /// The destination of the foreign-made items.
    pub destination: Country,
    /// One result per foreign-made or unknown-origin assembly, in BOM tree order.
    pub assemblies: Vec<AssemblyResult>,
    /// Notes that apply to the whole report.
    pub notes: Vec<String>,
}

/// Computes de minimis for every assembly (line with parts) not of U.S. origin.
///
/// What it decides: see the module docs.
/// Citation: 15 CFR 734.4(a), (c), (d); 15 CFR 734, Supp. 2, (a)(1).
/// Example: a German radio (value 1,000) with a U.S.-origin `3A001.b.1` tube worth
/// 300, bound for China (NS2 X): 30% > 25% → subject to the EAR.
pub fn de_minimis(
    bom: &Bom,
    rulings: &[Ruling],
    catalog: &Catalog,
    destination: Country,
) -> DeMinimisReport {
    let rmap = by_id(rulings);
    let mut assemblies = Vec::new();
    let mut us_assemblies = 0usize;
    for i in bom.preorder() {
        if bom.children_of(i).is_empty() {
            continue;
        }
        if bom.items()[i].origin == Some(Country::US) {
            us_assemblies += 1;
            continue;
        }
        assemblies.push(assess(bom, &rmap, catalog, destination, i));
    }
    let mut notes = vec![
        "De minimis does not take an item out of the EAR when a foreign direct product rule (15 CFR 734.9) reaches it; run `exportctl reexport` for that flag".to_string(),
        "Values are the BOM's unit values; supp. 2 to part 734 asks for the fair market value in the market where the foreign item is produced".to_string(),
    ];
    if us_assemblies > 0 {
        notes.push(format!(
            "{us_assemblies} U.S.-origin assembl{} skipped: U.S.-origin items are subject to the EAR wherever located (15 CFR 734.3(a)(2)) unless the ITAR governs them",
            if us_assemblies == 1 { "y" } else { "ies" }
        ));
    }
    DeMinimisReport {
        destination,
        assemblies,
        notes,
    }
}

fn class_of(rmap: &BTreeMap<&str, &Ruling>, id: &str) -> (Jurisdiction, Option<ClassCode>) {
    match rmap.get(id) {
        Some(r) => (r.jurisdiction, r.classification.clone()),
        None => (Jurisdiction::Review, None),
    }
}

fn within_any(e: &Eccn, list: &[&str]) -> Option<bool> {
    let parsed: Vec<Eccn> = list.iter().filter_map(|p| Eccn::parse(p).ok()).collect();
    if parsed.iter().any(|p| e.is_within(p)) {
        Some(true)
    } else if parsed.iter().any(|p| p.is_within(e)) {
        None
    } else {
        Some(false)
    }
}

/// May License Exception GBS take this content out of the count (supp. 2 (a)(1))?
fn gbs_possible(catalog: &Catalog, e: &Eccn, dest: Country) -> bool {
    let Some(entry) = catalog.eccn_entry(e) else {
        return false;
    };
    let Some(x) = entry.raw.exception.iter().find(|x| x.code == "GBS") else {
        return false;
    };
    let eligible = match x.status.as_str() {
        "yes" => true,
        "partial" => {
            let listed: Vec<&str> = x.paragraphs.iter().map(String::as_str).collect();
            within_any(e, &listed) != Some(false)
        }
        _ => false,
    };
    eligible && group(catalog, dest, "B") != Some(false)
}

/// 734.4(a) cases for one U.S.-origin content line.
fn no_dm_for_content(
    catalog: &Catalog,
    dest: Country,
    id: &str,
    code: &ClassCode,
    kind: crate::model::Kind,
    out: &mut Vec<NoDeMinimis>,
) {
    let ClassCode::Eccn(e) = code else {
        return;
    };
    let in_d5 = group(catalog, dest, "D:5");
    let y_dests = group(catalog, dest, "E:1").unwrap_or(false)
        || group(catalog, dest, "E:2").unwrap_or(false)
        || ["BY", "CN", "RU"].contains(&dest.code());
    if e.is_600_series() || e.is_9x515() {
        let series = if e.is_9x515() {
            "9x515"
        } else {
            "\"600 series\""
        };
        match e.path().first().map(String::as_str) {
            Some("y") => {
                if y_dests {
                    out.push(NoDeMinimis {
                        citation: "15 CFR 734.4(a)(6)(ii)".into(),
                        id: id.into(),
                        certain: true,
                        why: format!("U.S.-origin {series} .y content `{e}` bound for E:1/E:2, Belarus, China or Russia"),
                    });
                }
            }
            Some(_) => match in_d5 {
                Some(true) => out.push(NoDeMinimis {
                    citation: "15 CFR 734.4(a)(6)(i)".into(),
                    id: id.into(),
                    certain: true,
                    why: format!("U.S.-origin {series} content `{e}` (paragraphs .a-.x) bound for Country Group D:5"),
                }),
                Some(false) => {}
                None => out.push(NoDeMinimis {
                    citation: "15 CFR 734.4(a)(6)(i)".into(),
                    id: id.into(),
                    certain: false,
                    why: "Country Group D:5 is not in the data".into(),
                }),
            },
            None => {
                if in_d5 != Some(false) {
                    let certain = in_d5 == Some(true) && y_dests;
                    out.push(NoDeMinimis {
                        citation: "15 CFR 734.4(a)(6)".into(),
                        id: id.into(),
                        certain,
                        why: if certain {
                            format!("U.S.-origin {series} content `{e}` bound for a D:5 destination that (a)(6)(i) and (a)(6)(ii) both cover")
                        } else {
                            format!("U.S.-origin {series} content `{e}` is classified to the heading only; whether it is .y decides (a)(6)(i) for this D:5 destination")
                        },
                    });
                }
            }
        }
    }
    if e.heading() == "5E002" && kind == crate::model::Kind::Technology {
        out.push(NoDeMinimis {
            citation: "15 CFR 734.4(a)(2)".into(),
            id: id.into(),
            certain: true,
            why: format!(
                "U.S.-origin encryption technology `{e}` incorporated: no de minimis level"
            ),
        });
    }
    if e.heading() == "9E003" {
        let listed = [
            "9E003.a.1",
            "9E003.a.2",
            "9E003.a.3",
            "9E003.a.4",
            "9E003.a.5",
            "9E003.a.6",
            "9E003.a.8",
            "9E003.h",
            "9E003.i",
            "9E003.l",
        ];
        match within_any(e, &listed) {
            Some(false) => {}
            hit => out.push(NoDeMinimis {
                citation: "15 CFR 734.4(a)(4)".into(),
                id: id.into(),
                certain: hit == Some(true),
                why: format!("U.S.-origin `{e}` technology commingled abroad"),
            }),
        }
    }
    if e.heading() == "0A919" && in_d5 != Some(false) {
        out.push(NoDeMinimis {
            citation: "15 CFR 734.4(a)(5)".into(),
            id: id.into(),
            certain: false,
            why: format!("U.S.-origin `{e}` content in an item bound for D:5: whether the item is a military commodity and the content 0A919.a.1 decides"),
        });
    }
}

/// 734.4(a) cases that depend on the assembly's own classification.
fn no_dm_for_assembly(
    id: &str,
    code: Option<&ClassCode>,
    us_content: &[(String, Option<ClassCode>)],
    out: &mut Vec<NoDeMinimis>,
) {
    let Some(ClassCode::Eccn(e)) = code else {
        return;
    };
    if us_content.is_empty() {
        return;
    }
    if e.heading() == "3B993" && within_any(e, &["3B993.f.1"]) != Some(false) {
        out.push(NoDeMinimis {
            citation: "15 CFR 734.4(a)(3)".into(),
            id: id.into(),
            certain: false,
            why: format!("`{e}` equipment: no de minimis level when bound for advanced-node IC development or production; the end use decides"),
        });
    }
    if e.category() == 3 && e.product_group() == 'B' {
        out.push(NoDeMinimis {
            citation: "15 CFR 734.4(a)(8), (a)(9)".into(),
            id: id.into(),
            certain: false,
            why: format!("`{e}` equipment with U.S.-origin content: no de minimis level if that content includes a U.S.-origin integrated circuit"),
        });
    }
    if e.heading() == "4A003"
        && us_content.iter().any(|(_, c)| {
            matches!(c, Some(ClassCode::Eccn(x)) if x.heading() == "3A001") || c.is_none()
        })
    {
        out.push(NoDeMinimis {
            citation: "15 CFR 734.4(a)(1)".into(),
            id: id.into(),
            certain: false,
            why: format!("`{e}` computer with U.S.-origin controlled semiconductors: no de minimis level above the 4A003.b performance"),
        });
    }
}

fn assess(
    bom: &Bom,
    rmap: &BTreeMap<&str, &Ruling>,
    catalog: &Catalog,
    dest: Country,
    a: usize,
) -> AssemblyResult {
    let item = &bom.items()[a];
    let mut r = AssemblyResult {
        id: item.id.clone(),
        description: item.description.clone(),
        origin: item.origin,
        verdict: Verdict::Review,
        numerator: None,
        numerator_min: None,
        numerator_max: None,
        denominator: None,
        denominator_basis: None,
        percentage: None,
        percentage_min: None,
        percentage_max: None,
        threshold: None,
        no_de_minimis: Vec::new(),
        itar_lines: Vec::new(),
        content: Vec::new(),
        reasons: Vec::new(),
        citations: Vec::new(),
    };

    // ITAR content: the ITAR governs; de minimis is irrelevant (22 CFR 120.11(c)).
    let (own_j, own_code) = class_of(rmap, &item.id);
    let desc = descendants(bom, a);
    if own_j == Jurisdiction::Itar {
        r.itar_lines.push(item.id.clone());
    }
    for &d in &desc {
        if class_of(rmap, &bom.items()[d].id).0 == Jurisdiction::Itar {
            r.itar_lines.push(bom.items()[d].id.clone());
        }
    }
    r.itar_lines.sort();
    if !r.itar_lines.is_empty() {
        r.verdict = Verdict::Itar;
        r.reasons.push(format!(
            "incorporates USML content ({}): the ITAR governs the assembly whatever its value share, and the EAR de minimis rules do not apply",
            r.itar_lines.join(", ")
        ));
        r.citations.push("22 CFR 120.11(c)".into());
        return r;
    }
    if item.origin.is_none() {
        r.reasons.push(
            "origin unknown: a U.S.-origin assembly is subject to the EAR wherever located (15 CFR 734.3(a)(2)); de minimis applies only to foreign-made items".into(),
        );
    }

    // Walk the content: look through foreign-made lines, stop at U.S.-origin lines
    // (counted in the form received) and at unknown-origin lines (uncertain).
    let mut stack: Vec<usize> = bom.children_of(a).to_vec();
    let mut us_content: Vec<(String, Option<ClassCode>)> = Vec::new();
    let mut unclassified: Vec<String> = Vec::new();
    while let Some(d) = stack.pop() {
        let it = &bom.items()[d];
        let (j, code) = class_of(rmap, &it.id);
        let qty = multiplier(bom, a, d);
        let value = unit_value(bom, d).ok().map(|(v, _)| v * qty);
        let mut c = Content {
            id: it.id.clone(),
            path: path_ids(bom, a, d),
            origin: it.origin,
            classification: code.as_ref().map(ToString::to_string),
            quantity: qty,
            value,
            counted: Counted::Uncertain,
            why: String::new(),
            citations: Vec::new(),
        };
        match it.origin {
            Some(o) if o != Country::US => {
                c.counted = Counted::Foreign;
                c.why = format!("made in {o}: not U.S.-origin content");
                if !bom.children_of(d).is_empty() {
                    c.why.push_str("; its parts are looked through");
                    stack.extend(bom.children_of(d));
                }
            }
            None => {
                c.why = "origin unknown: it would count if U.S.-origin and controlled".into();
            }
            Some(_) => {
                us_content.push((it.id.clone(), code.clone()));
                match (&code, j) {
                    (None, _) | (_, Jurisdiction::Review) => {
                        c.why = "U.S.-origin line without a classification (REVIEW): it may be controlled, or described on the USML".into();
                        unclassified.push(it.id.clone());
                    }
                    (Some(code), _) => {
                        no_dm_for_content(
                            catalog,
                            dest,
                            &it.id,
                            code,
                            it.kind,
                            &mut r.no_de_minimis,
                        );
                        let cd = chart_license_required(catalog, code, dest);
                        c.citations = cd.citations.clone();
                        match cd.license_required {
                            Some(true) => {
                                let embargo = cd.hits.iter().any(|h| h.reason == "EMBARGO");
                                let why: Vec<String> =
                                    cd.hits.iter().map(|h| h.why.clone()).collect();
                                if let (ClassCode::Eccn(e), false) = (code, embargo) {
                                    if gbs_possible(catalog, e, dest) {
                                        c.counted = Counted::Uncertain;
                                        c.why = format!(
                                            "license required by the chart ({}), but License Exception GBS may be available, and GBS-eligible content is not counted (supp. 2 to part 734, (a)(1))",
                                            why.join("; ")
                                        );
                                        c.citations.push("15 CFR 734, Supp. 2, (a)(1)".into());
                                    } else {
                                        c.counted = Counted::Controlled;
                                        c.why = format!(
                                            "license required to {dest}: {}",
                                            why.join("; ")
                                        );
                                    }
                                } else {
                                    c.counted = Counted::Controlled;
                                    c.why =
                                        format!("license required to {dest}: {}", why.join("; "));
                                }
                            }
                            Some(false) => {
                                c.counted = Counted::NotControlled;
                                c.why = format!(
                                    "no license required to {dest} by the chart (NLR): not counted"
                                );
                            }
                            None => {
                                c.counted = Counted::Uncertain;
                                c.why = format!(
                                    "the chart cannot decide for `{code}` to {dest}: {}",
                                    cd.notes.join("; ")
                                );
                            }
                        }
                    }
                }
            }
        }
        r.content.push(c);
    }
    r.content.sort_by(|x, y| x.id.cmp(&y.id));
    us_content.sort_by(|x, y| x.0.cmp(&y.0));
    unclassified.sort();
    for id in &unclassified {
        r.reasons.push(format!(
            "U.S.-origin line `{id}` is unclassified: it could be USML content (the ITAR would then govern) or controlled content"
        ));
    }
    no_dm_for_assembly(
        &item.id,
        own_code.as_ref(),
        &us_content,
        &mut r.no_de_minimis,
    );
    r.no_de_minimis
        .sort_by(|x, y| (&x.citation, &x.id).cmp(&(&y.citation, &y.id)));

    // Denominator.
    match unit_value(bom, a) {
        Ok((v, b)) if v > 0.0 => {
            r.denominator = Some(v);
            r.denominator_basis = Some(b);
        }
        Ok(_) => r
            .reasons
            .push("the assembly's value is zero: no percentage can be computed".into()),
        Err(missing) => r.reasons.push(format!(
            "the assembly's value is unknown (no unit value, and no value for {}): REVIEW",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }

    // Numerator range.
    let mut lo_parts = Vec::new();
    let mut hi_extra = Vec::new();
    let mut unbounded = Vec::new();
    for c in &r.content {
        match (c.counted, c.value) {
            (Counted::Controlled, Some(v)) => lo_parts.push((c.id.clone(), v)),
            (Counted::Controlled | Counted::Uncertain, None) => unbounded.push(c.id.clone()),
            (Counted::Uncertain, Some(v)) => hi_extra.push((c.id.clone(), v)),
            _ => {}
        }
    }
    let lo = sorted_sum(lo_parts);
    let exact = hi_extra.is_empty() && unbounded.is_empty();
    let hi = unbounded
        .is_empty()
        .then(|| lo + sorted_sum(hi_extra.clone()));
    r.numerator_min = Some(lo);
    r.numerator_max = hi;
    if exact {
        r.numerator = Some(lo);
    }
    if !unbounded.is_empty() {
        r.reasons.push(format!(
            "value missing for content that counts or may count: {}",
            unbounded
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(den) = r.denominator {
        r.percentage_min = Some(lo / den * 100.0);
        r.percentage_max = hi.map(|h| h / den * 100.0);
        if exact {
            r.percentage = r.percentage_min;
        }
    }

    // Threshold.
    let e1 = group(catalog, dest, "E:1");
    let e2 = group(catalog, dest, "E:2");
    let certain_none: Vec<&NoDeMinimis> = r.no_de_minimis.iter().filter(|n| n.certain).collect();
    if let Some(n) = certain_none.first() {
        r.threshold = Some(Threshold {
            percent: None,
            citation: n.citation.clone(),
            why: n.why.clone(),
        });
    } else {
        match (e1, e2) {
            (Some(a1), Some(a2)) if a1 || a2 => {
                r.threshold = Some(Threshold {
                    percent: Some(10.0),
                    citation: "15 CFR 734.4(c)".into(),
                    why: format!(
                        "{dest} is in Country Group E:1 or E:2: only the 10% rule is available"
                    ),
                });
            }
            (Some(_), Some(_)) => {
                r.threshold = Some(Threshold {
                    percent: Some(25.0),
                    citation: "15 CFR 734.4(d)".into(),
                    why: format!("{dest} is not in Country Group E:1 or E:2: the 25% rule applies"),
                });
            }
            _ => r.reasons.push(
                "Country Groups E:1/E:2 are not in the data: the threshold cannot be chosen".into(),
            ),
        }
    }

    // Verdict.
    // An unclassified line that is not foreign-made could be described on the USML.
    let possibly_itar = r
        .content
        .iter()
        .any(|c| c.counted == Counted::Uncertain && c.classification.is_none());
    let review_cases: Vec<&NoDeMinimis> = r.no_de_minimis.iter().filter(|n| !n.certain).collect();
    if let Some(n) = certain_none.first() {
        if possibly_itar {
            r.verdict = Verdict::Review;
            r.reasons.push(format!(
                "{} leaves no de minimis level ({}), but unclassified or unknown-origin content may make the ITAR govern instead",
                n.citation, n.why
            ));
        } else {
            r.verdict = Verdict::Subject;
            r.reasons.push(format!("no de minimis level: {}", n.why));
        }
        r.citations.push(n.citation.clone());
        return r;
    }
    let (Some(den), Some(th)) = (r.denominator, r.threshold.clone()) else {
        r.verdict = Verdict::Review;
        return r;
    };
    let pct = th.percent.unwrap_or(0.0);
    r.citations.push(th.citation.clone());
    r.citations.push("15 CFR 734, Supp. 2, (a)(1)".into());
    let limit = pct / 100.0 * den;
    let tol = EPSILON * den.max(1.0);
    let exceeds = |x: f64| x > limit + tol;
    if let Some(h) = hi {
        if h > den + tol {
            r.verdict = Verdict::Review;
            r.reasons.push(format!(
                "the content counted ({h:.2}) is worth more than the assembly ({den:.2}): check the values"
            ));
            return r;
        }
    }
    if !review_cases.is_empty() {
        r.verdict = Verdict::Review;
        for n in &review_cases {
            r.reasons.push(format!(
                "{} may leave no de minimis level: {}",
                n.citation, n.why
            ));
            r.citations.push(n.citation.clone());
        }
        return r;
    }
    if exceeds(lo) && !possibly_itar {
        r.verdict = Verdict::Subject;
        r.reasons.push(format!(
            "U.S.-origin controlled content is {}{:.2}% of the value, which exceeds {pct}%",
            if exact { "" } else { "at least " },
            lo / den * 100.0
        ));
    } else if hi.is_some_and(|h| !exceeds(h)) && !possibly_itar {
        let h = hi.unwrap_or(lo);
        r.verdict = Verdict::NotSubject;
        r.reasons.push(format!(
            "U.S.-origin controlled content is {}{:.2}% of the value, which does not exceed {pct}%",
            if exact { "" } else { "at most " },
            h / den * 100.0
        ));
    } else {
        r.verdict = Verdict::Review;
        r.reasons.push(format!(
            "the controlled share lies between {:.2}% and {} and the threshold is {pct}%: resolve the uncertain lines",
            lo / den * 100.0,
            hi.map_or("an unknown maximum".to_string(), |h| format!("{:.2}%", h / den * 100.0))
        ));
    }
    if r.verdict == Verdict::NotSubject && item.origin.is_none() {
        r.verdict = Verdict::Review;
        r.reasons.push(
            "the content test is met, but the assembly's own origin is unknown: if it is U.S.-origin it is subject to the EAR (15 CFR 734.3(a)(2))".into(),
        );
    }
    if !exceeds(lo) && !exceeds(hi.unwrap_or(f64::INFINITY)) && (lo - limit).abs() <= tol {
        r.reasons
            .push("exactly at the threshold: at or below it the item is not subject (the rule requires the content to exceed it)".into());
    }
    r
}

/// One `--what-if` substitution, e.g. `P3=origin:DE`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    /// The line to change.
    pub id: String,
    /// The change.
    pub change: Change,
}

/// What a substitution changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "field", content = "value", rename_all = "kebab-case")]
pub enum Change {
    /// `origin:DE`, or `origin:unknown`.
    Origin(Option<Country>),
    /// `value:123.45`, or `value:unknown`.
    Value(Option<f64>),
    /// `qty:2`.
    Quantity(f64),
    /// `eccn:3A001.a.7`, `eccn:EAR99`, `usml:XI(c)(1)`: the line's classification.
    Class(ClassCode),
}

impl fmt::Display for WhatIf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.change {
            Change::Origin(o) => write!(
                f,
                "{}=origin:{}",
                self.id,
                o.map_or("unknown".to_string(), |c| c.to_string())
            ),
            Change::Value(v) => write!(
                f,
                "{}=value:{}",
                self.id,
                v.map_or("unknown".to_string(), |v| v.to_string())
            ),
            Change::Quantity(q) => write!(f, "{}=qty:{q}", self.id),
            Change::Class(c) if c.is_usml() => write!(f, "{}=usml:{c}", self.id),
            Change::Class(c) => write!(f, "{}=eccn:{c}", self.id),
        }
    }
}

impl FromStr for WhatIf {
    type Err = String;
    fn from_str(s: &str) -> Result<WhatIf, String> {
        let hint = "write `ID=origin:DE`, `ID=value:123.45`, `ID=qty:2`, `ID=eccn:EAR99` or `ID=usml:XI(c)(1)`";
        let (id, rest) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}` is not a substitution: {hint}"))?;
        let (field, value) = rest
            .split_once(':')
            .ok_or_else(|| format!("`{s}` names no field: {hint}"))?;
        let id = id.trim();
        if id.is_empty() {
            return Err(format!("`{s}` names no line id: {hint}"));
        }
        let value = value.trim();
        let unknown = value.eq_ignore_ascii_case("unknown") || value.is_empty();
        let change =
            match field.trim().to_ascii_lowercase().as_str() {
                "origin" if unknown => Change::Origin(None),
                "origin" => Change::Origin(Some(Country::parse(value).ok_or_else(|| {
                    format!("`{value}` is not an ISO 3166-1 alpha-2 country code")
                })?)),
                "value" if unknown => Change::Value(None),
                "value" => Change::Value(Some(
                    value
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite() && *v >= 0.0)
                        .ok_or_else(|| format!("`{value}` is not a non-negative value"))?,
                )),
                "qty" | "quantity" => Change::Quantity(
                    value
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite() && *v > 0.0)
                        .ok_or_else(|| format!("`{value}` is not a positive quantity"))?,
                ),
                "eccn" => {
                    let c = ClassCode::parse(value)?;
                    if c.is_usml() {
                        return Err(format!("`{value}` is a USML paragraph: use `usml:`"));
                    }
                    Change::Class(c)
                }
                "usml" => {
                    let c = ClassCode::parse(value)?;
                    if !c.is_usml() {
                        return Err(format!("`{value}` is not a USML paragraph"));
                    }
                    Change::Class(c)
                }
                other => return Err(format!("unknown field `{other}` in `{s}`: {hint}")),
            };
        Ok(WhatIf {
            id: id.to_string(),
            change,
        })
    }
}

/// Applies substitutions to a BOM and its rulings. A classification change replaces
/// the line's ruling with one marked as a what-if assumption.
pub fn apply_what_if(
    bom: &Bom,
    rulings: &[Ruling],
    subs: &[WhatIf],
) -> Result<(Bom, Vec<Ruling>), String> {
    let mut items = bom.items().to_vec();
    let mut rulings = rulings.to_vec();
    for s in subs {
        let Some(i) = bom.index_of(&s.id) else {
            return Err(format!("what-if `{s}`: no line `{}` in the BOM", s.id));
        };
        match &s.change {
            Change::Origin(o) => items[i].origin = *o,
            Change::Value(v) => items[i].unit_value = *v,
            Change::Quantity(q) => items[i].quantity = *q,
            Change::Class(c) => {
                let r = Ruling::classified(
                    &s.id,
                    c.clone(),
                    crate::model::Basis::Declared,
                    Citation::new(format!("what-if assumption `{s}`")),
                );
                match rulings.iter_mut().find(|x| x.id == s.id) {
                    Some(slot) => *slot = r,
                    None => rulings.push(r),
                }
            }
        }
    }
    let bom = Bom::new(bom.source.clone(), items).map_err(|e| e.to_string())?;
    Ok((bom, rulings))
}

/// How one assembly's result changed under the substitutions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIfChange {
    /// Assembly id.
    pub id: String,
    /// Verdict before.
    pub before: Verdict,
    /// Verdict after.
    pub after: Verdict,
    /// Percentage before (exact only).
    pub percentage_before: Option<f64>,
    /// Percentage after (exact only).
    pub percentage_after: Option<f64>,
}

/// The substitutions and what they changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIfOutcome {
    /// The substitutions, as written back.
    pub substitutions: Vec<String>,
    /// Assemblies whose verdict or percentage changed.
    pub changes: Vec<WhatIfChange>,
}

/// Compares two reports for the same BOM (before and after substitutions).
pub fn compare(
    before: &DeMinimisReport,
    after: &DeMinimisReport,
    subs: &[WhatIf],
) -> WhatIfOutcome {
    let b: BTreeMap<&str, &AssemblyResult> = before
        .assemblies
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let a: BTreeMap<&str, &AssemblyResult> = after
        .assemblies
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let mut ids: Vec<&str> = b.keys().chain(a.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut changes = Vec::new();
    for id in ids {
        let (vb, pb) = b
            .get(id)
            .map_or((Verdict::Review, None), |x| (x.verdict, x.percentage));
        let (va, pa) = a
            .get(id)
            .map_or((Verdict::Review, None), |x| (x.verdict, x.percentage));
        let same_pct = match (pb, pa) {
            (Some(x), Some(y)) => (x - y).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        };
        if vb != va || !same_pct || b.contains_key(id) != a.contains_key(id) {
            changes.push(WhatIfChange {
                id: id.to_string(),
                before: vb,
                after: va,
                percentage_before: pb,
                percentage_after: pa,
            });
        }
    }
    WhatIfOutcome {
        substitutions: subs.iter().map(ToString::to_string).collect(),
        changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, parsed back) — the `--what-if` grammar; `None` = rejected.
    const WHAT_IF: &[(&str, Option<&str>)] = &[
        ("P3=origin:DE", Some("P3=origin:DE")),
        ("P3=origin:de", Some("P3=origin:DE")),
        ("P3=origin:unknown", Some("P3=origin:unknown")),
        ("P3=value:123.45", Some("P3=value:123.45")),
        ("P3=value:unknown", Some("P3=value:unknown")),
        ("P3=qty:2", Some("P3=qty:2")),
        ("P3=eccn:ear99", Some("P3=eccn:EAR99")),
        ("P3=eccn:3a001.B.1", Some("P3=eccn:3A001.b.1")),
        ("P3=usml:XI.c.1", Some("P3=usml:XI(c)(1)")),
        ("P3=eccn:XI(c)(1)", None),
        ("P3=usml:3A001", None),
        ("P3=origin:XX", None),
        ("P3=value:-1", None),
        ("P3=qty:0", None),
        ("P3=colour:red", None),
        ("P3", None),
        ("=origin:DE", None),
    ];

    #[test]
    fn what_if_grammar() {
        for &(input, want) in WHAT_IF {
            let got = input.parse::<WhatIf>().ok().map(|w| w.to_string());
            assert_eq!(got.as_deref(), want, "{input}");
        }
    }

    #[test]
    fn within_any_reads_paragraph_lists() {
        let e = |s: &str| Eccn::parse(s).unwrap();
        let list = ["9E003.a.1", "9E003.h"];
        assert_eq!(within_any(&e("9E003.a.1.b"), &list), Some(true));
        assert_eq!(within_any(&e("9E003.a.7"), &list), Some(false));
        assert_eq!(within_any(&e("9E003"), &list), None); // heading only: undecided
    }
}
