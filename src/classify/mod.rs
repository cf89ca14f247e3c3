//! Classification: order of review, declared-code checks, matching, releases and
//! explanations. Turns every BOM line into a [`Ruling`].
//!
//! What it decides: for each line, ITAR (a USML paragraph), EAR (an ECCN or EAR99) or
//! REVIEW, following the order of review (22 CFR 120.11; 15 CFR 774, Supp. 4):
//! enumerated USML paragraphs, USML catch-alls, the 600 series and 9x515, the rest of
//! the CCL, then EAR99. It fails closed: no evidence, weak evidence, ambiguous
//! evidence or a missing parameter is REVIEW, never EAR99. EAR99 comes only from a
//! declaration that survives the checks or from a "specially designed" release.
//!
//! What it does not do: see-through / taint over the tree, de minimis, licensing.
//! It does no I/O. The catalog is compiled once ([`Classifier::new`]) and shared by
//! all threads; output is in input order whatever the thread count.

pub mod matcher;
pub mod params;
pub mod release;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;

use crate::data::raw::RawThreshold;
use crate::data::Catalog;
use crate::model::{
    Basis, Bom, Candidate, Citation, ClassCode, Item, Jurisdiction, Kind, ParamValue, Ruling,
};
use matcher::{kind_bit, Matcher, Target, Tier, ORDER_CCL, ORDER_USML};
use params::ProseParam;
use release::Release;

/// Version of the JSON contract of `exportctl classify` (`docs/CLASSIFICATION.md`).
pub const SCHEMA: &str = "exportctl.classify/1";

/// Raw evidence needed before a candidate can decide a line.
pub const STRONG: f64 = 0.65;
/// A runner-up in the same tier scoring at least this fraction of the top candidate
/// makes the line ambiguous.
pub const AMBIGUOUS_RATIO: f64 = 0.85;

/// Evidence added to an entry when an earlier entry matched the same terms but its
/// thresholds were not met (the item "moves to the next entry").
pub const FAILED_EARLIER_BONUS: f64 = 0.3;

const ORDER_TEXT: &str = "order of review: USML enumerated, USML catch-all, 600 series and 9x515, rest of the CCL, EAR99 (22 CFR 120.11; 15 CFR 774, Supp. 4)";

const MOVED_ON: &str = "recognised by an earlier entry whose thresholds it does not meet";

/// EAR99 citation (items subject to the EAR and not on the CCL).
pub const EAR99_CITATION: &str = "15 CFR 734.3(c)";

/// Finding codes this stage raises, with one-line descriptions.
pub const FINDINGS: &[(&str, &str)] = &[
    ("unclassified", "no evidence for any entry; a person must classify the line"),
    ("weak-evidence", "only weak matches; a person must confirm"),
    ("ambiguous-match", "two or more entries match about equally well"),
    ("missing-parameter", "an entry matches but a parameter its thresholds need is not given"),
    ("unknown-code", "the declared code is not in the control lists at that level"),
    ("heading-only", "the declared code is a heading with sub-paragraphs; the classification is incomplete"),
    ("declared-conflict", "the declaration contradicts strong evidence on the line"),
    ("kind-mismatch", "the declared code does not cover the line's kind (hardware, software, technology, service)"),
];

/// Parameters of a line: the `params` column first, then values read from prose.
pub struct ParamView<'a> {
    column: &'a BTreeMap<String, ParamValue>,
    prose: &'a [ProseParam],
}

impl<'a> ParamView<'a> {
    /// A view over the column values and prose values of one line.
    pub fn new(column: &'a BTreeMap<String, ParamValue>, prose: &'a [ProseParam]) -> Self {
        ParamView { column, prose }
    }

    /// The value of `key` and where it came from (`params` or `description`). Text
    /// flags read `yes`/`true` as 1 and `no`/`false` as 0.
    pub fn get(&self, key: &str) -> Option<(f64, &'static str)> {
        if let Some(v) = self.column.get(key) {
            let n = match v {
                ParamValue::Number(n) => Some(*n),
                ParamValue::Text(t) => match t.to_ascii_lowercase().as_str() {
                    "yes" | "true" | "y" => Some(1.0),
                    "no" | "false" | "n" => Some(0.0),
                    _ => None,
                },
            };
            if let Some(n) = n {
                return Some((n, "params"));
            }
        }
        self.prose
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| (*v, "description"))
    }

    /// A yes/no flag.
    pub fn flag(&self, key: &str) -> Option<bool> {
        self.get(key).map(|(v, _)| v != 0.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Met,
    /// Some needed parameter is not given (see the checks with `value: None`).
    Unknown,
    /// A known parameter fails (see the checks with `ok: false`).
    Failed,
    /// Excluded by this term id.
    Excluded(u32),
}

/// One threshold evaluated against the line; formatted only when a ruling shows it.
#[derive(Debug, Clone, Copy)]
struct Check {
    group: u16,
    index: u16,
    value: Option<(f64, &'static str)>,
    ok: bool,
}

#[derive(Debug, Clone)]
struct Eval {
    target: u32,
    raw: f64,
    hits: Vec<u32>,
    pats: Vec<u32>,
    checks: Vec<Check>,
    moved_on: bool,
    state: State,
    /// Set when the evidence sits only at this heading (an ancestor with
    /// sub-paragraphs): no term, pattern or met lower-bound threshold of the paragraph
    /// itself (or of anything between it and the heading) tells it from its siblings.
    heading: Option<u32>,
    /// All the evidence sits after the first ` for ` of the description: it names
    /// what the part is for, not what it is.
    tail_only: bool,
}

impl Eval {
    fn score(&self) -> f64 {
        1.0 - (-self.raw).exp()
    }
}

/// How the walk through the tiers ended.
enum Outcome {
    /// A candidate decided the line.
    Decided { idx: usize, confidence: f64 },
    /// A strong candidate needs a parameter the line does not give.
    Missing(usize),
    /// Two candidates tie.
    Ambiguous(usize, usize),
    /// Only heading-level evidence (this eval's `heading`): nothing on the line tells
    /// the heading's paragraphs apart, and not all of them fail their thresholds.
    Heading(usize),
    /// Only weak candidates.
    Weak,
    /// Nothing at all.
    Nothing,
}

/// The compiled classifier for one catalog. Build once, classify many lines (from
/// any number of threads).
pub struct Classifier {
    matcher: Matcher,
    as_of: String,
}

/// Per-thread scratch buffers.
#[derive(Default)]
pub struct Scratch {
    terms: Vec<u32>,
    tail: Vec<u32>,
    maker: Vec<u32>,
    pats: Vec<u32>,
}

fn cmp_op(v: f64, t: &RawThreshold) -> bool {
    match t.op.as_str() {
        ">" => v > t.value,
        ">=" => v >= t.value,
        "<" => v < t.value,
        "<=" => v <= t.value,
        _ => (v - t.value).abs() < 1e-9,
    }
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        // Integral and well inside i64: the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let i = v as i64;
        i.to_string()
    } else {
        format!("{v}")
    }
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn push_unique(v: &mut Vec<Citation>, c: &str) {
    if !v.iter().any(|x| x.0 == c) {
        v.push(Citation::new(c));
    }
}

impl Classifier {
    /// Compiles the catalog's terms, patterns and thresholds.
    pub fn new(catalog: &Catalog) -> Classifier {
        Classifier {
            matcher: Matcher::new(catalog),
            as_of: catalog.as_of().to_string(),
        }
    }

    /// The compiled matcher (for tools and tests).
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The data set's as-of date.
    pub fn as_of(&self) -> &str {
        &self.as_of
    }

    /// Classifies lines in parallel; rulings come back in input order.
    pub fn classify_items(&self, items: &[Item]) -> Vec<Ruling> {
        items
            .par_iter()
            .with_min_len(256)
            .map_init(Scratch::default, |s, it| self.classify_with(it, s))
            .collect()
    }

    /// Classifies one line.
    pub fn classify(&self, item: &Item) -> Ruling {
        self.classify_with(item, &mut Scratch::default())
    }

    fn target(&self, i: u32) -> &Target {
        &self.matcher.targets[i as usize]
    }

    fn evaluate(&self, item: &Item, pv: &ParamView<'_>, s: &mut Scratch) -> Vec<Eval> {
        let m = &self.matcher;
        m.find_terms(item, &mut s.terms, &mut s.tail, &mut s.maker);
        m.find_patterns(item, &mut s.pats);
        if s.terms.is_empty() && s.pats.is_empty() {
            return Vec::new();
        }
        let mut cands: Vec<u32> = Vec::new();
        for &t in &s.terms {
            cands.extend(&m.postings[t as usize]);
        }
        for &p in &s.pats {
            cands.extend(&m.pattern_postings[p as usize]);
        }
        let direct = cands.len();
        for i in 0..direct {
            let d = &m.targets[cands[i] as usize].descendants;
            cands.extend(d);
        }
        cands.sort_unstable();
        cands.dedup();
        let kb = kind_bit(item.kind);
        let mut out = Vec::with_capacity(cands.len());
        for ti in cands {
            let t = self.target(ti);
            if t.reserved || t.kinds & kb == 0 {
                continue;
            }
            let hits: Vec<u32> = t
                .terms
                .iter()
                .copied()
                .filter(|x| s.terms.binary_search(x).is_ok())
                .collect();
            let pats: Vec<u32> = t
                .patterns
                .iter()
                .copied()
                .filter(|x| s.pats.binary_search(x).is_ok())
                .collect();
            if hits.is_empty() && pats.is_empty() {
                continue;
            }
            let discount = !t.tier.is_catch_all() && item.kind == Kind::Hardware;
            let mut raw: f64 = hits
                .iter()
                .map(|&h| {
                    let w = m.weights[h as usize];
                    if (discount && s.tail.binary_search(&h).is_ok())
                        || s.maker.binary_search(&h).is_ok()
                    {
                        w * matcher::FOR_TAIL_FACTOR
                    } else {
                        w
                    }
                })
                .sum();
            #[allow(clippy::cast_precision_loss)]
            {
                raw += 0.8 * pats.len() as f64;
            }
            let mut checks = Vec::new();
            let mut state = State::Met;
            if let Some(&x) = t.exclude.iter().find(|x| s.terms.binary_search(x).is_ok()) {
                state = State::Excluded(x);
            }
            let mut n_thr = 0usize;
            if state == State::Met {
                let mut missing = false;
                for (gi, g) in t.groups.iter().enumerate() {
                    let mut any_met = false;
                    let mut any_missing = false;
                    let mut any_fail = false;
                    for (k, th) in g.list.iter().enumerate() {
                        n_thr += 1;
                        let value = pv.get(&th.param);
                        let ok = value.is_some_and(|(v, _)| cmp_op(v, th));
                        match value {
                            Some(_) if ok => any_met = true,
                            Some(_) => any_fail = true,
                            None => any_missing = true,
                        }
                        checks.push(Check {
                            group: u16::try_from(gi).unwrap_or(u16::MAX),
                            index: u16::try_from(k).unwrap_or(u16::MAX),
                            value,
                            ok,
                        });
                    }
                    let failed = if g.any {
                        !any_met && !any_missing
                    } else {
                        any_fail
                    };
                    if failed && g.curated {
                        state = State::Failed;
                        break;
                    }
                    if failed {
                        // An imported, unverified threshold is not met: it may be
                        // wrong, so it cannot move the line to a lower entry (fail
                        // closed). The line stays with this entry, undecided.
                        missing = true;
                        continue;
                    }
                    if any_missing && !(g.any && any_met) {
                        missing = true;
                    }
                }
                if state == State::Met && missing {
                    state = State::Unknown;
                }
            }
            if state == State::Met && n_thr > 0 {
                #[allow(clippy::cast_precision_loss)]
                {
                    raw += 0.5 + 0.1 * n_thr.min(5) as f64;
                }
            }
            let heading = if t.has_children {
                None
            } else {
                self.heading_anchor(ti, &hits, &pats, &checks, state)
            };
            let tail_only = pats.is_empty() && hits.iter().all(|h| s.tail.binary_search(h).is_ok());
            out.push(Eval {
                target: ti,
                raw,
                hits,
                pats,
                checks,
                moved_on: false,
                tail_only,
                state,
                heading,
            });
        }
        // A line recognised by an earlier entry whose thresholds it fails "moves to the
        // next entry": later entries sharing a matched term gain evidence.
        let failed: Vec<(Tier, Vec<u32>)> = out
            .iter()
            .filter(|e| e.state == State::Failed)
            .map(|e| (self.target(e.target).tier, e.hits.clone()))
            .collect();
        if !failed.is_empty() {
            for e in &mut out {
                let tier = self.target(e.target).tier;
                if matches!(e.state, State::Met)
                    && failed
                        .iter()
                        .any(|(ft, fh)| *ft <= tier && fh.iter().any(|h| e.hits.contains(h)))
                {
                    e.raw += FAILED_EARLIER_BONUS;
                    e.moved_on = true;
                }
            }
        }
        out
    }

    /// The heading at which a leaf's evidence sits, when only heading-level evidence
    /// matched: the deepest ancestor-or-self owning a matched term or pattern is an
    /// ancestor, and no threshold owned below that heading is met with a lower bound
    /// (`>`, `>=`, `=`). `None` when the paragraph has evidence of its own. A
    /// parameter missing below the heading leaves the evidence at heading level.
    fn heading_anchor(
        &self,
        ti: u32,
        hits: &[u32],
        pats: &[u32],
        checks: &[Check],
        state: State,
    ) -> Option<u32> {
        let m = &self.matcher;
        let mut chain: Vec<u32> = vec![ti];
        let mut cur = self.target(ti).parent;
        while let Some(p) = cur {
            chain.push(p);
            cur = self.target(p).parent;
        }
        let pos = chain.iter().position(|&c| {
            hits.iter().any(|&h| m.owns_term(c, h)) || pats.iter().any(|&p| m.owns_pattern(c, p))
        })?;
        if pos == 0 {
            return None;
        }
        let anchor = chain[pos];
        let below = &chain[..pos];
        let t = self.target(ti);
        let owned_below = |gi: u16| {
            t.groups
                .get(usize::from(gi))
                .is_some_and(|g| below.contains(&g.owner_idx))
        };
        // A missing parameter does not tell siblings apart either: the heading is
        // reported, naming the parameters its paragraphs need.
        match state {
            State::Met
                if checks.iter().any(|c| {
                    c.ok && owned_below(c.group) && {
                        let th = &t.groups[usize::from(c.group)].list[usize::from(c.index)];
                        matches!(th.op.as_str(), ">" | ">=" | "=" | "==")
                    }
                }) =>
            {
                None
            }
            _ => Some(anchor),
        }
    }

    /// Walks the tiers. `skip_catch_all` applies a release: catch-all tiers are passed.
    fn walk(&self, evals: &[Eval], skip_catch_all: bool) -> Outcome {
        let mut any_weak = false;
        let mut weak_unknown: Option<usize> = None;
        for tier in Tier::ALL {
            let mut best_met: Option<usize> = None;
            let mut best_unknown: Option<usize> = None;
            let mut best_heading: Option<usize> = None;
            for (i, e) in evals.iter().enumerate() {
                let t = self.target(e.target);
                if t.tier != tier || t.has_children {
                    continue;
                }
                if !matches!(e.state, State::Met | State::Unknown) {
                    continue;
                }
                if e.raw < STRONG {
                    if !(skip_catch_all && (tier.is_catch_all() || e.tail_only)) {
                        any_weak = true;
                        if e.state == State::Unknown && weak_unknown.is_none() {
                            weak_unknown = Some(i);
                        }
                    }
                    continue;
                }
                if skip_catch_all && tier.is_catch_all() {
                    continue;
                }
                let slot = if e.heading.is_some() {
                    &mut best_heading
                } else if e.state == State::Met {
                    &mut best_met
                } else {
                    &mut best_unknown
                };
                if slot.is_none_or_lower(evals, e.raw) {
                    *slot = Some(i);
                }
            }
            if let Some(u) = best_unknown {
                if best_met.map_or(true, |m| evals[u].raw >= evals[m].raw) {
                    return Outcome::Missing(u);
                }
            }
            if let Some(top) = best_met {
                // Runner-up: best other strong, viable, final candidate in this tier.
                let top_code = &self.target(evals[top].target).code;
                let mut second: Option<usize> = None;
                for (i, e) in evals.iter().enumerate() {
                    let t = self.target(e.target);
                    if i == top
                        || t.tier != tier
                        || t.has_children
                        || e.raw < STRONG
                        || e.heading.is_some()
                        || !matches!(e.state, State::Met | State::Unknown)
                        || &t.code == top_code
                    {
                        continue;
                    }
                    if second.is_none_or_lower(evals, e.raw) {
                        second = Some(i);
                    }
                }
                if let Some(s) = second {
                    if evals[s].raw >= AMBIGUOUS_RATIO * evals[top].raw {
                        return Outcome::Ambiguous(top, s);
                    }
                }
                // Heading-level evidence for another entry of the same tier, about as
                // strong, is a rival too (`prepreg` names 1C010.e and 9C110).
                if let Some(h) = best_heading {
                    let anchor = evals[h].heading.expect("heading eval");
                    let under = self.target(anchor).descendants.contains(&evals[top].target);
                    if !under && evals[h].raw >= AMBIGUOUS_RATIO * evals[top].raw {
                        return Outcome::Ambiguous(top, h);
                    }
                }
                let st = evals[top].score();
                let ss = second.map_or(0.0, |s| evals[s].score());
                let confidence = (st * (1.0 - 0.5 * ss / st)).clamp(0.0, 1.0);
                return Outcome::Decided {
                    idx: top,
                    confidence,
                };
            }
            if let Some(h) = best_heading {
                return Outcome::Heading(h);
            }
        }
        if let Some(u) = weak_unknown {
            Outcome::Missing(u)
        } else if any_weak {
            Outcome::Weak
        } else {
            Outcome::Nothing
        }
    }

    fn candidate(&self, e: &Eval) -> Candidate {
        let t = self.target(e.target);
        let mut evidence: Vec<String> = Vec::with_capacity(3 + e.checks.len());
        if !e.hits.is_empty() {
            let mut terms = String::from("terms");
            for (i, &h) in e.hits.iter().enumerate() {
                terms.push_str(if i == 0 { " `" } else { ", `" });
                terms.push_str(&self.matcher.terms[h as usize]);
                terms.push('`');
            }
            evidence.push(terms);
        }
        evidence.extend(
            e.pats
                .iter()
                .map(|&p| format!("pattern `{}`", self.matcher.patterns[p as usize])),
        );
        evidence.extend(e.checks.iter().map(|c| self.check_text(t, c)));
        let mut state = String::from(match e.state {
            State::Met => "thresholds met or none",
            State::Unknown => "parameters not given or unverified thresholds not met",
            State::Failed => "threshold not met",
            State::Excluded(_) => "excluded",
        });
        if let State::Excluded(x) = e.state {
            state = self.excluded_text(x);
        }
        if e.moved_on {
            state.push_str("; ");
            state.push_str(MOVED_ON);
        }
        state.push_str("; order of review: ");
        state.push_str(t.tier.name());
        evidence.push(state);
        Candidate {
            code: t.code.clone(),
            score: round3(e.score()),
            evidence,
        }
    }

    /// Candidates for the ruling: decisive/viable ones first by tier then score, at most `n`.
    fn candidates(&self, evals: &[Eval], n: usize) -> Vec<Candidate> {
        self.candidates_except(evals, n, None)
    }

    /// Candidates other than `chosen` (the runners-up of a decided line).
    fn candidates_except(&self, evals: &[Eval], n: usize, chosen: Option<u32>) -> Vec<Candidate> {
        if evals.is_empty() {
            return Vec::new();
        }
        let mut idx: Vec<usize> = (0..evals.len())
            .filter(|&i| {
                !self.target(evals[i].target).has_children && Some(evals[i].target) != chosen
            })
            .collect();
        idx.sort_by(|&a, &b| {
            let (ea, eb) = (&evals[a], &evals[b]);
            let viable = |e: &Eval| !matches!(e.state, State::Met | State::Unknown);
            viable(ea)
                .cmp(&viable(eb))
                .then(
                    self.target(ea.target)
                        .tier
                        .cmp(&self.target(eb.target).tier),
                )
                .then(eb.raw.total_cmp(&ea.raw))
                .then(ea.target.cmp(&eb.target))
        });
        idx.into_iter()
            .take(n)
            .map(|i| self.candidate(&evals[i]))
            .collect()
    }

    fn check_text(&self, t: &Target, c: &Check) -> String {
        let g = &t.groups[usize::from(c.group)];
        let th = &g.list[usize::from(c.index)];
        match c.value {
            Some((v, src)) => format!(
                "{} {} {} {} ({src}, {}): {}",
                th.param,
                fmt_num(v),
                th.op,
                fmt_num(th.value),
                g.owner,
                if c.ok {
                    "met"
                } else if g.curated {
                    "not met"
                } else {
                    "not met, but an imported threshold not yet verified: not relied on"
                }
            ),
            None => format!(
                "{} {} {} ({}): not given",
                th.param,
                th.op,
                fmt_num(th.value),
                g.owner
            ),
        }
    }

    fn excluded_text(&self, term: u32) -> String {
        format!("excluded by term `{}`", self.matcher.terms[term as usize])
    }

    fn failed_text(&self, e: &Eval) -> String {
        let t = self.target(e.target);
        e.checks
            .iter()
            .filter(|c| c.value.is_some() && !c.ok)
            .map(|c| self.check_text(t, c))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn describe_eval(&self, e: &Eval) -> String {
        let t = self.target(e.target);
        let mut s = format!("{} `{}` [{}]", t.code, t.title, t.tier.name());
        if !e.hits.is_empty() {
            s.push_str(": terms ");
            let terms: Vec<String> = e
                .hits
                .iter()
                .map(|&h| format!("`{}`", self.matcher.terms[h as usize]))
                .collect();
            s.push_str(&terms.join(", "));
        }
        if !e.pats.is_empty() {
            let _ = write!(s, "; {} pattern(s)", e.pats.len());
        }
        for c in &e.checks {
            let _ = write!(s, "; {}", self.check_text(t, c));
        }
        if e.moved_on {
            let _ = write!(s, "; {MOVED_ON}");
        }
        match e.state {
            State::Met => {
                let _ = write!(s, "; score {}", round3(e.score()));
            }
            State::Unknown => {
                s.push_str(
                    "; cannot decide on the thresholds: a parameter is not given or an unverified imported threshold is not met",
                );
            }
            State::Failed => s.push_str("; threshold not met, moves to the next entry in order"),
            State::Excluded(x) => {
                let _ = write!(s, "; {}", self.excluded_text(x));
            }
        }
        s
    }

    fn explain_evals(&self, evals: &[Eval], out: &mut Vec<String>) {
        for tier in Tier::ALL {
            let mut in_tier: Vec<&Eval> = evals
                .iter()
                .filter(|e| {
                    let t = self.target(e.target);
                    t.tier == tier && !t.has_children
                })
                .collect();
            if in_tier.is_empty() {
                continue;
            }
            in_tier.sort_by(|a, b| b.raw.total_cmp(&a.raw).then(a.target.cmp(&b.target)));
            for e in in_tier.into_iter().take(4) {
                out.push(format!("{}: {}", tier.name(), self.describe_eval(e)));
            }
        }
    }

    fn classify_with(&self, item: &Item, s: &mut Scratch) -> Ruling {
        let lower = item.description.to_lowercase();
        let prose = params::extract_lower(&lower);
        let pv = ParamView::new(&item.params, &prose);
        let evals = self.evaluate(item, &pv, s);
        let release = release::release_for_lower(&lower, &pv);
        let mut explanation = Vec::with_capacity(8);
        explanation.push(ORDER_TEXT.to_string());
        if item.kind != Kind::Hardware {
            explanation.push(format!("kind: {}", item.kind));
        }
        if !item.params.is_empty() || !prose.is_empty() {
            let mut line = String::with_capacity(96);
            line.push_str("parameters:");
            let mut sep = " ";
            for (k, v) in &item.params {
                let _ = write!(line, "{sep}{k}={v} (params)");
                sep = ", ";
            }
            for (k, v) in &prose {
                if !item.params.contains_key(*k) {
                    let _ = write!(line, "{sep}{k}={} (description)", fmt_num(*v));
                    sep = ", ";
                }
            }
            explanation.push(line);
        }
        match (&item.declared_usml, &item.declared_eccn) {
            (Some(u), Some(e)) => {
                explanation.push(format!(
                    "declared: USML `{u}` and ECCN `{e}`; a line is subject to one regime only"
                ));
                self.explain_evals(&evals, &mut explanation);
                let mut r = self.review(item, explanation, &evals, "declared-conflict");
                r.candidates
                    .insert(0, declared_candidate(u, "declared in the usml column"));
                r.candidates
                    .insert(1, declared_candidate(e, "declared in the eccn column"));
                r
            }
            (Some(code), None) | (None, Some(code)) => {
                self.declared(item, code, evals, release, explanation)
            }
            (None, None) => {
                explanation.push("declared: none".to_string());
                self.matched(item, &evals, release, explanation)
            }
        }
    }

    fn review(
        &self,
        item: &Item,
        mut explanation: Vec<String>,
        evals: &[Eval],
        finding: &str,
    ) -> Ruling {
        explanation.push(format!("result: REVIEW ({finding})"));
        Ruling {
            id: item.id.clone(),
            jurisdiction: Jurisdiction::Review,
            classification: None,
            basis: Basis::None,
            confidence: 0.0,
            citations: vec![Citation::new(ORDER_USML), Citation::new(ORDER_CCL)],
            explanation,
            candidates: self.candidates(evals, 5),
            findings: vec![finding.to_string()],
        }
    }

    fn ruling_for_target(
        &self,
        item: &Item,
        ti: u32,
        basis: Basis,
        confidence: f64,
        explanation: Vec<String>,
        evals: &[Eval],
    ) -> Ruling {
        let t = self.target(ti);
        let mut r = Ruling::classified(&item.id, t.code.clone(), basis, Citation::new(&t.citation));
        push_unique(&mut r.citations, ORDER_USML);
        if !t.tier.is_usml() {
            push_unique(&mut r.citations, ORDER_CCL);
        }
        r.confidence = round3(confidence);
        r.explanation = explanation;
        r.candidates = self.candidates_except(evals, 2, Some(ti));
        r
    }

    fn ear99(
        &self,
        item: &Item,
        basis: Basis,
        release: Option<Release>,
        confidence: f64,
        explanation: Vec<String>,
        evals: &[Eval],
    ) -> Ruling {
        let mut r = Ruling::classified(
            &item.id,
            ClassCode::Ear99,
            basis,
            Citation::new(EAR99_CITATION),
        );
        if let Some(rel) = release {
            for c in rel.citations() {
                push_unique(&mut r.citations, c);
            }
        }
        push_unique(&mut r.citations, ORDER_USML);
        push_unique(&mut r.citations, ORDER_CCL);
        r.confidence = round3(confidence);
        r.explanation = explanation;
        r.candidates = self.candidates(evals, 3);
        r
    }

    /// No declaration: match, walk the tiers, apply a release to catch-alls.
    fn matched(
        &self,
        item: &Item,
        evals: &[Eval],
        release: Option<Release>,
        mut explanation: Vec<String>,
    ) -> Ruling {
        self.explain_evals(evals, &mut explanation);
        let plain = self.walk(evals, false);
        if let Some(rel) = release {
            let decided_catch_all = match &plain {
                Outcome::Decided { idx, .. } | Outcome::Missing(idx) => {
                    self.target(evals[*idx].target).tier.is_catch_all()
                }
                Outcome::Ambiguous(a, b) => {
                    self.target(evals[*a].target).tier.is_catch_all()
                        || self.target(evals[*b].target).tier.is_catch_all()
                }
                Outcome::Heading(idx) => self.target(evals[*idx].target).tier.is_catch_all(),
                Outcome::Weak | Outcome::Nothing => false,
            };
            if decided_catch_all || rel.is_general_hardware() {
                let [itar, ear] = rel.citations();
                explanation.push(format!(
                    "release ({itar}; {ear}): {}; catch-all paragraphs do not apply",
                    rel.describe()
                ));
                let after = self.walk(evals, true);
                return match after {
                    Outcome::Decided { idx, confidence } => self.decided(
                        item,
                        evals,
                        idx,
                        confidence,
                        explanation,
                        "matched after the release",
                    ),
                    Outcome::Missing(_) => {
                        self.review(item, explanation, evals, "missing-parameter")
                    }
                    Outcome::Heading(h) => self.heading_review(item, evals, h, explanation),
                    Outcome::Ambiguous(..) => {
                        self.review(item, explanation, evals, "ambiguous-match")
                    }
                    Outcome::Weak => {
                        // Weak evidence from the item's own words (`rifle` in a
                        // `bolt-action rifle`) is not answered by a parts release.
                        explanation.push(
                            "weak evidence from the item's own words: the release does not settle the line"
                                .to_string(),
                        );
                        self.review(item, explanation, evals, "weak-evidence")
                    }
                    Outcome::Nothing => {
                        if decided_catch_all || rel.is_general_hardware() {
                            explanation.push(format!(
                                "result: EAR99 (released; no enumerated entry describes the line; {EAR99_CITATION})"
                            ));
                            let conf = if rel.is_general_hardware() { 0.8 } else { 0.7 };
                            self.ear99(item, Basis::Released, Some(rel), conf, explanation, evals)
                        } else {
                            self.review(item, explanation, evals, "unclassified")
                        }
                    }
                };
            }
        }
        self.finish(item, evals, plain, explanation)
    }

    /// A matched ruling for `evals[idx]`, with the result step of the decision path.
    fn decided(
        &self,
        item: &Item,
        evals: &[Eval],
        idx: usize,
        confidence: f64,
        mut explanation: Vec<String>,
        how: &str,
    ) -> Ruling {
        let target = evals[idx].target;
        explanation.push(format!(
            "result: {} ({how}, confidence {})",
            self.target(target).code,
            round3(confidence)
        ));
        self.ruling_for_target(item, target, Basis::Matched, confidence, explanation, evals)
    }

    fn finish(
        &self,
        item: &Item,
        evals: &[Eval],
        outcome: Outcome,
        mut explanation: Vec<String>,
    ) -> Ruling {
        match outcome {
            Outcome::Decided { idx, confidence } => self.decided(
                item,
                evals,
                idx,
                confidence,
                explanation,
                "first entry in the order of review that matches",
            ),
            Outcome::Missing(i) => {
                let t = self.target(evals[i].target);
                let e = &evals[i];
                let mut needed: Vec<&str> = e
                    .checks
                    .iter()
                    .filter(|c| c.value.is_none())
                    .map(|c| {
                        t.groups[usize::from(c.group)].list[usize::from(c.index)]
                            .param
                            .as_str()
                    })
                    .collect();
                needed.sort_unstable();
                needed.dedup();
                explanation.push(format!(
                    "{} matches but its thresholds cannot be checked (parameters needed: {}); the line may be controlled there",
                    t.code,
                    needed.join(", ")
                ));
                self.review(item, explanation, evals, "missing-parameter")
            }
            Outcome::Heading(h) => self.heading_review(item, evals, h, explanation),
            Outcome::Ambiguous(a, b) => {
                explanation.push(format!(
                    "{} and {} match about equally well",
                    self.target(evals[a].target).code,
                    self.target(evals[b].target).code
                ));
                self.review(item, explanation, evals, "ambiguous-match")
            }
            Outcome::Weak => {
                explanation.push(
                    "only weak evidence (one generic term): not enough to classify".to_string(),
                );
                self.review(item, explanation, evals, "weak-evidence")
            }
            Outcome::Nothing => {
                let failed: Vec<String> = evals
                    .iter()
                    .filter(|e| e.state == State::Failed)
                    .map(|e| self.target(e.target).code.to_string())
                    .collect();
                explanation.push(if failed.is_empty() {
                    "no entry of the control lists matches the line; not EAR99 without evidence"
                        .to_string()
                } else {
                    format!(
                        "{} matched but the thresholds are not met, and no later entry describes the line; not EAR99 without evidence",
                        failed.join(", ")
                    )
                });
                self.review(item, explanation, evals, "unclassified")
            }
        }
    }

    /// REVIEW for heading-level evidence: the heading is the candidate; the finding
    /// is `missing-parameter`, naming the parameters the paragraphs' thresholds need
    /// and the paragraphs whose criteria the data does not encode. Never a guess
    /// among siblings, never EAR99.
    fn heading_review(
        &self,
        item: &Item,
        evals: &[Eval],
        h: usize,
        mut explanation: Vec<String>,
    ) -> Ruling {
        let anchor = evals[h].heading.expect("heading outcome has a heading");
        let at = self.target(anchor);
        let tier = self.target(evals[h].target).tier;
        let members: Vec<usize> = (0..evals.len())
            .filter(|&i| {
                evals[i].heading == Some(anchor)
                    && self.target(evals[i].target).tier == tier
                    && matches!(evals[i].state, State::Met | State::Unknown)
            })
            .collect();
        let mut needed: Vec<&str> = Vec::new();
        let mut uncoded: Vec<String> = Vec::new();
        for &i in &members {
            let e = &evals[i];
            let t = self.target(e.target);
            let mut any = false;
            for c in e.checks.iter().filter(|c| c.value.is_none()) {
                let th = &t.groups[usize::from(c.group)].list[usize::from(c.index)];
                if !needed.contains(&th.param.as_str()) {
                    needed.push(th.param.as_str());
                }
                any = true;
            }
            if !any {
                uncoded.push(t.code.to_string());
            }
        }
        needed.sort_unstable();
        let terms: Vec<String> = evals[h]
            .hits
            .iter()
            .map(|&x| format!("`{}`", self.matcher.terms[x as usize]))
            .collect();
        explanation.push(format!(
            "the evidence ({}) is for the heading {} `{}` only: nothing on the line tells its {} remaining paragraphs apart, and they do not all fail their thresholds",
            if terms.is_empty() { "patterns".to_string() } else { terms.join(", ") },
            at.code,
            at.title,
            members.len()
        ));
        if !needed.is_empty() {
            explanation.push(format!(
                "parameters needed to decide among them: {}",
                needed.join(", ")
            ));
        }
        if !uncoded.is_empty() {
            let n = uncoded.len();
            uncoded.truncate(6);
            explanation.push(format!(
                "{n} paragraph(s) whose criteria the data does not encode (check the entry): {}{}",
                uncoded.join(", "),
                if n > 6 { ", …" } else { "" }
            ));
        }
        let mut r = self.review(item, explanation, evals, "missing-parameter");
        let mut cands = vec![Candidate {
            code: at.code.clone(),
            score: round3(evals[h].score()),
            evidence: vec![
                format!("heading-level evidence: {}", terms.join(", ")),
                format!("order of review: {}", at.tier.name()),
            ],
        }];
        cands.extend(members.iter().take(4).map(|&i| self.candidate(&evals[i])));
        r.candidates = cands;
        push_unique(&mut r.citations, &at.citation);
        r
    }

    /// One declared code (USML or ECCN or EAR99).
    fn declared(
        &self,
        item: &Item,
        code: &ClassCode,
        evals: Vec<Eval>,
        release: Option<Release>,
        mut explanation: Vec<String>,
    ) -> Ruling {
        explanation.push(format!("declared: `{code}`"));
        self.explain_evals(&evals, &mut explanation);
        let plain = self.walk(&evals, false);
        let matched_code = match &plain {
            Outcome::Decided { idx, .. } => Some(self.target(evals[*idx].target).code.clone()),
            _ => None,
        };

        if *code == ClassCode::Ear99 {
            // Strong evidence for any controlled entry contradicts EAR99.
            let strong: Option<&Eval> = evals
                .iter()
                .filter(|e| {
                    !self.target(e.target).has_children
                        && e.raw >= STRONG
                        && matches!(e.state, State::Met | State::Unknown)
                })
                .filter(|e| {
                    // A released catch-all does not contradict EAR99.
                    !(release.is_some() && self.target(e.target).tier.is_catch_all())
                })
                .min_by(|a, b| {
                    self.target(a.target)
                        .tier
                        .cmp(&self.target(b.target).tier)
                        .then(b.raw.total_cmp(&a.raw))
                });
            if let Some(e) = strong {
                let t = self.target(e.target);
                explanation.push(format!(
                    "conflict: declared EAR99, but the line matches {} ({}): {}",
                    t.code,
                    t.tier.name(),
                    self.describe_eval(e)
                ));
                let mut r = self.review(item, explanation, &evals, "declared-conflict");
                put_declared_first(&mut r.candidates, code, "declared in the eccn column");
                return r;
            }
            explanation.push(format!(
                "declared EAR99 survives the checks: no strong evidence for a controlled entry ({EAR99_CITATION})"
            ));
            explanation.push("result: EAR99 (declared)".to_string());
            let conf = if release.is_some() { 0.85 } else { 0.7 };
            return self.ear99(item, Basis::Declared, release, conf, explanation, &evals);
        }

        // USML category-only declaration (`XI`): accepted as a heading.
        let (ti, heading_only) = match self.matcher.by_code.get(code) {
            Some(&ti) => (Some(ti), self.target(ti).has_children),
            None => (None, false),
        };
        let Some(ti) = ti else {
            if let ClassCode::Usml(u) = code {
                if u.path().is_empty()
                    && self.matcher.targets.iter().any(
                        |t| matches!(&t.code, ClassCode::Usml(x) if x.category() == u.category()),
                    )
                {
                    explanation.push(format!(
                        "`{u}` is a USML category: accepted as declared, but the paragraph is missing (heading-only)"
                    ));
                    explanation.push(format!("result: {code} (declared, incomplete)"));
                    let mut r = Ruling::classified(
                        &item.id,
                        code.clone(),
                        Basis::Declared,
                        Citation::new(format!("22 CFR 121.1, Category {u}")),
                    );
                    push_unique(&mut r.citations, ORDER_USML);
                    r.confidence = 0.5;
                    r.explanation = explanation;
                    r.candidates = self.candidates(&evals, 3);
                    r.findings.push("heading-only".into());
                    return r;
                }
            }
            explanation.push(format!(
                "`{code}` is not in the control lists at that level (data as of {})",
                self.as_of
            ));
            let mut r = self.review(item, explanation, &evals, "unknown-code");
            put_declared_first(
                &mut r.candidates,
                code,
                "declared; not in the control lists",
            );
            return r;
        };
        let t = self.target(ti);
        if t.kinds & kind_bit(item.kind) == 0 {
            explanation.push(format!("`{code}` does not cover {} items", item.kind));
            return self.review(item, explanation, &evals, "kind-mismatch");
        }
        if t.reserved {
            explanation.push(format!("`{code}` is reserved or points to the USML"));
            return self.review(item, explanation, &evals, "unknown-code");
        }

        // Conflicts.
        let declared_eval = evals.iter().find(|e| e.target == ti);
        let mut conflict: Option<String> = None;
        if let ClassCode::Eccn(_) = code {
            if let Outcome::Decided { idx, .. } = &plain {
                let mt = self.target(evals[*idx].target);
                let relation = match (&mt.code, code) {
                    (ClassCode::Eccn(a), ClassCode::Eccn(b)) => a.is_within(b) || b.is_within(a),
                    _ => false,
                };
                let released_away = release.is_some() && mt.tier.is_catch_all();
                if mt.tier < t.tier && !relation && !released_away {
                    conflict = Some(format!(
                        "the line matches {} ({}), reviewed before {code}: {}",
                        mt.code,
                        mt.tier.name(),
                        self.describe_eval(&evals[*idx])
                    ));
                }
            }
            if conflict.is_none() {
                // The declared paragraph's own thresholds, against the line's parameters.
                if let Some(f) = self.failed_thresholds(ti, item, &evals) {
                    conflict = Some(format!("the parameters do not meet {code}: {f}"));
                }
            }
        }
        if let Some(c) = conflict {
            explanation.push(format!("conflict: declared `{code}`, but {c}"));
            let mut r = self.review(item, explanation, &evals, "declared-conflict");
            put_declared_first(&mut r.candidates, code, "declared on the line");
            return r;
        }

        // Release from a declared catch-all.
        if let Some(rel) = release {
            if t.tier.is_catch_all() {
                let [itar, ear] = rel.citations();
                explanation.push(format!(
                    "release ({itar}; {ear}): {}; `{code}` is a catch-all and does not apply",
                    rel.describe()
                ));
                let after = self.walk(&evals, true);
                if let Outcome::Decided { idx, confidence } = after {
                    let mt = self.target(evals[idx].target);
                    explanation.push(format!("result: {} (matched after the release)", mt.code));
                    return self.ruling_for_target(
                        item,
                        evals[idx].target,
                        Basis::Matched,
                        confidence,
                        explanation,
                        &evals,
                    );
                }
                explanation.push(format!(
                    "result: EAR99 (released from `{code}`; {EAR99_CITATION})"
                ));
                return self.ear99(item, Basis::Released, Some(rel), 0.8, explanation, &evals);
            }
            if t.tier == Tier::UsmlEnumerated {
                explanation.push(format!(
                    "`{code}` is an enumerated USML paragraph: the specially designed releases do not apply"
                ));
            }
        }

        let agrees = matched_code
            .as_ref()
            .is_some_and(|m| m == code || within(m, code) || within(code, m));
        let mut confidence = if agrees {
            0.95
        } else if declared_eval.is_some() {
            0.9
        } else {
            0.8
        };
        let mut r = Ruling::classified(
            &item.id,
            code.clone(),
            Basis::Declared,
            Citation::new(&t.citation),
        );
        push_unique(&mut r.citations, ORDER_USML);
        if !t.tier.is_usml() {
            push_unique(&mut r.citations, ORDER_CCL);
        }
        if heading_only {
            confidence = 0.5;
            explanation.push(format!(
                "`{code}` is a heading with sub-paragraphs: accepted as declared, but incomplete (heading-only)"
            ));
            r.findings.push("heading-only".into());
        }
        if let Some(m) = &matched_code {
            if !agrees {
                explanation.push(format!(
                    "note: the matcher alone would have chosen {m}; the declaration is kept because nothing reviewed earlier contradicts it"
                ));
            }
        }
        explanation.push(format!("result: {code} (declared)"));
        r.confidence = confidence;
        r.explanation = explanation;
        r.candidates = self.candidates(&evals, 3);
        r
    }

    /// The failed thresholds of one target against the line, even when no term
    /// matched it; `None` when nothing known fails.
    fn failed_thresholds(&self, ti: u32, item: &Item, evals: &[Eval]) -> Option<String> {
        if let Some(e) = evals.iter().find(|e| e.target == ti) {
            return (e.state == State::Failed).then(|| self.failed_text(e));
        }
        let t = self.target(ti);
        if t.groups.is_empty() {
            return None;
        }
        let prose = params::extract(&item.description);
        let pv = ParamView::new(&item.params, &prose);
        for (gi, g) in t.groups.iter().enumerate() {
            let mut fails = Vec::new();
            let mut met = false;
            let mut missing = false;
            for (k, th) in g.list.iter().enumerate() {
                match pv.get(&th.param) {
                    Some((v, src)) if !cmp_op(v, th) => fails.push(self.check_text(
                        t,
                        &Check {
                            group: u16::try_from(gi).unwrap_or(u16::MAX),
                            index: u16::try_from(k).unwrap_or(u16::MAX),
                            value: Some((v, src)),
                            ok: false,
                        },
                    )),
                    Some(_) => met = true,
                    None => missing = true,
                }
            }
            let failed = if g.any {
                !met && !missing
            } else {
                !fails.is_empty()
            };
            if failed {
                return Some(fails.join("; "));
            }
        }
        None
    }
}

fn within(a: &ClassCode, b: &ClassCode) -> bool {
    match (a, b) {
        (ClassCode::Eccn(x), ClassCode::Eccn(y)) => x.is_within(y),
        (ClassCode::Usml(x), ClassCode::Usml(y)) => x.is_within(y),
        _ => false,
    }
}

/// Puts the declared code first among the candidates, merging with a matched one.
fn put_declared_first(cands: &mut Vec<Candidate>, code: &ClassCode, why: &str) {
    let mut c = declared_candidate(code, why);
    if let Some(pos) = cands.iter().position(|x| &x.code == code) {
        let old = cands.remove(pos);
        c.score = old.score;
        c.evidence.extend(old.evidence);
    }
    cands.insert(0, c);
}

fn declared_candidate(code: &ClassCode, why: &str) -> Candidate {
    Candidate {
        code: code.clone(),
        score: 0.0,
        evidence: vec![why.to_string()],
    }
}

trait NoneOrLower {
    fn is_none_or_lower(&self, evals: &[Eval], raw: f64) -> bool;
}

impl NoneOrLower for Option<usize> {
    fn is_none_or_lower(&self, evals: &[Eval], raw: f64) -> bool {
        self.map_or(true, |i| evals[i].raw < raw)
    }
}

/// Classifies every line of `bom`, in input order, in parallel.
///
/// What it decides: see the module docs. Citation: 22 CFR 120.11; 15 CFR 774, Supp. 4.
/// Example: a line `MMIC power amplifier 2-18 GHz 20 W` with a catalog whose 3A001.b.2
/// thresholds the frequency and power gives `EAR` / `3A001.b.2` / `matched`.
pub fn classify_bom(bom: &Bom, catalog: &Catalog) -> Vec<Ruling> {
    Classifier::new(catalog).classify_items(bom.items())
}

#[cfg(test)]
mod tests {
    use super::{ClassCode, Classifier, Item, Jurisdiction, ParamValue};
    use crate::data::Catalog;

    const MANIFEST: &str = "schema = 1\nas_of = \"2026-01-01\"\nlatest_rule = \"test\"\n";
    /// A heading with two sibling paragraphs that only thresholds tell apart, a 9xx
    /// fallback sharing the heading term, and a `.x` with exclusion sub-paragraphs.
    const CCL6: &str = r#"schema = 1
category = 6
title = "Sensors"
citation = "15 CFR 774, Supp. 1, Category 6"
as_of = "2026-01-01"

[[eccn]]
id = "6A003"
title = "Cameras"
reasons = ["NS", "AT"]

[[eccn.item]]
id = "6A003.b"
title = "Imaging cameras"
terms = ["thermal camera"]

[[eccn.item]]
id = "6A003.b.1"
title = "Fast cameras"
thresholds = [{ param = "frame_rate_hz", op = ">", value = 9.0 }]
thresholds_curated = true

[[eccn.item]]
id = "6A003.b.2"
title = "Large arrays"
thresholds = [{ param = "array_width_px", op = ">", value = 1000.0 }]
thresholds_curated = true

[[eccn.item]]
id = "6A003.b.3"
title = "Criteria not encoded"
exclude = ["uncooled"]

[[eccn]]
id = "6A993"
title = "Cameras n.e.s."
reasons = ["AT"]

[[eccn.item]]
id = "6A993.a"
title = "Other cameras"
terms = ["thermal camera"]
"#;

    fn classifier() -> Classifier {
        let cat = Catalog::from_files(&[
            ("manifest.toml".to_string(), MANIFEST.to_string()),
            ("ccl/cat-6.toml".to_string(), CCL6.to_string()),
        ])
        .unwrap_or_else(|p| panic!("{p}"));
        Classifier::new(&cat)
    }

    fn item(desc: &str, params: &[(&str, f64)]) -> Item {
        let mut it = Item::new("1", desc);
        for (k, v) in params {
            it.params.insert((*k).to_string(), ParamValue::Number(*v));
        }
        it
    }

    /// Fail closed on imported data: a threshold the importer extracted and nobody
    /// verified (`thresholds_curated` unset) may be wrong, so failing it never moves a
    /// line down the order of review (15 CFR 774, Supp. 4: the entry must be ruled out
    /// on its real criteria). The same camera that goes to 6A993.a when the thresholds
    /// are curated stays REVIEW here.
    #[test]
    fn unverified_imported_threshold_never_moves_a_line_down() {
        let ccl = CCL6.replace("thresholds_curated = true\n", "");
        let cat = Catalog::from_files(&[
            ("manifest.toml".to_string(), MANIFEST.to_string()),
            ("ccl/cat-6.toml".to_string(), ccl),
        ])
        .unwrap_or_else(|p| panic!("{p}"));
        let r = Classifier::new(&cat).classify(&item(
            "Uncooled thermal camera",
            &[("frame_rate_hz", 9.0), ("array_width_px", 640.0)],
        ));
        assert_eq!(r.jurisdiction, Jurisdiction::Review, "{:?}", r.explanation);
        assert!(r
            .explanation
            .iter()
            .any(|s| s.contains("imported threshold not yet verified")));
    }

    /// Heading-level evidence (15 CFR 774, Supp. 4): a line naming only the heading is
    /// decided by a sibling's met lower-bound threshold, else REVIEW
    /// `missing-parameter` with the heading first, or the next entry (6A993.a) when
    /// every sibling fails or is excluded. Never EAR99.
    #[test]
    fn heading_level_evidence_table() {
        let c = classifier();
        type Row<'a> = (&'a str, &'a str, &'a [(&'a str, f64)], &'a str, &'a str);
        let rows: &[Row<'_>] = &[
            // name, description, params, want classification or finding, first candidate
            (
                "sibling threshold met",
                "Thermal camera",
                &[("frame_rate_hz", 30.0), ("array_width_px", 640.0)],
                "6A003.b.1",
                "",
            ),
            (
                "parameters missing",
                "Thermal camera",
                &[],
                "missing-parameter",
                "6A003.b",
            ),
            (
                "uncoded sibling remains",
                "Thermal camera",
                &[("frame_rate_hz", 9.0), ("array_width_px", 640.0)],
                "missing-parameter",
                "6A003.b",
            ),
            (
                "all fail or excluded: next entry",
                "Uncooled thermal camera",
                &[("frame_rate_hz", 9.0), ("array_width_px", 640.0)],
                "6A993.a",
                "",
            ),
        ];
        for (name, desc, params, want, first) in rows {
            let r = c.classify(&item(desc, params));
            if want.contains('-') {
                assert_eq!(r.jurisdiction, Jurisdiction::Review, "{name}");
                assert_eq!(r.findings, vec![(*want).to_string()], "{name}");
                assert_eq!(r.candidates[0].code.to_string(), *first, "{name}");
            } else {
                assert_eq!(
                    r.jurisdiction,
                    Jurisdiction::Ear,
                    "{name}: {:?}",
                    r.explanation
                );
                assert_eq!(
                    r.classification
                        .as_ref()
                        .map(ToString::to_string)
                        .as_deref(),
                    Some(*want),
                    "{name}"
                );
            }
            assert_ne!(r.classification, Some(ClassCode::Ear99), "{name}");
        }
    }

    const CCL9: &str = r#"schema = 1
category = 9
title = "Aerospace"
citation = "15 CFR 774, Supp. 1, Category 9"
as_of = "2026-01-01"

[[eccn]]
id = "9A515"
title = "Spacecraft"
reasons = ["NS", "AT"]

[[eccn.item]]
id = "9A515.x"
title = "Spacecraft parts"
terms = ["reaction wheel", "fastener"]

[[eccn.item]]
id = "9A515.x.1"
title = "Exclusion: items described elsewhere"
"#;

    /// 15 CFR 774, Supp. 1, 9A515.x: its sub-paragraphs are exclusions, so `.x` is
    /// final (matched or declared, never `heading-only`), and the exclusions are not
    /// classifications. A term found only in the manufacturer (`Acme Fastener Co`) is
    /// not strong evidence on its own.
    #[test]
    fn x_exclusions_and_manufacturer_terms() {
        let cat = Catalog::from_files(&[
            ("manifest.toml".to_string(), MANIFEST.to_string()),
            ("ccl/cat-9.toml".to_string(), CCL9.to_string()),
        ])
        .unwrap_or_else(|p| panic!("{p}"));
        let c = Classifier::new(&cat);
        let r = c.classify(&item("Reaction wheel assembly", &[]));
        assert_eq!(
            r.classification.map(|x| x.to_string()).as_deref(),
            Some("9A515.x")
        );
        let mut it = item("Reaction wheel assembly", &[]);
        it.declared_eccn = Some(ClassCode::parse("9A515.x").expect("code"));
        let r = c.classify(&it);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        let mut it = item("Reaction wheel assembly", &[]);
        it.declared_eccn = Some(ClassCode::parse("9A515.x.1").expect("code"));
        let r = c.classify(&it);
        assert_eq!(r.jurisdiction, Jurisdiction::Review);
        let mut it = item("Gasket kit", &[]);
        it.manufacturer = "Acme Fastener Co".to_string();
        let r = c.classify(&it);
        assert_eq!(r.jurisdiction, Jurisdiction::Review);
        assert_ne!(r.findings, vec!["ambiguous-match".to_string()]);
        assert!(r.classification.is_none());
    }
}
