//! The licensing plan: for a shipment (destination, recipient, as-of date, held
//! authorizations) and a classified BOM, the authorization every line travels under,
//! then the consolidated plan — applications to file, exemptions and license
//! exceptions to claim with their records and markings, and what each held
//! authorization covers.
//!
//! Order of decision for one line (first match wins):
//! 1. classification REVIEW → `REVIEW`;
//! 2. ITAR: 126.1 → `PROHIBITED`; an eligible exemption ([`crate::exemptions`]) →
//!    `EXEMPTION`; a held State authorization in scope, in date and within limits →
//!    `BLANKET`; an exemption undecided for want of a fact → `REVIEW`; otherwise `TAA`
//!    (technical data, defense services) or `DSP5` (hardware, software);
//! 3. EAR: the chart via [`crate::ear::chart_license_required`]; no license required →
//!    `NLR`; else an eligible part 740 exception ([`ear`]) → `LICENSE_EXCEPTION`; a held
//!    BIS license → `BLANKET`; an exception undecided (e.g. a missing value) →
//!    `REVIEW`; otherwise `BIS_LICENSE`.
//!
//! ITAR lines never get EAR exceptions and EAR lines never get ITAR exemptions. Held
//! authorizations are drawn down across the BOM in input order. What it does not do:
//! part 744 end-use and end-user screening, de minimis and reexport analysis, or
//! classification — it takes rulings as given and says so in each plan.

pub mod ear;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::context::{Authorization, Date, ShipmentContext};
use crate::data::Catalog;
use crate::exemptions::{self, Eligibility, ExemptionCheck, RowRef};
use crate::model::{Bom, ClassCode, Item, Jurisdiction, Kind, Ruling};

pub use ear::ExceptionCheck;

/// Version of the plan JSON (`docs/schema/plan.schema.json`).
pub const PLAN_SCHEMA: u32 = 1;

/// The authorization a line travels under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthType {
    /// No license required (EAR, by the chart).
    Nlr,
    /// An ITAR exemption.
    Exemption,
    /// A part 740 license exception.
    LicenseException,
    /// A held authorization covers it.
    Blanket,
    /// A TAA must be obtained (technical data, defense services).
    Taa,
    /// A DSP-5 must be obtained (hardware, software).
    Dsp5,
    /// A BIS license must be obtained.
    BisLicense,
    /// The export is prohibited (22 CFR 126.1).
    Prohibited,
    /// A person must decide.
    Review,
}

impl AuthType {
    /// Name as printed (`LICENSE_EXCEPTION`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuthType::Nlr => "NLR",
            AuthType::Exemption => "EXEMPTION",
            AuthType::LicenseException => "LICENSE_EXCEPTION",
            AuthType::Blanket => "BLANKET",
            AuthType::Taa => "TAA",
            AuthType::Dsp5 => "DSP5",
            AuthType::BisLicense => "BIS_LICENSE",
            AuthType::Prohibited => "PROHIBITED",
            AuthType::Review => "REVIEW",
        }
    }
}

/// One BOM line's authorization.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanLine {
    /// Line id.
    pub id: String,
    /// Line in the input file.
    pub source_line: usize,
    /// Description.
    pub description: String,
    /// Kind.
    pub kind: Kind,
    /// ITAR, EAR or REVIEW (from the ruling).
    pub jurisdiction: Jurisdiction,
    /// Classification, if any.
    pub classification: Option<String>,
    /// Quantity shipped (the line's quantity times its parents').
    pub quantity: f64,
    /// Unit value in USD.
    pub unit_value: Option<f64>,
    /// Extended value in USD (`None` when the unit value is unknown).
    pub value: Option<f64>,
    /// The authorization type.
    pub authorization: AuthType,
    /// One sentence: the decisive reason for [`PlanLine::authorization`].
    pub verdict: String,
    /// What it rests on: exemption section (`126.7`), exception symbol (`LVS`),
    /// held authorization id, or the ECCN / category of the application.
    pub basis: Option<String>,
    /// Why, one step per entry.
    pub reasons: Vec<String>,
    /// Conditions to meet.
    pub conditions: Vec<String>,
    /// Citations.
    pub citations: Vec<String>,
    /// Kebab-case flags (`held-expiring`, `held-exhausted`, `value-missing` ...).
    pub flags: Vec<String>,
    /// Every ITAR exemption considered.
    pub exemptions: Vec<ExemptionCheck>,
    /// Every EAR license exception considered.
    pub license_exceptions: Vec<ExceptionCheck>,
}

/// An application to file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Application {
    /// `TAA`, `DSP5` or `BIS_LICENSE`.
    pub authorization: AuthType,
    /// Grouping key: the USML category or the ECCN heading.
    pub scope: String,
    /// Line ids.
    pub lines: Vec<String>,
    /// Total value in USD (`None` when a line has no value).
    pub value: Option<f64>,
    /// Citations.
    pub citations: Vec<String>,
    /// What to put in it.
    pub notes: Vec<String>,
}

/// An exemption or license exception to claim, with what it requires.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// `126.7`, `LVS` ...
    pub basis: String,
    /// Short title.
    pub title: String,
    /// Line ids.
    pub lines: Vec<String>,
    /// Conditions (deduplicated, in order).
    pub conditions: Vec<String>,
    /// Records to keep.
    pub records: Vec<String>,
    /// Markings.
    pub markings: Vec<String>,
    /// Exclusion rows set aside by attestation.
    pub attested: Vec<String>,
    /// Citations.
    pub citations: Vec<String>,
}

/// What one held authorization covers in this shipment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldUse {
    /// Case or license number.
    pub id: String,
    /// Type (`TAA`, `DSP5`, `BIS` ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// Lines covered.
    pub lines: Vec<String>,
    /// Value drawn by this shipment.
    pub value_drawn: f64,
    /// Quantity drawn.
    pub quantity_drawn: f64,
    /// Value left after this shipment (if limited).
    pub value_remaining: Option<f64>,
    /// Quantity left (if limited).
    pub quantity_remaining: Option<f64>,
    /// Expiry.
    pub expires: Date,
    /// Days from the as-of date to expiry (negative: expired).
    pub days_to_expiry: i64,
    /// `expired`, `expiring`, `exhausted`, `nearly-exhausted`, `unused`.
    pub flags: Vec<String>,
    /// Provisos to respect.
    pub provisos: Vec<String>,
}

/// An exclusion row an attestation could set aside, with every line and exemption
/// it keeps open. Only exemptions left `unknown` on lines that are REVIEW are
/// listed: attesting a row on a line already excluded or already planned changes
/// nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttestationNeed {
    /// Row id (`S1-006`).
    pub row: String,
    /// `supp. 1` or `supp. 2`.
    pub supplement: String,
    /// The row's short title.
    pub title: String,
    /// Why it is open, as in [`RowRef::why`] (several when lines differ).
    pub why: Vec<String>,
    /// Exemption sections it keeps open (`126.16`).
    pub exemptions: Vec<String>,
    /// Line ids, in input order.
    pub lines: Vec<String>,
}

/// A plan-level finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// Kebab-case code.
    pub code: String,
    /// Line id, when about one line.
    pub line: Option<String>,
    /// Message.
    pub message: String,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// JSON schema version.
    pub schema: u32,
    /// exportctl version.
    pub tool_version: String,
    /// Data set `as_of`.
    pub data_as_of: String,
    /// Data set hash.
    pub data_hash: String,
    /// As-of date of the decisions.
    pub as_of: Date,
    /// Destination code.
    pub destination: String,
    /// Destination name.
    pub destination_name: String,
    /// Recipient name.
    pub party: Option<String>,
    /// Stated end use.
    pub end_use: Option<String>,
    /// Count of lines per authorization type.
    pub summary: BTreeMap<String, usize>,
    /// Every line, in input order.
    pub lines: Vec<PlanLine>,
    /// Applications to file.
    pub applications: Vec<Application>,
    /// ITAR exemptions to claim.
    pub exemptions: Vec<Claim>,
    /// EAR license exceptions to use.
    pub license_exceptions: Vec<Claim>,
    /// Held authorizations and what they cover.
    pub held: Vec<HeldUse>,
    /// Exclusion rows to attest (or classify finer), each once, sorted by row id.
    pub attestations_needed: Vec<AttestationNeed>,
    /// Plan-level findings.
    pub findings: Vec<Finding>,
}

impl Plan {
    /// True when some line is PROHIBITED or REVIEW (the command exits 1).
    pub fn has_blockers(&self) -> bool {
        self.lines
            .iter()
            .any(|l| matches!(l.authorization, AuthType::Prohibited | AuthType::Review))
    }
}

/// The plan entry of every line, for [`crate::record::RulingFile::attach_plan`]:
/// (line id, JSON). Each entry is the line's [`PlanLine`] with the shipment's
/// `destination` and `party` first. The as-of date is left out on purpose: a record
/// changes when the plan does, not when the calendar does (an authorization that
/// expires still changes the entry, through its authorization and flags).
pub fn record_entries(plan: &Plan) -> Vec<(String, serde_json::Value)> {
    plan.lines
        .iter()
        .map(|l| {
            let mut m = serde_json::Map::new();
            m.insert("destination".into(), plan.destination.clone().into());
            m.insert(
                "party".into(),
                plan.party
                    .clone()
                    .map_or(serde_json::Value::Null, serde_json::Value::String),
            );
            if let serde_json::Value::Object(line) =
                serde_json::to_value(l).expect("a plan line serializes")
            {
                m.extend(line);
            }
            (l.id.clone(), serde_json::Value::Object(m))
        })
        .collect()
}

struct HeldState<'a> {
    auth: &'a Authorization,
    value_left: Option<f64>,
    qty_left: Option<f64>,
    value_drawn: f64,
    qty_drawn: f64,
    lines: Vec<String>,
    flags: Vec<String>,
}

enum HeldOutcome {
    Covered(String),
    /// Something in scope could not be decided (missing value).
    Unknown,
    None,
}

fn try_held(
    held: &mut [HeldState<'_>],
    line: &mut PlanLine,
    code: &ClassCode,
    ctx: &ShipmentContext,
) -> HeldOutcome {
    let mut unknown = false;
    for h in held.iter_mut() {
        let a = h.auth;
        if !a.in_scope(code, line.kind, ctx.destination, ctx.party.as_ref()) {
            continue;
        }
        let days = ctx.as_of.days_until(a.expires);
        if days < 0 {
            line.flags.push(format!("held-expired:{}", a.id));
            line.reasons.push(format!(
                "held {} `{}` expired on {}",
                a.kind, a.id, a.expires
            ));
            push_unique(&mut h.flags, "expired");
            continue;
        }
        if h.value_left.is_some() && line.value.is_none() {
            unknown = true;
            line.flags.push("value-missing".into());
            line.reasons.push(format!(
                "held {} `{}` has a value limit but the line has no unit value",
                a.kind, a.id
            ));
            continue;
        }
        let v = line.value.unwrap_or(0.0);
        let q = line.quantity;
        let value_short = h.value_left.is_some_and(|left| v > left + 1e-9);
        let qty_short = h.qty_left.is_some_and(|left| q > left + 1e-9);
        if value_short || qty_short {
            line.flags.push(format!("held-exhausted:{}", a.id));
            line.reasons.push(format!(
                "held {} `{}` has {} left, less than this line needs",
                a.kind,
                a.id,
                match (value_short, h.value_left, h.qty_left) {
                    (true, Some(left), _) => format!("${left:.2}"),
                    (_, _, Some(left)) => format!("quantity {left}"),
                    _ => "too little".into(),
                }
            ));
            push_unique(&mut h.flags, "exhausted");
            continue;
        }
        if let Some(left) = &mut h.value_left {
            *left -= v;
        }
        if let Some(left) = &mut h.qty_left {
            *left -= q;
        }
        h.value_drawn += v;
        h.qty_drawn += q;
        h.lines.push(line.id.clone());
        let pct = ctx.settings.exhaustion_warning_percent / 100.0;
        let low = |left: Option<f64>, limit: Option<f64>| match (left, limit) {
            (Some(l), Some(lim)) => l <= lim * pct,
            _ => false,
        };
        if low(h.value_left, a.value_limit_usd) || low(h.qty_left, a.quantity_limit) {
            line.flags.push(format!("held-nearly-exhausted:{}", a.id));
            push_unique(&mut h.flags, "nearly-exhausted");
        }
        if days <= ctx.settings.expiry_warning_days {
            line.flags.push(format!("held-expiring:{}", a.id));
            push_unique(&mut h.flags, "expiring");
        }
        line.reasons.push(format!(
            "covered by held {} `{}` (in scope, valid until {})",
            a.kind, a.id, a.expires
        ));
        line.citations.push(a.kind.citation().to_string());
        line.conditions.extend(a.provisos.iter().cloned());
        return HeldOutcome::Covered(a.id.clone());
    }
    if unknown {
        HeldOutcome::Unknown
    } else {
        HeldOutcome::None
    }
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

fn extend_unique(v: &mut Vec<String>, items: &[String]) {
    for i in items {
        push_unique(v, i);
    }
}

/// Quantity shipped: the line's quantity times every ancestor's.
fn shipped_quantity(bom: &Bom, i: usize) -> f64 {
    let mut q = bom.items()[i].quantity;
    let mut p = bom.parent_of(i);
    while let Some(j) = p {
        q *= bom.items()[j].quantity;
        p = bom.parent_of(j);
    }
    q
}

fn new_line(item: &Item, ruling: Option<&Ruling>, quantity: f64) -> PlanLine {
    PlanLine {
        id: item.id.clone(),
        source_line: item.source.line,
        description: item.description.clone(),
        kind: item.kind,
        jurisdiction: ruling.map_or(Jurisdiction::Review, |r| r.jurisdiction),
        classification: ruling
            .and_then(|r| r.classification.as_ref())
            .map(ToString::to_string),
        quantity,
        unit_value: item.unit_value,
        value: item.unit_value.map(|u| u * quantity),
        authorization: AuthType::Review,
        verdict: String::new(),
        basis: None,
        reasons: Vec::new(),
        conditions: Vec::new(),
        citations: Vec::new(),
        flags: Vec::new(),
        exemptions: Vec::new(),
        license_exceptions: Vec::new(),
    }
}

/// Builds the licensing plan for `bom` (with `rulings` from classification) shipped
/// as described by `ctx`.
///
/// Citation: 22 CFR 123.1, 124.1, 126.1, 126.5, 126.7, 126.16, 126.17; 15 CFR 738.4,
/// 740, 746, 750.
/// Example: a BOM with `XI(d)` technical data to Germany and no held TAA → one TAA
/// application listing that line.
pub fn plan_bom(bom: &Bom, rulings: &[Ruling], catalog: &Catalog, ctx: &ShipmentContext) -> Plan {
    let by_id: BTreeMap<&str, &Ruling> = rulings.iter().map(|r| (r.id.as_str(), r)).collect();
    let quantities: Vec<f64> = (0..bom.len()).map(|i| shipped_quantity(bom, i)).collect();
    let code_of = |i: usize| {
        by_id
            .get(bom.items()[i].id.as_str())
            .and_then(|r| r.classification.clone())
    };
    // Total ITAR value (126.7(b)(4)); None when any ITAR line lacks a value.
    let mut itar_value = Some(0.0);
    // Value per ECCN entry (LVS counts every line of the same ECCN in the shipment,
    // whatever its paragraph: 15 CFR 740.3(a)(1)).
    let mut eccn_value: BTreeMap<String, Option<f64>> = BTreeMap::new();
    for (i, it) in bom.items().iter().enumerate() {
        let v = it.unit_value.map(|u| u * quantities[i]);
        match code_of(i) {
            Some(ClassCode::Usml(_)) => {
                itar_value = match (itar_value, v) {
                    (Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
            }
            Some(ClassCode::Eccn(e)) => {
                let slot = eccn_value
                    .entry(e.heading().to_string())
                    .or_insert(Some(0.0));
                *slot = match (*slot, v) {
                    (Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
            }
            _ => {}
        }
    }
    let prohibited = exemptions::proscribed(catalog, ctx);
    let mut held: Vec<HeldState<'_>> = ctx
        .authorizations
        .iter()
        .map(|a| HeldState {
            auth: a,
            value_left: a.value_limit_usd,
            qty_left: a.quantity_limit,
            value_drawn: 0.0,
            qty_drawn: 0.0,
            lines: Vec::new(),
            flags: Vec::new(),
        })
        .collect();
    let mut findings = Vec::new();
    let mut lines = Vec::new();
    for (i, item) in bom.items().iter().enumerate() {
        let ruling = by_id.get(item.id.as_str()).copied();
        let mut line = new_line(item, ruling, quantities[i]);
        let code = ruling
            .filter(|r| r.jurisdiction != Jurisdiction::Review)
            .and_then(|r| r.classification.clone());
        match code {
            None => {
                line.authorization = AuthType::Review;
                line.reasons.push(
                    "the line is not classified (REVIEW): classify it before planning".into(),
                );
                if let Some(r) = ruling {
                    line.reasons.extend(r.explanation.iter().cloned());
                }
            }
            Some(ClassCode::Usml(ref u)) => {
                line.citations.push(format!("22 CFR 121.1, Category {u}"));
                if let Some(p) = &prohibited {
                    line.authorization = AuthType::Prohibited;
                    line.basis = Some("126.1".into());
                    line.reasons.extend(p.reasons.iter().cloned());
                    line.citations.extend(p.citations.iter().cloned());
                    line.exemptions.push(p.clone());
                } else {
                    let checks = exemptions::itar_exemptions(catalog, item, u, ctx, itar_value);
                    let eligible = checks
                        .iter()
                        .find(|c| c.status == Eligibility::Eligible)
                        .cloned();
                    let unknown = checks.iter().any(|c| c.status == Eligibility::Unknown);
                    line.exemptions = checks;
                    if let Some(c) = eligible {
                        line.authorization = AuthType::Exemption;
                        line.basis = Some(c.exemption.section().to_string());
                        line.reasons.push(format!(
                            "eligible for the {} (22 CFR {})",
                            c.exemption.title(),
                            c.exemption.section()
                        ));
                        line.reasons.extend(c.reasons.iter().cloned());
                        line.conditions.extend(c.conditions.iter().cloned());
                        line.citations.extend(c.citations.iter().cloned());
                    } else {
                        for c in &line.exemptions {
                            line.reasons.push(exemption_summary(c));
                        }
                        match try_held(&mut held, &mut line, code.as_ref().expect("usml"), ctx) {
                            HeldOutcome::Covered(id) => {
                                line.authorization = AuthType::Blanket;
                                line.basis = Some(id);
                            }
                            HeldOutcome::Unknown => {
                                line.authorization = AuthType::Review;
                            }
                            HeldOutcome::None if unknown => {
                                line.authorization = AuthType::Review;
                                line.flags.push("exemption-undecided".into());
                                let open: Vec<&str> = line
                                    .exemptions
                                    .iter()
                                    .filter(|c| c.status == Eligibility::Unknown)
                                    .map(|c| c.exemption.section())
                                    .collect();
                                let rows: usize = line
                                    .exemptions
                                    .iter()
                                    .filter(|c| c.status == Eligibility::Unknown)
                                    .map(|c| c.to_confirm.len())
                                    .sum();
                                line.reasons.push(format!(
                                    "22 CFR {} may apply once {} settled; until then the line is REVIEW",
                                    open.join(", "),
                                    if rows == 0 {
                                        "the missing facts are".to_string()
                                    } else {
                                        format!("the open rows ({rows}) and facts are")
                                    }
                                ));
                            }
                            HeldOutcome::None => {
                                let (t, cite, what) = match item.kind {
                                    Kind::Technology | Kind::Service => (
                                        AuthType::Taa,
                                        "22 CFR 124.1",
                                        "technical data or defense services: a TAA is required",
                                    ),
                                    Kind::Hardware | Kind::Software => (
                                        AuthType::Dsp5,
                                        "22 CFR 123.1",
                                        "defense articles: a DSP-5 license is required",
                                    ),
                                };
                                line.authorization = t;
                                line.basis = Some(format!("Category {}", u.category_roman()));
                                line.reasons.push(what.into());
                                line.citations.push(cite.into());
                            }
                        }
                    }
                }
            }
            Some(ref c @ (ClassCode::Eccn(_) | ClassCode::Ear99)) => {
                let lvs_value = match c {
                    ClassCode::Eccn(e) => eccn_value.get(e.heading()).copied().flatten(),
                    _ => None,
                };
                ear::decide(catalog, item, c, ctx, lvs_value, &mut line);
                // A held BIS license covers a line that needs one, or whose only open
                // question is an exception (e.g. LVS without a value).
                let undecided = line.flags.iter().any(|f| f == "exception-undecided");
                if line.authorization == AuthType::BisLicense
                    || (line.authorization == AuthType::Review && undecided)
                {
                    match try_held(&mut held, &mut line, c, ctx) {
                        HeldOutcome::Covered(id) => {
                            line.authorization = AuthType::Blanket;
                            line.basis = Some(id);
                        }
                        HeldOutcome::Unknown => line.authorization = AuthType::Review,
                        HeldOutcome::None => {}
                    }
                }
            }
        }
        line.citations.sort();
        line.citations.dedup();
        line.verdict = verdict(&line);
        if matches!(line.authorization, AuthType::Review | AuthType::Prohibited) {
            findings.push(Finding {
                code: if line.authorization == AuthType::Review {
                    "plan-review".into()
                } else {
                    "prohibited-destination".into()
                },
                line: Some(line.id.clone()),
                message: line.verdict.clone(),
            });
        }
        lines.push(line);
    }

    // Attestations nobody used.
    for a in &ctx.attestations {
        let used = lines.iter().any(|l| {
            l.exemptions
                .iter()
                .any(|c| c.attested.iter().any(|r| r == &a.row))
        });
        if !used {
            findings.push(Finding {
                code: "unused-attestation".into(),
                line: None,
                message: format!("attestation for row `{}` was not needed by any line", a.row),
            });
        }
    }

    // Only authorizations naming this destination belong in this plan.
    let held_uses: Vec<HeldUse> = held
        .into_iter()
        .filter(|h| h.auth.countries.contains(&ctx.destination))
        .map(|h| {
            let mut flags = h.flags;
            let days = ctx.as_of.days_until(h.auth.expires);
            if days < 0 {
                push_unique(&mut flags, "expired");
            } else if days <= ctx.settings.expiry_warning_days {
                push_unique(&mut flags, "expiring");
            }
            if h.lines.is_empty() {
                push_unique(&mut flags, "unused");
            }
            HeldUse {
                id: h.auth.id.clone(),
                kind: h.auth.kind.to_string(),
                lines: h.lines,
                value_drawn: h.value_drawn,
                quantity_drawn: h.qty_drawn,
                value_remaining: h.value_left,
                quantity_remaining: h.qty_left,
                expires: h.auth.expires,
                days_to_expiry: days,
                flags,
                provisos: h.auth.provisos.clone(),
            }
        })
        .collect();
    for h in &held_uses {
        for f in &h.flags {
            if f != "unused" {
                findings.push(Finding {
                    code: format!("held-{f}"),
                    line: None,
                    message: format!(
                        "held {} `{}`: {f} (expires {}, {} days from {})",
                        h.kind, h.id, h.expires, h.days_to_expiry, ctx.as_of
                    ),
                });
            }
        }
    }
    findings.sort();
    findings.dedup();

    let mut summary = BTreeMap::new();
    for l in &lines {
        *summary
            .entry(l.authorization.as_str().to_string())
            .or_insert(0) += 1;
    }
    Plan {
        schema: PLAN_SCHEMA,
        tool_version: crate::TOOL_VERSION.to_string(),
        data_as_of: catalog.as_of().to_string(),
        data_hash: catalog.hash.clone(),
        as_of: ctx.as_of,
        destination: ctx.destination.to_string(),
        destination_name: ctx.destination.name().to_string(),
        party: ctx.party.as_ref().map(|p| p.name.clone()),
        end_use: ctx
            .end_use
            .clone()
            .or_else(|| ctx.party.as_ref().and_then(|p| p.end_use.clone())),
        summary,
        applications: applications(&lines, ctx),
        exemptions: exemption_claims(&lines),
        license_exceptions: exception_claims(&lines),
        held: held_uses,
        attestations_needed: attestations_needed(&lines),
        lines,
        findings,
    }
}

fn row_list(rows: &[RowRef]) -> String {
    rows.iter()
        .map(|r| r.row.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line of text for an exemption that was not chosen: the status, the rows that
/// exclude the line, the rows to confirm, then any other blocker (party facts,
/// value). Row titles are in the check's `excluded_by` / `to_confirm`.
pub fn exemption_summary(c: &ExemptionCheck) -> String {
    let mut parts = Vec::new();
    if !c.excluded_by.is_empty() {
        parts.push(format!("excluded by {}", row_list(&c.excluded_by)));
    }
    if !c.to_confirm.is_empty() {
        parts.push(format!(
            "to confirm (attest if not applicable): {}",
            row_list(&c.to_confirm)
        ));
    }
    let row_ids: Vec<String> = c
        .excluded_by
        .iter()
        .chain(&c.to_confirm)
        .map(|r| format!("`{}`", r.row))
        .collect();
    for b in &c.blockers {
        if !row_ids.iter().any(|id| b.contains(id.as_str())) {
            parts.push(b.clone());
        }
    }
    format!(
        "22 CFR {} ({}) {}: {}",
        c.exemption.section(),
        c.exemption.title(),
        match c.status {
            Eligibility::Eligible => "eligible",
            Eligibility::Unknown => "undecided",
            Eligibility::Prohibited => "prohibited",
            Eligibility::NotEligible => "not available",
        },
        parts.join("; ")
    )
}

/// The decisive reason of a line, in one sentence.
fn verdict(line: &PlanLine) -> String {
    let pick = match line.authorization {
        AuthType::Exemption => line.reasons.iter().find(|r| r.starts_with("eligible for")),
        AuthType::Blanket => line
            .reasons
            .iter()
            .find(|r| r.starts_with("covered by held")),
        _ => None,
    };
    pick.or(line.reasons.last()).cloned().unwrap_or_default()
}

fn attestations_needed(lines: &[PlanLine]) -> Vec<AttestationNeed> {
    let mut out: BTreeMap<String, AttestationNeed> = BTreeMap::new();
    for l in lines {
        if l.authorization != AuthType::Review {
            continue;
        }
        for c in &l.exemptions {
            if c.status != Eligibility::Unknown {
                continue;
            }
            for r in &c.to_confirm {
                let n = out.entry(r.row.clone()).or_insert_with(|| AttestationNeed {
                    row: r.row.clone(),
                    supplement: r.supplement.clone(),
                    title: r.title.clone(),
                    why: Vec::new(),
                    exemptions: Vec::new(),
                    lines: Vec::new(),
                });
                push_unique(&mut n.why, &r.why);
                push_unique(&mut n.exemptions, c.exemption.section());
                push_unique(&mut n.lines, &l.id);
            }
        }
    }
    out.into_values().collect()
}

fn applications(lines: &[PlanLine], ctx: &ShipmentContext) -> Vec<Application> {
    let mut groups: BTreeMap<(AuthType, String), Vec<&PlanLine>> = BTreeMap::new();
    for l in lines {
        let key = match l.authorization {
            // One TAA and one DSP-5 for the shipment; one BIS license per ECCN.
            AuthType::Taa | AuthType::Dsp5 => String::from("USML"),
            AuthType::BisLicense => l.basis.clone().unwrap_or_default(),
            _ => continue,
        };
        groups.entry((l.authorization, key)).or_default().push(l);
    }
    let party = ctx
        .party
        .as_ref()
        .map_or_else(|| "the recipient".to_string(), |p| p.name.clone());
    groups
        .into_iter()
        .map(|((t, key), ls)| {
            let value = ls
                .iter()
                .try_fold(0.0, |acc, l| l.value.map(|v| acc + v));
            let mut cats: Vec<String> = ls
                .iter()
                .filter_map(|l| l.classification.clone())
                .collect();
            cats.sort();
            cats.dedup();
            let (citations, notes) = match t {
                AuthType::Taa => (
                    vec!["22 CFR 124.1".to_string(), "22 CFR 124.7".to_string()],
                    vec![
                        format!("agreement with {party} in {} covering {}", ctx.destination.name(), cats.join(", ")),
                        "describe the technical data and defense services, the programs and the end use".into(),
                    ],
                ),
                AuthType::Dsp5 => (
                    vec!["22 CFR 123.1".to_string()],
                    vec![
                        format!("permanent export to {party} in {} of {}", ctx.destination.name(), cats.join(", ")),
                        "attach the purchase order or contract; non-transfer and use assurances (DSP-83) for significant military equipment".into(),
                    ],
                ),
                _ => (
                    vec!["15 CFR 748".to_string(), "15 CFR 750".to_string()],
                    vec![
                        format!("application for {key} to {party} in {}", ctx.destination.name()),
                        "list the reasons for control that require the license (see each line)".into(),
                    ],
                ),
            };
            Application {
                authorization: t,
                scope: key,
                lines: ls.iter().map(|l| l.id.clone()).collect(),
                value,
                citations,
                notes,
            }
        })
        .collect()
}

fn exemption_claims(lines: &[PlanLine]) -> Vec<Claim> {
    let mut out: BTreeMap<String, Claim> = BTreeMap::new();
    for l in lines {
        if l.authorization != AuthType::Exemption {
            continue;
        }
        let Some(basis) = &l.basis else { continue };
        let Some(c) = l.exemptions.iter().find(|c| c.exemption.section() == basis) else {
            continue;
        };
        let claim = out.entry(basis.clone()).or_insert_with(|| Claim {
            basis: basis.clone(),
            title: c.exemption.title().to_string(),
            lines: Vec::new(),
            conditions: Vec::new(),
            records: Vec::new(),
            markings: Vec::new(),
            attested: Vec::new(),
            citations: Vec::new(),
        });
        claim.lines.push(l.id.clone());
        extend_unique(&mut claim.conditions, &c.conditions);
        extend_unique(&mut claim.records, &c.records);
        extend_unique(&mut claim.markings, &c.markings);
        extend_unique(&mut claim.attested, &c.attested);
        extend_unique(&mut claim.citations, &c.citations);
    }
    out.into_values().collect()
}

fn exception_claims(lines: &[PlanLine]) -> Vec<Claim> {
    let mut out: BTreeMap<String, Claim> = BTreeMap::new();
    for l in lines {
        if l.authorization != AuthType::LicenseException {
            continue;
        }
        let Some(basis) = &l.basis else { continue };
        let Some(c) = l.license_exceptions.iter().find(|c| &c.code == basis) else {
            continue;
        };
        let claim = out.entry(basis.clone()).or_insert_with(|| Claim {
            basis: basis.clone(),
            title: c.title.clone(),
            lines: Vec::new(),
            conditions: Vec::new(),
            records: Vec::new(),
            markings: Vec::new(),
            attested: Vec::new(),
            citations: vec![c.section.clone()],
        });
        claim.lines.push(l.id.clone());
        extend_unique(&mut claim.conditions, &c.conditions);
        extend_unique(&mut claim.records, &c.records);
    }
    out.into_values().collect()
}
