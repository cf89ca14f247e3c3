//! Renderers for the CI commands: `check` reports, `diff` results and the ledger
//! log, as table, JSON or Markdown. SARIF is in [`crate::sarif`].
//!
//! Every renderer returns a `String` ending in a newline; output depends only on the
//! input value (no clock, no environment), so equal inputs give identical bytes.

use comfy_table::presets::ASCII_MARKDOWN;
use comfy_table::{ContentArrangement, Table};

use crate::check::{CheckReport, Finding, Level};
use crate::diff::Diff;
use crate::ledger::Entry;

fn pretty<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("reports serialize");
    s.push('\n');
    s
}

fn table(header: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header);
    t
}

/// Markdown cell text: pipes and newlines escaped.
fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn status(f: &Finding) -> &'static str {
    if f.waived {
        "waived"
    } else {
        match f.level {
            Level::Deny => "deny",
            Level::Warn => "warn",
            Level::Allow => "allow",
        }
    }
}

fn location(f: &Finding) -> String {
    match f.line {
        Some(l) => format!("{}:{l}", f.file),
        None => f.file.clone(),
    }
}

/// `exportctl check --format json`.
pub fn check_json(r: &CheckReport) -> String {
    pretty(r)
}

fn check_verdict(r: &CheckReport) -> String {
    let s = &r.summary;
    format!(
        "{}: {} deny, {} warn, {} waived; {} lines ({} ITAR, {} EAR, {} REVIEW), baseline {} lines; data as of {}",
        if r.passed { "PASSED" } else { "FAILED" },
        s.deny,
        s.warn,
        s.waived,
        s.lines,
        s.itar,
        s.ear,
        s.review,
        s.baseline_lines,
        r.data.as_of
    )
}

/// `exportctl check --format table`.
pub fn check_table(r: &CheckReport) -> String {
    let mut out = String::new();
    if !r.findings.is_empty() {
        let mut t = table(vec!["status", "policy", "location", "line id", "message"]);
        for f in &r.findings {
            t.add_row(vec![
                status(f).to_string(),
                f.code.code().to_string(),
                location(f),
                f.line_id.clone().unwrap_or_default(),
                f.message.clone(),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
    out.push_str(&check_verdict(r));
    out.push('\n');
    out
}

/// `exportctl check --format markdown`: a pull-request comment.
pub fn check_markdown(r: &CheckReport) -> String {
    let s = &r.summary;
    let mut out = String::new();
    out.push_str(&format!(
        "### exportctl check: {}\n\n",
        if r.passed { "passed" } else { "**failed**" }
    ));
    out.push_str(&format!(
        "`{}`: {} lines ({} ITAR, {} EAR, {} REVIEW) against {} ({} lines). \
         {} deny, {} warn, {} waived. Data as of {}, waivers judged as of {}.\n\n",
        md(&r.bom),
        s.lines,
        s.itar,
        s.ear,
        s.review,
        r.baseline
            .as_deref()
            .map_or("no baseline".to_string(), |b| format!("`{}`", md(b))),
        s.baseline_lines,
        s.deny,
        s.warn,
        s.waived,
        r.data.as_of,
        r.as_of
    ));
    if r.findings.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    let mut t = Table::new();
    t.load_preset(ASCII_MARKDOWN)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["Status", "Policy", "Location", "Finding", "Waiver"]);
    for f in &r.findings {
        t.add_row(vec![
            status(f).to_string(),
            format!("`{}`", f.code.code()),
            format!("`{}`", md(&location(f))),
            md(&f.message),
            f.waiver.as_ref().map_or(String::new(), |w| {
                md(&format!(
                    "{} (approved by {}, expires {})",
                    w.reason, w.approved_by, w.expires
                ))
            }),
        ]);
    }
    out.push_str(&t.to_string());
    out.push_str(
        "\n\nNot legal advice: REVIEW lines need a person with export-compliance authority.\n",
    );
    out
}

/// `exportctl diff --format json`.
pub fn diff_json(d: &Diff) -> String {
    pretty(d)
}

fn diff_head(d: &Diff) -> String {
    let s = &d.summary;
    format!(
        "{} -> {}: {} added, {} removed, {} changed (input {}, data {}, tool {}, other {}), {} unchanged",
        d.old.source,
        d.new.source,
        s.added,
        s.removed,
        s.changed,
        s.by_input,
        s.by_data,
        s.by_tool,
        s.by_other,
        s.unchanged
    )
}

fn provenance_line(d: &Diff) -> String {
    format!(
        "old: tool {}, data as of {} ({}); new: tool {}, data as of {} ({})",
        d.old.tool,
        d.old.data.as_of,
        short(&d.old.data.hash),
        d.new.tool,
        d.new.data.as_of,
        short(&d.new.data.hash)
    )
}

fn short(h: &str) -> &str {
    &h[..h.len().min(12)]
}

/// `exportctl diff --format table`.
pub fn diff_table(d: &Diff) -> String {
    let mut out = String::new();
    if !d.is_empty() {
        let mut t = table(vec![
            "change",
            "line id",
            "part number",
            "old",
            "new",
            "cause",
        ]);
        for c in &d.changed {
            let id = if c.old_id == c.id {
                c.id.clone()
            } else {
                format!("{} (was {})", c.id, c.old_id)
            };
            t.add_row(vec![
                "changed".to_string(),
                id,
                c.part_number.clone(),
                c.old.clone(),
                c.new.clone(),
                c.cause.as_str().to_string(),
            ]);
        }
        for a in &d.added {
            t.add_row(vec![
                "added".to_string(),
                a.id.clone(),
                a.part_number.clone(),
                String::new(),
                a.ruling.clone(),
                String::new(),
            ]);
        }
        for r in &d.removed {
            t.add_row(vec![
                "removed".to_string(),
                r.id.clone(),
                r.part_number.clone(),
                r.ruling.clone(),
                String::new(),
                String::new(),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
    out.push_str(&diff_head(d));
    out.push('\n');
    out.push_str(&provenance_line(d));
    out.push('\n');
    out
}

/// `exportctl diff --format markdown`.
pub fn diff_markdown(d: &Diff) -> String {
    let mut out = format!(
        "### exportctl diff\n\n{}\n\n{}\n\n",
        md(&diff_head(d)),
        md(&provenance_line(d))
    );
    if d.is_empty() {
        out.push_str("No differences.\n");
        return out;
    }
    let mut t = Table::new();
    t.load_preset(ASCII_MARKDOWN)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec!["Change", "Line", "Part number", "Old", "New", "Cause"]);
    for c in &d.changed {
        t.add_row(vec![
            "changed".into(),
            format!("`{}`", md(&c.id)),
            md(&c.part_number),
            md(&c.old),
            md(&c.new),
            c.cause.as_str().to_string(),
        ]);
    }
    for a in &d.added {
        t.add_row(vec![
            "added".into(),
            format!("`{}`", md(&a.id)),
            md(&a.part_number),
            String::new(),
            md(&a.ruling),
            String::new(),
        ]);
    }
    for r in &d.removed {
        t.add_row(vec![
            "removed".into(),
            format!("`{}`", md(&r.id)),
            md(&r.part_number),
            md(&r.ruling),
            String::new(),
            String::new(),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    out
}

/// `exportctl ledger log --format json`: the entries as a JSON array.
pub fn ledger_json(entries: &[Entry]) -> String {
    pretty(&entries)
}

/// `exportctl ledger log --format table` (Markdown uses the same columns).
pub fn ledger_table(entries: &[Entry], markdown: bool) -> String {
    let mut t = Table::new();
    if markdown {
        t.load_preset(ASCII_MARKDOWN);
    } else {
        t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    }
    t.set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec![
            "seq",
            "timestamp",
            "source",
            "lines",
            "ITAR",
            "EAR",
            "REVIEW",
            "data as of",
            "tool",
            "payload",
            "hash",
        ]);
    for e in entries {
        let s = &e.summary;
        t.add_row(vec![
            e.seq.to_string(),
            e.timestamp.clone(),
            s.source.clone(),
            s.lines.to_string(),
            s.itar.to_string(),
            s.ear.to_string(),
            s.review.to_string(),
            s.data_as_of.clone(),
            s.tool.clone(),
            short(&e.payload_digest).to_string(),
            short(&e.hash).to_string(),
        ]);
    }
    let mut out = t.to_string();
    out.push('\n');
    let n = entries.len();
    out.push_str(&format!("{n} entr{}\n", if n == 1 { "y" } else { "ies" }));
    out
}
