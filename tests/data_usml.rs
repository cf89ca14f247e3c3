//! USML and ITAR-country data checks (22 CFR 121.1, 126.1, part 126 supps. 1 and 2).
//!
//! - the bundled data loads and validates;
//! - COVERAGE: this file's own parser reads the reference text (`../shared/reference/regs/`)
//!   and every USML paragraph id it enumerates must be in `data/usml/` or in
//!   `fixtures/coverage/usml-exceptions.toml` with a justification;
//! - table-driven spot checks of entries, 126.1 membership and the exclusion supplements.
//!
//! The reference is read at run time; tests that need it fail with a clear message when
//! `../shared/reference` is missing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use exportctl::data::Catalog;
use exportctl::model::{Country, Kind, UsmlId};

fn catalog() -> Catalog {
    match exportctl::data::embedded() {
        Ok(c) => c,
        Err(p) => panic!("bundled data does not validate:\n{p}"),
    }
}

fn reference(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/regs")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| {
        panic!(
            "reference file `{}` is missing ({e}); this test needs ../shared/reference beside the crate",
            p.display()
        )
    })
}

// ---------------------------------------------------------------------------------------
// The bundled data set
// ---------------------------------------------------------------------------------------

#[test]
fn bundled_usml_data_is_valid_and_complete() {
    let c = catalog();
    assert_eq!(
        c.usml_categories.len(),
        21,
        "all 21 USML categories (22 CFR 121.1)"
    );
    for n in 1..=21u8 {
        let cat = &c.usml_categories[&n];
        assert!(
            cat.file.starts_with(&format!("data/usml/cat-{n:02}-")),
            "{}",
            cat.file
        );
        assert_eq!(cat.as_of, "2025-10-02");
        assert!(
            c.usml.keys().any(|id| id.category() == n),
            "category {n} has entries"
        );
    }
    assert_eq!(
        c.proscribed.len(),
        25,
        "8 Table 1 + 17 Table 2 countries (126.1(d))"
    );
    assert_eq!(c.supp1.len(), 98, "supp. 1 to part 126 rows");
    assert_eq!(c.supp2.len(), 28, "supp. 2 to part 126 (AUKUS) rows");
}

#[test]
fn usml_titles_are_short_and_entries_consistent() {
    let c = catalog();
    for (id, e) in &c.usml {
        let words = e.raw.title.split_whitespace().count();
        assert!(words <= 12, "{id}: title has {words} words");
        if e.raw.reserved {
            assert!(
                !e.raw.sme && !e.raw.mt,
                "{id}: reserved paragraph marked SME/MT"
            );
            assert!(e.raw.matching.terms.is_empty(), "{id}: reserved with terms");
        }
        for t in &e.raw.matching.terms {
            assert_eq!(t, &t.to_lowercase(), "{id}: terms are lower-case");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Coverage against the reference
// ---------------------------------------------------------------------------------------

const KINDS: [Level; 7] = [
    Level::Lower,
    Level::Num,
    Level::Roman,
    Level::Upper,
    Level::Num,
    Level::Roman,
    Level::Upper,
];

#[derive(Clone, Copy, PartialEq)]
enum Level {
    Lower,
    Num,
    Roman,
    Upper,
}

fn roman_value(s: &str) -> Option<u32> {
    let v = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        _ => None,
    };
    let cs: Vec<u32> = s.chars().map(v).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, &x) in cs.iter().enumerate() {
        if cs.get(i + 1).is_some_and(|&n| n > x) {
            total -= i64::from(x);
        } else {
            total += i64::from(x);
        }
    }
    let n = u32::try_from(total).ok()?;
    (n > 0 && to_roman(n) == s).then_some(n)
}

fn to_roman(mut n: u32) -> String {
    let mut s = String::new();
    for (v, r) in [
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

impl Level {
    fn first(self) -> &'static str {
        match self {
            Level::Lower => "a",
            Level::Num => "1",
            Level::Roman => "i",
            Level::Upper => "A",
        }
    }
    fn valid(self, l: &str) -> bool {
        match self {
            Level::Lower => l.len() == 1 && l.chars().all(|c| c.is_ascii_lowercase()),
            Level::Upper => l.len() == 1 && l.chars().all(|c| c.is_ascii_uppercase()),
            Level::Num => !l.is_empty() && l.chars().all(|c| c.is_ascii_digit()),
            Level::Roman => roman_value(l).is_some(),
        }
    }
    fn succ(self, l: &str) -> Option<String> {
        match self {
            Level::Lower | Level::Upper => {
                let c = l.chars().next()?;
                Some(char::from(u8::try_from(c).ok()? + 1).to_string())
            }
            Level::Num => Some((l.parse::<u32>().ok()? + 1).to_string()),
            Level::Roman => Some(to_roman(roman_value(l)? + 1)),
        }
    }
}

/// Rebuilds paragraph ids from labels in document order: a label is either the first
/// child of the current paragraph or the successor of one of its ancestors.
#[derive(Default)]
struct Builder {
    stack: Vec<String>,
    texts: Vec<String>,
    out: Vec<Vec<String>>,
}

impl Builder {
    fn place(&self, lab: &str, text: &str, note_mode: bool) -> Option<usize> {
        let n = self.stack.len();
        let mut cands = Vec::new();
        let body = text.trim_start_matches(['*', ' ']);
        if note_mode && body.starts_with(|c: char| c.is_lowercase()) {
            return None; // enumerations inside notes start in lower case
        }
        if lab == "x" && n >= 1 && body.to_lowercase().starts_with("commodities, software") {
            return Some(0); // the (x) paragraph may follow any top-level paragraph
        }
        if n < KINDS.len() && lab == KINDS[n].first() && !note_mode {
            cands.push(n);
        }
        for d in (0..n).rev() {
            let k = KINDS[d];
            if k.valid(lab)
                && self.stack[d] != lab
                && k.succ(&self.stack[d]).as_deref() == Some(lab)
            {
                cands.push(d);
            }
        }
        if cands.len() > 1 && cands[0] == n {
            if let Some(top) = self.texts.last() {
                let top = top.trim_end();
                let tail = &top[top.len().saturating_sub(60)..];
                let tail = if top.is_char_boundary(top.len().saturating_sub(60)) {
                    tail
                } else {
                    top
                };
                if !(top.ends_with(':') || tail.contains("following") || top.contains("as follows"))
                {
                    cands.remove(0);
                }
            }
        }
        if cands.len() > 1 {
            let t = text.trim_start_matches(['*', ' ']).to_lowercase();
            if t.starts_with("technical data")
                || t.starts_with("commodities, software, and technical data subject to the ear")
            {
                return cands.iter().copied().min();
            }
        }
        cands.first().copied()
    }

    fn add(&mut self, labels: &[Label], text: &str, note_mode: bool) -> bool {
        let Some(first) = labels.first() else {
            return false;
        };
        let lab0 = match first {
            Label::One(l) | Label::Range(l, _) => l.clone(),
        };
        let Some(d) = self.place(&lab0, text, note_mode) else {
            return false;
        };
        self.stack.truncate(d);
        self.texts.truncate(d);
        if let Label::Range(a, b) = first {
            let mut lab = a.clone();
            for _ in 0..60 {
                self.stack.truncate(d);
                self.stack.push(lab.clone());
                self.out.push(self.stack.clone());
                if &lab == b {
                    break;
                }
                match KINDS[d].succ(&lab) {
                    Some(n) => lab = n,
                    None => break,
                }
            }
            self.texts.push(text.to_string());
            return true;
        }
        self.stack.push(lab0);
        self.texts.push(text.to_string());
        for extra in &labels[1..] {
            self.out.push(self.stack.clone());
            if let Label::One(l) = extra {
                self.stack.push(l.clone());
                self.texts.push(text.to_string());
            }
        }
        self.out.push(self.stack.clone());
        true
    }
}

enum Label {
    One(String),
    Range(String, String),
}

/// Labels at the start of a paragraph: `(c)`, `(c)(1)`, or a range `(j)-(w)`.
fn split_labels(mut s: &str) -> (Vec<Label>, &str) {
    let mut out = Vec::new();
    while let Some(rest) = s.strip_prefix('(') {
        let Some(close) = rest.find(')') else { break };
        let lab = &rest[..close];
        if lab.is_empty() || !lab.chars().all(|c| c.is_ascii_alphanumeric()) {
            break;
        }
        let after = &rest[close + 1..];
        let trimmed = after.trim_start();
        if let Some(r2) = trimmed.strip_prefix('-') {
            let r2 = r2.trim_start();
            if let Some(r3) = r2.strip_prefix('(') {
                if let Some(c2) = r3.find(')') {
                    let lab2 = &r3[..c2];
                    if !lab2.is_empty() && lab2.chars().all(|c| c.is_ascii_alphanumeric()) {
                        out.push(Label::Range(lab.to_string(), lab2.to_string()));
                        s = &r3[c2 + 1..];
                        break;
                    }
                }
            }
        }
        out.push(Label::One(lab.to_string()));
        s = after;
        if !s.starts_with('(') {
            break;
        }
    }
    (out, s.trim())
}

fn fmt_id(cat: &str, path: &[String]) -> String {
    let mut s = cat.to_string();
    for p in path {
        s.push('(');
        s.push_str(p);
        s.push(')');
    }
    s
}

/// Ids enumerated by the eCFR Markdown of 22 CFR 121.1 (in force 2025-08-28).
fn markdown_ids(text: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut cat: Option<String> = None;
    let mut b = Builder::default();
    let mut note = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## Category ") {
            let roman: String = rest.chars().take_while(char::is_ascii_uppercase).collect();
            if let Some(c) = cat.take() {
                ids.extend(b.out.iter().map(|p| fmt_id(&c, p)));
            }
            cat = Some(roman);
            b = Builder::default();
            note = false;
            continue;
        }
        if cat.is_none() {
            continue;
        }
        if (line.starts_with("####") || line.starts_with("§§"))
            && (line.contains("Editorial") || line.contains("Effective") || line.contains("§§"))
        {
            if let Some(c) = cat.take() {
                ids.extend(b.out.iter().map(|p| fmt_id(&c, p)));
            }
            b = Builder::default();
            continue;
        }
        if line.starts_with("**Note") || line.starts_with("*Note") {
            note = true;
            continue;
        }
        let mut s = line.trim();
        if let Some(r) = s.strip_prefix('*') {
            if r.trim_start().starts_with('(') {
                s = r.trim_start();
            }
        }
        if !s.starts_with('(') {
            continue;
        }
        let (labels, rest) = split_labels(s);
        if labels.is_empty() {
            continue;
        }
        if b.add(&labels, rest, note) {
            note = false;
        }
    }
    if let Some(c) = cat {
        ids.extend(b.out.iter().map(|p| fmt_id(&c, p)));
    }
    ids
}

/// Ids enumerated by the knowledge-graph CSV (ITAR as amended through 2025-10-02). Its
/// own ids are unreliable (see SOURCES.md), so ids are rebuilt from the labels.
fn kg_ids(text: &str) -> BTreeSet<String> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut builders: BTreeMap<String, Builder> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.expect("KG CSV row");
        let (rid, cat, label, txt) = (&rec[0], &rec[1], &rec[3], &rec[5]);
        if !builders.contains_key(cat) {
            order.push(cat.to_string());
        }
        let b = builders.entry(cat.to_string()).or_default();
        // reserved ranges are written `(j-(w)` in the id column
        let labels = match rid.rfind('(').and_then(|i| {
            let tail = &rid[..i];
            let open = tail.rfind('(')?;
            let a = tail[open + 1..].strip_suffix('-')?;
            let bb = rid[i + 1..].trim_end_matches(')');
            Some((a.to_string(), bb.to_string()))
        }) {
            Some((a, bb)) if !a.is_empty() && !bb.is_empty() => vec![Label::Range(a, bb)],
            _ => vec![Label::One(label.to_string())],
        };
        b.add(&labels, txt, false);
    }
    let mut ids = BTreeSet::new();
    for c in order {
        ids.extend(builders[&c].out.iter().map(|p| fmt_id(&c, p)));
    }
    ids
}

#[derive(serde::Deserialize)]
struct Exceptions {
    exception: Vec<ExceptionRow>,
}

#[derive(serde::Deserialize)]
struct ExceptionRow {
    id: String,
    source: String,
    reason: String,
}

#[test]
fn coverage_every_reference_usml_paragraph_is_in_data() {
    // 22 CFR 121.1: every enumerated paragraph, both before and after the 2025 revisions.
    let md = markdown_ids(&reference("itar-121.1-usml.md"));
    let kg = kg_ids(&reference("itar-kg-2025-10/nodes_USMLEntry.csv"));
    let exc_text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/coverage/usml-exceptions.toml"),
    )
    .expect("fixtures/coverage/usml-exceptions.toml");
    let exc: Exceptions = toml::from_str(&exc_text).expect("exceptions file parses");
    let mut excepted = BTreeMap::new();
    for e in &exc.exception {
        assert!(
            e.reason.split_whitespace().count() >= 5,
            "{}: every exception needs a justification",
            e.id
        );
        assert!(
            matches!(e.source.as_str(), "markdown" | "kg"),
            "{}: source must be `markdown` or `kg`",
            e.id
        );
        excepted.insert(e.id.clone(), e);
    }
    let c = catalog();
    let data: BTreeSet<String> = c.usml.keys().map(ToString::to_string).collect();
    let reference: BTreeSet<String> = md.union(&kg).cloned().collect();

    let mut missing = Vec::new();
    for id in &reference {
        let canon = UsmlId::parse(id).map_or_else(|_| id.clone(), |u| u.to_string());
        if !data.contains(&canon) && !excepted.contains_key(id) {
            missing.push(id.clone());
        }
    }
    let unused: Vec<&String> = excepted
        .keys()
        .filter(|id| !reference.contains(*id) || data.contains(*id))
        .collect();
    let extra: Vec<&String> = data.iter().filter(|id| !reference.contains(*id)).collect();
    println!(
        "USML coverage: {} ids in the reference ({} eCFR 2025-08-28, {} KG 2025-10-02), {} in data/, {} covered, {} exceptions, {} data ids not in the reference",
        reference.len(),
        md.len(),
        kg.len(),
        data.len(),
        reference.len() - missing.len() - excepted.len() + unused.len(),
        excepted.len(),
        extra.len()
    );
    assert!(
        missing.is_empty(),
        "reference ids missing from data/usml and not excepted: {missing:?}"
    );
    assert!(
        unused.is_empty(),
        "stale exceptions (id now in data or no longer in the reference): {unused:?}"
    );
    assert!(
        extra.is_empty(),
        "data ids the reference does not enumerate: {extra:?}"
    );
}

#[test]
fn coverage_parser_finds_known_paragraphs() {
    // Guards the parser itself: ids that must come out of each source.
    let md = markdown_ids(&reference("itar-121.1-usml.md"));
    for id in [
        "I(a)",
        "XI(c)(4)(iii)",
        "XII(c)(2)(ii)",
        "XII(e)(23)(iv)",
        "XIV(g)(4)(xlix)",
        "XI(x)",
        "VIII(h)(4)(ii)(F)",
    ] {
        assert!(md.contains(id), "markdown parser lost {id}");
    }
    let kg = kg_ids(&reference("itar-kg-2025-10/nodes_USMLEntry.csv"));
    for id in [
        "VIII(h)(1)(i)",
        "X(b)(4)",
        "XI(c)(10)(vii)",
        "XIX(f)(1)(i)",
        "XX(a)(10)",
        "XIII(j)(3)(iv)",
    ] {
        assert!(kg.contains(id), "KG parser lost {id}");
    }
}

// ---------------------------------------------------------------------------------------
// Spot checks (each row cites its paragraph)
// ---------------------------------------------------------------------------------------

/// (id, sme, mt, catch_all, reserved, kinds) as the regulation marks them.
type UsmlRow = (&'static str, bool, bool, bool, bool, &'static [Kind]);

#[rustfmt::skip]
const USML_ROWS: &[UsmlRow] = &[
    ("I(a)",            true,  false, false, false, &[]),      // 121.1 Cat I(a) caseless-ammunition firearms, SME
    ("I(f)",            false, false, false, true,  &[]),      // I(f) [Reserved]
    ("I(h)(3)",         false, false, true,  false, &[]),      // I(h)(3) parts for (c)/(e): catch-all
    ("I(i)",            false, false, false, false, &[Kind::Technology, Kind::Service]), // I(i) technical data
    ("II(a)",           false, false, false, false, &[]),      // II(a) guns over .50 caliber: heading, marks sit on (a)(1)-(a)(11)
    ("III(a)",          false, false, false, false, &[]),      // III(a) ammunition: heading without asterisk
    ("IV(a)",           true,  false, false, false, &[]),      // IV(a) rockets, missiles, bombs...: SME
    ("IV(a)(1)",        false, true,  false, false, &[]),      // IV(a)(1) 500 kg / 300 km (MT)
    ("IV(d)(4)",        false, true,  false, false, &[]),      // IV(d)(4) ramjets, scramjets (MT)
    ("IV(h)(12)",       false, true,  false, false, &[]),      // IV(h)(12) post-boost vehicles (MT)
    ("IV(i)",           false, true,  false, false, &[Kind::Technology, Kind::Service]), // IV(i) data/services, MT for part
    ("V(a)(4)",         false, true,  false, false, &[]),      // V(a)(4) CL-20 (MT for CL-20 itself)
    ("VI(a)",           true,  false, false, false, &[]),      // VI(a) warships, SME
    ("VII(a)",          true,  false, false, false, &[]),      // VII(a) armored combat vehicles, SME
    ("VIII(a)(1)",      true,  false, false, false, &[]),      // VIII(a)(1) bombers, SME
    ("VIII(h)(1)",      false, false, true,  false, &[]),      // VIII(h)(1) parts for listed aircraft
    ("VIII(h)(1)(i)",   false, false, false, false, &[]),      // VIII(h)(1)(i) F-47 etc. (2025 revisions)
    ("X(b)",            false, false, false, false, &[]),      // X(b) exoskeletons (no longer reserved after 2025-09-15)
    ("XI(a)(3)",        true,  false, false, false, &[]),      // XI(a)(3) radar, SME
    ("XI(a)(3)(ix)",    false, false, false, true,  &[]),      // XI(a)(3)(ix) [Reserved]
    ("XI(b)",           true,  false, false, false, &[]),      // XI(b) SIGINT electronics, SME
    ("XI(c)(4)",        false, false, false, false, &[]),      // XI(c)(4) T/R modules
    ("XI(c)(15)",       false, true,  false, false, &[]),      // XI(c)(15) UAV electronics above 125 C (MT)
    ("XI(d)",           false, true,  false, false, &[Kind::Technology, Kind::Service]), // XI(d) data/services
    ("XI(x)",           false, false, true,  false, &[Kind::Hardware, Kind::Software, Kind::Technology]), // XI(x)
    ("XII(c)",          true,  false, false, false, &[]),      // XII(c) imaging systems, SME
    ("XII(e)(11)",      false, true,  false, false, &[]),      // XII(e)(11) accelerometers (MT)
    ("XII(e)(23)",      true,  false, false, false, &[]),      // XII(e)(23) classified parts, SME
    ("XII(f)",          false, true,  false, false, &[Kind::Technology, Kind::Service]), // XII(f) data/services, MT for the MT items
    ("XIII(b)(1)",      false, false, false, false, &[]),      // XIII(b)(1) military cryptographic systems
    ("XIII(i)",         true,  true,  false, false, &[Kind::Software, Kind::Technology]), // XIII(i) signature-reduction software/data
    ("XV(a)(1)",        true,  false, false, false, &[]),      // XV(a)(1) nuclear-detonation spacecraft, SME
    ("XV(e)(16)",       false, true,  false, false, &[]),      // XV(e)(16) star trackers (MT)
    ("XVI(a)",          false, false, false, true,  &[]),      // XVI(a) [Reserved]
    ("XVII(a)",         true,  false, false, false, &[Kind::Hardware, Kind::Software, Kind::Technology, Kind::Service]), // XVII
    ("XIX(d)",          true,  false, false, false, &[]),      // XIX(d) listed engines, SME
    ("XX(a)(9)",        false, false, false, false, &[]),      // XX(a)(9) uncrewed vessels (2025 revisions)
    ("XXI(a)",          true,  false, false, false, &[]),      // XXI(a) articles by DDTC determination
];

#[test]
fn usml_spot_checks_22_cfr_121_1() {
    let c = catalog();
    let mut bad = Vec::new();
    for (id, sme, mt, catch_all, reserved, kinds) in USML_ROWS {
        let key = UsmlId::parse(id).unwrap();
        let Some(e) = c.usml.get(&key) else {
            bad.push(format!("{id}: missing"));
            continue;
        };
        let got = (
            e.raw.sme,
            e.raw.mt,
            e.raw.catch_all,
            e.raw.reserved,
            e.raw.kinds.as_slice(),
        );
        if got != (*sme, *mt, *catch_all, *reserved, *kinds) {
            bad.push(format!("{id}: expected sme={sme} mt={mt} catch_all={catch_all} reserved={reserved} kinds={kinds:?}, got {got:?}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[rustfmt::skip]
const TERM_ROWS: &[(&str, &str)] = &[
    ("XII(c)(2)(ii)", "image intensifier"),   // XII(c)(2)(ii) Gen 2+/Gen 3 tubes in weapon sights
    ("XII(c)(1)", "night vision goggle"),     // XII(c)(1) goggles
    ("XI(a)(4)(i)", "radar warning receiver"),// XI(a)(4)(i) electronic support
    ("IV(c)", "counter-ied"),                 // IV(c) as revised 2025
    ("IV(g)", "warhead"),                     // IV(g) non-nuclear warheads
    ("IV(d)(7)", "rocket motor"),             // IV(d)(7)
    ("XI(c)(8)", "drfm"),                     // XI(c)(8)
];

#[test]
fn usml_matcher_terms_present() {
    let c = catalog();
    for (id, term) in TERM_ROWS {
        let e = &c.usml[&UsmlId::parse(id).unwrap()];
        assert!(
            e.raw.matching.terms.iter().any(|t| t == term),
            "{id} lacks term `{term}`"
        );
    }
}

/// (ISO code, table, paragraph) per 22 CFR 126.1(d) Tables 1 and 2.
#[rustfmt::skip]
const ITAR_126_1: &[(&str, u8, &str)] = &[
    ("CN", 1, "22 CFR 126.1(d)(1)"), // China, Table 1
    ("IR", 1, "22 CFR 126.1(d)(1)"), // Iran
    ("CU", 1, "22 CFR 126.1(d)(1)"), // Cuba
    ("KP", 1, "22 CFR 126.1(d)(1)"), // North Korea
    ("VE", 1, "22 CFR 126.1(d)(1)"), // Venezuela
    ("BY", 1, "22 CFR 126.1(d)(1)"), // Belarus
    ("SY", 1, "22 CFR 126.1(d)(1)"), // Syria
    ("MM", 1, "22 CFR 126.1(d)(1)"), // Burma
    ("RU", 2, "22 CFR 126.1(l)"),    // Russia, Table 2 -> (l)
    ("IQ", 2, "22 CFR 126.1(f)"),    // Iraq -> (f)
    ("AF", 2, "22 CFR 126.1(g)"),    // Afghanistan -> (g)
    ("CY", 2, "22 CFR 126.1(r)"),    // Cyprus -> (r)
    ("SS", 2, "22 CFR 126.1(w)"),    // South Sudan -> (w)
    ("ZW", 2, "22 CFR 126.1(s)"),    // Zimbabwe -> (s)
];

#[test]
fn itar_126_1_membership() {
    let c = catalog();
    for (code, table, para) in ITAR_126_1 {
        let country = Country::parse(code).unwrap();
        let p = c
            .proscribed
            .get(&country)
            .unwrap_or_else(|| panic!("{code} missing from 126.1"));
        assert_eq!(p.raw.table, *table, "{code} table");
        assert_eq!(p.raw.paragraph, *para, "{code} paragraph");
    }
    // Not 126.1 countries.
    for code in ["GB", "AU", "CA", "IN", "DE", "JP"] {
        assert!(
            !c.proscribed.contains_key(&Country::parse(code).unwrap()),
            "{code} is not in 126.1"
        );
    }
}

/// (row id, one USML scope id, canada, australia, uk) for supp. 1 to part 126.
#[rustfmt::skip]
const SUPP1_ROWS: &[(&str, &str, bool, bool, bool)] = &[
    ("S1-001", "*",        true,  true,  true),  // classified articles: Note 1 bars all three
    ("S1-002", "*",        true,  true,  true),  // MTCR Annex items
    ("S1-016", "I",        true,  false, false), // Cat I firearms: Canadian exemption only
    ("S1-017", "II(k)",    false, true,  true),  // source code: Note 4 (both treaties)
    ("S1-014", "*",        true,  false, false), // applied research/design/know-how services: Canada only (Note 12)
    ("S1-060", "XII",      false, true,  true),  // countermeasures: both treaties (Note 9)
    ("S1-063", "XII(f)",   true,  true,  true),  // manufacturing know-how for XII(d) (Notes 5, 12)
    ("S1-006", "*",        false, true,  true),  // pre-Milestone B developmental systems (126.16(g)(4), 126.17(g)(4))
    ("S1-086", "XVII",     true,  true,  true),  // Cat XVII: Note 1
    ("S1-085", "XVI",      true,  true,  true),  // nuclear weapons design/testing
];

#[test]
fn supp1_part_126_rows() {
    let c = catalog();
    for (id, scope, ca, au, uk) in SUPP1_ROWS {
        let r = c
            .supp1
            .iter()
            .find(|r| r.raw.id == *id)
            .unwrap_or_else(|| panic!("{id}"));
        assert!(r.raw.usml.iter().any(|u| u == scope), "{id} scope {scope}");
        assert_eq!(
            (r.raw.canada, r.raw.australia, r.raw.uk),
            (*ca, *au, *uk),
            "{id} flags"
        );
    }
    // every row says how its flags were checked (the reference table was rebuilt by a parser)
    for r in &c.supp1 {
        assert!(r.raw.caveat.is_some(), "{}: no caveat", r.raw.id);
    }
}

/// (row id, a USML id in its scope) for supp. 2 to part 126 (126.7 AUKUS Excluded Technology List).
#[rustfmt::skip]
const SUPP2_ROWS: &[(&str, &str)] = &[
    ("S2-001", "IV"),          // MTCR articles, Cats I-XV and XX
    ("S2-009", "VIII(a)(2)"),  // F-22
    ("S2-011", "XI(a)(1)(i)"), // underwater acoustic arrays
    ("S2-023", "XVI"),         // all of Cat XVI
    ("S2-028", "XXI"),         // Cat XXI unless designated eligible
];

#[test]
fn supp2_part_126_aukus_rows() {
    let c = catalog();
    for (id, scope) in SUPP2_ROWS {
        let r = c
            .supp2
            .iter()
            .find(|r| r.raw.id == *id)
            .unwrap_or_else(|| panic!("{id}"));
        assert!(r.raw.usml.iter().any(|u| u == scope), "{id} scope {scope}");
        assert!(
            !r.raw.canada && !r.raw.australia && !r.raw.uk,
            "{id}: supp. 2 has no flag columns"
        );
    }
}
