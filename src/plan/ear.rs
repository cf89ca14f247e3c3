//! EAR side of the plan: the chart answer (from [`crate::ear`]) and the part 740
//! license exceptions the entry and the destination allow.
//!
//! Exceptions are data (`data/ccl/license-exceptions.toml`: country groups, kinds,
//! reasons, conditions) plus the entry's own list (`LVS: $5000`, `GBS: Yes`, `STA`).
//! Rules only code what data cannot say: the LVS value test, STA's A:6 NS-only limit,
//! and the facts TMP, RPL, GOV and ENC need from the shipment context. Anything
//! undecidable is `Unknown`, never eligible.

use serde::Serialize;

use super::{AuthType, PlanLine};
use crate::context::{Purpose, ShipmentContext};
use crate::data::catalog::CclEntry;
use crate::data::Catalog;
use crate::ear::chart_license_required;
use crate::exemptions::Eligibility;
use crate::model::{ClassCode, Eccn, Item};

/// One license exception decided for one line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExceptionCheck {
    /// Symbol (`LVS`).
    pub code: String,
    /// Section (`15 CFR 740.3`).
    pub section: String,
    /// Short title.
    pub title: String,
    /// Outcome.
    pub status: Eligibility,
    /// Why.
    pub reasons: Vec<String>,
    /// Conditions.
    pub conditions: Vec<String>,
    /// Records.
    pub records: Vec<String>,
}

/// What the ECCN entry says about an exception for one item.
#[derive(Debug, Clone, PartialEq)]
enum EntrySays {
    /// Available, with its value limit if any.
    Yes(Option<u64>),
    /// Not available (N/A or excluded paragraph).
    No(String),
    /// The item is classified too coarsely to tell.
    Undecided(String),
    /// The entry does not mention it.
    Absent,
}

fn para(heading: &Eccn, p: &str) -> Option<Eccn> {
    Eccn::parse(p).ok().or_else(|| {
        let p = p.trim().trim_start_matches('.');
        Eccn::parse(&format!("{}.{p}", heading.heading())).ok()
    })
}

fn entry_says(entry: &CclEntry, code: &str, eccn: &Eccn) -> EntrySays {
    let mut yes: Option<Option<u64>> = None;
    let mut undecided = None;
    let mut no = None;
    for x in entry.raw.exception.iter().filter(|x| x.code == code) {
        let excluded: Vec<Eccn> = x
            .excluded
            .iter()
            .filter_map(|p| para(&entry.id, p))
            .collect();
        if excluded.iter().any(|p| eccn.is_within(p)) {
            return EntrySays::No(format!(
                "the entry excludes `{eccn}` from {code}{}",
                x.note
                    .as_ref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default()
            ));
        }
        if excluded.iter().any(|p| p.is_within(eccn)) {
            undecided = Some(format!(
                "the entry excludes part of `{eccn}` from {code}: classify to paragraph level"
            ));
        }
        let listed: Vec<Eccn> = x
            .paragraphs
            .iter()
            .filter_map(|p| para(&entry.id, p))
            .collect();
        let status = x.status.as_str();
        if status == "no" {
            if listed.is_empty() || listed.iter().any(|p| eccn.is_within(p)) {
                no = Some(format!("the entry marks {code} N/A for `{eccn}`"));
            }
            continue;
        }
        if listed.is_empty() && status == "yes" {
            yes = Some(match yes {
                Some(Some(v)) => Some(x.value_usd.map_or(v, |w| w.min(v))),
                _ => x.value_usd,
            });
        } else if listed.iter().any(|p| eccn.is_within(p)) {
            // The most specific row wins for the value; keep the lowest to stay safe.
            yes = Some(match yes {
                Some(Some(v)) => Some(x.value_usd.map_or(v, |w| w.min(v))),
                _ => x.value_usd,
            });
        } else if listed.iter().any(|p| p.is_within(eccn)) {
            undecided = Some(format!(
                "the entry allows {code} only for {} of `{}`: classify to paragraph level",
                x.paragraphs.join(", "),
                entry.id
            ));
        }
    }
    if let Some(n) = no {
        return EntrySays::No(n);
    }
    if let Some(u) = undecided {
        return EntrySays::Undecided(u);
    }
    match yes {
        Some(v) => EntrySays::Yes(v),
        None => EntrySays::Absent,
    }
}

/// Semiconductor manufacturing items of 15 CFR 740.2(a)(9)(i) (only GOV to D:5 or Macau).
const SME_740_2_A_9_I: &[&str] = &[
    // software and technology headings
    "3E994",
    "3E993",
    "3E992",
    "3E001",
    "3D994",
    "3D993",
    "3D992",
    "3D003",
    "3D002",
    "3D001",
    // equipment headings
    "3B994",
    "3B993",
    // equipment paragraphs
    "3B002.c",
    "3B001.r",
    "3B001.p.4",
    "3B001.p.2",
    "3B001.n",
    "3B001.m",
    "3B001.l",
    "3B001.k",
    "3B001.f.6",
    "3B001.f.5",
    "3B001.f.1",
    "3B001.d",
    "3B001.c",
    "3B001.a.4",
];

/// Advanced-computing items of 15 CFR 740.2(a)(9)(ii) that are such by their own
/// paragraph (the headings it lists only in part are left to the entry data).
const ADV_740_2_A_9_II: &[&str] = &[
    // `.z` paragraphs
    "5D992.z", "5D002.z", "5A992.z", "5A004.z", "5A002.z", "4A005.z", "4A004.z", "4A003.z",
    "3A001.z", // whole entries
    "4E091", "4D090", "4A090", "3A090",
];

/// Does `eccn` fall in `list`: `Some(true)` within, `None` coarser than an entry.
fn in_list(eccn: &Eccn, list: &[&str]) -> Option<bool> {
    let parsed: Vec<Eccn> = list.iter().filter_map(|p| Eccn::parse(p).ok()).collect();
    if parsed.iter().any(|p| eccn.is_within(p)) {
        Some(true)
    } else if parsed.iter().any(|p| p.is_within(eccn)) {
        None
    } else {
        Some(false)
    }
}

/// 15 CFR 740.2 restrictions the exception data cannot state: (a)(6) Russia and
/// Belarus (part 746 names the exceptions left), (a)(4) crime-control
/// items, (a)(9)(i) semiconductor manufacturing items to D:5 or Macau, (a)(9)(ii)
/// advanced-computing items. `NotEligible` when the restriction bars `code`,
/// `Unknown` when it may (a coarse classification, or a fact the tool lacks).
fn restricted_740_2(
    catalog: &Catalog,
    eccn: &Eccn,
    code: &str,
    reasons: &[String],
    ctx: &ShipmentContext,
) -> Option<(Eligibility, String)> {
    let dest = ctx.destination;
    if matches!(dest.code(), "RU" | "BY") {
        return Some((
            Eligibility::Unknown,
            format!("{} is under the sanctions of part 746: {code} is available only where 15 CFR 746.8 names it (740.2(a)(6)); decide by hand", dest.name()),
        ));
    }
    let d5 = dest.code() == "MO"
        || catalog
            .groups
            .get("D:5")
            .map_or(Some(true), |g| Some(g.contains(&dest)))
            == Some(true);
    if code != "GOV" && d5 {
        match in_list(eccn, SME_740_2_A_9_I) {
            Some(true) => {
                return Some((
                    Eligibility::NotEligible,
                    format!("`{eccn}` to {}: only GOV may be used (740.2(a)(9)(i))", dest.name()),
                ))
            }
            None => {
                return Some((
                    Eligibility::Unknown,
                    format!("`{eccn}` may be a semiconductor manufacturing item that gets only GOV to {} (740.2(a)(9)(i)): classify to paragraph level", dest.name()),
                ))
            }
            Some(false) => {}
        }
    }
    if code != "GOV" {
        let survives_in_part = matches!(code, "TMP" | "RPL");
        match in_list(eccn, ADV_740_2_A_9_II) {
            Some(true) if survives_in_part => {
                return Some((
                    Eligibility::Unknown,
                    format!("advanced-computing item `{eccn}`: {code} survives only in the paragraphs 740.2(a)(9)(ii) names; decide by hand"),
                ))
            }
            Some(true) => {
                return Some((
                    Eligibility::NotEligible,
                    format!("advanced-computing item `{eccn}`: {code} is not among the exceptions 740.2(a)(9)(ii) leaves"),
                ))
            }
            None => {
                return Some((
                    Eligibility::Unknown,
                    format!("`{eccn}` may be an advanced-computing item (740.2(a)(9)(ii)): classify to paragraph level"),
                ))
            }
            Some(false) => {}
        }
    }
    if reasons.iter().any(|r| r == "CC")
        && !matches!(code, "GOV" | "STA")
        && !matches!(dest.code(), "AU" | "IN" | "JP" | "NZ")
    {
        return Some((
            Eligibility::Unknown,
            format!("crime-control item: {code} is available only to Australia, India, Japan, New Zealand or NATO members (740.2(a)(4)); confirm {}", dest.name()),
        ));
    }
    None
}

/// The license exceptions the engine evaluates, in the data file's order.
pub const KNOWN_EXCEPTIONS: &[&str] = &["LVS", "GBS", "STA", "ENC", "TMP", "RPL", "GOV"];

/// Decides every known license exception for an item that needs a license by the
/// chart for `reasons` (the chart hits).
///
/// Citation: 15 CFR 740.2 (restrictions on all exceptions), 740.3 (LVS), 740.4 (GBS),
/// 740.9 (TMP), 740.10 (RPL), 740.11 (GOV), 740.17 (ENC), 740.20 (STA).
/// Example: `3A001.c` worth $1,000 to Brazil (NS2) → LVS eligible (limit $1,500).
pub fn exception_checks(
    catalog: &Catalog,
    item: &Item,
    eccn: &Eccn,
    reasons: &[String],
    ctx: &ShipmentContext,
    lvs_value: Option<f64>,
) -> Vec<ExceptionCheck> {
    let Some(data) = &catalog.license_exceptions else {
        return Vec::new();
    };
    let dest = ctx.destination;
    let entry = catalog.eccn_entry(eccn);
    let mut out = Vec::new();
    for x in &data.exception {
        if !KNOWN_EXCEPTIONS.contains(&x.code.as_str()) {
            continue;
        }
        let mut c = ExceptionCheck {
            code: x.code.clone(),
            section: x.section.clone(),
            title: x.title.clone(),
            status: Eligibility::Eligible,
            reasons: Vec::new(),
            conditions: x.conditions.clone(),
            records: x.records.clone(),
        };
        let no = |c: &mut ExceptionCheck, why: String| {
            c.status = Eligibility::NotEligible;
            c.reasons.push(why);
        };
        if let Some(g) = x.excluded_groups.iter().find(|g| catalog.in_group(dest, g)) {
            no(
                &mut c,
                format!("not available to Country Group {g} ({})", x.section),
            );
        }
        if !x.groups.is_empty() && !x.groups.iter().any(|g| catalog.in_group(dest, g)) {
            no(
                &mut c,
                format!(
                    "{} is not in Country Group {} ({})",
                    dest.name(),
                    x.groups.join(" or "),
                    x.section
                ),
            );
        }
        if !x.kinds.is_empty() && !x.kinds.contains(&item.kind) {
            no(&mut c, format!("{} does not cover {}", x.code, item.kind));
        }
        if !x.eccns.is_empty() && !x.eccns.iter().any(|h| h == eccn.heading()) {
            no(
                &mut c,
                format!("{} covers only {}", x.code, x.eccns.join(", ")),
            );
        }
        if reasons.iter().any(|r| r == "MT") {
            no(
                &mut c,
                "MT-controlled items get no license exception here (15 CFR 740.2(a)(5))".into(),
            );
        }
        if let Some((status, why)) = restricted_740_2(catalog, eccn, &x.code, reasons, ctx) {
            if status == Eligibility::NotEligible {
                no(&mut c, why);
            } else {
                if c.status == Eligibility::Eligible {
                    c.status = Eligibility::Unknown;
                }
                c.reasons.push(why);
            }
        }
        let outside: Vec<&String> = reasons
            .iter()
            .filter(|r| !x.reasons.is_empty() && !x.reasons.contains(r))
            .collect();
        if !outside.is_empty() {
            no(
                &mut c,
                format!(
                    "{} does not address the {} requirement here",
                    x.code,
                    outside
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        let mut lvs_limit = None;
        if x.entry_listed {
            match entry.map_or(EntrySays::Absent, |e| entry_says(e, &x.code, eccn)) {
                EntrySays::Yes(v) => {
                    lvs_limit = v;
                    c.reasons.push(format!("the entry allows {}", x.code));
                }
                EntrySays::No(why) => no(&mut c, why),
                EntrySays::Undecided(why) => {
                    if c.status == Eligibility::Eligible {
                        c.status = Eligibility::Unknown;
                    }
                    c.reasons.push(why);
                }
                EntrySays::Absent => no(
                    &mut c,
                    format!(
                        "the entry for `{}` does not list {}",
                        eccn.heading(),
                        x.code
                    ),
                ),
            }
        }
        match x.code.as_str() {
            "LVS" if c.status == Eligibility::Eligible => match (lvs_limit, lvs_value) {
                (None, _) => no(&mut c, "the entry gives no LVS value limit".into()),
                (Some(_), None) => {
                    c.status = Eligibility::Unknown;
                    c.reasons.push(
                        "a line of this ECCN has no unit value, so the LVS limit cannot be checked"
                            .into(),
                    );
                }
                (Some(limit), Some(v)) if v > limit as f64 => no(
                    &mut c,
                    format!("shipment value ${v:.2} for `{eccn}` exceeds the LVS limit ${limit} (740.3(d))"),
                ),
                (Some(limit), Some(v)) => c
                    .reasons
                    .push(format!("shipment value ${v:.2} is within the LVS limit ${limit}")),
            },
            "STA" if c.status == Eligibility::Eligible => {
                let a5 = catalog.in_group(dest, "A:5");
                if !a5 && reasons.iter().any(|r| r != "NS") {
                    no(
                        &mut c,
                        format!(
                            "{} is in A:6, where STA addresses NS only (740.20(c)(2))",
                            dest.name()
                        ),
                    );
                } else {
                    c.reasons.push(format!(
                        "{} is in Country Group {} (740.20(c){})",
                        dest.name(),
                        if a5 { "A:5" } else { "A:6" },
                        if a5 { "(1)" } else { "(2)" }
                    ));
                }
            }
            "ENC" if c.status == Eligibility::Eligible => {
                match ctx.party.as_ref().and_then(|p| p.government) {
                    Some(false) => c
                        .reasons
                        .push("the recipient is not a government end user".into()),
                    _ => {
                        c.status = Eligibility::Unknown;
                        c.reasons.push("whether the recipient is a government end user is unknown (740.17(b)(2)): set `government` on the party".into());
                    }
                }
            }
            "TMP" if ctx.purpose != Some(Purpose::Temporary) => no(
                &mut c,
                "not declared a temporary export (`--purpose temporary`)".into(),
            ),
            "RPL" if ctx.purpose != Some(Purpose::Replacement) => no(
                &mut c,
                "not declared a one-for-one replacement (`--purpose replacement`)".into(),
            ),
            "GOV"
                if c.status == Eligibility::Eligible
                    && ctx.party.as_ref().and_then(|p| p.government) != Some(true) =>
            {
                no(
                    &mut c,
                    "the recipient is not known to be a government agency (740.11(b))".into(),
                );
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// The 2024 BIS AUKUS rule removed NS1, RS1 and MT1 chart requirements for Australia
/// and the UK; note it where the entry has such rows, so the plan explains NLR.
fn aukus_note(entry: &CclEntry, dest: &str) -> Option<String> {
    if !matches!(dest, "AU" | "GB") {
        return None;
    }
    let cols: Vec<&str> = entry
        .raw
        .control
        .iter()
        .filter_map(|c| c.column.as_deref())
        .filter(|c| matches!(*c, "NS1" | "RS1" | "MT1"))
        .collect();
    (!cols.is_empty()).then(|| {
        format!(
            "the BIS AUKUS rule of Apr. 19, 2024 (FR Doc. 2024-08446) removed the {} chart requirement for Australia and the UK",
            cols.join("/")
        )
    })
}

/// Decides an EAR line (ECCN or EAR99): NLR, LICENSE_EXCEPTION, BIS_LICENSE or
/// REVIEW, filling `line`. Held licenses are tried by the caller.
///
/// Citation: 15 CFR 738.4 (chart), 740.2 and the exception sections, 746 (embargoes).
/// Example: `3A001.a.7` to China → NS2 X → no exception for China → BIS_LICENSE.
pub fn decide(
    catalog: &Catalog,
    item: &Item,
    code: &ClassCode,
    ctx: &ShipmentContext,
    lvs_value: Option<f64>,
    line: &mut PlanLine,
) {
    let dest = ctx.destination;
    let chart = chart_license_required(catalog, code, dest);
    line.citations.extend(chart.citations.iter().cloned());
    let e_group = ["E:1", "E:2"]
        .into_iter()
        .find(|g| catalog.in_group(dest, g));
    let embargoed = catalog.chart.get(&dest).is_some_and(|r| r.embargoed) || e_group.is_some();
    let entry = match code {
        ClassCode::Eccn(e) => catalog.eccn_entry(e),
        _ => None,
    };
    if let Some(note) = entry.and_then(|e| aukus_note(e, dest.code())) {
        line.reasons.push(note);
        line.citations.push("FR Doc. 2024-08446".into());
    }
    let footnotes = catalog
        .chart
        .get(&dest)
        .map(|r| r.footnotes.clone())
        .unwrap_or_default();
    if let (ClassCode::Eccn(e), false) = (code, footnotes.is_empty()) {
        let h = e.heading();
        if matches!(h.as_bytes().get(2), Some(b'5' | b'6')) && !embargoed {
            line.authorization = AuthType::Review;
            line.reasons.push(format!(
                "the chart row of {} carries footnote(s) {:?} that can add license requirements for 500/600-series entries such as `{h}`",
                dest.name(),
                footnotes
            ));
            line.flags.push("chart-footnote".into());
            return;
        }
    }
    match chart.license_required {
        None => {
            line.authorization = AuthType::Review;
            line.reasons
                .push("the chart cannot decide this line".into());
            line.reasons.extend(chart.notes.iter().cloned());
            line.flags.push("chart-undecided".into());
        }
        Some(false) if embargoed => {
            line.authorization = AuthType::Review;
            line.reasons.push(format!(
                "{} is an embargoed destination: part 746 decides, not the chart",
                dest.name()
            ));
            line.citations.push("15 CFR 746".into());
        }
        Some(false) => {
            line.authorization = AuthType::Nlr;
            line.basis = Some("NLR".into());
            line.reasons.push(format!(
                "no reason for control of `{code}` requires a license to {} by the chart",
                dest.name()
            ));
            line.reasons.extend(chart.notes.iter().cloned());
            line.conditions.push(
                "no part 744 end-use or end-user requirement applies: screen the parties and the end use".into(),
            );
        }
        Some(true) => {
            for h in &chart.hits {
                line.reasons.push(h.why.clone());
            }
            let scope = match code {
                ClassCode::Eccn(e) => e.heading().to_string(),
                other => other.to_string(),
            };
            if embargoed {
                line.authorization = AuthType::BisLicense;
                line.basis = Some(scope);
                line.flags.push("no-exceptions".into());
                line.reasons.push(format!(
                    "{} is embargoed{}: license exceptions are not available unless part 746 names them",
                    dest.name(),
                    e_group
                        .map(|g| format!(" (Country Group {g})"))
                        .unwrap_or_default()
                ));
                line.citations.push("15 CFR 740.2(a)(6)".into());
                line.citations.push("15 CFR 746".into());
                return;
            }
            let ClassCode::Eccn(eccn) = code else {
                line.authorization = AuthType::BisLicense;
                line.basis = Some(scope);
                return;
            };
            let reasons: Vec<String> = chart.hits.iter().map(|h| h.reason.clone()).collect();
            let mut checks = exception_checks(catalog, item, eccn, &reasons, ctx, lvs_value);
            // 740.2: a row the chart could not decide may add a reason (MT) that bars
            // or is outside an exception, so none is settled while one is open.
            if !chart.undecided.is_empty() {
                for c in checks
                    .iter_mut()
                    .filter(|c| c.status == Eligibility::Eligible)
                {
                    c.status = Eligibility::Unknown;
                    c.reasons.push(format!(
                        "the {} row(s) of the chart could not be decided and may add a requirement this exception does not address",
                        chart.undecided.join(", ")
                    ));
                }
            }
            let eligible = checks
                .iter()
                .find(|c| c.status == Eligibility::Eligible)
                .cloned();
            let unknown: Vec<&ExceptionCheck> = checks
                .iter()
                .filter(|c| c.status == Eligibility::Unknown)
                .collect();
            if let Some(c) = eligible {
                line.authorization = AuthType::LicenseException;
                line.basis = Some(c.code.clone());
                line.reasons.push(format!(
                    "License Exception {} ({}) is available",
                    c.code, c.section
                ));
                line.reasons.extend(c.reasons.iter().cloned());
                line.conditions.extend(c.conditions.iter().cloned());
                line.citations.push(c.section.clone());
            } else if !unknown.is_empty() {
                line.authorization = AuthType::Review;
                line.basis = Some(scope);
                line.flags.push("exception-undecided".into());
                for c in unknown {
                    line.reasons.push(format!(
                        "License Exception {} undecided: {}",
                        c.code,
                        c.reasons.join("; ")
                    ));
                    if c.reasons.iter().any(|r| r.contains("no unit value")) {
                        line.flags.push("value-missing".into());
                    }
                }
            } else {
                line.authorization = AuthType::BisLicense;
                line.basis = Some(scope);
                line.reasons.push(format!(
                    "no license exception is available to {}: a BIS license is required",
                    dest.name()
                ));
                line.citations.push("15 CFR 750".into());
            }
            line.license_exceptions = checks;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Date, Party};
    use crate::model::Country;

    fn catalog() -> Catalog {
        let files = crate::data::read_dir(std::path::Path::new("fixtures/catalogs/plan")).unwrap();
        Catalog::from_files(&files).unwrap()
    }

    /// The status of exception `code` for `eccn` to `dest`, the chart reasons given.
    fn check(
        eccn: &str,
        reasons: &[&str],
        dest: &str,
        purpose: Option<Purpose>,
        code: &str,
    ) -> Eligibility {
        let cat = catalog();
        let dest = Country::parse(dest).unwrap();
        let mut ctx = ShipmentContext::new(dest, Date::parse("2026-11-21").unwrap());
        ctx.purpose = purpose;
        ctx.party = Some(
            toml::from_str::<Party>(&format!(
                "name = \"X\"\ncountry = \"{dest}\"\ngovernment = false\n"
            ))
            .unwrap(),
        );
        let item = Item::new("1", "test");
        let reasons: Vec<String> = reasons.iter().map(ToString::to_string).collect();
        exception_checks(
            &cat,
            &item,
            &Eccn::parse(eccn).unwrap(),
            &reasons,
            &ctx,
            Some(1.0),
        )
        .into_iter()
        .find(|c| c.code == code)
        .unwrap()
        .status
    }

    #[test]
    fn restrictions_on_all_exceptions_15_cfr_740_2() {
        use Eligibility::{Eligible, NotEligible, Unknown};
        let tmp = Some(Purpose::Temporary);
        for (name, eccn, reasons, dest, purpose, code, want) in [
            (
                "baseline: ENC for 5A002.a to a German firm",
                "5A002.a",
                &["NS"][..],
                "DE",
                None,
                "ENC",
                Eligible,
            ),
            (
                "740.2(a)(9)(ii): advanced-computing .z items keep no ENC",
                "5A002.z.1.a",
                &["NS"],
                "DE",
                None,
                "ENC",
                NotEligible,
            ),
            (
                "740.2(a)(9)(ii): TMP survives only as 740.9(a)(6)",
                "5A002.z.1.a",
                &["NS"],
                "DE",
                tmp,
                "TMP",
                Unknown,
            ),
            (
                "740.2(a)(9)(i): semiconductor equipment to D:5 gets GOV only",
                "3B001.c",
                &["NS"],
                "CN",
                tmp,
                "TMP",
                NotEligible,
            ),
            (
                "740.2(a)(9)(i): outside D:5 the restriction does not apply",
                "3B001.c",
                &["NS"],
                "DE",
                tmp,
                "TMP",
                Eligible,
            ),
            (
                "740.2(a)(4): crime-control items outside the listed destinations",
                "5A002.a",
                &["CC"],
                "BR",
                tmp,
                "TMP",
                Unknown,
            ),
            (
                "740.2(a)(6): Russia only where part 746 names the exception",
                "5A002.a",
                &["NS"],
                "RU",
                tmp,
                "TMP",
                Unknown,
            ),
            (
                "740.2(a)(6): Belarus likewise",
                "5A002.a",
                &["NS"],
                "BY",
                None,
                "ENC",
                Unknown,
            ),
        ] {
            assert_eq!(check(eccn, reasons, dest, purpose, code), want, "{name}");
        }
    }
}
