//! Renderers for `exportctl classify`: JSON (the versioned contract, see
//! `docs/CLASSIFICATION.md` and `docs/schema/classify.schema.json`), a text table,
//! CSV, Markdown, and the prose of one line's decision path (`--explain ID`).
//!
//! Every renderer returns a `String` and shows the same facts: id, jurisdiction,
//! classification, basis, confidence, findings, citations (and, in the long forms,
//! candidates and the explanation). Nothing here decides anything.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde::Serialize;

use crate::classify::SCHEMA;
use crate::data::Catalog;
use crate::model::{Basis, Jurisdiction, Ruling};

/// Header facts of a classification report.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// exportctl version.
    pub tool_version: String,
    /// The data set's as-of date.
    pub data_as_of: String,
    /// SHA-256 of the data files.
    pub data_hash: String,
    /// The BOM as named by the user.
    pub source: String,
}

impl Meta {
    /// Meta for a catalog and a BOM source name.
    pub fn new(catalog: &Catalog, source: &str) -> Meta {
        Meta {
            tool_version: crate::TOOL_VERSION.to_string(),
            data_as_of: catalog.as_of().to_string(),
            data_hash: catalog.hash.clone(),
            source: source.to_string(),
        }
    }
}

/// Counts by jurisdiction.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Lines.
    pub lines: usize,
    /// ITAR lines.
    pub itar: usize,
    /// EAR lines (ECCN or EAR99).
    pub ear: usize,
    /// REVIEW lines.
    pub review: usize,
}

/// Counts rulings by jurisdiction.
pub fn summarize(rulings: &[Ruling]) -> Summary {
    let mut s = Summary {
        lines: rulings.len(),
        ..Summary::default()
    };
    for r in rulings {
        match r.jurisdiction {
            Jurisdiction::Itar => s.itar += 1,
            Jurisdiction::Ear => s.ear += 1,
            Jurisdiction::Review => s.review += 1,
        }
    }
    s
}

#[derive(Serialize)]
struct Report<'a> {
    schema: &'static str,
    tool_version: &'a str,
    data_as_of: &'a str,
    data_hash: &'a str,
    source: &'a str,
    summary: Summary,
    items: &'a [Ruling],
}

/// The JSON contract `exportctl.classify/1`, pretty-printed, items in input order.
pub fn render_json(meta: &Meta, rulings: &[Ruling]) -> String {
    let report = Report {
        schema: SCHEMA,
        tool_version: &meta.tool_version,
        data_as_of: &meta.data_as_of,
        data_hash: &meta.data_hash,
        source: &meta.source,
        summary: summarize(rulings),
        items: rulings,
    };
    let mut s = serde_json::to_string_pretty(&report).expect("rulings serialize");
    s.push('\n');
    s
}

/// Lower-case basis as in the JSON.
pub fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Declared => "declared",
        Basis::Matched => "matched",
        Basis::Released => "released",
        Basis::Inherited => "inherited",
        Basis::None => "none",
    }
}

fn class(r: &Ruling) -> String {
    r.classification
        .as_ref()
        .map_or_else(|| "-".to_string(), ToString::to_string)
}

fn candidates_short(r: &Ruling) -> String {
    r.candidates
        .iter()
        .map(|c| format!("{} ({:.2})", c.code, c.score))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Candidates kept in a table cell.
pub const TABLE_CANDIDATES: usize = 3;

/// The first [`TABLE_CANDIDATES`] candidates; the rest is counted after an ellipsis
/// (`--explain` and the JSON list them all).
fn candidates_top(r: &Ruling) -> String {
    let mut s = r
        .candidates
        .iter()
        .take(TABLE_CANDIDATES)
        .map(|c| format!("{} ({:.2})", c.code, c.score))
        .collect::<Vec<_>>()
        .join(", ");
    let rest = r.candidates.len().saturating_sub(TABLE_CANDIDATES);
    if rest > 0 {
        s.push_str(&format!(", \u{2026} +{rest}"));
    }
    s
}

/// A compact text table: one line per BOM line, no separators between rows, and
/// for REVIEW lines the top [`TABLE_CANDIDATES`] candidates (`… +N` for the rest).
pub fn render_table(meta: &Meta, rulings: &[Ruling]) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec![
            "id",
            "jurisdiction",
            "classification",
            "basis",
            "conf",
            "findings",
            "candidates",
        ]);
    for r in rulings {
        t.add_row(vec![
            r.id.clone(),
            r.jurisdiction.to_string(),
            class(r),
            basis_name(r.basis).to_string(),
            format!("{:.2}", r.confidence),
            r.findings.join(", "),
            if r.jurisdiction == Jurisdiction::Review {
                candidates_top(r)
            } else {
                String::new()
            },
        ]);
    }
    let s = summarize(rulings);
    format!(
        "{t}\n{} lines: {} ITAR, {} EAR, {} REVIEW (data as of {}, exportctl {})\n",
        s.lines, s.itar, s.ear, s.review, meta.data_as_of, meta.tool_version
    )
}

/// CSV, one row per line; lists are joined with ` | `.
pub fn render_csv(rulings: &[Ruling]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "jurisdiction",
        "classification",
        "basis",
        "confidence",
        "findings",
        "citations",
        "candidates",
        "explanation",
    ])
    .expect("in-memory write");
    for r in rulings {
        w.write_record([
            r.id.as_str(),
            &r.jurisdiction.to_string(),
            &r.classification
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            basis_name(r.basis),
            &format!("{:.3}", r.confidence),
            &r.findings.join(" | "),
            &r.citations
                .iter()
                .map(|c| c.0.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            &candidates_short(r),
            &r.explanation.join(" | "),
        ])
        .expect("in-memory write");
    }
    String::from_utf8(w.into_inner().expect("in-memory flush")).expect("CSV of UTF-8 is UTF-8")
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Markdown: a summary table, then REVIEW lines with their candidates.
pub fn render_markdown(meta: &Meta, rulings: &[Ruling]) -> String {
    let s = summarize(rulings);
    let mut out = format!(
        "# Classification of `{}`\n\n{} lines: {} ITAR, {} EAR, {} REVIEW. Data as of {}, exportctl {}.\n\n",
        meta.source, s.lines, s.itar, s.ear, s.review, meta.data_as_of, meta.tool_version
    );
    out.push_str(
        "| id | jurisdiction | classification | basis | confidence | findings | citations |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|\n");
    for r in rulings {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {:.2} | {} | {} |\n",
            md_escape(&r.id),
            r.jurisdiction,
            md_escape(&class(r)),
            basis_name(r.basis),
            r.confidence,
            r.findings.join(", "),
            md_escape(
                &r.citations
                    .iter()
                    .map(|c| c.0.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ));
    }
    let review: Vec<&Ruling> = rulings
        .iter()
        .filter(|r| r.jurisdiction == Jurisdiction::Review)
        .collect();
    if !review.is_empty() {
        out.push_str("\n## Lines for review\n");
        for r in review {
            out.push_str(&format!(
                "\n### {} ({})\n\n",
                md_escape(&r.id),
                r.findings.join(", ")
            ));
            for c in &r.candidates {
                out.push_str(&format!(
                    "- candidate `{}` (score {:.2}): {}\n",
                    c.code,
                    c.score,
                    md_escape(&c.evidence.join("; "))
                ));
            }
            if let Some(last) = r.explanation.last() {
                out.push_str(&format!("- {}\n", md_escape(last)));
            }
        }
    }
    out
}

/// One line's decision path in prose, for `exportctl classify BOM --explain ID`.
pub fn render_explain(r: &Ruling) -> String {
    let mut out = format!("Line `{}`: ", r.id);
    match &r.classification {
        Some(c) => out.push_str(&format!(
            "{} `{}` ({}, confidence {:.2}).\n",
            r.jurisdiction,
            c,
            basis_name(r.basis),
            r.confidence
        )),
        None => out.push_str(&format!(
            "REVIEW — {}; a person must classify it.\n",
            r.findings.join(", ")
        )),
    }
    out.push_str("\nDecision path:\n");
    for (i, step) in r.explanation.iter().enumerate() {
        out.push_str(&format!("  {}. {step}\n", i + 1));
    }
    if !r.candidates.is_empty() {
        out.push_str("\nCandidates considered:\n");
        for c in &r.candidates {
            out.push_str(&format!("  - {} (score {:.2})\n", c.code, c.score));
            for e in &c.evidence {
                out.push_str(&format!("      {e}\n"));
            }
        }
    }
    if !r.findings.is_empty() {
        out.push_str(&format!("\nFindings: {}\n", r.findings.join(", ")));
    }
    out.push_str("\nCitations:\n");
    for c in &r.citations {
        out.push_str(&format!("  - {c}\n"));
    }
    out
}
