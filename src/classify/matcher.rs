//! The compiled matcher: every term of the catalog in one Aho-Corasick automaton,
//! every pattern in one `RegexSet`, and one [`Target`] per reviewable paragraph with
//! its tier in the order of review, kinds, thresholds and citation.
//!
//! Built once per catalog and shared (read-only) by all threads. It finds evidence;
//! it does not decide — [`super::Classifier`] does.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::RegexSet;

use crate::data::raw::{RawMatch, RawThreshold};
use crate::data::Catalog;
use crate::model::{ClassCode, Eccn, Item, Kind};

/// Step of the order of review (22 CFR 120.11; 15 CFR 774, Supp. 4), earliest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// USML paragraphs that enumerate the item.
    UsmlEnumerated,
    /// USML "specially designed" catch-all paragraphs.
    UsmlCatchAll,
    /// 600 series and 9x515 paragraphs other than `.x` and `.y`.
    Series600,
    /// 600 series and 9x515 `.x` ("specially designed" parts and components).
    Series600CatchAll,
    /// The rest of the CCL.
    Ccl,
    /// CCL entries controlled mostly for anti-terrorism (`xY9zz`, e.g. 3A991),
    /// reviewed after the other entries of their category.
    CclNinetySeries,
    /// 600 series and 9x515 `.y` paragraphs.
    Series600Y,
}

impl Tier {
    /// All tiers in review order.
    pub const ALL: [Tier; 7] = [
        Tier::UsmlEnumerated,
        Tier::UsmlCatchAll,
        Tier::Series600,
        Tier::Series600CatchAll,
        Tier::Ccl,
        Tier::CclNinetySeries,
        Tier::Series600Y,
    ];

    /// Words for explanations.
    pub fn name(self) -> &'static str {
        match self {
            Tier::UsmlEnumerated => "USML enumerated paragraphs",
            Tier::UsmlCatchAll => "USML catch-all paragraphs",
            Tier::Series600 => "600 series and 9x515",
            Tier::Series600CatchAll => "600 series and 9x515 .x paragraphs",
            Tier::Ccl => "rest of the CCL",
            Tier::CclNinetySeries => "CCL 9xx entries",
            Tier::Series600Y => "600 series .y paragraphs",
        }
    }

    /// True for the USML tiers.
    pub fn is_usml(self) -> bool {
        matches!(self, Tier::UsmlEnumerated | Tier::UsmlCatchAll)
    }

    /// True for "specially designed" catch-alls, from which 120.41(b) / 772.1(b)
    /// releases parts.
    pub fn is_catch_all(self) -> bool {
        matches!(self, Tier::UsmlCatchAll | Tier::Series600CatchAll)
    }

    /// The order-of-review citation for this tier.
    pub fn citation(self) -> &'static str {
        if self.is_usml() {
            ORDER_USML
        } else {
            ORDER_CCL
        }
    }
}

/// Order of review on the USML side.
pub const ORDER_USML: &str = "22 CFR 120.11";
/// Order of review on the CCL side.
pub const ORDER_CCL: &str = "15 CFR 774, Supp. 4";

/// The tier of an ECCN paragraph.
pub fn eccn_tier(e: &Eccn) -> Tier {
    if e.is_600_series() || e.is_9x515() {
        match e.path().first().map(String::as_str) {
            Some("x") => Tier::Series600CatchAll,
            Some("y") => Tier::Series600Y,
            _ => Tier::Series600,
        }
    } else if e.heading().as_bytes()[2] == b'9' {
        Tier::CclNinetySeries
    } else {
        Tier::Ccl
    }
}

/// Bit of a kind in a kind mask.
pub fn kind_bit(k: Kind) -> u8 {
    match k {
        Kind::Hardware => 1,
        Kind::Software => 2,
        Kind::Technology => 4,
        Kind::Service => 8,
    }
}

/// A threshold group: the thresholds of one entry and its mode.
#[derive(Debug, Clone)]
pub struct Group {
    /// Entry the group belongs to.
    pub owner: String,
    /// Target index of that entry.
    pub owner_idx: u32,
    /// `any` instead of `all`.
    pub any: bool,
    /// Checked by a person (USML data, CCL headings, CCL paragraphs marked
    /// `thresholds_curated`). A failed threshold that is not curated was extracted
    /// by the importer and may be wrong: it never moves a line to a lower entry.
    pub curated: bool,
    /// The thresholds.
    pub list: Vec<RawThreshold>,
}

/// One reviewable paragraph.
#[derive(Debug, Clone)]
pub struct Target {
    /// The code.
    pub code: ClassCode,
    /// Step of the order of review.
    pub tier: Tier,
    /// Kinds covered (mask of [`kind_bit`]).
    pub kinds: u8,
    /// Citation of the entry.
    pub citation: String,
    /// Short title.
    pub title: String,
    /// Term ids this paragraph and its ancestors contribute (own first).
    pub terms: Vec<u32>,
    /// Exclusion term ids (own and ancestors).
    pub exclude: Vec<u32>,
    /// Pattern ids (own and ancestors).
    pub patterns: Vec<u32>,
    /// Threshold groups (own and ancestors); all groups must hold.
    pub groups: Vec<Group>,
    /// True when sub-paragraphs exist: the paragraph itself is only a heading.
    pub has_children: bool,
    /// Indices of descendant targets.
    pub descendants: Vec<u32>,
    /// Reserved in the regulation.
    pub reserved: bool,
    /// Parent paragraph (target index), `None` for a top-level entry.
    pub parent: Option<u32>,
}

/// The compiled matcher for one catalog.
pub struct Matcher {
    /// Reviewable paragraphs, in catalog order.
    pub targets: Vec<Target>,
    /// Code → target index.
    pub by_code: BTreeMap<ClassCode, u32>,
    /// Term strings by id.
    pub terms: Vec<String>,
    /// Term weights by id.
    pub weights: Vec<f64>,
    /// Term id → targets that own it directly.
    pub postings: Vec<Vec<u32>>,
    ac: Option<AhoCorasick>,
    /// Pattern sources.
    pub patterns: Vec<String>,
    /// Pattern id → owning targets.
    pub pattern_postings: Vec<Vec<u32>>,
    set: Option<RegexSet>,
}

/// Byte offset of the first ` for ` (any case) in `text`.
fn find_for(text: &str) -> Option<usize> {
    text.as_bytes()
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b" for "))
}

/// Weight factor for a term that names only what a part is *for*, when the entry is
/// not a parts catch-all (the catch-alls are exactly about parts for an end item).
pub const FOR_TAIL_FACTOR: f64 = 0.3;

/// Words that are not evidence on their own: a term made only of these (after the
/// stop-list, `control unit` or `parts` or `military system`) is ignored when the
/// matcher is compiled, so data can never make `control` decide a line again. They
/// still count inside a longer term (`flight control computer`).
pub const GENERIC_WORDS: &[&str] = &[
    "a",
    "accessory",
    "active",
    "advanced",
    "airborne",
    "analysis",
    "and",
    "any",
    "apparatus",
    "article",
    "assembly",
    "attachment",
    "attack",
    "board",
    "card",
    "commodity",
    "component",
    "control",
    "controller",
    "damage",
    "defense",
    "degrade",
    "design",
    "destroy",
    "development",
    "device",
    "disable",
    "disturb",
    "electronic",
    "element",
    "end",
    "equipment",
    "for",
    "gear",
    "general",
    "ground",
    "guard",
    "hardware",
    "high",
    "higher",
    "hybrid",
    "item",
    "kit",
    "low",
    "machine",
    "machinery",
    "maintenance",
    "material",
    "military",
    "model",
    "module",
    "mount",
    "naval",
    "of",
    "or",
    "other",
    "part",
    "performance",
    "personnel",
    "power",
    "prediction",
    "product",
    "production",
    "program",
    "prototype",
    "remote",
    "service",
    "set",
    "software",
    "space",
    "special",
    "stage",
    "subsystem",
    "support",
    "system",
    "tactical",
    "technical",
    "technology",
    "test",
    "the",
    "tool",
    "treatment",
    "type",
    "unit",
    "weapon",
    "with",
];

/// True when `term` cannot be evidence on its own: it has no letter (`1`, `2-`) or
/// fewer than two letters and digits (`x`), or every word of it is in [`GENERIC_WORDS`] (plurals included).
pub fn is_generic_term(term: &str) -> bool {
    if !term.chars().any(|c| c.is_ascii_alphabetic())
        || term.chars().filter(char::is_ascii_alphanumeric).count() < 2
    {
        return true;
    }
    term.split([' ', '-', '/'])
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = w.to_ascii_lowercase();
            let singular = w
                .strip_suffix("ies")
                .map(|s| format!("{s}y"))
                .or_else(|| w.strip_suffix('s').map(str::to_string));
            GENERIC_WORDS.contains(&w.as_str())
                || singular.is_some_and(|s| GENERIC_WORDS.contains(&s.as_str()))
        })
}

/// Evidence weight of a term: longer, multi-word terms are more specific.
pub fn term_weight(t: &str) -> f64 {
    let words = t.split([' ', '-']).filter(|w| !w.is_empty()).count().min(4);
    // Word counts and lengths are tiny; the casts are exact.
    #[allow(clippy::cast_precision_loss)]
    let (w, l) = (words as f64, t.chars().count().min(24) as f64);
    0.35 + 0.2 * w + l / 60.0
}

/// True for a sub-paragraph of a 600 series or 9x515 `.x` paragraph: those list
/// exclusions from `.x` (15 CFR 774, Supp. 1, e.g. 9A515.x, 7A611.x).
pub fn is_x_exclusion(e: &Eccn) -> bool {
    (e.is_600_series() || e.is_9x515())
        && e.path().len() >= 2
        && e.path().first().map(String::as_str) == Some("x")
}

struct Builder {
    terms: Vec<String>,
    index: BTreeMap<String, u32>,
    patterns: Vec<String>,
}

impl Builder {
    fn term(&mut self, t: &str) -> u32 {
        let t = t.trim().to_lowercase();
        if let Some(&i) = self.index.get(&t) {
            return i;
        }
        let i = u32::try_from(self.terms.len()).expect("fewer than 4 billion terms");
        self.index.insert(t.clone(), i);
        self.terms.push(t);
        i
    }

    fn pattern(&mut self, p: &str) -> u32 {
        let i = u32::try_from(self.patterns.len()).expect("fewer than 4 billion patterns");
        self.patterns.push(p.to_string());
        i
    }
}

struct Own {
    terms: Vec<u32>,
    exclude: Vec<u32>,
    patterns: Vec<u32>,
    group: Option<Group>,
}

fn own(b: &mut Builder, owner: &str, owner_idx: usize, m: &RawMatch, curated: bool) -> Own {
    Own {
        terms: m
            .terms
            .iter()
            .filter(|t| !is_generic_term(t))
            .map(|t| b.term(t))
            .collect(),
        exclude: m.exclude.iter().map(|t| b.term(t)).collect(),
        patterns: m.patterns.iter().map(|p| b.pattern(p)).collect(),
        group: (!m.thresholds.is_empty()).then(|| Group {
            owner: owner.to_string(),
            owner_idx: u32::try_from(owner_idx).expect("index fits"),
            any: m.threshold_mode.as_deref() == Some("any"),
            curated,
            list: m.thresholds.clone(),
        }),
    }
}

fn extend(t: &mut Target, o: &Own) {
    t.terms.extend(&o.terms);
    t.exclude.extend(&o.exclude);
    t.patterns.extend(&o.patterns);
    if let Some(g) = &o.group {
        t.groups.push(g.clone());
    }
}

impl Matcher {
    /// Compiles the catalog: one automaton over all terms, one regex set over all
    /// patterns (patterns were validated when the catalog loaded).
    pub fn new(catalog: &Catalog) -> Matcher {
        let mut b = Builder {
            terms: Vec::new(),
            index: BTreeMap::new(),
            patterns: Vec::new(),
        };
        let mut targets: Vec<Target> = Vec::new();
        let mut owns: Vec<Own> = Vec::new();
        let mut parent_of: Vec<Option<usize>> = Vec::new();

        // USML paragraphs, regulation order (BTreeMap order sorts by category then path,
        // which puts parents before children).
        let mut usml: Vec<_> = catalog.usml.values().collect();
        usml.sort_by_key(|e| (e.id.category(), e.order));
        let mut usml_index: BTreeMap<crate::model::UsmlId, usize> = BTreeMap::new();
        for e in usml {
            let idx = targets.len();
            let parent = e.id.parent().and_then(|p| usml_index.get(&p).copied());
            let catch_all = e.raw.catch_all;
            let kinds = Catalog::usml_kinds(e)
                .into_iter()
                .fold(0u8, |m, k| m | kind_bit(k));
            targets.push(Target {
                code: ClassCode::Usml(e.id.clone()),
                tier: if catch_all {
                    Tier::UsmlCatchAll
                } else {
                    Tier::UsmlEnumerated
                },
                kinds,
                citation: e.citation.clone(),
                title: e.raw.title.clone(),
                terms: Vec::new(),
                exclude: Vec::new(),
                patterns: Vec::new(),
                groups: Vec::new(),
                has_children: false,
                descendants: Vec::new(),
                reserved: e.raw.reserved,
                parent: parent.map(|p| u32::try_from(p).expect("index fits")),
            });
            owns.push(own(&mut b, &e.id.to_string(), idx, &e.raw.matching, true));
            parent_of.push(parent);
            usml_index.insert(e.id.clone(), idx);
        }

        // CCL headings and their paragraphs.
        let mut ccl: Vec<_> = catalog.ccl.values().collect();
        ccl.sort_by_key(|e| (e.id.category(), e.order));
        for e in ccl {
            let kinds = match e.id.product_group() {
                'D' => kind_bit(Kind::Software),
                'E' => kind_bit(Kind::Technology),
                _ => kind_bit(Kind::Hardware),
            };
            let head = targets.len();
            targets.push(Target {
                code: ClassCode::Eccn(e.id.clone()),
                tier: eccn_tier(&e.id),
                kinds,
                citation: e.citation.clone(),
                title: e.raw.title.clone(),
                terms: Vec::new(),
                exclude: Vec::new(),
                patterns: Vec::new(),
                groups: Vec::new(),
                has_children: false,
                descendants: Vec::new(),
                reserved: e.raw.reserved || e.raw.itar_pointer,
                parent: None,
            });
            owns.push(own(&mut b, &e.id.to_string(), head, &e.raw.matching, true));
            parent_of.push(None);
            let mut local: BTreeMap<Eccn, usize> = BTreeMap::new();
            for (p, raw) in e.items.iter().zip(&e.raw.item) {
                let idx = targets.len();
                let parent = p
                    .parent()
                    .and_then(|pp| local.get(&pp).copied())
                    .unwrap_or(head);
                targets.push(Target {
                    code: ClassCode::Eccn(p.clone()),
                    tier: eccn_tier(p),
                    kinds,
                    citation: format!("{}, paragraph {}", e.citation, p),
                    title: raw.title.clone(),
                    terms: Vec::new(),
                    exclude: Vec::new(),
                    patterns: Vec::new(),
                    groups: Vec::new(),
                    has_children: false,
                    descendants: Vec::new(),
                    // Sub-paragraphs of a 600 series or 9x515 `.x` list what `.x` does
                    // NOT cover (e.g. 9A515.x.1-.x.7, 7A611.x.1-.x.3): exclusions, not
                    // classifications, so they are never reviewable targets.
                    reserved: raw.reserved || e.raw.itar_pointer || is_x_exclusion(p),
                    parent: Some(u32::try_from(parent).expect("index fits")),
                });
                owns.push(own(
                    &mut b,
                    &p.to_string(),
                    idx,
                    &raw.matching,
                    raw.thresholds_curated,
                ));
                parent_of.push(Some(parent));
                local.insert(p.clone(), idx);
            }
        }

        // Inherit ancestors' evidence; record children and descendants.
        let chains: Vec<Vec<usize>> = (0..targets.len())
            .map(|i| {
                let mut chain = vec![i];
                let mut cur = parent_of[i];
                while let Some(p) = cur {
                    chain.push(p);
                    cur = parent_of[p];
                }
                chain
            })
            .collect();
        let mut desc: Vec<Vec<usize>> = vec![Vec::new(); targets.len()];
        for (i, chain) in chains.iter().enumerate() {
            for &a in &chain[1..] {
                desc[a].push(i);
            }
        }
        for i in 0..targets.len() {
            let chain = &chains[i];
            for &a in chain {
                let o = &owns[a];
                if a == i {
                    extend(&mut targets[i], o);
                    continue;
                }
                // A heading term or pattern that a sub-paragraph of the heading also
                // carries is evidence for that sub-paragraph's branch only, not for
                // its siblings (`adc` on 3A001 and on 3A001.a.5.a says nothing for
                // 3A001.b.1).
                let shadowed = |d: usize| !chain.contains(&d);
                let t = &mut targets[i];
                t.terms.extend(o.terms.iter().filter(|&&x| {
                    !desc[a]
                        .iter()
                        .any(|&d| shadowed(d) && owns[d].terms.contains(&x))
                }));
                t.patterns.extend(o.patterns.iter().filter(|&&x| {
                    !desc[a]
                        .iter()
                        .any(|&d| shadowed(d) && owns[d].patterns.contains(&x))
                }));
                t.exclude.extend(&o.exclude);
                if let Some(g) = &o.group {
                    t.groups.push(g.clone());
                }
            }
            // A term a paragraph repeats from an ancestor counts once.
            let mut seen = std::collections::BTreeSet::new();
            targets[i].terms.retain(|t| seen.insert(*t));
            let mut seen = std::collections::BTreeSet::new();
            targets[i].exclude.retain(|t| seen.insert(*t));
            let mut seen = std::collections::BTreeSet::new();
            targets[i].patterns.retain(|t| seen.insert(*t));
            if matches!(&targets[i].code, ClassCode::Eccn(e) if is_x_exclusion(e)) {
                continue;
            }
            for &a in &chain[1..] {
                targets[a].has_children = true;
                targets[a]
                    .descendants
                    .push(u32::try_from(i).expect("index fits"));
            }
        }

        let n_terms = b.terms.len();
        let mut postings = vec![Vec::new(); n_terms];
        let mut pattern_postings = vec![Vec::new(); b.patterns.len()];
        for (i, o) in owns.iter().enumerate() {
            let i = u32::try_from(i).expect("index fits");
            for &t in &o.terms {
                postings[t as usize].push(i);
            }
            for &p in &o.patterns {
                pattern_postings[p as usize].push(i);
            }
        }
        let ac = (!b.terms.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&b.terms)
                .expect("terms compile")
        });
        let set = (!b.patterns.is_empty()).then(|| {
            RegexSet::new(b.patterns.iter().map(|p| format!("(?i){p}")))
                .expect("patterns were validated by the catalog loader")
        });
        let by_code = targets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.code.clone(), u32::try_from(i).expect("index fits")))
            .collect();
        let weights = b.terms.iter().map(|t| term_weight(t)).collect();
        Matcher {
            targets,
            by_code,
            terms: b.terms,
            weights,
            postings,
            ac,
            patterns: b.patterns,
            pattern_postings,
            set,
        }
    }

    /// Term ids found (whole words; a plural `s`/`es` allowed) in the description,
    /// manufacturer and MPN of `item`, sorted and deduplicated, into `out`. Ids found
    /// only after the first ` for ` of the description (`Screw for AESA radar`) or only
    /// in the manufacturer also go into `tail_only`: they name what the part is for or
    /// who makes it, not what it is.
    ///
    /// Ids found only in the manufacturer also go into `maker_only`: they never count
    /// fully, not even for catch-alls.
    pub fn find_terms(
        &self,
        item: &Item,
        out: &mut Vec<u32>,
        tail_only: &mut Vec<u32>,
        maker_only: &mut Vec<u32>,
    ) {
        out.clear();
        tail_only.clear();
        maker_only.clear();
        let Some(ac) = &self.ac else {
            return;
        };
        let for_at = find_for(&item.description);
        let mut spans: Vec<(usize, usize, u32)> = Vec::new();
        for (fi, field) in [&item.description, &item.manufacturer, &item.mpn]
            .into_iter()
            .enumerate()
        {
            if field.is_empty() {
                continue;
            }
            let b = field.as_bytes();
            spans.clear();
            for m in ac.find_overlapping_iter(field.as_str()) {
                let (s, e) = (m.start(), m.end());
                if s > 0 && b[s - 1].is_ascii_alphanumeric() {
                    continue;
                }
                let boundary = |k: usize| k >= b.len() || !b[k].is_ascii_alphanumeric();
                let ok = boundary(e)
                    || (b[e].eq_ignore_ascii_case(&b's') && boundary(e + 1))
                    || (b[e].eq_ignore_ascii_case(&b'e')
                        && b.get(e + 1).is_some_and(|c| c.eq_ignore_ascii_case(&b's'))
                        && boundary(e + 2));
                if ok {
                    spans.push((s, e, m.pattern().as_u32()));
                }
            }
            // Longest match: a term inside a longer matched term (`radar` in `radar
            // warning receiver`, `submarine` in `anti-submarine warfare trainer`) is
            // part of that name, not evidence of its own.
            for &(s, e, id) in &spans {
                let inner = spans
                    .iter()
                    .any(|&(s2, e2, _)| s2 <= s && e <= e2 && e2 - s2 > e - s);
                if inner {
                    continue;
                }
                // The manufacturer names who makes the part, not what it is
                // (`Pacific Fastener Co`): weighed like a ` for ` tail.
                if fi == 1 {
                    tail_only.push(id);
                    maker_only.push(id);
                } else if fi == 0 && for_at.is_some_and(|f| s >= f + 5) {
                    tail_only.push(id);
                } else {
                    out.push(id);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        if !maker_only.is_empty() {
            maker_only.sort_unstable();
            maker_only.dedup();
            maker_only.retain(|t| out.binary_search(t).is_err());
        }
        if !tail_only.is_empty() {
            tail_only.sort_unstable();
            tail_only.dedup();
            tail_only.retain(|t| out.binary_search(t).is_err());
            out.extend_from_slice(tail_only);
            out.sort_unstable();
        }
    }

    /// True when target `owner` carries term `term` itself (not by inheritance).
    pub fn owns_term(&self, owner: u32, term: u32) -> bool {
        self.postings[term as usize].binary_search(&owner).is_ok()
    }

    /// True when target `owner` carries pattern `pat` itself.
    pub fn owns_pattern(&self, owner: u32, pat: u32) -> bool {
        self.pattern_postings[pat as usize]
            .binary_search(&owner)
            .is_ok()
    }

    /// Pattern ids matching the description, manufacturer or MPN.
    pub fn find_patterns(&self, item: &Item, out: &mut Vec<u32>) {
        out.clear();
        let Some(set) = &self.set else {
            return;
        };
        for field in [&item.description, &item.manufacturer, &item.mpn] {
            if field.is_empty() {
                continue;
            }
            for i in set.matches(field).iter() {
                out.push(u32::try_from(i).expect("index fits"));
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::{is_generic_term, term_weight, Matcher};
    use crate::classify::STRONG;
    use crate::data::Catalog;

    /// Generic words and numbers are never evidence on their own; specific nouns and
    /// multi-word terms with a specific word are (22 CFR 120.11: classify by what the
    /// item is, not by words every BOM line carries).
    #[test]
    fn generic_terms_are_recognised() {
        let rows: &[(&str, bool)] = &[
            ("control", true),
            ("Controls", true),
            ("system", true),
            ("systems", true),
            ("assemblies", true),
            ("control unit", true),
            ("military equipment", true),
            ("ground support equipment", true),
            ("1", true),
            ("2-", true),
            ("x", true),
            ("f-35", false),
            ("c-130", false),
            ("radar", false),
            ("vx", false),
            ("fire control", false),
            ("flight control computer", false),
            ("image intensifier tube", false),
            ("military aircraft", false),
        ];
        for (term, generic) in rows {
            assert_eq!(is_generic_term(term), *generic, "{term}");
        }
    }

    /// Data can not reintroduce a generic word as evidence: it is dropped when the
    /// matcher compiles, while the specific term of the same entry stays.
    #[test]
    fn generic_terms_are_not_compiled() {
        let usml = r#"schema = 1
category = "VI"
title = "Vessels"
citation = "22 CFR 121.1, Category VI"
as_of = "2026-01-01"

[[entry]]
id = "VI(a)"
title = "Warships"
terms = ["control", "system", "3", "warship", "control unit"]
"#;
        let manifest = "schema = 1\nas_of = \"2026-01-01\"\nlatest_rule = \"test\"\n";
        let cat = Catalog::from_files(&[
            ("manifest.toml".to_string(), manifest.to_string()),
            ("usml/cat-06-VI.toml".to_string(), usml.to_string()),
        ])
        .unwrap_or_else(|p| panic!("{p}"));
        let m = Matcher::new(&cat);
        assert_eq!(m.terms, vec!["warship".to_string()]);
        // A single generic word would otherwise be strong on its own.
        assert!(term_weight("control") >= STRONG);
    }
}
