//! Renderers for the licensing plan: a text table, stable JSON
//! (`docs/schema/plan.schema.json`) and a Markdown checklist for program reviews.
//! They return `String`; only the binary writes.

use std::fmt::Write as _;

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use crate::exemptions::{Eligibility, ExemptionCheck};
use crate::plan::{AuthType, Claim, Plan, PlanLine};

fn money(v: Option<f64>) -> String {
    let Some(v) = v else {
        return "unknown".to_string();
    };
    let cents = format!("{v:.2}");
    let (int, frac) = cents.split_once('.').unwrap_or((&cents, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{frac}")
}

/// Pretty JSON with a trailing newline.
pub fn json(plan: &Plan) -> String {
    let mut s = serde_json::to_string_pretty(plan).expect("a plan always serializes");
    s.push('\n');
    s
}

/// A terminal table: one row per line, then the applications and flags.
pub fn table(plan: &Plan) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(120)
        .set_header(vec![
            "Line",
            "Code",
            "Kind",
            "Value",
            "Authorization",
            "Basis",
            "Flags",
        ]);
    for l in &plan.lines {
        t.add_row(vec![
            l.id.clone(),
            l.classification.clone().unwrap_or_else(|| "-".into()),
            l.kind.to_string(),
            money(l.value),
            l.authorization.as_str().to_string(),
            l.basis.clone().unwrap_or_default(),
            l.flags.join(" "),
        ]);
    }
    let mut out = header(plan);
    out.push('\n');
    let _ = writeln!(out, "{t}");
    let open: Vec<_> = plan
        .lines
        .iter()
        .filter(|l| matches!(l.authorization, AuthType::Prohibited | AuthType::Review))
        .collect();
    if !open.is_empty() {
        out.push_str("\nTo decide:\n");
        for l in open {
            let _ = writeln!(
                out,
                "  line {} ({}): {}",
                l.id,
                l.authorization.as_str(),
                l.verdict
            );
            for x in open_points(l) {
                let _ = writeln!(out, "    - {x}");
            }
        }
    }
    if !plan.attestations_needed.is_empty() {
        out.push_str(
            "\nAttestations needed (attest in exportctl.toml if the row does not apply):\n",
        );
        for a in &plan.attestations_needed {
            let _ = writeln!(
                out,
                "  {} ({}) {} — lines {} ({})",
                a.row,
                a.supplement,
                a.title,
                a.lines.join(", "),
                a.exemptions.join(", ")
            );
        }
    }
    if !plan.applications.is_empty() {
        out.push_str("\nApplications to file:\n");
        for a in &plan.applications {
            let _ = writeln!(
                out,
                "  {} ({}): lines {} — value {}",
                a.authorization.as_str(),
                a.scope,
                a.lines.join(", "),
                money(a.value)
            );
        }
    }
    for h in &plan.held {
        let _ = writeln!(
            out,
            "Held {} {}: lines [{}] drawn {} — remaining {} — expires {}{}",
            h.kind,
            h.id,
            h.lines.join(", "),
            money(Some(h.value_drawn)),
            money(h.value_remaining),
            h.expires,
            if h.flags.is_empty() {
                String::new()
            } else {
                format!(" [{}]", h.flags.join(", "))
            }
        );
    }
    for f in &plan.findings {
        let _ = writeln!(
            out,
            "{}: {}{}",
            f.code,
            f.line
                .as_ref()
                .map(|l| format!("line {l}: "))
                .unwrap_or_default(),
            f.message
        );
    }
    out
}

fn header(plan: &Plan) -> String {
    format!(
        "Licensing plan: {} ({}){}, as of {} — data {} ({}) — exportctl {}\n",
        plan.destination_name,
        plan.destination,
        plan.party
            .as_ref()
            .map(|p| format!(", recipient {p}"))
            .unwrap_or_default(),
        plan.as_of,
        plan.data_as_of,
        &plan.data_hash[..plan.data_hash.len().min(12)],
        plan.tool_version
    )
}

/// A Markdown checklist a program manager can paste into a review.
pub fn markdown(plan: &Plan) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Export licensing plan — {} ({})\n",
        plan.destination_name, plan.destination
    );
    let _ = writeln!(
        o,
        "- Recipient: {}",
        plan.party.as_deref().unwrap_or("not named")
    );
    if let Some(e) = &plan.end_use {
        let _ = writeln!(o, "- End use: {e}");
    }
    let _ = writeln!(o, "- As of: {}", plan.as_of);
    let _ = writeln!(
        o,
        "- Data: as of {} (hash `{}`), exportctl {}",
        plan.data_as_of,
        &plan.data_hash[..plan.data_hash.len().min(12)],
        plan.tool_version
    );
    let summary: Vec<String> = plan
        .summary
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let _ = writeln!(o, "- Lines: {}\n", summary.join(", "));
    o.push_str("> Not legal advice. Lines marked REVIEW or PROHIBITED need a compliance decision before anything ships.\n\n");

    let blockers: Vec<_> = plan
        .lines
        .iter()
        .filter(|l| matches!(l.authorization, AuthType::Prohibited | AuthType::Review))
        .collect();
    if !blockers.is_empty() {
        o.push_str("## Stop: decide these first\n\n");
        for l in blockers {
            let _ = writeln!(
                o,
                "- [ ] **{}** `{}` {} — {}: {}",
                l.id,
                l.classification.as_deref().unwrap_or("unclassified"),
                l.description,
                l.authorization.as_str(),
                l.verdict
            );
            for x in open_points(l) {
                let _ = writeln!(o, "  - {x}");
            }
        }
        o.push('\n');
    }
    if !plan.attestations_needed.is_empty() {
        o.push_str("## Attestations needed\n\n");
        o.push_str("Each row below may exclude the lines listed. Check the item against it: if the row does not apply, record an `[[attestation]]` with the reason (and who decided) in exportctl.toml; if it does, the exemption is not available for those lines. `partial-scope` rows are settled by classifying the line to the row's paragraph instead.\n\n");
        for a in &plan.attestations_needed {
            let _ = writeln!(
                o,
                "- [ ] `{}` ({}) {} — lines {} ({}; {})",
                a.row,
                a.supplement,
                a.title,
                a.lines.join(", "),
                a.exemptions
                    .iter()
                    .map(|e| format!("22 CFR {e}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                a.why.join(", ")
            );
        }
        o.push('\n');
    }
    if !plan.applications.is_empty() {
        o.push_str("## Applications to file\n\n");
        for a in &plan.applications {
            let what = match a.authorization {
                AuthType::Taa => {
                    "TAA (DSP-5 is not enough for technical data and defense services)".to_string()
                }
                AuthType::Dsp5 => "DSP-5 permanent export license".to_string(),
                _ => format!("BIS license for {}", a.scope),
            };
            let _ = writeln!(
                o,
                "- [ ] File one {what} covering lines {} (value {}) — {}",
                a.lines.join(", "),
                money(a.value),
                a.citations.join(", ")
            );
            for n in &a.notes {
                let _ = writeln!(o, "  - {n}");
            }
            for id in &a.lines {
                if let Some(l) = plan.lines.iter().find(|l| &l.id == id) {
                    let _ = writeln!(
                        o,
                        "  - line {id} `{}` {}: {}",
                        l.classification.as_deref().unwrap_or(""),
                        l.description,
                        l.verdict
                    );
                    for x in open_points(l) {
                        let _ = writeln!(o, "    - {x}");
                    }
                }
            }
        }
        o.push('\n');
    }
    write_claims(
        &mut o,
        "## ITAR exemptions to claim",
        &plan.exemptions,
        |c| format!("Claim 22 CFR {} ({})", c.basis, c.title),
    );
    write_claims(
        &mut o,
        "## EAR license exceptions to use",
        &plan.license_exceptions,
        |c| format!("Use License Exception {} ({})", c.basis, c.title),
    );
    if !plan.held.is_empty() {
        o.push_str("## Held authorizations\n\n");
        for h in &plan.held {
            let _ = writeln!(
                o,
                "- [ ] {} `{}` covers lines [{}]: draws {} (remaining {}), quantity {} (remaining {}); expires {} ({} days){}",
                h.kind,
                h.id,
                h.lines.join(", "),
                money(Some(h.value_drawn)),
                money(h.value_remaining),
                h.quantity_drawn,
                h.quantity_remaining
                    .map_or_else(|| "no limit".to_string(), |q| q.to_string()),
                h.expires,
                h.days_to_expiry,
                if h.flags.is_empty() {
                    String::new()
                } else {
                    format!(" — **{}**", h.flags.join(", "))
                }
            );
            for p in &h.provisos {
                let _ = writeln!(o, "  - [ ] Proviso: {p}");
            }
        }
        o.push('\n');
    }
    let nlr: Vec<_> = plan
        .lines
        .iter()
        .filter(|l| l.authorization == AuthType::Nlr)
        .collect();
    if !nlr.is_empty() {
        o.push_str("## No license required\n\n");
        for l in nlr {
            let _ = writeln!(
                o,
                "- [ ] **{}** `{}` — NLR; screen parties and end use (part 744)",
                l.id,
                l.classification.as_deref().unwrap_or("")
            );
        }
        o.push('\n');
    }
    let legend = row_legend(plan);
    if !legend.is_empty() {
        o.push_str("## Exclusion rows referenced\n\n| Row | Supplement | Title |\n|---|---|---|\n");
        for (row, supp, title) in legend {
            let _ = writeln!(o, "| {row} | {supp} | {title} |");
        }
        o.push('\n');
    }
    o.push_str("## Lines\n\n| Line | Code | Kind | Qty | Value | Authorization | Basis | Flags |\n|---|---|---|---|---|---|---|---|\n");
    for l in &plan.lines {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            l.id,
            l.classification.as_deref().unwrap_or("-"),
            l.kind,
            l.quantity,
            money(l.value),
            l.authorization.as_str(),
            l.basis.as_deref().unwrap_or(""),
            l.flags.join(" ")
        );
    }
    if !plan.findings.is_empty() {
        o.push_str("\n## Findings\n\n");
        for f in &plan.findings {
            let _ = writeln!(
                o,
                "- `{}`{}: {}",
                f.code,
                f.line
                    .as_ref()
                    .map(|l| format!(" (line {l})"))
                    .unwrap_or_default(),
                f.message
            );
        }
    }
    o
}

/// The exemptions a line did not get, one compact entry each: status, the rows
/// that exclude it and the rows to confirm, then other blockers.
fn open_points(l: &PlanLine) -> Vec<String> {
    if l.authorization == AuthType::Exemption {
        return Vec::new();
    }
    l.exemptions
        .iter()
        .filter(|c| c.status != Eligibility::Eligible)
        .map(exemption_point)
        .collect()
}

fn exemption_point(c: &ExemptionCheck) -> String {
    let mut s = crate::plan::exemption_summary(c);
    if c.status == Eligibility::NotEligible && !c.to_confirm.is_empty() {
        // Rows left open on an exemption that is excluded anyway do not matter.
        s.push_str(" (excluded anyway: attesting the other rows would not help)");
    }
    s
}

/// Every exclusion row named in a line's open points ([`open_points`]), once: (row, supplement, title), by row id.
fn row_legend(plan: &Plan) -> Vec<(String, String, String)> {
    let mut rows = std::collections::BTreeMap::new();
    for l in &plan.lines {
        if l.authorization == AuthType::Exemption {
            continue;
        }
        for c in l
            .exemptions
            .iter()
            .filter(|c| c.status != Eligibility::Eligible)
        {
            for r in c.excluded_by.iter().chain(&c.to_confirm) {
                rows.entry(r.row.clone())
                    .or_insert_with(|| (r.supplement.clone(), r.title.clone()));
            }
        }
    }
    rows.into_iter().map(|(k, (s, t))| (k, s, t)).collect()
}

/// A checklist section of claims (exemptions or license exceptions): the claim, then
/// the conditions, records, markings and attestations each requires.
fn write_claims(o: &mut String, heading: &str, claims: &[Claim], lead: impl Fn(&Claim) -> String) {
    if claims.is_empty() {
        return;
    }
    let _ = writeln!(o, "{heading}\n");
    for c in claims {
        let _ = writeln!(
            o,
            "- [ ] {} for lines {} — {}",
            lead(c),
            c.lines.join(", "),
            c.citations.join(", ")
        );
        for x in &c.conditions {
            let _ = writeln!(o, "  - [ ] Condition: {x}");
        }
        for x in &c.records {
            let _ = writeln!(o, "  - [ ] Record: {x}");
        }
        for x in &c.markings {
            let _ = writeln!(o, "  - [ ] Marking: {x}");
        }
        if !c.attested.is_empty() {
            let _ = writeln!(
                o,
                "  - [ ] Keep the signed attestations for exclusion rows {}",
                c.attested.join(", ")
            );
        }
    }
    o.push('\n');
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_groups_thousands() {
        assert_eq!(super::money(Some(850000.0)), "$850,000.00");
        assert_eq!(super::money(Some(950.5)), "$950.50");
        assert_eq!(super::money(Some(1234567.891)), "$1,234,567.89");
        assert_eq!(super::money(None), "unknown");
    }
}
