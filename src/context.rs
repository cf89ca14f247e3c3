//! The shipment context: where it goes, to whom, as of when, under which held
//! authorizations.
//!
//! Parties and held authorizations live in `exportctl.toml` (`[[party]]`,
//! `[[authorization]]`, `[[attestation]]`, `[plan]`) and are read with
//! [`crate::config::Config::section`]; the binary adds the command-line flags
//! (`--to`, `--party`, `--as-of`, `--end-use`, `--purpose`). Party facts are
//! `Option<bool>`: an absent fact is *unknown*, and an exemption that needs it is never
//! granted (fail closed). This module decides nothing about licensing; it only parses
//! and validates.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diag::{Location, Problem, Problems};
use crate::model::{ClassCode, Country, Eccn, Kind, UsmlId};

/// A calendar date (`YYYY-MM-DD`), the only notion of time the engine has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    y: i32,
    m: u32,
    d: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking the day exists in that month.
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("`{s}` is not a date: write `YYYY-MM-DD`");
        let b = s.trim().as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let t = s.trim();
        let y: i32 = t[..4].parse().map_err(|_| bad())?;
        let m: u32 = t[5..7].parse().map_err(|_| bad())?;
        let d: u32 = t[8..10].parse().map_err(|_| bad())?;
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(bad()),
        };
        if d == 0 || d > days {
            return Err(bad());
        }
        Ok(Date { y, m, d })
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    pub fn days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `other - self` in days.
    pub fn days_until(self, other: Date) -> i64 {
        other.days() - self.days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// The recipient of the shipment and what is known about it. `None` means unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Party {
    /// Name as used on `--party` and in authorization scopes.
    pub name: String,
    /// Country where the party is located (ISO alpha-2).
    pub country: Country,
    /// A government department or agency (national level for AUKUS, federal or
    /// provincial for Canada) acting in an official capacity.
    #[serde(default)]
    pub government: Option<bool>,
    /// A Canadian-registered person (22 CFR 126.5(b)).
    #[serde(default)]
    pub canadian_registered: Option<bool>,
    /// An AUKUS Authorized User identified through the DDTC website (22 CFR 126.7(b)(2)(iii)).
    #[serde(default)]
    pub aukus_authorized_user: Option<bool>,
    /// A member of the UK or Australian Community of the treaty Approved Community
    /// (22 CFR 126.17(d), 126.16(d)).
    #[serde(default)]
    pub treaty_community: Option<bool>,
    /// The treaty end use under paragraph (e) the exporter has identified per
    /// paragraph (f), e.g. `126.16(e)(2) Program NAME`.
    #[serde(default)]
    pub treaty_end_use: Option<String>,
    /// Stated end use.
    #[serde(default)]
    pub end_use: Option<String>,
}

/// Kind of held authorization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum AuthorizationType {
    /// Technical Assistance Agreement (22 CFR 124.1).
    Taa,
    /// Manufacturing License Agreement (22 CFR 124.1).
    Mla,
    /// DSP-5 permanent export license for unclassified articles (22 CFR 123.1).
    Dsp5,
    /// A 126.14 comprehensive program or project authorization.
    Program,
    /// A BIS license (15 CFR 750).
    Bis,
}

impl AuthorizationType {
    /// True for State Department (ITAR) authorizations.
    pub fn is_itar(self) -> bool {
        !matches!(self, AuthorizationType::Bis)
    }

    /// Kinds covered when the authorization lists none.
    pub fn default_kinds(self) -> Vec<Kind> {
        match self {
            AuthorizationType::Taa | AuthorizationType::Mla => {
                vec![Kind::Technology, Kind::Service]
            }
            AuthorizationType::Dsp5 => vec![Kind::Hardware, Kind::Software],
            AuthorizationType::Program => vec![
                Kind::Hardware,
                Kind::Software,
                Kind::Technology,
                Kind::Service,
            ],
            AuthorizationType::Bis => vec![Kind::Hardware, Kind::Software, Kind::Technology],
        }
    }

    /// Citation of the authorization type.
    pub fn citation(self) -> &'static str {
        match self {
            AuthorizationType::Taa | AuthorizationType::Mla => "22 CFR 124.1",
            AuthorizationType::Dsp5 => "22 CFR 123.1",
            AuthorizationType::Program => "22 CFR 126.14",
            AuthorizationType::Bis => "15 CFR 750",
        }
    }
}

impl fmt::Display for AuthorizationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthorizationType::Taa => "TAA",
            AuthorizationType::Mla => "MLA",
            AuthorizationType::Dsp5 => "DSP5",
            AuthorizationType::Program => "PROGRAM",
            AuthorizationType::Bis => "BIS",
        })
    }
}

/// A held authorization as written in `exportctl.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawAuthorization {
    /// Case or license number.
    pub id: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: AuthorizationType,
    /// USML scope (categories or paragraphs), ITAR authorizations only.
    #[serde(default)]
    pub usml: Vec<String>,
    /// ECCN scope (headings or paragraphs), BIS licenses only.
    #[serde(default)]
    pub eccns: Vec<String>,
    /// Kinds covered; defaults by type.
    #[serde(default)]
    pub kinds: Vec<Kind>,
    /// Destinations (ISO alpha-2); at least one.
    pub countries: Vec<String>,
    /// Parties (names); empty means any party in the listed countries.
    #[serde(default)]
    pub parties: Vec<String>,
    /// Remaining value in USD, if limited.
    #[serde(default)]
    pub value_limit_usd: Option<f64>,
    /// Remaining quantity, if limited.
    #[serde(default)]
    pub quantity_limit: Option<f64>,
    /// Expiry date (`YYYY-MM-DD`), inclusive.
    pub expires: String,
    /// Free-text provisos to repeat in the plan.
    #[serde(default)]
    pub provisos: Vec<String>,
}

/// A held authorization, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Authorization {
    /// Case or license number.
    pub id: String,
    /// Type.
    pub kind: AuthorizationType,
    /// USML scope.
    pub usml: Vec<UsmlId>,
    /// ECCN scope.
    pub eccns: Vec<Eccn>,
    /// Kinds covered.
    pub kinds: Vec<Kind>,
    /// Destinations.
    pub countries: Vec<Country>,
    /// Parties (empty: any).
    pub parties: Vec<String>,
    /// Value limit in USD.
    pub value_limit_usd: Option<f64>,
    /// Quantity limit.
    pub quantity_limit: Option<f64>,
    /// Expiry (inclusive).
    pub expires: Date,
    /// Provisos.
    pub provisos: Vec<String>,
}

impl Authorization {
    /// True when the code, kind, destination and party are within the scope
    /// (dates and limits are checked by the plan).
    pub fn in_scope(
        &self,
        code: &ClassCode,
        kind: Kind,
        dest: Country,
        party: Option<&Party>,
    ) -> bool {
        let code_ok = match code {
            ClassCode::Usml(u) => self.kind.is_itar() && self.usml.iter().any(|s| u.is_within(s)),
            ClassCode::Eccn(e) => !self.kind.is_itar() && self.eccns.iter().any(|s| e.is_within(s)),
            ClassCode::Ear99 => false,
        };
        let party_ok = self.parties.is_empty()
            || party.is_some_and(|p| self.parties.iter().any(|n| n == &p.name));
        code_ok && self.kinds.contains(&kind) && self.countries.contains(&dest) && party_ok
    }
}

/// The exporter's written statement that an exclusion row (supp. 1 or 2 to part 126)
/// does not apply to this shipment, with the reason kept for the records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Attestation {
    /// Row id (`S1-001`).
    pub row: String,
    /// Why it does not apply, in words.
    pub reason: String,
    /// Who made the determination.
    #[serde(default)]
    pub by: Option<String>,
}

/// `[plan]` settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlanSettings {
    /// Flag held authorizations expiring within this many days (default 30).
    #[serde(default = "default_expiry_days")]
    pub expiry_warning_days: i64,
    /// Flag held authorizations whose remaining value or quantity falls to this
    /// percentage of the limit or less (default 10).
    #[serde(default = "default_exhaust_pct")]
    pub exhaustion_warning_percent: f64,
}

fn default_expiry_days() -> i64 {
    30
}

fn default_exhaust_pct() -> f64 {
    10.0
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            expiry_warning_days: default_expiry_days(),
            exhaustion_warning_percent: default_exhaust_pct(),
        }
    }
}

/// Why the goods move, when it matters for a license exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// Temporary export to be returned (TMP, 15 CFR 740.9).
    Temporary,
    /// One-for-one replacement of parts of lawfully exported equipment (RPL, 15 CFR 740.10).
    Replacement,
}

impl Purpose {
    /// Parses `temporary` or `replacement`.
    pub fn parse(s: &str) -> Option<Purpose> {
        match s.trim().to_ascii_lowercase().as_str() {
            "temporary" | "tmp" => Some(Purpose::Temporary),
            "replacement" | "rpl" => Some(Purpose::Replacement),
            _ => None,
        }
    }
}

/// Everything the plan needs besides the BOM, rulings and catalog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShipmentContext {
    /// Destination country.
    pub destination: Country,
    /// Recipient, when named.
    pub party: Option<Party>,
    /// End use stated for this shipment (overrides the party's).
    pub end_use: Option<String>,
    /// Purpose, when it is a temporary export or a replacement.
    pub purpose: Option<Purpose>,
    /// The date decisions are made as of.
    pub as_of: Date,
    /// Held authorizations.
    pub authorizations: Vec<Authorization>,
    /// Exclusion-row attestations.
    pub attestations: Vec<Attestation>,
    /// Thresholds for flags.
    pub settings: PlanSettings,
}

impl ShipmentContext {
    /// A context with no party, authorizations or attestations.
    pub fn new(destination: Country, as_of: Date) -> ShipmentContext {
        ShipmentContext {
            destination,
            party: None,
            end_use: None,
            purpose: None,
            as_of,
            authorizations: Vec::new(),
            attestations: Vec::new(),
            settings: PlanSettings::default(),
        }
    }

    /// The attestation for an exclusion row, if any.
    pub fn attestation(&self, row: &str) -> Option<&Attestation> {
        self.attestations.iter().find(|a| a.row == row)
    }
}

/// What `exportctl.toml` holds for the plan.
#[derive(Debug, Clone, Default)]
pub struct PlanConfig {
    /// `[[party]]`.
    pub parties: Vec<Party>,
    /// `[[authorization]]`, validated.
    pub authorizations: Vec<Authorization>,
    /// `[[attestation]]`.
    pub attestations: Vec<Attestation>,
    /// `[plan]`.
    pub settings: PlanSettings,
}

impl PlanConfig {
    /// Reads and validates the plan sections of a configuration; every problem is
    /// reported together.
    pub fn from_config(config: &Config) -> Result<PlanConfig, Problems> {
        let parties: Vec<Party> = config.section("party")?.unwrap_or_default();
        let raw: Vec<RawAuthorization> = config.section("authorization")?.unwrap_or_default();
        let attestations: Vec<Attestation> = config.section("attestation")?.unwrap_or_default();
        let settings: PlanSettings = config.section("plan")?.unwrap_or_default();
        let file = || Location::file(&config.source);
        let mut problems = Vec::new();
        let mut names = std::collections::BTreeSet::new();
        for p in &parties {
            if p.name.trim().is_empty() {
                problems.push(Problem::new(file(), "a `[[party]]` has an empty `name`"));
            } else if !names.insert(p.name.clone()) {
                problems.push(Problem::new(
                    file(),
                    format!("party `{}` is defined twice", p.name),
                ));
            }
        }
        let mut authorizations = Vec::new();
        let mut ids = std::collections::BTreeSet::new();
        for r in raw {
            let before = problems.len();
            let mut err = |m: String, h: &str| {
                problems.push(Problem::new(file(), m).with_hint(h.to_string()));
            };
            if !ids.insert(r.id.clone()) {
                err(
                    format!("authorization `{}` is defined twice", r.id),
                    "give each held authorization its own case or license number",
                );
            }
            let mut usml = Vec::new();
            for u in &r.usml {
                match UsmlId::parse(u) {
                    Ok(id) => usml.push(id),
                    Err(m) => err(
                        format!("authorization `{}`: usml `{u}`: {m}", r.id),
                        "write a category such as `XI` or a paragraph such as `XI(c)(1)`",
                    ),
                }
            }
            let mut eccns = Vec::new();
            for e in &r.eccns {
                match Eccn::parse(e) {
                    Ok(id) => eccns.push(id),
                    Err(m) => err(
                        format!("authorization `{}`: eccn `{e}`: {m}", r.id),
                        "write an ECCN such as `3A001` or `3A001.a.7`",
                    ),
                }
            }
            if r.kind.is_itar() && (usml.is_empty() || !r.eccns.is_empty()) {
                err(
                    format!(
                        "authorization `{}` ({}) needs a `usml` scope and no `eccns`",
                        r.id, r.kind
                    ),
                    "State Department authorizations cover USML articles only",
                );
            }
            if !r.kind.is_itar() && (eccns.is_empty() || !r.usml.is_empty()) {
                err(
                    format!(
                        "authorization `{}` (BIS) needs an `eccns` scope and no `usml`",
                        r.id
                    ),
                    "BIS licenses cover CCL items only",
                );
            }
            let mut countries = Vec::new();
            for c in &r.countries {
                match Country::parse(c) {
                    Some(c) => countries.push(c),
                    None => err(
                        format!("authorization `{}`: unknown country `{c}`", r.id),
                        "use ISO 3166-1 alpha-2 codes",
                    ),
                }
            }
            if r.countries.is_empty() {
                err(
                    format!("authorization `{}` lists no `countries`", r.id),
                    "list the destinations the authorization names",
                );
            }
            for (what, v) in [
                ("value-limit-usd", r.value_limit_usd),
                ("quantity-limit", r.quantity_limit),
            ] {
                if v.is_some_and(|v| !(v.is_finite() && v >= 0.0)) {
                    err(
                        format!("authorization `{}`: `{what}` must be a number >= 0", r.id),
                        "leave it out when the authorization has no such limit",
                    );
                }
            }
            let expires = match Date::parse(&r.expires) {
                Ok(d) => Some(d),
                Err(m) => {
                    err(format!("authorization `{}`: expires {m}", r.id), "");
                    None
                }
            };
            if problems.len() > before {
                continue;
            }
            authorizations.push(Authorization {
                kinds: if r.kinds.is_empty() {
                    r.kind.default_kinds()
                } else {
                    r.kinds.clone()
                },
                id: r.id,
                kind: r.kind,
                usml,
                eccns,
                countries,
                parties: r.parties,
                value_limit_usd: r.value_limit_usd,
                quantity_limit: r.quantity_limit,
                expires: expires.expect("checked above"),
                provisos: r.provisos,
            });
        }
        for a in &attestations {
            if a.reason.trim().is_empty() {
                problems.push(
                    Problem::new(
                        file(),
                        format!("attestation for row `{}` has no `reason`", a.row),
                    )
                    .with_hint("say why the exclusion does not apply; it goes into the records"),
                );
            }
        }
        for p in &mut problems {
            if p.hint.as_deref() == Some("") {
                p.hint = None;
            }
        }
        Problems::check(format!("config {}", config.source), problems)?;
        Ok(PlanConfig {
            parties,
            authorizations,
            attestations,
            settings,
        })
    }

    /// The party named `name` (exact match).
    pub fn party(&self, name: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days() {
        let a = Date::parse("2026-11-21").unwrap();
        let b = Date::parse("2026-12-21").unwrap();
        assert_eq!(a.days_until(b), 30);
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert_eq!(
            Date::parse("2024-02-28")
                .unwrap()
                .days_until(Date::parse("2024-03-01").unwrap()),
            2
        );
        assert!(Date::parse("2025-02-29").is_err());
        assert!(Date::parse("2025-13-01").is_err());
        assert_eq!(a.to_string(), "2026-11-21");
    }

    #[test]
    fn config_sections_parse_and_validate() {
        let c = Config::parse(
            "exportctl.toml",
            r#"
[[party]]
name = "Acme"
country = "AU"
aukus-authorized-user = true

[[authorization]]
id = "TAA-1"
type = "TAA"
usml = ["XI"]
countries = ["AU"]
expires = "2027-01-31"

[[authorization]]
id = "BAD"
type = "BIS"
usml = ["XI"]
countries = ["ZZ"]
expires = "2027-02-30"
"#,
        )
        .unwrap();
        let e = PlanConfig::from_config(&c).unwrap_err().to_string();
        assert!(e.contains("`BAD` (BIS) needs an `eccns` scope"), "{e}");
        assert!(e.contains("unknown country `ZZ`"), "{e}");
        assert!(e.contains("expires"), "{e}");
    }
}
