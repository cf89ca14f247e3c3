//! ITAR exemptions as data-driven rules: 126.1 (prohibition), 126.5 (Canada),
//! 126.7 (AUKUS), 126.16 (Australia treaty) and 126.17 (UK treaty).
//!
//! Each rule returns an [`ExemptionCheck`]: eligible, not eligible, unknown (a fact is
//! missing, so the line must be reviewed) or prohibited, with its reasons, the
//! conditions the exporter must meet, the records and markings it needs, and
//! citations. Exclusions come from the catalog's supplements 1 and 2 to part 126;
//! a row that could apply is only set aside by an exporter's attestation
//! ([`crate::context::Attestation`]) unless the row is *definite* (see
//! [`row_is_definite`]), which no attestation overrides.
//!
//! What it does not do: EAR license exceptions ([`crate::plan`]), held
//! authorizations, or classification. It never reads the clock: dates come in the
//! [`ShipmentContext`].

use serde::Serialize;

use crate::context::{Party, ShipmentContext};
use crate::data::catalog::Exclusion;
use crate::data::Catalog;
use crate::model::{Country, Item, Kind, UsmlId};

/// The exemptions this module decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ExemptionId {
    /// 22 CFR 126.1 — not an exemption: the prohibition that overrides all of them.
    #[serde(rename = "126.1")]
    Proscribed,
    /// 22 CFR 126.5 — Canada.
    #[serde(rename = "126.5")]
    Canada,
    /// 22 CFR 126.7 — AUKUS.
    #[serde(rename = "126.7")]
    Aukus,
    /// 22 CFR 126.16 — U.S.–Australia Defense Trade Cooperation Treaty.
    #[serde(rename = "126.16")]
    AustraliaTreaty,
    /// 22 CFR 126.17 — U.S.–UK Defense Trade Cooperation Treaty.
    #[serde(rename = "126.17")]
    UkTreaty,
}

impl ExemptionId {
    /// Section number (`126.5`).
    pub fn section(self) -> &'static str {
        match self {
            ExemptionId::Proscribed => "126.1",
            ExemptionId::Canada => "126.5",
            ExemptionId::Aukus => "126.7",
            ExemptionId::AustraliaTreaty => "126.16",
            ExemptionId::UkTreaty => "126.17",
        }
    }

    /// Short title in our own words.
    pub fn title(self) -> &'static str {
        match self {
            ExemptionId::Proscribed => "Proscribed destinations and parties",
            ExemptionId::Canada => "Canadian exemption",
            ExemptionId::Aukus => "AUKUS exemption",
            ExemptionId::AustraliaTreaty => "Australia treaty exemption",
            ExemptionId::UkTreaty => "UK treaty exemption",
        }
    }
}

/// Outcome of one exemption check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Eligibility {
    /// The exemption may be claimed if the conditions are met.
    Eligible,
    /// The exemption does not apply.
    NotEligible,
    /// A fact it needs is unknown: a person must decide (REVIEW).
    Unknown,
    /// 126.1: the export is prohibited.
    Prohibited,
}

/// One exemption decided for one line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExemptionCheck {
    /// Which exemption.
    pub exemption: ExemptionId,
    /// The outcome.
    pub status: Eligibility,
    /// Why, one reason per entry (facts for and against).
    pub reasons: Vec<String>,
    /// The reasons that made it not eligible, unknown or prohibited.
    pub blockers: Vec<String>,
    /// What the exporter must do or ensure to claim it.
    pub conditions: Vec<String>,
    /// Records to keep.
    pub records: Vec<String>,
    /// Markings and statements on the goods and documents.
    pub markings: Vec<String>,
    /// Citations.
    pub citations: Vec<String>,
    /// Exclusion rows set aside by the exporter's attestations.
    pub attested: Vec<String>,
    /// Exclusion rows that exclude the line (no attestation lifts them).
    pub excluded_by: Vec<RowRef>,
    /// Exclusion rows that may apply: each stays open (the check is `unknown` or
    /// worse) until the exporter attests that it does not apply, or classifies the
    /// line more finely when [`RowRef::why`] is `partial-scope`.
    pub to_confirm: Vec<RowRef>,
}

/// A supp. 1 / supp. 2 row named by an [`ExemptionCheck`], for structured output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RowRef {
    /// Row id (`S1-006`).
    pub row: String,
    /// `supp. 1` or `supp. 2`.
    pub supplement: String,
    /// The row's short title (our words, from the data).
    pub title: String,
    /// Why the row bears on the line (kebab-case):
    /// excluded — `paragraph` (the line's paragraph is within a definite row) or
    /// `term` (the description names the row's feature);
    /// to confirm — `feature` (the row turns on a feature of the item the
    /// description does not settle), `related-data` (technical data for an excluded
    /// paragraph: only directly related data is excluded), `partial-scope` (the row
    /// covers part of the line's paragraph) or `caveat` (the row carries a data
    /// caveat: its scope turns on a fact the data cannot check, such as "classified
    /// articles only", or was rebuilt from an uncertain source).
    pub why: String,
}

impl ExemptionCheck {
    fn new(exemption: ExemptionId) -> ExemptionCheck {
        ExemptionCheck {
            exemption,
            status: Eligibility::Eligible,
            reasons: Vec::new(),
            blockers: Vec::new(),
            conditions: Vec::new(),
            records: Vec::new(),
            markings: Vec::new(),
            citations: vec![format!("22 CFR {}", exemption.section())],
            attested: Vec::new(),
            excluded_by: Vec::new(),
            to_confirm: Vec::new(),
        }
    }

    /// Lowers the status: Prohibited > NotEligible > Unknown > Eligible.
    fn lower(&mut self, to: Eligibility, why: impl Into<String>) {
        let rank = |e: Eligibility| match e {
            Eligibility::Eligible => 0,
            Eligibility::Unknown => 1,
            Eligibility::NotEligible => 2,
            Eligibility::Prohibited => 3,
        };
        if rank(to) > rank(self.status) {
            self.status = to;
        }
        let why = why.into();
        self.blockers.push(why.clone());
        self.reasons.push(why);
    }
}

/// A row is *definite* when it names USML paragraphs (not whole categories or `*`),
/// carries no caveat and no feature-based matching: then an item within its scope is
/// excluded, and no attestation can set it aside.
pub fn row_is_definite(row: &Exclusion) -> bool {
    !row.usml.is_empty()
        && row.usml.iter().all(|u| !u.path().is_empty())
        && row.raw.caveat.is_none()
        && row.raw.matching.terms.is_empty()
        && row.raw.matching.patterns.is_empty()
}

/// How an exclusion row bears on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RowHit {
    /// The row excludes the line.
    Excluded(String, RowRef),
    /// The row may apply and nobody attested otherwise.
    Undecided(String, RowRef),
    /// Set aside by an attestation (row id).
    Attested(String),
}

fn row_hits(
    catalog: &Catalog,
    rows: &[Exclusion],
    usml: &UsmlId,
    item: &Item,
    ctx: &ShipmentContext,
    flag: impl Fn(&Exclusion) -> bool,
    supplement: &str,
) -> Vec<RowHit> {
    let desc = item.description.to_lowercase();
    let mut out = Vec::new();
    for row in rows {
        // A row whose flags were read with a caveat counts for every column (fail closed).
        if !(flag(row) || row.raw.caveat.is_some()) {
            continue;
        }
        if !row.raw.kinds.is_empty() && !row.raw.kinds.contains(&item.kind) {
            continue;
        }
        let within = row.usml.is_empty() || row.usml.iter().any(|s| usml.is_within(s));
        let coarser = !within && row.usml.iter().any(|s| s.is_within(usml));
        if !within && !coarser {
            continue;
        }
        let id = &row.raw.id;
        let label = format!("{supplement} row `{id}` ({})", row.raw.summary);
        let term_hit = row.raw.matching.terms.iter().any(|t| desc.contains(t));
        let definite = row_is_definite(row);
        let rref = |why: &str| RowRef {
            row: id.clone(),
            supplement: supplement.to_string(),
            title: row.raw.summary.clone(),
            why: why.to_string(),
        };
        // A technical-data paragraph in the scope only means "directly related"
        // data: whether a given data line is related is for a person to say.
        let via_data_paragraph = row.usml.iter().any(|s| {
            usml.is_within(s)
                && catalog.usml.get(s).is_some_and(|e| {
                    e.raw
                        .kinds
                        .iter()
                        .any(|k| matches!(k, Kind::Technology | Kind::Service))
                })
        });
        if within && ((definite && !via_data_paragraph) || term_hit) {
            out.push(RowHit::Excluded(
                format!("{label} excludes `{usml}`"),
                rref(if term_hit { "term" } else { "paragraph" }),
            ));
        } else if coarser {
            out.push(RowHit::Undecided(
                format!("{label} covers part of `{usml}`; classify to paragraph level or attest"),
                rref("partial-scope"),
            ));
        } else if ctx.attestation(id).is_some() {
            out.push(RowHit::Attested(id.clone()));
        } else {
            let feature = !row.raw.matching.terms.is_empty()
                || !row.raw.matching.patterns.is_empty()
                || row.usml.is_empty()
                || row.usml.iter().any(|u| u.path().is_empty());
            let why = if definite && via_data_paragraph {
                "related-data"
            } else if feature {
                "feature"
            } else {
                "caveat"
            };
            out.push(RowHit::Undecided(
                format!("{label} may apply; record an attestation with the reason if it does not"),
                rref(why),
            ));
        }
    }
    out
}

fn apply_rows(check: &mut ExemptionCheck, hits: Vec<RowHit>) {
    for h in hits {
        match h {
            RowHit::Excluded(w, r) => {
                check.lower(Eligibility::NotEligible, w);
                check.excluded_by.push(r);
            }
            RowHit::Undecided(w, r) => {
                check.lower(Eligibility::Unknown, w);
                check.to_confirm.push(r);
            }
            RowHit::Attested(id) => check.attested.push(id),
        }
    }
}

/// 22 CFR 126.1: is the destination or the party's country proscribed?
///
/// What it decides: PROHIBITED for every ITAR line when the destination or the
/// recipient's country is a 126.1 country, whatever exemption or authorization
/// would otherwise apply.
/// Citation: 22 CFR 126.1(a), (d) and the country paragraph.
/// Example: any USML line to China → prohibited (126.1(d)(1), Table 1).
pub fn proscribed(catalog: &Catalog, ctx: &ShipmentContext) -> Option<ExemptionCheck> {
    let mut places = vec![ctx.destination];
    if let Some(p) = &ctx.party {
        if p.country != ctx.destination {
            places.push(p.country);
        }
    }
    let mut check = ExemptionCheck::new(ExemptionId::Proscribed);
    for c in places {
        if let Some(pc) = catalog.proscribed.get(&c) {
            check.lower(
                Eligibility::Prohibited,
                format!(
                    "{} is a 126.1 country (table {}, {}){}",
                    pc.raw.name,
                    pc.raw.table,
                    pc.raw.paragraph,
                    pc.raw
                        .note
                        .as_ref()
                        .map(|n| format!(": {n}"))
                        .unwrap_or_default()
                ),
            );
            if !check.citations.contains(&pc.raw.paragraph) {
                check.citations.push(pc.raw.paragraph.clone());
            }
        }
    }
    (check.status == Eligibility::Prohibited).then_some(check)
}

/// The ITAR exemptions that could apply to this destination, each decided for the
/// line. `shipment_itar_value` is the total USD value of the ITAR lines in the
/// shipment (`None` when a line has no value), used for the 126.7(b)(4) limit.
///
/// Citation: 22 CFR 126.5, 126.7, 126.16, 126.17; supplements 1 and 2 to part 126.
/// Example: `XI(c)(1)` hardware to a Canadian-registered person with the
/// all-category rows attested → 126.5 eligible.
pub fn itar_exemptions(
    catalog: &Catalog,
    item: &Item,
    usml: &UsmlId,
    ctx: &ShipmentContext,
    shipment_itar_value: Option<f64>,
) -> Vec<ExemptionCheck> {
    let mut out = Vec::new();
    match ctx.destination.code() {
        "CA" => out.push(canada(catalog, item, usml, ctx)),
        "AU" => {
            out.push(aukus(catalog, item, usml, ctx, shipment_itar_value));
            out.push(treaty(
                catalog,
                item,
                usml,
                ctx,
                ExemptionId::AustraliaTreaty,
            ));
        }
        "GB" => {
            out.push(aukus(catalog, item, usml, ctx, shipment_itar_value));
            out.push(treaty(catalog, item, usml, ctx, ExemptionId::UkTreaty));
        }
        _ => {}
    }
    out
}

fn is_sme(catalog: &Catalog, usml: &UsmlId) -> Option<bool> {
    let mut id = Some(usml.clone());
    let mut known = false;
    while let Some(u) = id {
        if let Some(e) = catalog.usml.get(&u) {
            known = true;
            if e.raw.sme {
                return Some(true);
            }
        }
        id = u.parent();
    }
    // A line coarser than an SME paragraph may be that paragraph: unknown.
    let finer_sme = catalog
        .usml
        .values()
        .any(|e| e.id != *usml && e.id.is_within(usml) && e.raw.sme);
    (known && !finer_sme).then_some(false)
}

fn party_or_unknown<'a>(check: &mut ExemptionCheck, ctx: &'a ShipmentContext) -> Option<&'a Party> {
    if ctx.party.is_none() {
        check.lower(
            Eligibility::Unknown,
            "no recipient named: pass `--party NAME` with a `[[party]]` in exportctl.toml",
        );
    }
    ctx.party.as_ref()
}

/// 22 CFR 126.5: Canadian exemption.
///
/// What it decides: unclassified USML articles and services to Canada for end use by
/// Canadian federal or provincial government authorities or a Canadian-registered
/// person, except what supp. 1 to part 126 excludes for Canada.
/// Citation: 22 CFR 126.5(b), (d); supp. 1 to part 126.
/// Example: `XI(c)(1)` to a Canadian-registered person → eligible; `I(b)` → excluded
/// by the firearms row.
pub fn canada(
    catalog: &Catalog,
    item: &Item,
    usml: &UsmlId,
    ctx: &ShipmentContext,
) -> ExemptionCheck {
    let mut c = ExemptionCheck::new(ExemptionId::Canada);
    c.citations.push("22 CFR 126, Supp. 1".into());
    if let Some(p) = party_or_unknown(&mut c, ctx) {
        let gov = p.government == Some(true) && p.country == Country::parse("CA").expect("CA");
        match (p.canadian_registered, gov) {
            (Some(true), _) | (_, true) => c.reasons.push(format!(
                "{} is {} (126.5(b))",
                p.name,
                if gov {
                    "a Canadian government authority"
                } else {
                    "a Canadian-registered person"
                }
            )),
            (Some(false), false) if p.government.is_some() => c.lower(
                Eligibility::NotEligible,
                format!(
                    "{} is neither a Canadian-registered person nor a Canadian government authority (126.5(b))",
                    p.name
                ),
            ),
            _ => c.lower(
                Eligibility::Unknown,
                format!(
                    "whether {} is a Canadian-registered person or government authority is unknown: set `canadian-registered` and `government` (126.5(b))",
                    p.name
                ),
            ),
        }
    }
    let hits = row_hits(
        catalog,
        &catalog.supp1,
        usml,
        item,
        ctx,
        |r| r.raw.canada,
        "supp. 1",
    );
    apply_rows(&mut c, hits);
    c.conditions
        .push("unclassified articles only, for end use in Canada (126.5(b))".into());
    c.conditions
        .push("no transit through a third country (126.5(b))".into());
    if is_sme(catalog, usml) != Some(false) {
        c.conditions.push(
            "significant military equipment (or not known not to be): obtain non-transfer and use assurances before export (126.5(b))".into(),
        );
    }
    c.conditions.push(
        "reexport or retransfer from Canada needs prior DDTC approval or the exporter's written confirmation under 126.5(d)".into(),
    );
    c.records.push(
        "records of the export under 22 CFR 122.5 and 123.26, citing 126.5 as the exemption".into(),
    );
    c.records
        .push("EEI filed in AES citing the exemption (22 CFR 123.22)".into());
    c.markings
        .push("destination control statement on the commercial invoice (22 CFR 123.9(b))".into());
    c
}

/// 22 CFR 126.7: AUKUS exemption (as in force after the final rule of Dec. 30, 2025).
///
/// What it decides: transfers to Australia or the UK where the recipient is an
/// Authorized User or a national-level UK / federal Australian government body, the
/// article is not on supp. 2 to part 126, and the shipment stays under the 123.15
/// values.
/// Citation: 22 CFR 126.7(a), (b)(1)-(5); supp. 2 to part 126.
/// Example: `XI(c)(1)` to an Authorized User in Australia → eligible; `XI(a)(1)(i)` →
/// excluded by supp. 2.
pub fn aukus(
    catalog: &Catalog,
    item: &Item,
    usml: &UsmlId,
    ctx: &ShipmentContext,
    shipment_itar_value: Option<f64>,
) -> ExemptionCheck {
    let mut c = ExemptionCheck::new(ExemptionId::Aukus);
    c.citations.push("22 CFR 126, Supp. 2".into());
    if !matches!(ctx.destination.code(), "AU" | "GB") {
        c.lower(
            Eligibility::NotEligible,
            "the transfer is not to Australia or the United Kingdom (126.7(b)(1))",
        );
        return c;
    }
    if let Some(p) = party_or_unknown(&mut c, ctx) {
        let gov = p.government == Some(true) && p.country == ctx.destination;
        if p.country != ctx.destination {
            c.lower(
                Eligibility::NotEligible,
                format!(
                    "{} is in {}, not in the destination (126.7(b)(1))",
                    p.name, p.country
                ),
            );
        } else if p.aukus_authorized_user == Some(true) {
            c.reasons.push(format!(
                "{} is an Authorized User (126.7(b)(2)(iii))",
                p.name
            ));
        } else if gov {
            c.reasons.push(format!(
                "{} is a national-level government department or agency (126.7(b)(2)(ii))",
                p.name
            ));
        } else if p.aukus_authorized_user == Some(false) && p.government.is_some() {
            c.lower(
                Eligibility::NotEligible,
                format!(
                    "{} is not an Authorized User nor a national-level government body (126.7(b)(2))",
                    p.name
                ),
            );
        } else {
            c.lower(
                Eligibility::Unknown,
                format!(
                    "whether {} is an Authorized User (or a government body) is unknown: set `aukus-authorized-user` and `government` (126.7(b)(2))",
                    p.name
                ),
            );
        }
    }
    let hits = row_hits(
        catalog,
        &catalog.supp2,
        usml,
        item,
        ctx,
        |_| true,
        "supp. 2",
    );
    apply_rows(&mut c, hits);
    match shipment_itar_value {
        None => c.lower(
            Eligibility::Unknown,
            "the shipment's ITAR value is unknown (a line has no unit value), so the 123.15 limits of 126.7(b)(4) cannot be checked",
        ),
        Some(v) if v >= 25_000_000.0 => c.lower(
            Eligibility::NotEligible,
            format!(
                "the shipment's ITAR value ${v:.0} reaches the 123.15 notification amounts (126.7(b)(4))"
            ),
        ),
        Some(_) => {}
    }
    c.conditions.push(
        "the transferor and every other party are a registered U.S. person, a listed government body or an Authorized User (126.7(b)(2))".into(),
    );
    c.conditions.push(
        "no manufacturing abroad of significant military equipment (126.7(b)(4), 124.11)".into(),
    );
    c.conditions
        .push("the transfer stays within Australia, the UK or the U.S. (126.7(b)(1))".into());
    c.records
        .push("records of the transfer under 22 CFR 122.5 and 123.26, citing 126.7".into());
    c.records
        .push("EEI filed in AES citing the exemption (22 CFR 123.22)".into());
    c.markings.push(
        "destination control statement on the commercial invoice (22 CFR 123.9(b), required by 126.7(b)(5))".into(),
    );
    c
}

/// 22 CFR 126.16 / 126.17: the Australia and UK Defense Trade Cooperation Treaty
/// exemptions.
///
/// What it decides: exports to a member of the Australian or UK Community of the
/// Approved Community for an end use under paragraph (e) identified per paragraph
/// (f), except what supp. 1 to part 126 excludes in the Australia or UK column.
/// Citation: 22 CFR 126.16 / 126.17 (a)(3), (d), (e), (f), (g), (j), (l).
/// Example: `XI(c)(1)` to a UK Community member for a listed program → eligible.
pub fn treaty(
    catalog: &Catalog,
    item: &Item,
    usml: &UsmlId,
    ctx: &ShipmentContext,
    which: ExemptionId,
) -> ExemptionCheck {
    let (sec, country, mark) = match which {
        ExemptionId::AustraliaTreaty => (
            "126.16",
            "AU",
            "//RESTRICTED USML//REL AUS and USA Treaty Community//",
        ),
        _ => (
            "126.17",
            "GB",
            "//RESTRICTED USML//REL USA and GBR Treaty Community//",
        ),
    };
    let mut c = ExemptionCheck::new(which);
    c.citations.push("22 CFR 126, Supp. 1".into());
    if ctx.destination.code() != country {
        c.lower(
            Eligibility::NotEligible,
            format!("the treaty of {sec} covers exports to {country} only"),
        );
        return c;
    }
    if let Some(p) = party_or_unknown(&mut c, ctx) {
        match p.treaty_community {
            Some(true) if p.country.code() == country => c.reasons.push(format!(
                "{} is a member of the Approved Community ({sec}(d))",
                p.name
            )),
            Some(true) => c.lower(
                Eligibility::NotEligible,
                format!("{} is not located in {country} ({sec}(d))", p.name),
            ),
            Some(false) => c.lower(
                Eligibility::NotEligible,
                format!("{} is not a member of the Approved Community ({sec}(d))", p.name),
            ),
            None => c.lower(
                Eligibility::Unknown,
                format!(
                    "whether {} is in the Approved Community is unknown: set `treaty-community` ({sec}(d))",
                    p.name
                ),
            ),
        }
        let end_use = p.treaty_end_use.as_deref().unwrap_or("").trim();
        let valid = ["(e)(1)", "(e)(2)", "(e)(3)", "(e)(4)"]
            .iter()
            .any(|e| end_use.contains(&format!("{sec}{e}")));
        if valid {
            c.reasons
                .push(format!("authorized end use identified: {end_use}"));
        } else {
            c.lower(
                Eligibility::Unknown,
                format!(
                    "no authorized end use under {sec}(e)(1)-(4) identified per {sec}(f): set `treaty-end-use`, e.g. `{sec}(e)(2) PROGRAM`"
                ),
            );
        }
    }
    let hits = row_hits(
        catalog,
        &catalog.supp1,
        usml,
        item,
        ctx,
        |r| match which {
            ExemptionId::AustraliaTreaty => r.raw.australia,
            _ => r.raw.uk,
        },
        "supp. 1",
    );
    apply_rows(&mut c, hits);
    c.conditions.push(format!(
        "the exporter is registered with DDTC and in the United States Community ({sec}(a)(3), (b))"
    ));
    c.conditions.push(format!(
        "only approved intermediate consignees handle the goods ({sec}(k))"
    ));
    c.conditions.push(format!(
        "transfers outside the Approved Community need DDTC approval ({sec}(h))"
    ));
    c.records.push(format!(
        "detailed export records with the items listed in {sec}(l)(1), kept per 122.5"
    ));
    c.records.push(format!(
        "EEI citing the {sec}(e) paragraph and the program, project or contract ({sec}(l)(2))"
    ));
    c.markings.push(format!(
        "unclassified items marked `{mark}` ({sec}(j)(1)(ii))"
    ));
    c.markings.push(format!(
        "the treaty statement on the bill of lading and invoice ({sec}(j)(5))"
    ));
    if matches!(item.kind, Kind::Technology | Kind::Service) {
        c.markings.push(format!(
            "technical data labeled, or defense-service documents identified, with the marking ({sec}(j)(3)(ii), (j)(4))"
        ));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Attestation, Date};
    use crate::model::Country;

    fn catalog() -> Catalog {
        Catalog::from_files(
            &crate::data::read_dir(std::path::Path::new("fixtures/catalogs/plan")).unwrap(),
        )
        .unwrap()
    }

    /// Which supp. 1 / supp. 2 rows bear on a line, and how (22 CFR 126 supps. 1-2).
    #[test]
    fn exclusion_rows_definite_conditional_attested() {
        let cat = catalog();
        // (usml, kind, description, attest S2-011?, supplement 2?, expected hits)
        #[allow(clippy::type_complexity)]
        let rows: &[(&str, Kind, &str, bool, bool, &[&str])] = &[
            // Paragraph-level hardware row: definite, attestation cannot lift it.
            (
                "XI(a)(1)(i)",
                Kind::Hardware,
                "array",
                true,
                true,
                &["?:S2-001", "x:S2-011"],
            ),
            // Technical-data paragraph in scope: only "directly related" → conditional.
            (
                "XI(d)",
                Kind::Technology,
                "data",
                false,
                true,
                &["?:S2-001", "?:S2-011"],
            ),
            (
                "XI(d)",
                Kind::Technology,
                "data",
                true,
                true,
                &["?:S2-001", "a:S2-011"],
            ),
            // Out of scope entirely.
            (
                "XI(c)(1)",
                Kind::Hardware,
                "ASIC",
                false,
                true,
                &["?:S2-001"],
            ),
            // Feature row with terms: conditional unless the description matches.
            (
                "XI(c)(1)",
                Kind::Hardware,
                "ASIC",
                false,
                false,
                &["?:S1-001", "?:S1-002", "?:S1-003", "?:S1-056"],
            ),
            (
                "XI(c)(1)",
                Kind::Hardware,
                "acoustic ASIC",
                false,
                false,
                &["?:S1-001", "?:S1-002", "?:S1-003", "x:S1-056"],
            ),
            // Coarser than a paragraph-level row: undecided.
            (
                "XI(a)",
                Kind::Hardware,
                "system",
                false,
                true,
                &["?:S2-001", "?:S2-011"],
            ),
        ];
        for (usml, kind, desc, attest, s2, want) in rows {
            let mut it = Item::new("1", *desc);
            it.kind = *kind;
            let mut ctx = ShipmentContext::new(
                Country::parse("AU").unwrap(),
                Date::parse("2026-11-21").unwrap(),
            );
            if *attest {
                ctx.attestations.push(Attestation {
                    row: "S2-011".into(),
                    reason: "r".into(),
                    by: None,
                });
            }
            let u = UsmlId::parse(usml).unwrap();
            let (rows_, flag): (&[Exclusion], fn(&Exclusion) -> bool) = if *s2 {
                (&cat.supp2, |_| true)
            } else {
                (&cat.supp1, |r| r.raw.australia)
            };
            let got: Vec<String> = row_hits(&cat, rows_, &u, &it, &ctx, flag, "s")
                .into_iter()
                .map(|h| match h {
                    RowHit::Excluded(_, r) => format!("x:{}", r.row),
                    RowHit::Undecided(_, r) => format!("?:{}", r.row),
                    RowHit::Attested(id) => format!("a:{id}"),
                })
                .collect();
            let mut got = got;
            got.sort_by(|a, b| a[2..].cmp(&b[2..]));
            assert_eq!(got, *want, "{usml} {desc}");
        }
    }
}
