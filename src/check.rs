//! CI policy check: today's rulings against a baseline, with waivers.
//!
//! Policies (each `deny`, `warn` or `allow`, set in `[check]` of `exportctl.toml`):
//! `new-itar`, `new-review`, `changed-classification`, `changed-plan`,
//! `waiver-expired`, `waiver-malformed`, `unused-waiver`. A waiver (TOML, see
//! [`parse_waivers`]) silences one policy on one line until its expiry date
//! (inclusive). The check fails when an unwaived `deny` finding remains.
//!
//! This module decides findings only: the date is a parameter (`as_of`), files are
//! read by the binary and rendering is in [`crate::report::check`] and
//! [`crate::sarif`].

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::diag::{Location, Problem, Problems};
use crate::diff::pair;
use crate::model::Jurisdiction;
use crate::record::{DataStamp, RulingFile, RulingRecord};

/// Schema id of `exportctl check --format json`.
pub const CHECK_SCHEMA: &str = "exportctl.check/1";

/// A CI policy. Codes are stable and kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// A line is ITAR now and was not ITAR (or not present) in the baseline.
    NewItar,
    /// A line is REVIEW now and was not REVIEW (or not present) in the baseline.
    NewReview,
    /// A line's jurisdiction or classification differs from the baseline.
    ChangedClassification,
    /// A line's plan entry differs from the baseline.
    ChangedPlan,
    /// A waiver is past its expiry date.
    WaiverExpired,
    /// A waiver is missing a field or has an invalid one.
    WaiverMalformed,
    /// A valid waiver matched no finding.
    UnusedWaiver,
}

impl Policy {
    /// Every policy, in report order.
    pub const ALL: [Policy; 7] = [
        Policy::NewItar,
        Policy::NewReview,
        Policy::ChangedClassification,
        Policy::ChangedPlan,
        Policy::WaiverExpired,
        Policy::WaiverMalformed,
        Policy::UnusedWaiver,
    ];

    /// The kebab-case code.
    pub fn code(self) -> &'static str {
        match self {
            Policy::NewItar => "new-itar",
            Policy::NewReview => "new-review",
            Policy::ChangedClassification => "changed-classification",
            Policy::ChangedPlan => "changed-plan",
            Policy::WaiverExpired => "waiver-expired",
            Policy::WaiverMalformed => "waiver-malformed",
            Policy::UnusedWaiver => "unused-waiver",
        }
    }

    /// One-line description.
    pub fn description(self) -> &'static str {
        match self {
            Policy::NewItar => "a line became ITAR-controlled since the baseline",
            Policy::NewReview => "a line needs human review and did not in the baseline",
            Policy::ChangedClassification => {
                "a line's jurisdiction or classification differs from the baseline"
            }
            Policy::ChangedPlan => "a line's licensing plan entry differs from the baseline",
            Policy::WaiverExpired => "a waiver is past its expiry date and no longer applies",
            Policy::WaiverMalformed => "a waiver is missing a field or has an invalid one",
            Policy::UnusedWaiver => "a waiver matched no finding and can be removed",
        }
    }

    /// Level when the config does not set one.
    pub fn default_level(self) -> Level {
        match self {
            Policy::UnusedWaiver => Level::Warn,
            _ => Level::Deny,
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Policy> {
        Policy::ALL.into_iter().find(|p| p.code() == code)
    }

    /// True for policies about BOM lines (the ones a waiver can silence).
    pub fn is_line_policy(self) -> bool {
        matches!(
            self,
            Policy::NewItar
                | Policy::NewReview
                | Policy::ChangedClassification
                | Policy::ChangedPlan
        )
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How a policy failure is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; does not fail the check.
    Warn,
    /// Reported; fails the check (exit 1).
    Deny,
}

impl Level {
    /// `allow`, `warn` or `deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    /// Parses `allow`, `warn` or `deny`.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "allow" => Some(Level::Allow),
            "warn" => Some(Level::Warn),
            "deny" => Some(Level::Deny),
            _ => None,
        }
    }
}

/// The level of every policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policies {
    levels: BTreeMap<Policy, Level>,
}

impl Default for Policies {
    fn default() -> Policies {
        Policies {
            levels: Policy::ALL
                .into_iter()
                .map(|p| (p, p.default_level()))
                .collect(),
        }
    }
}

impl Policies {
    /// The level of `p`.
    pub fn level(&self, p: Policy) -> Level {
        self.levels.get(&p).copied().unwrap_or(p.default_level())
    }

    /// Sets the level of `p` (CLI overrides).
    pub fn set(&mut self, p: Policy, level: Level) {
        self.levels.insert(p, level);
    }

    /// Reads the `[check]` section of the config: `policy-code = "deny" | "warn" |
    /// "allow"`. `source` names the config file in problems.
    pub fn from_section(
        source: &str,
        section: Option<&BTreeMap<String, toml::Value>>,
    ) -> Result<Policies, Problems> {
        let mut out = Policies::default();
        let mut problems = Vec::new();
        for (key, value) in section.into_iter().flatten() {
            let Some(p) = Policy::parse(key) else {
                problems.push(
                    Problem::new(
                        Location::file(source),
                        format!("[check]: `{key}` is not a policy"),
                    )
                    .with_hint(format!(
                        "policies: {}",
                        Policy::ALL.map(Policy::code).join(", ")
                    )),
                );
                continue;
            };
            match value.as_str().and_then(Level::parse) {
                Some(l) => out.set(p, l),
                None => problems.push(
                    Problem::new(
                        Location::file(source),
                        format!("[check]: `{key}` = `{value}` is not a level"),
                    )
                    .with_hint("write `deny`, `warn` or `allow`"),
                ),
            }
        }
        Problems::check(format!("config {source}"), problems)?;
        Ok(out)
    }
}

/// True for a real calendar date written `YYYY-MM-DD`.
pub fn is_valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return false;
    }
    let (Ok(y), Ok(m), Ok(day)) = (
        d[0..4].parse::<u32>(),
        d[5..7].parse::<u32>(),
        d[8..10].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// A valid waiver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiver {
    /// Line id it applies to.
    pub line: Option<String>,
    /// Part number it applies to (when `line` is absent, or both must match).
    pub part: Option<String>,
    /// The policy it silences.
    pub policy: Policy,
    /// Who approved it.
    pub approved_by: String,
    /// Why.
    pub reason: String,
    /// Last day it applies (`YYYY-MM-DD`, inclusive).
    pub expires: String,
    /// Optional reference (ticket, CJ/CCATS number, CFR citation).
    pub reference: Option<String>,
    /// Where it is written (waivers file and line of its `[[waiver]]` table).
    #[serde(skip)]
    pub location: Location,
}

impl Waiver {
    fn matches(&self, policy: Policy, rec: &RulingRecord) -> bool {
        self.policy == policy
            && self.line.as_ref().map_or(true, |l| *l == rec.id)
            && self.part.as_ref().map_or(true, |p| *p == rec.part_number)
    }

    /// `line 10` / `part PN-7`.
    pub fn target(&self) -> String {
        match (&self.line, &self.part) {
            (Some(l), Some(p)) => format!("line `{l}` (part `{p}`)"),
            (Some(l), None) => format!("line `{l}`"),
            (None, Some(p)) => format!("part `{p}`"),
            (None, None) => "nothing".to_string(),
        }
    }
}

/// One `[[waiver]]` table: valid, or malformed with the reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaiverEntry {
    /// A usable waiver.
    Valid(Waiver),
    /// A waiver that cannot be used; it silences nothing.
    Malformed {
        /// Where.
        location: Location,
        /// What is wrong, one entry per problem.
        why: Vec<String>,
    },
}

const WAIVER_KEYS: &[&str] = &[
    "line",
    "part",
    "policy",
    "approved-by",
    "reason",
    "expires",
    "reference",
];

/// Parses a waivers file:
///
/// ```toml
/// [[waiver]]
/// line = "10"                 # or part = "PN-7" (or both)
/// policy = "new-review"
/// approved-by = "J. Smith, Empowered Official"
/// reason = "CJ request filed, awaiting determination"
/// expires = "2026-09-30"      # last day the waiver applies
/// reference = "CJ-2026-0042"  # optional
/// ```
///
/// A file that is not TOML, or has keys other than `waiver`, is an error (exit 2). A
/// waiver with a missing or invalid field is returned as [`WaiverEntry::Malformed`],
/// which the check reports as `waiver-malformed`.
pub fn parse_waivers(source: &str, text: &str) -> Result<Vec<WaiverEntry>, Problems> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[serde(default)]
        waiver: Vec<toml::Spanned<toml::Table>>,
    }
    let file: File = toml::from_str(text).map_err(|e| {
        let loc = e
            .span()
            .map(|s| {
                let (l, c) = line_col(text, s.start);
                Location::at(source, l, Some(c))
            })
            .unwrap_or_else(|| Location::file(source));
        Problems {
            subject: format!("waivers {source}"),
            problems: vec![Problem::new(loc, e.message().to_string())
                .with_hint("a waivers file holds `[[waiver]]` tables; see docs/CI.md")],
            truncated: 0,
        }
    })?;
    Ok(file
        .waiver
        .iter()
        .map(|w| {
            let (line, _) = line_col(text, w.span().start);
            parse_one(Location::at(source, line, None), w.get_ref())
        })
        .collect())
}

fn parse_one(location: Location, t: &toml::Table) -> WaiverEntry {
    let mut why = Vec::new();
    for k in t.keys() {
        if !WAIVER_KEYS.contains(&k.as_str()) {
            why.push(format!(
                "unknown key `{k}` (keys: {})",
                WAIVER_KEYS.join(", ")
            ));
        }
    }
    let mut text = |key: &str, required: bool| -> Option<String> {
        match t.get(key) {
            None if required => {
                why.push(format!("`{key}` is missing"));
                None
            }
            None => None,
            Some(toml::Value::String(s)) if s.trim().is_empty() => {
                why.push(format!("`{key}` is empty"));
                None
            }
            Some(toml::Value::String(s)) => Some(s.trim().to_string()),
            Some(v) => {
                why.push(format!("`{key}` = `{v}` must be a string"));
                None
            }
        }
    };
    let line = text("line", false);
    let part = text("part", false);
    let policy = text("policy", true);
    let approved_by = text("approved-by", true);
    let reason = text("reason", true);
    let expires = text("expires", true);
    let reference = text("reference", false);
    if line.is_none() && part.is_none() && !t.contains_key("line") && !t.contains_key("part") {
        why.push("neither `line` nor `part` says which line it applies to".to_string());
    }
    let policy = policy.and_then(|p| match Policy::parse(&p) {
        Some(pol) if pol.is_line_policy() => Some(pol),
        Some(_) => {
            why.push(format!("policy `{p}` cannot be waived"));
            None
        }
        None => {
            why.push(format!(
                "`{p}` is not a policy a waiver can silence (new-itar, new-review, changed-classification, changed-plan)"
            ));
            None
        }
    });
    if let Some(e) = &expires {
        if !is_valid_date(e) {
            why.push(format!("`expires` = `{e}` is not a date `YYYY-MM-DD`"));
        }
    }
    match (why.is_empty(), policy, approved_by, reason, expires) {
        (true, Some(policy), Some(approved_by), Some(reason), Some(expires)) => {
            WaiverEntry::Valid(Waiver {
                line,
                part,
                policy,
                approved_by,
                reason,
                expires,
                reference,
                location,
            })
        }
        _ => WaiverEntry::Malformed { location, why },
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.len(), |p| before.len() - p - 1)
        + 1;
    (line, col)
}

/// Jurisdiction and classification of one side of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulingBrief {
    /// ITAR, EAR or REVIEW.
    pub jurisdiction: Jurisdiction,
    /// The code, if any.
    pub classification: Option<String>,
}

impl RulingBrief {
    fn of(r: &RulingRecord) -> RulingBrief {
        RulingBrief {
            jurisdiction: r.jurisdiction,
            classification: r.classification.as_ref().map(ToString::to_string),
        }
    }
}

/// The waiver that silenced a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaivedBy {
    /// Who approved it.
    pub approved_by: String,
    /// Why.
    pub reason: String,
    /// Last day it applies.
    pub expires: String,
    /// Optional reference.
    pub reference: Option<String>,
    /// Waivers file.
    pub file: String,
    /// Line of the `[[waiver]]` table.
    pub line: Option<usize>,
}

/// One policy failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The policy code (also the SARIF rule id).
    pub code: Policy,
    /// The configured level (`warn` or `deny`; `allow` findings are not reported).
    pub level: Level,
    /// True when a valid waiver silences it (it then does not fail the check).
    pub waived: bool,
    /// Line id, for line policies.
    pub line_id: Option<String>,
    /// Part number, for line policies.
    pub part_number: Option<String>,
    /// The file the finding points at (the BOM, or the waivers file).
    pub file: String,
    /// 1-based line in that file, when known.
    pub line: Option<usize>,
    /// What happened, in words.
    pub message: String,
    /// The baseline ruling, when there is one.
    pub before: Option<RulingBrief>,
    /// Today's ruling, for line policies.
    pub after: Option<RulingBrief>,
    /// The waiver that silences it.
    pub waiver: Option<WaivedBy>,
}

impl Finding {
    /// True when it fails the check: `deny` and not waived.
    pub fn fails(&self) -> bool {
        self.level == Level::Deny && !self.waived
    }
}

/// Counts for the report header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSummary {
    /// Lines in today's BOM.
    pub lines: usize,
    /// Lines in the baseline (0 without one).
    pub baseline_lines: usize,
    /// Today's ITAR lines.
    pub itar: usize,
    /// Today's EAR lines.
    pub ear: usize,
    /// Today's REVIEW lines.
    pub review: usize,
    /// Unwaived `deny` findings.
    pub deny: usize,
    /// Unwaived `warn` findings.
    pub warn: usize,
    /// Waived findings.
    pub waived: usize,
}

/// The result of `exportctl check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    /// [`CHECK_SCHEMA`].
    pub schema: String,
    /// exportctl version.
    pub tool: String,
    /// The date waivers were judged against.
    pub as_of: String,
    /// The BOM file.
    pub bom: String,
    /// The baseline file, if any.
    pub baseline: Option<String>,
    /// The waivers file, if any.
    pub waivers: Option<String>,
    /// Control-list data used today.
    pub data: DataStamp,
    /// Level of every policy.
    pub policies: BTreeMap<Policy, Level>,
    /// True when no finding fails.
    pub passed: bool,
    /// Counts.
    pub summary: CheckSummary,
    /// Findings: line findings in BOM order, then waiver findings in file order.
    pub findings: Vec<Finding>,
}

/// What [`check`] compares.
#[derive(Debug, Clone, Copy)]
pub struct CheckInput<'a> {
    /// Today's rulings.
    pub current: &'a RulingFile,
    /// The BOM file name for locations (usually `current.source`).
    pub bom: &'a str,
    /// The baseline and its file name; `None` compares against an empty baseline.
    pub baseline: Option<(&'a RulingFile, &'a str)>,
    /// Parsed waivers and the waivers file name.
    pub waivers: Option<(&'a [WaiverEntry], &'a str)>,
    /// Today, `YYYY-MM-DD` (given by the caller; the library reads no clock).
    pub as_of: &'a str,
    /// Policy levels.
    pub policies: &'a Policies,
}

/// Runs every policy. Deterministic: findings follow BOM order, then policy order,
/// then waiver-file order.
pub fn check(input: CheckInput<'_>) -> CheckReport {
    let cur = &input.current.records;
    let empty = Vec::new();
    let base = input.baseline.map_or(&empty, |(b, _)| &b.records);
    let p = pair(base, cur);
    let mut old_of: Vec<Option<usize>> = vec![None; cur.len()];
    for &(i, j, _) in &p.pairs {
        old_of[j] = Some(i);
    }

    // Valid waivers not yet expired may silence findings; track use.
    let entries: &[WaiverEntry] = input.waivers.map_or(&[], |(w, _)| w);
    let mut used = vec![false; entries.len()];

    let mut findings = Vec::new();
    let mut raw: Vec<(Policy, usize, String)> = Vec::new();
    for (j, now) in cur.iter().enumerate() {
        let before = old_of[j].map(|i| &base[i]);
        raw.clear();
        if now.jurisdiction == Jurisdiction::Itar
            && before.map_or(true, |b| b.jurisdiction != Jurisdiction::Itar)
        {
            raw.push((
                Policy::NewItar,
                j,
                match before {
                    None => format!("new line `{}` is ITAR ({})", now.id, now.ruling_text()),
                    Some(b) => format!(
                        "line `{}` is now ITAR ({}); baseline: {}",
                        now.id,
                        now.ruling_text(),
                        b.ruling_text()
                    ),
                },
            ));
        }
        if now.jurisdiction == Jurisdiction::Review
            && before.map_or(true, |b| b.jurisdiction != Jurisdiction::Review)
        {
            raw.push((
                Policy::NewReview,
                j,
                match before {
                    None => format!("new line `{}` needs review", now.id),
                    Some(b) => format!(
                        "line `{}` now needs review; baseline: {}",
                        now.id,
                        b.ruling_text()
                    ),
                },
            ));
        }
        if let Some(b) = before {
            if b.jurisdiction != now.jurisdiction || b.classification != now.classification {
                raw.push((
                    Policy::ChangedClassification,
                    j,
                    format!(
                        "line `{}` changed from {} to {} (cause: {})",
                        now.id,
                        b.ruling_text(),
                        now.ruling_text(),
                        crate::diff::cause(b, now).as_str()
                    ),
                ));
            }
            if b.plan != now.plan {
                raw.push((
                    Policy::ChangedPlan,
                    j,
                    plan_change_message(&now.id, b.plan.as_ref(), now.plan.as_ref(), || {
                        crate::diff::cause(b, now)
                    }),
                ));
            }
        }
        for (policy, j, message) in raw.drain(..) {
            let level = input.policies.level(policy);
            if level == Level::Allow {
                continue;
            }
            let now = &cur[j];
            let waiver = entries.iter().enumerate().find_map(|(k, e)| match e {
                WaiverEntry::Valid(w)
                    if w.matches(policy, now) && w.expires.as_str() >= input.as_of =>
                {
                    Some((k, w))
                }
                _ => None,
            });
            if let Some((k, _)) = waiver {
                used[k] = true;
            }
            findings.push(Finding {
                code: policy,
                level,
                waived: waiver.is_some(),
                line_id: Some(now.id.clone()),
                part_number: Some(now.part_number.clone()).filter(|p| !p.is_empty()),
                file: input.bom.to_string(),
                line: Some(now.line).filter(|l| *l > 0),
                message,
                before: before.map(RulingBrief::of),
                after: Some(RulingBrief::of(now)),
                waiver: waiver.map(|(_, w)| WaivedBy {
                    approved_by: w.approved_by.clone(),
                    reason: w.reason.clone(),
                    expires: w.expires.clone(),
                    reference: w.reference.clone(),
                    file: w.location.file.clone(),
                    line: w.location.line,
                }),
            });
        }
    }

    // Waiver findings, in file order.
    let waiver_file = input.waivers.map_or("", |(_, f)| f);
    for (k, e) in entries.iter().enumerate() {
        let (policy, location, message) = match e {
            WaiverEntry::Malformed { location, why } => (
                Policy::WaiverMalformed,
                location,
                format!("malformed waiver: {}", why.join("; ")),
            ),
            WaiverEntry::Valid(w) if w.expires.as_str() < input.as_of => (
                Policy::WaiverExpired,
                &w.location,
                format!(
                    "waiver of `{}` for {} expired on {} (approved by {})",
                    w.policy,
                    w.target(),
                    w.expires,
                    w.approved_by
                ),
            ),
            WaiverEntry::Valid(w) if !used[k] => (
                Policy::UnusedWaiver,
                &w.location,
                format!(
                    "waiver of `{}` for {} matched no finding; remove it",
                    w.policy,
                    w.target()
                ),
            ),
            WaiverEntry::Valid(_) => continue,
        };
        let level = input.policies.level(policy);
        if level == Level::Allow {
            continue;
        }
        let file = if location.file.is_empty() {
            waiver_file.to_string()
        } else {
            location.file.clone()
        };
        findings.push(Finding {
            code: policy,
            level,
            waived: false,
            line_id: None,
            part_number: None,
            file,
            line: location.line,
            message,
            before: None,
            after: None,
            waiver: None,
        });
    }

    let (itar, ear, review) = input.current.counts();
    let summary = CheckSummary {
        lines: cur.len(),
        baseline_lines: base.len(),
        itar,
        ear,
        review,
        deny: findings.iter().filter(|f| f.fails()).count(),
        warn: findings
            .iter()
            .filter(|f| f.level == Level::Warn && !f.waived)
            .count(),
        waived: findings.iter().filter(|f| f.waived).count(),
    };
    CheckReport {
        schema: CHECK_SCHEMA.to_string(),
        tool: input.current.tool.clone(),
        as_of: input.as_of.to_string(),
        bom: input.bom.to_string(),
        baseline: input.baseline.map(|(_, n)| n.to_string()),
        waivers: input.waivers.map(|(_, n)| n.to_string()),
        data: input.current.data.clone(),
        policies: Policy::ALL
            .into_iter()
            .map(|p| (p, input.policies.level(p)))
            .collect(),
        passed: summary.deny == 0,
        summary,
        findings,
    }
}

/// `AUTH (basis)` of a plan entry, as recorded by [`crate::plan::record_entries`].
fn plan_entry_text(v: &serde_json::Value) -> String {
    let auth = v
        .get("authorization")
        .and_then(|a| a.as_str())
        .unwrap_or("?");
    match v.get("basis").and_then(|b| b.as_str()) {
        Some(b) if !b.is_empty() && b != auth => format!("{auth} ({b})"),
        _ => auth.to_string(),
    }
}

/// The `changed-plan` message: what changed and why. When input, data and tool are
/// the same, the cause is the shipment context (exportctl.toml, the flags or the
/// date). A plan present on one side only means the runs were not given the same
/// `--to`.
fn plan_change_message(
    id: &str,
    before: Option<&serde_json::Value>,
    now: Option<&serde_json::Value>,
    cause: impl FnOnce() -> crate::diff::Cause,
) -> String {
    match (before, now) {
        (Some(_), None) => format!(
            "line `{id}`: the baseline has a plan entry but this run has none (pass the same `--to`/`--party` as the baseline, or rewrite the baseline)"
        ),
        (None, Some(_)) => format!(
            "line `{id}`: this run has a plan entry but the baseline has none (rewrite the baseline with `--to`)"
        ),
        (Some(b), Some(n)) => {
            let (bt, nt) = (plan_entry_text(b), plan_entry_text(n));
            let what = if bt == nt {
                format!("{nt}, details changed")
            } else {
                format!("{bt} → {nt}")
            };
            let cause = match cause() {
                crate::diff::Cause::Other => {
                    "shipment context: exportctl.toml, flags or --as-of"
                }
                c => c.as_str(),
            };
            format!("line `{id}`: the plan entry changed: {what} (cause: {cause})")
        }
        (None, None) => format!("line `{id}`: the plan entry changed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Basis, ClassCode};
    use crate::record::{Provenance, RULINGS_SCHEMA};

    fn rec(id: &str, code: Option<&str>) -> RulingRecord {
        let classification = code.map(|c| ClassCode::parse(c).unwrap());
        let jurisdiction = match &classification {
            Some(c) if c.is_usml() => Jurisdiction::Itar,
            Some(_) => Jurisdiction::Ear,
            None => Jurisdiction::Review,
        };
        RulingRecord {
            id: id.into(),
            part_number: format!("PN-{id}"),
            line: id.parse::<usize>().unwrap_or(0) + 1,
            input: serde_json::json!({}),
            jurisdiction,
            classification,
            basis: Basis::Declared,
            citations: vec![],
            findings: vec![],
            plan: None,
            provenance: Provenance {
                tool: "1".into(),
                data_as_of: "2026-01-01".into(),
                data_hash: "d".into(),
                input_hash: format!("i{id}"),
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

    fn run(base: &RulingFile, cur: &RulingFile, waivers: &str, as_of: &str) -> CheckReport {
        let w = parse_waivers("w.toml", waivers).unwrap();
        check(CheckInput {
            current: cur,
            bom: "bom.csv",
            baseline: Some((base, "base.json")),
            waivers: Some((&w, "w.toml")),
            as_of,
            policies: &Policies::default(),
        })
    }

    fn codes(r: &CheckReport) -> Vec<(&'static str, bool)> {
        r.findings
            .iter()
            .map(|f| (f.code.code(), f.waived))
            .collect()
    }

    #[test]
    fn line_policies_table() {
        let base = file(vec![
            rec("1", Some("EAR99")),
            rec("2", Some("XI(c)")),
            rec("3", None),
        ]);
        // (name, current records, expected (code, waived) findings)
        type Row<'a> = (&'a str, Vec<RulingRecord>, Vec<(&'a str, bool)>);
        let rows: Vec<Row> = vec![
            (
                "unchanged",
                vec![
                    rec("1", Some("EAR99")),
                    rec("2", Some("XI(c)")),
                    rec("3", None),
                ],
                vec![],
            ),
            (
                "ear to itar",
                vec![
                    rec("1", Some("XI(a)")),
                    rec("2", Some("XI(c)")),
                    rec("3", None),
                ],
                vec![("new-itar", false), ("changed-classification", false)],
            ),
            (
                "new review line",
                vec![
                    rec("1", Some("EAR99")),
                    rec("2", Some("XI(c)")),
                    rec("3", None),
                    rec("4", None),
                ],
                vec![("new-review", false)],
            ),
            (
                "new itar line",
                vec![
                    rec("1", Some("EAR99")),
                    rec("2", Some("XI(c)")),
                    rec("3", None),
                    rec("5", Some("XI(b)")),
                ],
                vec![("new-itar", false)],
            ),
            (
                "itar to ear",
                vec![
                    rec("1", Some("EAR99")),
                    rec("2", Some("3A001")),
                    rec("3", None),
                ],
                vec![("changed-classification", false)],
            ),
            (
                "removed line is no finding",
                vec![rec("1", Some("EAR99")), rec("2", Some("XI(c)"))],
                vec![],
            ),
        ];
        for (name, cur, want) in rows {
            let r = run(&base, &file(cur), "", "2026-06-01");
            assert_eq!(codes(&r), want, "{name}");
            assert_eq!(r.passed, want.is_empty(), "{name}");
        }
    }

    #[test]
    fn changed_plan_is_reported() {
        let base = file(vec![rec("1", Some("EAR99"))]);
        let mut now = rec("1", Some("EAR99"));
        now.plan = Some(serde_json::json!({"authorization": "NLR"}));
        let r = run(&base, &file(vec![now]), "", "2026-06-01");
        assert_eq!(codes(&r), [("changed-plan", false)]);
    }

    const WAIVER: &str = r#"
[[waiver]]
line = "4"
policy = "new-review"
approved-by = "A. Auditor"
reason = "CJ filed"
expires = "2026-06-30"
"#;

    #[test]
    fn waiver_applies_through_its_expiry_date_inclusive() {
        let base = file(vec![]);
        let cur = file(vec![rec("4", None)]);
        for (as_of, want) in [
            ("2026-06-29", vec![("new-review", true)]),
            ("2026-06-30", vec![("new-review", true)]),
            (
                "2026-07-01",
                vec![("new-review", false), ("waiver-expired", false)],
            ),
        ] {
            let r = run(&base, &cur, WAIVER, as_of);
            assert_eq!(codes(&r), want, "as of {as_of}");
            assert_eq!(r.passed, as_of <= "2026-06-30", "as of {as_of}");
        }
    }

    #[test]
    fn unused_waiver_warns_without_failing() {
        let base = file(vec![]);
        let cur = file(vec![rec("9", Some("EAR99"))]);
        let r = run(&base, &cur, WAIVER, "2026-06-01");
        assert_eq!(codes(&r), [("unused-waiver", false)]);
        assert_eq!(r.findings[0].level, Level::Warn);
        assert_eq!(r.findings[0].line, Some(2));
        assert!(r.passed);
    }

    #[test]
    fn malformed_waivers_are_findings_not_errors() {
        let text = r#"
[[waiver]]
line = "4"
policy = "new-review"
reason = "no approver"
expires = "2026-02-30"

[[waiver]]
part = "PN-4"
policy = "waiver-expired"
approved-by = "X"
reason = "y"
expires = "2026-12-31"
colour = "red"
"#;
        let w = parse_waivers("w.toml", text).unwrap();
        let whys: Vec<String> = w
            .iter()
            .map(|e| match e {
                WaiverEntry::Malformed { why, .. } => why.join("; "),
                WaiverEntry::Valid(_) => "valid".into(),
            })
            .collect();
        assert!(whys[0].contains("`approved-by` is missing"), "{}", whys[0]);
        assert!(whys[0].contains("2026-02-30"), "{}", whys[0]);
        assert!(whys[1].contains("unknown key `colour`"), "{}", whys[1]);
        assert!(whys[1].contains("cannot be waived"), "{}", whys[1]);
        let r = run(
            &file(vec![]),
            &file(vec![rec("4", None)]),
            text,
            "2026-01-01",
        );
        assert_eq!(
            codes(&r),
            [
                ("new-review", false),
                ("waiver-malformed", false),
                ("waiver-malformed", false)
            ]
        );
        assert_eq!(r.findings[1].line, Some(2));
        assert!(parse_waivers("w.toml", "[[waiver]\n").is_err());
        assert!(parse_waivers("w.toml", "exceptions = 1\n").is_err());
    }

    #[test]
    fn config_levels_and_allow_silences() {
        let mut sec = BTreeMap::new();
        sec.insert("new-review".to_string(), toml::Value::String("warn".into()));
        let p = Policies::from_section("exportctl.toml", Some(&sec)).unwrap();
        assert_eq!(p.level(Policy::NewReview), Level::Warn);
        assert_eq!(p.level(Policy::NewItar), Level::Deny);
        sec.insert("new-itra".to_string(), toml::Value::String("deny".into()));
        sec.insert("new-review".to_string(), toml::Value::String("off".into()));
        let err = Policies::from_section("exportctl.toml", Some(&sec)).unwrap_err();
        assert_eq!(err.problems.len(), 2, "{err}");
    }

    #[test]
    fn dates_are_checked_on_the_calendar() {
        for (d, ok) in [
            ("2026-02-28", true),
            ("2028-02-29", true),
            ("2026-02-29", false),
            ("2026-13-01", false),
            ("2026-1-01", false),
            ("tomorrow", false),
        ] {
            assert_eq!(is_valid_date(d), ok, "{d}");
        }
    }

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for p in Policy::ALL {
            assert!(seen.insert(p.code()));
            assert!(p.code().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert_eq!(Policy::parse(p.code()), Some(p));
        }
    }
}
