//! Renderers for the taint, de minimis and reexport reports: text tree, table, JSON,
//! Markdown, and Graphviz DOT / Mermaid pictures of the taint tree.
//!
//! Every function returns a `String`; only the binary writes. Output is deterministic:
//! the reports are already in tree order with sorted lists. The JSON envelopes carry a
//! `schema` string (documented in `docs/schema/*.schema.json`), the tool version and the
//! data currency.

use std::fmt::Write as _;

use comfy_table::{presets, Cell, ContentArrangement, Table};
use serde_json::json;

use crate::de_minimis::{AssemblyResult, DeMinimisReport, WhatIfOutcome};
use crate::reexport::ReexportReport;
use crate::taint::{TaintReport, TaintStatus};

/// Schema id of the taint JSON.
pub const TAINT_SCHEMA: &str = "exportctl.taint/1";
/// Schema id of the de minimis JSON.
pub const DEMINIMIS_SCHEMA: &str = "exportctl.deminimis/1";
/// Schema id of the reexport JSON.
pub const REEXPORT_SCHEMA: &str = "exportctl.reexport/1";

/// What every JSON envelope records about the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The BOM source as given.
    pub source: String,
    /// The data set's `as_of` date.
    pub data_as_of: String,
}

fn money(v: Option<f64>) -> String {
    v.map_or_else(|| "unknown".to_string(), |v| format!("{v:.2}"))
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "unknown".to_string(), |v| format!("{v:.2}%"))
}

fn table() -> Table {
    let mut t = Table::new();
    t.load_preset(presets::ASCII_MARKDOWN)
        .set_content_arrangement(ContentArrangement::Disabled);
    t
}

fn mark(s: TaintStatus) -> &'static str {
    match s {
        TaintStatus::Usml => "[USML]",
        TaintStatus::Tainted => "[ITAR-TAINTED]",
        TaintStatus::PossiblyTainted => "[POSSIBLY TAINTED]",
        TaintStatus::Clean => "",
    }
}

fn envelope(schema: &str, meta: &Meta, body: serde_json::Value) -> String {
    let mut v = json!({
        "schema": schema,
        "tool_version": crate::TOOL_VERSION,
        "data_as_of": meta.data_as_of,
        "source": meta.source,
    });
    if let (Some(obj), serde_json::Value::Object(b)) = (v.as_object_mut(), body) {
        obj.extend(b);
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

// ---------------------------------------------------------------- taint

/// The taint tree as indented text with marks, followed by each tainted assembly's
/// paths, categories, value share and untaint set.
pub fn taint_text(r: &TaintReport) -> String {
    let mut out = String::new();
    let counts = r.counts();
    let _ = writeln!(
        out,
        "ITAR see-through taint (22 CFR 120.11(c)): {} tainted, {} possibly tainted, {} USML assembl{}",
        counts.get(&TaintStatus::Tainted).unwrap_or(&0),
        counts.get(&TaintStatus::PossiblyTainted).unwrap_or(&0),
        counts.get(&TaintStatus::Usml).unwrap_or(&0),
        if counts.get(&TaintStatus::Usml) == Some(&1) { "y" } else { "ies" },
    );
    out.push('\n');
    for n in &r.nodes {
        let indent = "  ".repeat(n.depth);
        let ruling = match n.classification.as_deref() {
            Some(class) => format!("{} {class}", n.jurisdiction),
            None => n.jurisdiction.to_string(),
        };
        let origin = n.origin.map_or("??".to_string(), |c| c.to_string());
        let m = mark(n.status);
        let _ = writeln!(
            out,
            "{indent}{} {} ({origin}, {ruling}){}{m}",
            n.id,
            n.description,
            if m.is_empty() { "" } else { " " }
        );
    }
    for a in &r.assemblies {
        out.push('\n');
        let _ = writeln!(out, "{} {} — {}", a.id, a.description, a.status);
        if !a.categories.is_empty() {
            let _ = writeln!(out, "  USML categories: {}", a.categories.join(", "));
        }
        for p in &a.paths {
            let _ = writeln!(out, "  taint path: {}", p.join(" > "));
        }
        for p in &a.review_paths {
            let _ = writeln!(out, "  unclassified path: {}", p.join(" > "));
        }
        if !a.paths.is_empty() {
            let _ = writeln!(
                out,
                "  tainting value: {} of {} ({})",
                money(a.tainting_value),
                money(a.assembly_value),
                a.share_percent
                    .map_or_else(|| "share REVIEW".to_string(), |s| format!("{s:.2}%"))
            );
            if !a.missing_values.is_empty() {
                let _ = writeln!(out, "  values missing: {}", a.missing_values.join(", "));
            }
            let _ = writeln!(
                out,
                "  the ITAR applies whatever the share (no de minimis for USML content)"
            );
        }
        if a.untaint.possible_by_parts {
            if !a.untaint.replace.is_empty() {
                let parts: Vec<String> = a
                    .untaint
                    .replace
                    .iter()
                    .map(|p| {
                        format!(
                            "{} {} x{} = {}",
                            p.id,
                            p.classification,
                            p.quantity,
                            money(p.value)
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "  USML lines in the assembly (topmost on each path; total {}): {}",
                    money(a.untaint.replace_value),
                    parts.join("; ")
                );
            }
            if !a.untaint.unresolved.is_empty() {
                let _ = writeln!(
                    out,
                    "  unclassified lines: {}",
                    a.untaint.unresolved.join(", ")
                );
            }
        } else {
            let _ = writeln!(out, "  the assembly is itself classified on the USML");
        }
        let _ = writeln!(out, "  citations: {}", a.citations.join("; "));
    }
    out
}

/// One row per tainted / possibly tainted assembly.
pub fn taint_table(r: &TaintReport) -> String {
    let mut t = table();
    t.set_header(vec![
        "assembly",
        "status",
        "categories",
        "USML lines",
        "tainting value",
        "share",
        "unclassified",
    ]);
    for a in &r.assemblies {
        t.add_row(vec![
            Cell::new(&a.id),
            Cell::new(a.status),
            Cell::new(a.categories.join(", ")),
            Cell::new(
                a.untaint
                    .replace
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Cell::new(money(a.tainting_value)),
            Cell::new(pct(a.share_percent)),
            Cell::new(a.untaint.unresolved.join(", ")),
        ]);
    }
    let mut s = taint_text(r);
    s.push('\n');
    s.push_str(&t.to_string());
    s.push('\n');
    s
}

/// Taint report as JSON (`exportctl.taint/1`).
pub fn taint_json(r: &TaintReport, meta: &Meta) -> String {
    envelope(
        TAINT_SCHEMA,
        meta,
        json!({ "nodes": r.nodes, "assemblies": r.assemblies }),
    )
}

/// Taint report as Markdown.
pub fn taint_markdown(r: &TaintReport) -> String {
    let mut out = String::from("# ITAR taint (22 CFR 120.11(c))\n\n");
    out.push_str(
        "| line | description | origin | classification | status |\n|---|---|---|---|---|\n",
    );
    for n in &r.nodes {
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {} | {} |",
            "&nbsp;&nbsp;".repeat(n.depth),
            md(&n.id),
            md(&n.description),
            n.origin.map_or("?".into(), |c| c.to_string()),
            n.classification.as_deref().unwrap_or("REVIEW"),
            n.status
        );
    }
    for a in &r.assemblies {
        let _ = writeln!(out, "\n## {} — {}\n", md(&a.id), a.status);
        if !a.categories.is_empty() {
            let _ = writeln!(out, "- USML categories: {}", a.categories.join(", "));
        }
        for p in &a.paths {
            let _ = writeln!(out, "- taint path: `{}`", p.join(" > "));
        }
        for p in &a.review_paths {
            let _ = writeln!(out, "- unclassified path: `{}`", p.join(" > "));
        }
        if !a.paths.is_empty() {
            let _ = writeln!(
                out,
                "- tainting value {} of {} ({}); the ITAR applies whatever the share",
                money(a.tainting_value),
                money(a.assembly_value),
                pct(a.share_percent)
            );
        }
        if a.untaint.possible_by_parts {
            for p in &a.untaint.replace {
                let _ = writeln!(
                    out,
                    "- USML line `{}` ({}) x{}: {}",
                    md(&p.id),
                    p.classification,
                    p.quantity,
                    money(p.value)
                );
            }
        } else {
            out.push_str("- the assembly is itself classified on the USML\n");
        }
        let _ = writeln!(out, "- citations: {}", a.citations.join("; "));
    }
    out
}

fn md(s: &str) -> String {
    s.replace('|', "\\|")
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn colour(s: TaintStatus) -> &'static str {
    match s {
        TaintStatus::Usml => "#e06666",
        TaintStatus::Tainted => "#f6b26b",
        TaintStatus::PossiblyTainted => "#ffe599",
        TaintStatus::Clean => "#ffffff",
    }
}

/// The taint tree as Graphviz DOT: USML lines red, tainted orange, possibly tainted
/// yellow.
pub fn taint_dot(r: &TaintReport) -> String {
    let mut out = String::from(
        "digraph taint {\n  rankdir=TB;\n  node [shape=box, style=filled, fontname=\"Helvetica\"];\n",
    );
    for n in &r.nodes {
        let label = format!(
            "{}\\n{}\\n{} [{}]",
            dot_escape(&n.id),
            dot_escape(&n.description),
            dot_escape(n.classification.as_deref().unwrap_or("REVIEW")),
            n.status
        );
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{label}\", fillcolor=\"{}\"];",
            dot_escape(&n.id),
            colour(n.status)
        );
    }
    for n in &r.nodes {
        if let Some(p) = &n.parent {
            let _ = writeln!(out, "  \"{}\" -> \"{}\";", dot_escape(p), dot_escape(&n.id));
        }
    }
    out.push_str("}\n");
    out
}

fn mermaid_escape(s: &str) -> String {
    s.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// The taint tree as a Mermaid flowchart with one class per status.
pub fn taint_mermaid(r: &TaintReport) -> String {
    let mut out = String::from("flowchart TD\n");
    let ids: std::collections::BTreeMap<&str, usize> = r
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    for (i, n) in r.nodes.iter().enumerate() {
        let _ = writeln!(
            out,
            "  n{i}[\"{}<br/>{}<br/>{}\"]:::{}",
            mermaid_escape(&n.id),
            mermaid_escape(&n.description),
            mermaid_escape(n.classification.as_deref().unwrap_or("REVIEW")),
            n.status.as_str().replace('-', "_")
        );
    }
    for (i, n) in r.nodes.iter().enumerate() {
        if let Some(p) = n.parent.as_deref().and_then(|p| ids.get(p)) {
            let _ = writeln!(out, "  n{p} --> n{i}");
        }
    }
    for s in [
        TaintStatus::Usml,
        TaintStatus::Tainted,
        TaintStatus::PossiblyTainted,
        TaintStatus::Clean,
    ] {
        let _ = writeln!(
            out,
            "  classDef {} fill:{},stroke:#333",
            s.as_str().replace('-', "_"),
            colour(s)
        );
    }
    out
}

// ---------------------------------------------------------------- de minimis

fn threshold_text(a: &AssemblyResult) -> String {
    match &a.threshold {
        Some(t) => match t.percent {
            Some(p) => format!("{p}% ({})", t.citation),
            None => format!("none ({})", t.citation),
        },
        None => "n/a".into(),
    }
}

fn numerator_text(a: &AssemblyResult) -> String {
    match (a.numerator, a.numerator_min, a.numerator_max) {
        (Some(n), _, _) => format!("{n:.2}"),
        (None, Some(lo), Some(hi)) => format!("{lo:.2}..{hi:.2}"),
        (None, Some(lo), None) => format!("{lo:.2}..?"),
        _ => "n/a".into(),
    }
}

fn percentage_text(a: &AssemblyResult) -> String {
    match (a.percentage, a.percentage_min, a.percentage_max) {
        (Some(p), _, _) => format!("{p:.2}%"),
        (None, Some(lo), Some(hi)) => format!("{lo:.2}%..{hi:.2}%"),
        (None, Some(lo), None) => format!("{lo:.2}%..?"),
        _ => "n/a".into(),
    }
}

/// De minimis results as a table, then the reasons per assembly.
pub fn deminimis_table(r: &DeMinimisReport, what_if: Option<&WhatIfOutcome>) -> String {
    let mut out = format!(
        "EAR de minimis (15 CFR 734.4, supp. 2 to part 734) for destination {} ({})\n\n",
        r.destination,
        r.destination.name()
    );
    let mut t = table();
    t.set_header(vec![
        "assembly",
        "origin",
        "verdict",
        "numerator",
        "denominator",
        "percentage",
        "threshold",
    ]);
    for a in &r.assemblies {
        t.add_row(vec![
            a.id.clone(),
            a.origin.map_or("?".into(), |c| c.to_string()),
            a.verdict.to_string(),
            numerator_text(a),
            match (a.denominator, a.denominator_basis) {
                (Some(d), Some(b)) => format!("{d:.2} ({b})"),
                _ if a.verdict == crate::de_minimis::Verdict::Itar => "n/a".into(),
                _ => "unknown".into(),
            },
            percentage_text(a),
            threshold_text(a),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    for a in &r.assemblies {
        let _ = writeln!(out, "\n{} — {}", a.id, a.verdict);
        for x in &a.reasons {
            let _ = writeln!(out, "  - {x}");
        }
        for c in &a.content {
            let _ = writeln!(
                out,
                "  content {} ({}, {}) x{} = {}: {} — {}",
                c.path.join(" > "),
                c.origin.map_or("?".into(), |o| o.to_string()),
                c.classification.as_deref().unwrap_or("REVIEW"),
                c.quantity,
                money(c.value),
                c.counted,
                c.why
            );
        }
        if !a.citations.is_empty() {
            let _ = writeln!(out, "  citations: {}", a.citations.join("; "));
        }
    }
    if let Some(w) = what_if {
        out.push_str(&what_if_text(w));
    }
    if !r.notes.is_empty() {
        out.push('\n');
        for n in &r.notes {
            let _ = writeln!(out, "note: {n}");
        }
    }
    out
}

fn what_if_text(w: &WhatIfOutcome) -> String {
    let mut out = format!("\nwhat-if: {}\n", w.substitutions.join(", "));
    if w.changes.is_empty() {
        out.push_str("  no verdict or percentage changed\n");
    }
    for c in &w.changes {
        let _ = writeln!(
            out,
            "  {}: {} ({}) -> {} ({})",
            c.id,
            c.before,
            pct(c.percentage_before),
            c.after,
            pct(c.percentage_after)
        );
    }
    out
}

/// De minimis report as JSON (`exportctl.deminimis/1`).
pub fn deminimis_json(r: &DeMinimisReport, what_if: Option<&WhatIfOutcome>, meta: &Meta) -> String {
    envelope(
        DEMINIMIS_SCHEMA,
        meta,
        json!({
            "destination": r.destination,
            "assemblies": r.assemblies,
            "what_if": what_if,
            "notes": r.notes,
        }),
    )
}

/// De minimis report as Markdown.
pub fn deminimis_markdown(r: &DeMinimisReport, what_if: Option<&WhatIfOutcome>) -> String {
    let mut out = format!(
        "# EAR de minimis to {} ({})\n\n| assembly | origin | verdict | numerator | denominator | percentage | threshold |\n|---|---|---|---|---|---|---|\n",
        r.destination,
        r.destination.name()
    );
    for a in &r.assemblies {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            md(&a.id),
            a.origin.map_or("?".into(), |c| c.to_string()),
            a.verdict,
            numerator_text(a),
            money(a.denominator),
            percentage_text(a),
            threshold_text(a)
        );
    }
    for a in &r.assemblies {
        let _ = writeln!(out, "\n## {} — {}\n", md(&a.id), a.verdict);
        for x in &a.reasons {
            let _ = writeln!(out, "- {}", md(x));
        }
        if !a.citations.is_empty() {
            let _ = writeln!(out, "- citations: {}", a.citations.join("; "));
        }
    }
    if let Some(w) = what_if {
        out.push_str("\n## What-if\n");
        out.push_str(&what_if_text(w));
    }
    for n in &r.notes {
        let _ = writeln!(out, "\n> {n}");
    }
    out
}

// ---------------------------------------------------------------- reexport

/// Reexport results as a table, then the reasons and conditions per line.
pub fn reexport_table(r: &ReexportReport) -> String {
    let mut out = format!(
        "Reexport from {} ({}) to {} ({})\n\n",
        r.from,
        r.from.name(),
        r.to,
        r.to.name()
    );
    let mut t = table();
    t.set_header(vec![
        "line",
        "origin",
        "classification",
        "verdict",
        "citations",
    ]);
    for l in &r.lines {
        t.add_row(vec![
            format!("{}{}", "  ".repeat(l.depth), l.id),
            l.origin.map_or("?".into(), |c| c.to_string()),
            l.classification.clone().unwrap_or_else(|| "REVIEW".into()),
            l.verdict.to_string(),
            l.citations.join("; "),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    for l in &r.lines {
        let _ = writeln!(out, "\n{} — {}", l.id, l.verdict);
        for x in &l.reasons {
            let _ = writeln!(out, "  - {x}");
        }
        for c in &l.conditions {
            let _ = writeln!(out, "  [condition] {c}");
        }
    }
    if !r.notes.is_empty() {
        out.push('\n');
        for n in &r.notes {
            let _ = writeln!(out, "note: {n}");
        }
    }
    out
}

/// Reexport report as JSON (`exportctl.reexport/1`).
pub fn reexport_json(r: &ReexportReport, meta: &Meta) -> String {
    envelope(
        REEXPORT_SCHEMA,
        meta,
        json!({
            "from": r.from,
            "to": r.to,
            "lines": r.lines,
            "de_minimis": { "destination": r.de_minimis.destination, "assemblies": r.de_minimis.assemblies },
            "notes": r.notes,
        }),
    )
}

/// Reexport report as Markdown.
pub fn reexport_markdown(r: &ReexportReport) -> String {
    let mut out = format!(
        "# Reexport from {} to {}\n\n| line | origin | classification | verdict | citations |\n|---|---|---|---|---|\n",
        r.from, r.to
    );
    for l in &r.lines {
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {} | {} |",
            "&nbsp;&nbsp;".repeat(l.depth),
            md(&l.id),
            l.origin.map_or("?".into(), |c| c.to_string()),
            l.classification.as_deref().unwrap_or("REVIEW"),
            l.verdict,
            l.citations.join("; ")
        );
    }
    for l in &r.lines {
        if l.reasons.is_empty() && l.conditions.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {} — {}\n", md(&l.id), l.verdict);
        for x in &l.reasons {
            let _ = writeln!(out, "- {}", md(x));
        }
        for c in &l.conditions {
            let _ = writeln!(out, "- [ ] {}", md(c));
        }
    }
    for n in &r.notes {
        let _ = writeln!(out, "\n> {n}");
    }
    out
}
