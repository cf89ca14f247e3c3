//! Reads the eCFR XML of Supplement No. 1 to 15 CFR part 774 (the Commerce Control
//! List) and merges it into the curated `data/ccl/cat-N.toml` files.
//!
//! What it extracts, per ECCN: heading id; reason codes; one record per row of the
//! controls table (chart column or other scope); license exception symbols with
//! their status and LVS value; item paragraph ids; and thresholds it can read without doubt (GHz, W, dBm, bits,
//! sample rate, clock MHz, total dose, TPP). What it deliberately does not do: copy
//! regulation sentences into the data (titles come from the curated files; a new
//! ECCN gets a short derived label marked `title to curate`), guess a threshold it
//! cannot read, expand ranges such as `a.2 to a.14`, or touch the disk — the binary
//! reads and writes the files.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use regex::Regex;

use super::raw::{
    RawCclFile, RawCclItem, RawControl, RawEccn, RawEntryException, RawMatch, RawThreshold,
};

/// Compiles a regex once per pattern (the importer applies the same few patterns to
/// thousands of paragraphs).
fn re_cached(pattern: &str) -> Regex {
    static CACHE: std::sync::OnceLock<std::sync::Mutex<BTreeMap<String, Regex>>> =
        std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    map.entry(pattern.to_string())
        .or_insert_with(|| Regex::new(pattern).expect("static regex"))
        .clone()
}

/// An error reading the XML.
#[derive(Debug, thiserror::Error)]
pub enum EcfrError {
    /// Not well-formed XML.
    #[error("the eCFR file is not well-formed XML: {0}")]
    Xml(String),
    /// Well-formed, but no ECCN headings were found.
    #[error("no ECCN headings found: is this the eCFR XML of Supplement No. 1 to part 774?")]
    NoEccns,
}

/// One ECCN as the XML states it.
#[derive(Debug, Clone, Default)]
pub struct ParsedEccn {
    /// Heading id (`3A001`).
    pub id: String,
    /// The heading text (kept in memory only, to derive a short label; never written).
    pub heading: String,
    /// Reasons for control in order.
    pub reasons: Vec<String>,
    /// Control(s) / Country Chart rows.
    pub control: Vec<RawControl>,
    /// List-based license exceptions.
    pub exception: Vec<RawEntryException>,
    /// The heading says the items are subject to the ITAR.
    pub itar_pointer: bool,
    /// `[Reserved]` or removed heading.
    pub reserved: bool,
    /// Item paragraphs in order.
    pub items: Vec<ParsedItem>,
    /// Inconsistencies found in the source entry (reported by the importer).
    pub warnings: Vec<String>,
}

/// One item paragraph.
#[derive(Debug, Clone, Default)]
pub struct ParsedItem {
    /// Full id (`3A001.a.5.a.1`).
    pub id: String,
    /// Paragraph text (in memory only, for labels and thresholds).
    pub text: String,
    /// `[Reserved]`.
    pub reserved: bool,
    /// Thresholds read from the text.
    pub thresholds: Vec<RawThreshold>,
}

/// Field labels that open a new part of an entry; other `Label:` lines continue
/// the open one.
const KNOWN_LABELS: &[&str] = &[
    "Reason for Control",
    "Reasons for Control",
    "Related Controls",
    "Related controls",
    "Related Definitions",
    "Related Definition",
    "Technical Note",
    "Note",
    "LVS",
    "GBS",
    "STA",
    "ENC",
    "TSR",
    "APP",
    "IEC",
    "AIA",
    "ACM",
    "LPP",
    "ACE",
    "HBM",
    "NAC/ACA",
    "CIV",
    "APR",
];

/// Parses the XML of Supp. No. 1 to part 774 into ECCNs in document order.
pub fn parse(xml: &str) -> Result<Vec<ParsedEccn>, EcfrError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| EcfrError::Xml(e.to_string()))?;
    let heading_re = re_cached(r"^([0-9][A-E][0-9]{3})\b");
    let label_re = re_cached(r"^([A-Za-z/ ]{2,40}):\s*(.*)$");
    let para_re = re_cached(r"^([a-z](?:\.(?:[0-9]+|[a-z]))*)\.(?:\s|$|\[|['‘“])");
    let para_loose_re = re_cached(r"^([a-z](?:\.(?:[0-9]+|[a-z]))+)\s");
    let mut out: Vec<ParsedEccn> = Vec::new();
    let mut cur: Option<ParsedEccn> = None;
    let mut in_items = false;
    // The exception whose text continues in following <P> lines (LVS `$3000: ...`).
    let mut open_label: Option<(String, String)> = None;

    let flush_label = |cur: &mut Option<ParsedEccn>, open: &mut Option<(String, String)>| {
        if let (Some(e), Some((label, text))) = (cur.as_mut(), open.take()) {
            let id = e.id.clone();
            e.exception.extend(parse_exception(&id, &label, &text));
        }
    };

    for node in doc.root_element().children().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        let text = node_text(node);
        match tag {
            "HD1" | "HD2" | "HD3" => {
                if text.starts_with("List ") {
                    continue;
                }
                flush_label(&mut cur, &mut open_label);
                if let Some(e) = cur.take() {
                    out.push(e);
                }
                in_items = false;
            }
            "FP-2" => {
                if let Some(m) = heading_re.captures(&text) {
                    flush_label(&mut cur, &mut open_label);
                    if let Some(e) = cur.take() {
                        out.push(e);
                    }
                    let id = m[1].to_string();
                    let rest = text[id.len()..].trim().to_string();
                    let lower = rest.to_ascii_lowercase();
                    cur = Some(ParsedEccn {
                        id,
                        itar_pointer: lower.contains("subject to the itar"),
                        reserved: lower.starts_with("[reserved")
                            || lower.starts_with("[removed")
                            || lower.contains("[reserved]"),
                        heading: rest,
                        ..ParsedEccn::default()
                    });
                    in_items = false;
                } else if text.starts_with("EAR99") {
                    flush_label(&mut cur, &mut open_label);
                    if let Some(e) = cur.take() {
                        out.push(e);
                    }
                } else if let Some(r) = text.strip_prefix("Reason for Control:") {
                    if let Some(e) = cur.as_mut() {
                        e.reasons = parse_reasons(r);
                    }
                }
            }
            "FP-1" | "FP" | "P" if cur.is_some() && !in_items => {
                if text.starts_with("Special Conditions for STA") {
                    flush_label(&mut cur, &mut open_label);
                    continue;
                }
                if let Some(rest) = text.strip_prefix("Items:") {
                    flush_label(&mut cur, &mut open_label);
                    in_items = true;
                    let rest = rest.trim();
                    if !rest.is_empty() {
                        let e = cur.as_mut().expect("checked");
                        push_item(e, rest, &para_re, &para_loose_re);
                    }
                    continue;
                }
                let known = label_re.captures(&text).and_then(|m| {
                    let label = m[1].trim().to_string();
                    KNOWN_LABELS
                        .contains(&label.as_str())
                        .then(|| (label, m[2].trim().to_string()))
                });
                if tag == "P" && text.starts_with("a. ") && open_label.is_none() {
                    // Some entries start their items without an `Items:` line.
                    in_items = true;
                    let e = cur.as_mut().expect("checked");
                    push_item(e, &text, &para_re, &para_loose_re);
                    continue;
                }
                let Some((label, body)) = known else {
                    // A continuation line of an open exception (LVS `$3000: ...`).
                    if let Some((_, t)) = open_label.as_mut() {
                        t.push(' ');
                        t.push_str(&text);
                    }
                    continue;
                };
                flush_label(&mut cur, &mut open_label);
                let e = cur.as_mut().expect("checked");
                match label.as_str() {
                    "Reason for Control" | "Reasons for Control" => {
                        e.reasons = parse_reasons(&body);
                    }
                    "Related Controls"
                    | "Related Definitions"
                    | "Related Definition"
                    | "Related controls"
                    | "Technical Note"
                    | "Note" => {}
                    _ => open_label = Some((label, body)),
                }
            }
            "P" if cur.is_some() => {
                let e = cur.as_mut().expect("checked");
                push_item(e, &text, &para_re, &para_loose_re);
            }
            "NOTE" if cur.is_some() && in_items => {
                // Some notes swallow the next item paragraph; item text is roman, note
                // text italic, so a <P> that starts with plain text is an item.
                let e = cur.as_mut().expect("checked");
                for p in node.children().filter(|n| n.has_tag_name("P")) {
                    let plain = p
                        .first_child()
                        .is_some_and(|c| c.is_text() && !c.text().unwrap_or("").trim().is_empty());
                    if plain {
                        push_item(e, &node_text(p), &para_re, &para_loose_re);
                    }
                }
            }
            "DIV" if cur.is_some() && !in_items => {
                flush_label(&mut cur, &mut open_label);
                if let Some(table) = node.descendants().find(|n| n.has_tag_name("TABLE")) {
                    let head = table
                        .descendants()
                        .filter(|n| n.has_tag_name("TH"))
                        .map(node_text)
                        .collect::<Vec<_>>()
                        .join(" ");
                    if head.contains("Control") {
                        let e = cur.as_mut().expect("checked");
                        for tr in table.descendants().filter(|n| n.has_tag_name("TR")) {
                            let tds: Vec<String> = tr
                                .children()
                                .filter(|n| n.has_tag_name("TD"))
                                .map(node_text)
                                .collect();
                            if tds.len() >= 2 {
                                if let Some(row) = parse_control_row(&e.id, &tds[0], &tds[1]) {
                                    e.control.push(row);
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    flush_label(&mut cur, &mut open_label);
    if let Some(e) = cur.take() {
        out.push(e);
    }
    for e in &mut out {
        let missing: Vec<String> = e
            .control
            .iter()
            .map(|c| c.reason.clone())
            .filter(|r| !e.reasons.contains(r))
            .collect();
        for r in missing {
            if !e.reasons.contains(&r) {
                e.warnings.push(format!(
                    "{}: a Control(s) row names `{r}`, which the Reason for Control line omits; added",
                    e.id
                ));
                e.reasons.push(r);
            }
        }
    }
    for e in &mut out {
        for c in &mut e.control {
            canonical_order(&mut c.paragraphs);
            canonical_order(&mut c.except);
        }
        for x in &mut e.exception {
            canonical_order(&mut x.paragraphs);
            canonical_order(&mut x.excluded);
        }
    }
    if out.is_empty() {
        return Err(EcfrError::NoEccns);
    }
    Ok(out)
}

/// Reference lists are sets. They are written in descending id order, a fixed order
/// that is stable across imports and does not reproduce the sentence order of the
/// regulation.
pub fn canonical_order(v: &mut Vec<String>) {
    v.sort_by(
        |a, b| match (crate::model::Eccn::parse(a), crate::model::Eccn::parse(b)) {
            (Ok(x), Ok(y)) => y.cmp(&x),
            _ => b.cmp(a),
        },
    );
    v.dedup();
}

/// Adds the paragraph that `text` opens, if it opens one whose parent is known.
fn push_item(e: &mut ParsedEccn, text: &str, strict: &Regex, loose: &Regex) {
    let Some(m) = strict.captures(text).or_else(|| loose.captures(text)) else {
        return;
    };
    let path = m[1].to_string();
    if !alternates(&path) {
        return;
    }
    let id = format!("{}.{}", e.id, path);
    let parent_ok = match path.rfind('.') {
        None => true,
        Some(p) => {
            let parent = format!("{}.{}", e.id, &path[..p]);
            e.items.iter().any(|i| i.id == parent)
        }
    };
    if !parent_ok || e.items.iter().any(|i| i.id == id) {
        return;
    }
    let body = text[m[1].len()..]
        .trim_start_matches('.')
        .trim()
        .to_string();
    if body.starts_with("through ") || body.starts_with("to ") {
        // `j. through y. [Reserved]`: a placeholder range, not a paragraph.
        return;
    }
    let reserved = body.starts_with("[Reserved") || body.starts_with("[RESERVED");
    let thresholds = if reserved {
        Vec::new()
    } else {
        extract_thresholds(&body)
    };
    e.items.push(ParsedItem {
        id,
        text: body,
        reserved,
        thresholds,
    });
}

/// Text of a node and its descendants, whitespace collapsed; superscripts become `^n`.
fn node_text(node: roxmltree::Node<'_, '_>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        if d.is_text() {
            let in_su = d.parent().is_some_and(|p| p.has_tag_name("SU"));
            if in_su {
                s.push('^');
            }
            s.push_str(d.text().unwrap_or(""));
            if in_su {
                s.push(' ');
            }
        } else if d.has_tag_name("br") {
            s.push(' ');
        }
    }
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace(" ^", "^")
}

/// True when labels alternate letter / number (`a`, `a.1`, `a.1.b`), which tells a
/// paragraph id from text such as `e.g.`.
fn alternates(path: &str) -> bool {
    path.split('.').enumerate().all(|(i, p)| {
        if i % 2 == 0 {
            p.chars().all(|c| c.is_ascii_lowercase()) && p.len() <= 2
        } else {
            p.chars().all(|c| c.is_ascii_digit())
        }
    })
}

fn parse_reasons(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tok in s.split([',', ';', ' ']) {
        let t = tok
            .trim()
            .trim_end_matches('.')
            .trim_end_matches(|c: char| c.is_ascii_digit());
        if (2..=3).contains(&t.len()) && t.chars().all(|c| c.is_ascii_uppercase()) {
            if t == "AND" || t == "EAR" || t == "NA" {
                continue;
            }
            if !out.iter().any(|r: &String| r == t) {
                out.push(t.to_string());
            }
        }
    }
    out
}

/// Expands ECCN references in `text`: full ids (`3A001.b.2`) and the short forms that
/// follow one (`b.3`, `.a.5.a`, `z.2.a`). Ranges (`a.2 to a.14`) are not expanded.
pub fn refs(own: &str, text: &str) -> Vec<String> {
    let re = re_cached(
        r"(?x)
        \b([0-9][A-E][0-9]{3})((?:\.[a-z0-9]+)*)   # full id
        | (?:^|[\s,(])\.?([a-z](?:\.[a-z0-9]+)+)\b    # b.3, .a.5.a
        | (?:^|[\s,(])\.([a-z])\b                     # .d
        ",
    );
    let text = expand_ranges(text);
    let text = text.as_str();
    let mut out: Vec<String> = Vec::new();
    let mut last = own.to_string();
    for c in re.captures_iter(text) {
        if let Some(h) = c.get(1) {
            last = h.as_str().to_string();
            let path = c.get(2).map_or("", |m| m.as_str()).trim_end_matches('.');
            if !path.is_empty() {
                push_unique(&mut out, format!("{last}{path}"));
            } else if h.as_str() != own {
                push_unique(&mut out, last.clone());
            }
        } else if let Some(p) = c.get(3).or_else(|| c.get(4)) {
            let p = p.as_str().trim_end_matches('.');
            if alternates(p) {
                push_unique(&mut out, format!("{last}.{p}"));
            }
        }
    }
    out
}

/// Rewrites `b.4 to b.7` as `b.4, b.5, b.6, b.7` (same parent, numeric labels).
fn expand_ranges(text: &str) -> String {
    let re = re_cached(
        r"\b((?:[0-9][A-E][0-9]{3})?\.?(?:[a-z0-9]+\.)*?[a-z])\.([0-9]+) (?:to|through) \.?((?:[0-9][A-E][0-9]{3})?\.?(?:[a-z0-9]+\.)*?[a-z])\.([0-9]+)\b",
    );
    re.replace_all(text, |c: &regex::Captures<'_>| {
        let (p1, p2) = (c[1].trim_start_matches('.'), c[3].trim_start_matches('.'));
        let (a, b) = (
            c[2].parse::<u32>().unwrap_or(0),
            c[4].parse::<u32>().unwrap_or(0),
        );
        let same = p1 == p2 || p1.ends_with(&format!(".{p2}")) || p2.is_empty();
        if same && a < b && b - a < 40 {
            (a..=b)
                .map(|n| format!("{}.{n}", &c[1]))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            c[0].to_string()
        }
    })
    .into_owned()
}

/// Splits exception text into included and excluded references: `(except ...)`
/// groups and text after a top-level `except` are exclusions; other parentheses are
/// conditions (reported through the returned flag).
fn split_scope(own: &str, text: &str) -> (Vec<String>, Vec<String>, bool) {
    let mut outside = String::new();
    let mut excluded_txt = String::new();
    let mut conditional = false;
    let mut depth = 0usize;
    let mut buf = String::new();
    for ch in text.chars() {
        match ch {
            '(' => {
                if depth == 0 {
                    buf.clear();
                } else {
                    buf.push(ch);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let inner = buf.trim();
                    if inner.starts_with("except") {
                        excluded_txt.push_str(inner);
                        excluded_txt.push_str(", ");
                        if inner.contains(" when ")
                            || inner.contains(" if ")
                            || inner.contains(" for ")
                        {
                            conditional = true;
                        }
                    } else if !inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
                        conditional = true;
                    }
                    outside.push(' ');
                } else {
                    buf.push(ch);
                }
            }
            _ if depth > 0 => buf.push(ch),
            _ => outside.push(ch),
        }
    }
    let lower = outside.to_ascii_lowercase();
    let (incl, excl) = match lower.find("except") {
        Some(i) => (&outside[..i], &outside[i..]),
        None => (outside.as_str(), ""),
    };
    excluded_txt.push_str(excl);
    let mut inc = refs(own, incl);
    let exc = refs(own, &excluded_txt);
    inc.retain(|x| !exc.contains(x));
    if lower.contains(" if ") || lower.contains(" when ") || lower.contains("provided") {
        conditional = true;
    }
    (inc, exc, conditional)
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// Country names used in Control(s) destination text, to ISO codes.
const PLACES: &[(&str, &str)] = &[
    ("United Arab Emirates", "AE"),
    ("Macau", "MO"),
    ("Hong Kong", "HK"),
    ("China", "CN"),
    ("Russia", "RU"),
    ("Belarus", "BY"),
    ("Iran", "IR"),
    ("North Korea", "KP"),
    ("Syria", "SY"),
    ("Cuba", "CU"),
    ("Venezuela", "VE"),
    ("Nicaragua", "NI"),
    ("Canada", "CA"),
    ("Israel", "IL"),
    ("Taiwan", "TW"),
];

/// The part 742 section behind each reason, used only when a row names neither a
/// chart column nor a section (an empty cell in the source).
const REASON_SECTIONS: &[(&str, &str)] = &[
    ("CB", "15 CFR 742.2"),
    ("NP", "15 CFR 742.3"),
    ("NS", "15 CFR 742.4"),
    ("MT", "15 CFR 742.5"),
    ("RS", "15 CFR 742.6"),
    ("CC", "15 CFR 742.7"),
    ("EI", "15 CFR 742.15"),
    ("FC", "15 CFR 742.17"),
    ("CW", "15 CFR 742.18"),
    ("UN", "15 CFR 746.1"),
];

fn groups_in(text: &str) -> Vec<String> {
    let re = re_cached(r"\b([A-E]):?\s?([1-6])\b|Country Groups? ([A-E]):([1-6])");
    let mut out = Vec::new();
    // `D:1, D:4, and D:5` and `A:5 or A:6`.
    let g = re_cached(r"\b([A-E]):([1-6])\b");
    for c in g.captures_iter(text) {
        push_unique(&mut out, format!("{}:{}", &c[1], &c[2]));
    }
    let _ = re;
    if re_cached(r"Country Group B\b").is_match(text) {
        push_unique(&mut out, "B".into());
    }
    out
}

fn see_ref(text: &str) -> Option<String> {
    let re = re_cached(r"§+\s*([0-9]{3}\.[0-9]+(?:\([a-zA-Z0-9]+\))*)");
    re.captures(text).map(|c| format!("15 CFR {}", &c[1]))
}

fn parse_control_row(own: &str, scope: &str, chart: &str) -> Option<RawControl> {
    let reason = scope.split_whitespace().next()?.trim_end_matches(',');
    if !(2..=3).contains(&reason.len()) || !reason.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let after = scope[reason.len()..].trim();
    let (incl, excl) = match after.find("except") {
        Some(i) => (&after[..i], &after[i..]),
        None => (after, ""),
    };
    let whole = incl.contains("entire entry");
    let mut paragraphs = if whole { Vec::new() } else { refs(own, incl) };
    let mut except = refs(own, excl);
    // "except those 3A001.b.2 items ... for civil use" is a condition, not a carve-out.
    let conditional = except.iter().any(|x| paragraphs.contains(x));
    except.retain(|x| !paragraphs.contains(x));
    paragraphs.retain(|p| p != own);
    // Anything beyond ids and connecting words makes the row qualified.
    let leftover = re_cached(
        r"(?i)\b[0-9][A-E][0-9]{3}(?:\.[a-z0-9]+)*|\.?[a-z](?:\.[a-z0-9]+)+\b|\.[a-z]\b|\b(applies|apply|to|entire|entry|except|and|or|in|of|this|paragraphs?|items?|the|for)\b|[,;.()]",
    );
    let rest = leftover.replace_all(after, " ");
    let qualified = conditional || rest.split_whitespace().any(|w| w.len() > 1);
    let col_re = re_cached(r"(?:\b([A-Z]{2}) )?Column ([0-9])");
    let mut column = None;
    let mut destinations = Vec::new();
    let mut except_destinations = Vec::new();
    let chart_col = col_re
        .captures(chart)
        .filter(|_| !chart.to_ascii_lowercase().contains("does not appear"));
    if let Some(c) = chart_col {
        let r = c.get(1).map_or(reason, |m| m.as_str());
        column = Some(format!("{r}{}", &c[2]));
    } else {
        // The scope is in the chart cell, or (when that is empty) in the first cell.
        let chart = if chart.trim().is_empty() {
            scope
        } else {
            chart
        };
        let lower = chart.to_ascii_lowercase();
        let cut = ["excluding", "except"]
            .iter()
            .filter_map(|w| lower.find(w))
            .min();
        let (main, carve) = match cut {
            Some(i) => (&chart[..i], &chart[i..]),
            None => (chart, ""),
        };
        let main_lc = main.to_ascii_lowercase();
        if main_lc.contains("worldwide")
            || main_lc.contains("any destination")
            || main_lc.contains("all destinations")
        {
            destinations.push("worldwide".to_string());
        }
        for (name, code) in PLACES {
            if main.contains(name) {
                push_unique(&mut destinations, (*code).to_string());
            }
        }
        for g in groups_in(main) {
            push_unique(&mut destinations, g);
        }
        except_destinations = groups_in(carve);
        for (name, code) in PLACES {
            if carve.contains(name) {
                push_unique(&mut except_destinations, (*code).to_string());
            }
        }
    }
    let see = if column.is_none() {
        see_ref(chart).or_else(|| see_ref(scope))
    } else {
        None
    };
    let see = match (&column, see, destinations.is_empty()) {
        (None, None, true) => REASON_SECTIONS
            .iter()
            .find(|(r, _)| *r == reason)
            .map(|(_, sec)| (*sec).to_string()),
        (_, see, _) => see,
    };
    Some(RawControl {
        reason: reason.to_string(),
        column,
        paragraphs,
        except,
        destinations,
        except_destinations,
        see,
        qualified,
    })
}

fn parse_exception(own: &str, label: &str, text: &str) -> Vec<RawEntryException> {
    let code = if label == "NAC/ACA" { "NAC" } else { label }.to_string();
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let base = RawEntryException {
        code: code.clone(),
        status: "no".into(),
        value_usd: None,
        paragraphs: Vec::new(),
        excluded: Vec::new(),
        note: None,
    };
    if code == "LVS" {
        let dollar = re_cached(r"\$\s?([0-9][0-9,]*)");
        let amounts: Vec<_> = dollar.captures_iter(t).collect();
        if amounts.is_empty() {
            let mut x = base;
            if lower.starts_with("n/a") {
                x.status = "no".into();
            } else {
                x.status = "partial".into();
                x.note = Some("entry states LVS conditions without a value; read the entry".into());
            }
            return vec![x];
        }
        let has_na = lower.contains("n/a");
        let mut out = Vec::new();
        for (i, c) in amounts.iter().enumerate() {
            let m = c.get(0).expect("match");
            let end = amounts
                .get(i + 1)
                .map_or(t.len(), |n| n.get(0).expect("match").start());
            let chunk = &t[m.end()..end];
            let chunk = chunk.split("N/A").next().unwrap_or(chunk);
            let chunk_lc = chunk.to_ascii_lowercase();
            let value: u64 = c[1].replace(',', "").parse().unwrap_or(0);
            let (paragraphs, excluded, conditional) = split_scope(own, chunk);
            let mut x = base.clone();
            x.value_usd = Some(value);
            x.status = if paragraphs.is_empty() && !has_na && amounts.len() == 1 {
                "yes".into()
            } else {
                "partial".into()
            };
            x.paragraphs = paragraphs;
            x.excluded = excluded;
            let extra = conditional || chunk_lc.contains("destination");
            if has_na || extra {
                x.note = Some("limited: the entry excludes some items or destinations".into());
            }
            out.push(x);
        }
        return out;
    }
    let mut x = base;
    if lower.starts_with("n/a") || lower.starts_with("no") && !lower.starts_with("note") {
        x.status = "no".into();
        if lower.contains("except") || lower.contains("yes") {
            x.status = "partial".into();
            x.paragraphs = refs(own, t);
        }
        return vec![x];
    }
    if code == "STA" {
        // STA lines restrict use; the paragraphs named are the restricted ones.
        x.status = "partial".into();
        x.excluded = refs(own, t);
        x.note = Some(if lower.contains("may not be used") {
            "restricted for the listed items or destinations; see 15 CFR 740.20".into()
        } else {
            "conditions stated in the entry; see 15 CFR 740.20".into()
        });
        return vec![x];
    }
    let (paragraphs, excluded, conditional) = split_scope(own, t);
    x.excluded = excluded;
    x.status = if paragraphs.is_empty() && (lower.starts_with("yes") || code == "ACM") {
        if conditional {
            "partial".into()
        } else {
            "yes".into()
        }
    } else {
        "partial".into()
    };
    x.paragraphs = paragraphs;
    if x.status == "partial" && (x.paragraphs.is_empty() || conditional) {
        x.note = Some("conditions stated in the entry".into());
    }
    vec![x]
}

/// Thresholds that can be read from one paragraph without doubt. A paragraph whose
/// thresholds are joined by `or` yields none (the data records `all` semantics).
pub fn extract_thresholds(text: &str) -> Vec<RawThreshold> {
    let t = text
        .trim()
        .trim_end_matches(|c: char| c == ';' || c == '.' || c == ':' || c.is_whitespace());
    let t = t
        .strip_suffix("; or")
        .or_else(|| t.strip_suffix("; and"))
        .or_else(|| t.strip_suffix(" or"))
        .or_else(|| t.strip_suffix(" and"))
        .unwrap_or(t)
        .trim_end_matches(';');
    let t = t.replace(['“', '”', '\'', '"'], "");
    let num = r"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)";
    let gt = r"(?:exceeding|greater than|more than|above|in excess of|over)";
    let ge = r"(?:equal to or (?:greater|more) than|of at least|or more)";
    let le = r"(?:up to and including|not exceeding|less than or equal to|equal to or less than)";
    let lt = r"(?:less than|below|lower than)";
    let mut out: Vec<RawThreshold> = Vec::new();
    let f = |s: &str| s.replace(',', "").parse::<f64>().ok();
    let mut push = |param: &str, op: &str, value: f64| {
        let th = RawThreshold {
            param: param.into(),
            op: op.into(),
            value,
        };
        if !out.contains(&th) {
            out.push(th);
        }
    };
    let rules: &[(&str, &str, &str, f64)] = &[
        // (regex with one number group, param, op, factor)
        (&format!(r"{le} {num} GHz"), "freq_ghz", "<=", 1.0),
        (
            &format!(r"(?:frequenc[a-z]* ){gt} {num} GHz"),
            "freq_ghz",
            ">",
            1.0,
        ),
        (
            &format!(r"(?:frequenc[a-z]* )(?:from )?{num} GHz (?:or more|and above)"),
            "freq_ghz",
            ">=",
            1.0,
        ),
        (
            &format!(r"(?:bandwidth[a-z ]*){gt} {num} GHz"),
            "bandwidth_mhz",
            ">",
            1000.0,
        ),
        (
            &format!(r"(?:bandwidth[a-z ]*){gt} {num} MHz"),
            "bandwidth_mhz",
            ">",
            1.0,
        ),
        (
            &format!(r"(?:power[a-z ]*){gt} {num} W\b"),
            "power_w",
            ">",
            1.0,
        ),
        (
            &format!(r"(?:power[a-z ]*){gt} {num} kW\b"),
            "power_w",
            ">",
            1000.0,
        ),
        (
            &format!(r"(?:power[a-z ]*){gt} {num} dBm"),
            "power_dbm",
            ">",
            1.0,
        ),
        (
            &format!(r"resolution of {num}[ -]bits? or more"),
            "resolution_bits",
            ">=",
            1.0,
        ),
        (
            &format!(r"{lt} {num}[ -]bits?\b"),
            "resolution_bits",
            "<",
            1.0,
        ),
        (
            &format!(r"sample rate {gt} {num} (?:GSPS|Giga ?Samples)"),
            "sample_rate_msps",
            ">",
            1000.0,
        ),
        (
            &format!(r"sample rate {gt} {num} (?:MSPS|Mega ?Samples)"),
            "sample_rate_msps",
            ">",
            1.0,
        ),
        (
            &format!(r"clock frequency {gt} {num} MHz"),
            "clock_mhz",
            ">",
            1.0,
        ),
        (
            &format!(r"total processing performance of {num} {ge}"),
            "tpp",
            ">=",
            1.0,
        ),
        (
            &format!(r"total processing performance of {num} or more"),
            "tpp",
            ">=",
            1.0,
        ),
        (
            &format!(r"Adjusted Peak Performance \(APP\) {gt} {num} Weighted TeraFLOPS"),
            "app_wt",
            ">",
            1.0,
        ),
    ];
    for (re, param, op, factor) in rules {
        let re = re_cached(&format!("(?i){re}"));
        for c in re.captures_iter(&t) {
            if let Some(v) = f(&c[1]) {
                push(param, op, v * factor);
            }
        }
    }
    // Total dose: `5 × 10^3 Gy (Si)`.
    let dose = re_cached(r"(?i)total dose of ([0-9.]+) × 10\^([0-9]+) Gy");
    for c in dose.captures_iter(&t) {
        if let (Some(m), Ok(e)) = (f(&c[1]), c[2].parse::<i32>()) {
            push("total_dose_gy", ">=", m * 10f64.powi(e));
        }
    }
    // `resolution_bits < n` is only safe beside a `>=` bound (a bit range).
    if out
        .iter()
        .any(|x| x.param == "resolution_bits" && x.op == "<")
        && !out
            .iter()
            .any(|x| x.param == "resolution_bits" && x.op == ">=")
    {
        out.retain(|x| x.param != "resolution_bits");
    }
    // Alternatives (`A or B`) between different parameters cannot be written as `all`.
    let params: BTreeSet<&str> = out.iter().map(|x| x.param.as_str()).collect();
    let plain = re_cached(r"\bor (?:more|less|higher|lower|greater|equal|above|below)\b")
        .replace_all(&t, "");
    if params.len() > 1 && re_cached(r"\bor\b").is_match(&plain) {
        return Vec::new();
    }
    out
}

/// A short label derived from regulation text: the leading noun phrase, at most
/// `max` words, quotes removed. Used only until a curator writes a title.
pub fn derived_label(text: &str, max: usize) -> String {
    let t = text.replace(['“', '”', '"', '\''], "");
    let t = t.trim();
    let t = t
        .strip_prefix("A ")
        .or_else(|| t.strip_prefix("An "))
        .or_else(|| t.strip_prefix("The "))
        .unwrap_or(t);
    let stop = [
        " as follows",
        " having ",
        " that ",
        " which ",
        " (",
        ":",
        ";",
        ",",
        ". ",
        " specially designed",
        " × ",
    ];
    let mut end = t.len();
    for s in stop {
        if let Some(i) = t.find(s) {
            if i > 3 {
                end = end.min(i);
            }
        }
    }
    // Stop before the first ECCN reference and keep at most `max` words and at most
    // seven alphanumeric runs, so a label never carries a long run of the source.
    let mut words: Vec<&str> = Vec::new();
    let mut runs = 0;
    for w in t[..end].trim_end_matches('.').split_whitespace().take(max) {
        if w.len() >= 5 && w.as_bytes()[0].is_ascii_digit() && w.as_bytes()[1].is_ascii_uppercase()
        {
            break;
        }
        let n = w
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|x| !x.is_empty())
            .count();
        if runs + n > 7 {
            break;
        }
        runs += n;
        words.push(w);
    }
    // A label that ends in a bare number lost its unit: end it before the comparison.
    if words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    {
        words.pop();
        while words.last().is_some_and(|w| {
            matches!(
                *w,
                "greater"
                    | "less"
                    | "more"
                    | "exceeding"
                    | "than"
                    | "equal"
                    | "of"
                    | "to"
                    | "or"
                    | "above"
                    | "below"
                    | "at"
                    | "least"
                    | "not"
                    | "up"
            )
        }) {
            words.pop();
        }
    }
    while words.last().is_some_and(|w| {
        matches!(
            *w,
            "by" | "of" | "in" | "and" | "or" | "the" | "to" | "for" | "with" | "than"
        )
    }) {
        words.pop();
    }
    let mut s = words.join(" ");
    if s.is_empty() {
        s = "Untitled paragraph".into();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

/// The note that marks a title still to be written by a curator.
pub const TITLE_TO_CURATE: &str = "title to curate";

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangeSummary {
    /// New ECCNs.
    pub added: Vec<String>,
    /// ECCNs no longer in the XML.
    pub removed: Vec<String>,
    /// Changed ECCNs with one line per change.
    pub changed: BTreeMap<String, Vec<String>>,
    /// Inconsistencies in the source that the import resolved (see [`ParsedEccn::warnings`]).
    pub warnings: Vec<String>,
}

impl ChangeSummary {
    /// True when the import changes nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// A readable summary.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for w in &self.warnings {
            let _ = writeln!(s, "warning: {w}");
        }
        if self.is_empty() {
            s.push_str("no changes: data/ccl already matches the eCFR file\n");
            return s;
        }
        let _ = writeln!(
            s,
            "{} added, {} removed, {} changed ECCNs",
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        );
        for a in &self.added {
            let _ = writeln!(s, "  + {a} (new: title to curate)");
        }
        for r in &self.removed {
            let _ = writeln!(s, "  - {r} (no longer in the CCL)");
        }
        for (id, lines) in &self.changed {
            let _ = writeln!(s, "  ~ {id}");
            for l in lines {
                let _ = writeln!(s, "      {l}");
            }
        }
        s
    }
}

fn fmt_control(c: &RawControl) -> String {
    let mut s = c.reason.clone();
    if let Some(col) = &c.column {
        let _ = write!(s, " {col}");
    }
    if !c.destinations.is_empty() {
        let _ = write!(s, " to {}", c.destinations.join("/"));
    }
    if !c.paragraphs.is_empty() {
        let _ = write!(s, " for {}", c.paragraphs.join(","));
    }
    if !c.except.is_empty() {
        let _ = write!(s, " except {}", c.except.join(","));
    }
    s
}

fn fmt_exception(x: &RawEntryException) -> String {
    let mut s = format!("{} {}", x.code, x.status);
    if let Some(v) = x.value_usd {
        let _ = write!(s, " ${v}");
    }
    if !x.paragraphs.is_empty() {
        let _ = write!(s, " for {}", x.paragraphs.join(","));
    }
    if !x.excluded.is_empty() {
        let _ = write!(s, " excluding {}", x.excluded.join(","));
    }
    s
}

fn fmt_th(t: &[RawThreshold]) -> String {
    if t.is_empty() {
        return "none".into();
    }
    t.iter()
        .map(|x| format!("{} {} {}", x.param, x.op, x.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn control_eq(a: &[RawControl], b: &[RawControl]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.reason == y.reason
                && x.column == y.column
                && x.paragraphs == y.paragraphs
                && x.except == y.except
                && x.destinations == y.destinations
                && x.except_destinations == y.except_destinations
                && x.see == y.see
                && x.qualified == y.qualified
        })
}

fn exc_eq(a: &[RawEntryException], b: &[RawEntryException]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.code == y.code
                && x.status == y.status
                && x.value_usd == y.value_usd
                && x.paragraphs == y.paragraphs
                && x.excluded == y.excluded
        })
}

/// Default title of a CCL category file created by an import.
fn category_title(n: u8) -> String {
    format!("CCL Category {n}")
}

/// Merges parsed ECCNs into the existing category files, keeping curated fields
/// (titles, terms, patterns, exclude, notes, hand-written thresholds) of entries that
/// survive. Returns the new files by category and the change summary.
pub fn merge(
    existing: &BTreeMap<u8, RawCclFile>,
    parsed: &[ParsedEccn],
    as_of: &str,
) -> (BTreeMap<u8, RawCclFile>, ChangeSummary) {
    let mut old: BTreeMap<String, RawEccn> = BTreeMap::new();
    for f in existing.values() {
        for e in &f.eccn {
            old.insert(e.id.clone(), e.clone());
        }
    }
    let mut summary = ChangeSummary::default();
    let mut files: BTreeMap<u8, RawCclFile> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for p in parsed {
        let cat = p.id.as_bytes()[0] - b'0';
        seen.insert(p.id.clone());
        summary.warnings.extend(p.warnings.iter().cloned());
        let file = files
            .entry(cat)
            .or_insert_with(|| match existing.get(&cat) {
                Some(f) => RawCclFile {
                    eccn: Vec::new(),
                    as_of: as_of.to_string(),
                    ..f.clone()
                },
                None => RawCclFile {
                    schema: 1,
                    category: cat,
                    title: category_title(cat),
                    citation: format!("15 CFR 774, Supp. 1, Category {cat}"),
                    as_of: as_of.to_string(),
                    eccn: Vec::new(),
                },
            });
        let prev = old.get(&p.id);
        let mut changes = Vec::new();
        let items: Vec<RawCclItem> = p
            .items
            .iter()
            .map(|it| {
                let prev_item = prev.and_then(|e| e.item.iter().find(|x| x.id == it.id));
                match prev_item {
                    Some(pi) => {
                        let mut n = pi.clone();
                        n.reserved = it.reserved;
                        if pi.reserved != it.reserved {
                            changes.push(format!(
                                "paragraph {}: {}",
                                it.id,
                                if it.reserved {
                                    "now reserved"
                                } else {
                                    "no longer reserved"
                                }
                            ));
                        }
                        if !pi.thresholds_curated && pi.matching.thresholds != it.thresholds {
                            changes.push(format!(
                                "paragraph {}: thresholds {} -> {}",
                                it.id,
                                fmt_th(&pi.matching.thresholds),
                                fmt_th(&it.thresholds)
                            ));
                            n.matching.thresholds = it.thresholds.clone();
                        }
                        n
                    }
                    None => {
                        if prev.is_some() {
                            changes.push(format!("paragraph {} added", it.id));
                        }
                        RawCclItem {
                            id: it.id.clone(),
                            title: if it.reserved {
                                "Reserved".into()
                            } else {
                                derived_label(&it.text, 8)
                            },
                            reserved: it.reserved,
                            thresholds_curated: false,
                            note: None,
                            matching: RawMatch {
                                thresholds: it.thresholds.clone(),
                                ..RawMatch::default()
                            },
                        }
                    }
                }
            })
            .collect();
        let entry = match prev {
            Some(pe) => {
                for pi in &pe.item {
                    if !p.items.iter().any(|i| i.id == pi.id) {
                        changes.push(format!("paragraph {} removed", pi.id));
                    }
                }
                if pe.reasons != p.reasons {
                    changes.push(format!(
                        "reasons [{}] -> [{}]",
                        pe.reasons.join(", "),
                        p.reasons.join(", ")
                    ));
                }
                if !control_eq(&pe.control, &p.control) {
                    changes.push(format!(
                        "control rows [{}] -> [{}]",
                        pe.control
                            .iter()
                            .map(fmt_control)
                            .collect::<Vec<_>>()
                            .join("; "),
                        p.control
                            .iter()
                            .map(fmt_control)
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                }
                if !exc_eq(&pe.exception, &p.exception) {
                    changes.push(format!(
                        "license exceptions [{}] -> [{}]",
                        pe.exception
                            .iter()
                            .map(fmt_exception)
                            .collect::<Vec<_>>()
                            .join("; "),
                        p.exception
                            .iter()
                            .map(fmt_exception)
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                }
                if pe.itar_pointer != p.itar_pointer {
                    changes.push(format!(
                        "ITAR pointer {} -> {}",
                        pe.itar_pointer, p.itar_pointer
                    ));
                }
                if pe.reserved != p.reserved {
                    changes.push(format!("reserved {} -> {}", pe.reserved, p.reserved));
                }
                RawEccn {
                    reasons: p.reasons.clone(),
                    control: p.control.clone(),
                    exception: p.exception.clone(),
                    itar_pointer: p.itar_pointer,
                    reserved: p.reserved,
                    item: items,
                    ..pe.clone()
                }
            }
            None => {
                summary.added.push(p.id.clone());
                RawEccn {
                    id: p.id.clone(),
                    title: derived_label(&p.heading, 8),
                    reasons: p.reasons.clone(),
                    control: p.control.clone(),
                    exception: p.exception.clone(),
                    itar_pointer: p.itar_pointer,
                    reserved: p.reserved,
                    citation: None,
                    note: Some(TITLE_TO_CURATE.into()),
                    item: items,
                    matching: RawMatch::default(),
                }
            }
        };
        if !changes.is_empty() {
            summary.changed.insert(p.id.clone(), changes);
        }
        file.eccn.push(entry);
    }
    for id in old.keys() {
        if !seen.contains(id) {
            summary.removed.push(id.clone());
        }
    }
    // Keep a category file that lost every entry, so the layout stays stable.
    for (cat, f) in existing {
        files.entry(*cat).or_insert_with(|| RawCclFile {
            eccn: Vec::new(),
            ..f.clone()
        });
    }
    (files, summary)
}

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(v: &[String]) -> String {
    format!(
        "[{}]",
        v.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
    )
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

fn write_match(s: &mut String, m: &RawMatch) {
    if !m.terms.is_empty() {
        let _ = writeln!(s, "terms = {}", list(&m.terms));
    }
    if !m.patterns.is_empty() {
        let _ = writeln!(s, "patterns = {}", list(&m.patterns));
    }
    if !m.exclude.is_empty() {
        let _ = writeln!(s, "exclude = {}", list(&m.exclude));
    }
    if !m.thresholds.is_empty() {
        let items: Vec<String> = m
            .thresholds
            .iter()
            .map(|t| {
                format!(
                    "{{ param = {}, op = {}, value = {} }}",
                    q(&t.param),
                    q(&t.op),
                    num(t.value)
                )
            })
            .collect();
        let _ = writeln!(s, "thresholds = [{}]", items.join(", "));
    }
    if let Some(mode) = &m.threshold_mode {
        let _ = writeln!(s, "threshold_mode = {}", q(mode));
    }
}

/// Writes a CCL category file in the canonical layout (stable, diff-friendly).
pub fn render_file(f: &RawCclFile) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# CCL Category {} (15 CFR 774, Supp. 1). Facts from the eCFR; titles and terms in our own words.\n# Format: docs/DATA.md. Update with `exportctl data import --ecfr FILE.xml`.",
        f.category
    );
    let _ = writeln!(s, "schema = {}", f.schema);
    let _ = writeln!(s, "category = {}", f.category);
    let _ = writeln!(s, "title = {}", q(&f.title));
    let _ = writeln!(s, "citation = {}", q(&f.citation));
    let _ = writeln!(s, "as_of = {}", q(&f.as_of));
    for e in &f.eccn {
        let _ = writeln!(s, "\n[[eccn]]");
        let _ = writeln!(s, "id = {}", q(&e.id));
        let _ = writeln!(s, "title = {}", q(&e.title));
        if !e.reasons.is_empty() {
            let _ = writeln!(s, "reasons = {}", list(&e.reasons));
        }
        if e.itar_pointer {
            let _ = writeln!(s, "itar_pointer = true");
        }
        if e.reserved {
            let _ = writeln!(s, "reserved = true");
        }
        if let Some(c) = &e.citation {
            let _ = writeln!(s, "citation = {}", q(c));
        }
        if let Some(n) = &e.note {
            let _ = writeln!(s, "note = {}", q(n));
        }
        write_match(&mut s, &e.matching);
        if !e.control.is_empty() {
            let _ = writeln!(s, "control = [");
            for c in &e.control {
                let mut parts = vec![format!("reason = {}", q(&c.reason))];
                if let Some(col) = &c.column {
                    parts.push(format!("column = {}", q(col)));
                }
                if !c.paragraphs.is_empty() {
                    parts.push(format!("paragraphs = {}", list(&c.paragraphs)));
                }
                if !c.except.is_empty() {
                    parts.push(format!("except = {}", list(&c.except)));
                }
                if !c.destinations.is_empty() {
                    parts.push(format!("destinations = {}", list(&c.destinations)));
                }
                if !c.except_destinations.is_empty() {
                    parts.push(format!(
                        "except_destinations = {}",
                        list(&c.except_destinations)
                    ));
                }
                if let Some(see) = &c.see {
                    parts.push(format!("see = {}", q(see)));
                }
                if c.qualified {
                    parts.push("qualified = true".into());
                }
                let _ = writeln!(s, "  {{ {} }},", parts.join(", "));
            }
            let _ = writeln!(s, "]");
        }
        if !e.exception.is_empty() {
            let _ = writeln!(s, "exception = [");
            for x in &e.exception {
                let mut parts = vec![
                    format!("code = {}", q(&x.code)),
                    format!("status = {}", q(&x.status)),
                ];
                if let Some(v) = x.value_usd {
                    parts.push(format!("value_usd = {v}"));
                }
                if !x.paragraphs.is_empty() {
                    parts.push(format!("paragraphs = {}", list(&x.paragraphs)));
                }
                if !x.excluded.is_empty() {
                    parts.push(format!("excluded = {}", list(&x.excluded)));
                }
                if let Some(n) = &x.note {
                    parts.push(format!("note = {}", q(n)));
                }
                let _ = writeln!(s, "  {{ {} }},", parts.join(", "));
            }
            let _ = writeln!(s, "]");
        }
        for it in &e.item {
            let _ = writeln!(s, "\n[[eccn.item]]");
            let _ = writeln!(s, "id = {}", q(&it.id));
            let _ = writeln!(s, "title = {}", q(&it.title));
            if it.reserved {
                let _ = writeln!(s, "reserved = true");
            }
            if it.thresholds_curated {
                let _ = writeln!(s, "thresholds_curated = true");
            }
            if let Some(n) = &it.note {
                let _ = writeln!(s, "note = {}", q(n));
            }
            write_match(&mut s, &it.matching);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_adc_bit_range_15_cfr_774_3a001_a_5_a() {
        let t = extract_thresholds(
            "resolution of 8 bit or more, less than 10 bit, “sample rate” greater than 1.3 GSPS;",
        );
        assert_eq!(
            fmt_th(&t),
            "resolution_bits >= 8, resolution_bits < 10, sample_rate_msps > 1300"
        );
    }

    #[test]
    fn thresholds_alternatives_are_skipped() {
        assert!(extract_thresholds("power exceeding 5 W or frequency exceeding 3 GHz").is_empty());
    }

    #[test]
    fn refs_expand_short_forms() {
        assert_eq!(
            refs("3A001", "3A001.z.1.a, z.2.a, .d and 3B001.c"),
            vec!["3A001.z.1.a", "3A001.z.2.a", "3A001.d", "3B001.c"]
        );
    }

    #[test]
    fn control_row_columns_and_scopes() {
        let r = parse_control_row(
            "0A501",
            "NS applies to entire entry except 0A501.y",
            "NS Column 1.",
        )
        .unwrap();
        assert_eq!(
            (r.column.as_deref(), r.except.clone(), r.qualified),
            (Some("NS1"), vec!["0A501.y".to_string()], false)
        );
        let r = parse_control_row(
            "3A090",
            "RS applies to 3A090.b",
            "Groups D:1, D:4, D:5, excluding A:6 and A:5; § 742.6(a)(6)(iii)(B).",
        )
        .unwrap();
        assert_eq!(r.destinations, vec!["D:1", "D:4", "D:5"]);
        assert_eq!(r.except_destinations, vec!["A:6", "A:5"]);
        assert_eq!(r.see.as_deref(), Some("15 CFR 742.6(a)(6)(iii)(B)"));
    }

    #[test]
    fn derived_label_is_short() {
        assert_eq!(
            derived_label("Widget boards, as follows:", 6),
            "Widget boards"
        );
        assert_eq!(
            derived_label("Parts made of materials specified by 1C010.d.1.a", 8),
            "Parts made of materials specified"
        );
    }
}
