//! Classification against the REAL data compiled into the binary (`data/usml`), on
//! realistic BOM lines without declared codes (`fixtures/real/usml-all.csv`).
//!
//! Every USML category (22 CFR 121.1 I-XXI) is covered at least once; lines whose
//! answer may be a CCL entry must stay REVIEW until the CCL data lands (never EAR99);
//! a fastener is released under 22 CFR 120.41(b)(2); declared EAR99 on an enumerated
//! article is a conflict. Each expectation row cites its paragraph.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use exportctl::classify::{classify_bom, Classifier};
use exportctl::data::Catalog;
use exportctl::model::{Basis, Bom, ClassCode, Jurisdiction, Ruling};

mod common;
use common::read_bom;

const BOM: &str = "fixtures/real/usml-all.csv";
const EXPECTED: &str = "fixtures/real/usml-all.expected.csv";
const CCL_BOM: &str = "fixtures/real/ccl-all.csv";
const CCL_EXPECTED: &str = "fixtures/real/ccl-all.expected.csv";

fn real() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| exportctl::data::embedded().expect("embedded data valid"))
}

fn rulings() -> (Bom, Vec<Ruling>) {
    let bom = read_bom(BOM);
    let rulings = classify_bom(&bom, real());
    (bom, rulings)
}

/// Compares every ruling of `bom_path` with its `*.expected.csv` row (each row cites
/// its paragraph), on the real data.
fn check_expected(bom_path: &str, expected_path: &str) {
    common::check_expected(bom_path, expected_path, real());
}

/// The fixture's expected rulings, line by line (each row cites 22 CFR 121.1 or
/// 120.41(b)(2)).
#[test]
fn real_usml_fixture_matches_expected_rulings() {
    check_expected(BOM, EXPECTED);
}

/// 22 CFR 121.1: every category I-XXI has at least one ITAR line in the fixture.
#[test]
fn real_fixture_covers_every_usml_category() {
    let (_, rulings) = rulings();
    let covered: BTreeSet<u8> = rulings
        .iter()
        .filter_map(|r| match &r.classification {
            Some(ClassCode::Usml(u)) => Some(u.category()),
            _ => None,
        })
        .collect();
    let missing: Vec<u8> = (1..=21).filter(|c| !covered.contains(c)).collect();
    assert!(missing.is_empty(), "categories not covered: {missing:?}");
}

/// Fail closed (22 CFR 120.11; 15 CFR 734.3(c)): with the CCL data missing, no line
/// may become EAR99 unless declared and unchallenged or released under 120.41(b)(2);
/// items that may be EAR-controlled (`U*` rows) stay REVIEW.
#[test]
fn real_data_never_matches_ear99_and_keeps_possible_ccl_items_in_review() {
    let (_, rulings) = rulings();
    never_matched_ear99_and_unknowns_in_review(&rulings, "U");
}

/// Regression: a single generic word (`control` in "engine control unit") once
/// matched VI(f)(4) in the real data. No line of the fixture may be decided by one
/// generic word, whatever the data holds.
#[test]
fn real_data_no_ruling_rests_on_a_generic_term_alone() {
    let c = Classifier::new(real());
    let m = c.matcher();
    for t in &m.terms {
        assert!(
            !exportctl::classify::matcher::is_generic_term(t),
            "generic term `{t}` compiled"
        );
    }
}

/// The table is compact: one text line per BOM line (plus the header, borders and the
/// summary), no separators between rows, and at most three candidates per cell.
#[test]
fn table_is_one_line_per_bom_line_with_top_three_candidates() {
    let (bom, rulings) = rulings();
    let meta = exportctl::report::classify::Meta::new(real(), &bom.source);
    let table = exportctl::report::classify::render_table(&meta, &rulings);
    let lines: Vec<&str> = table.lines().collect();
    // top border, header, header separator, rows, bottom border, summary
    assert_eq!(lines.len(), rulings.len() + 5, "{table}");
    let separators = lines.iter().filter(|l| l.starts_with('├')).count();
    assert_eq!(separators, 0, "{table}");
    let mut truncated = 0;
    for r in &rulings {
        let row = lines
            .iter()
            .find(|l| l.starts_with(&format!("│ {} ", r.id)))
            .unwrap_or_else(|| panic!("no row for {}", r.id));
        if r.jurisdiction == Jurisdiction::Review && r.candidates.len() > 3 {
            assert!(
                row.contains(&format!("\u{2026} +{}", r.candidates.len() - 3)),
                "{row}"
            );
            assert!(!row.contains(&r.candidates[3].code.to_string()), "{row}");
            truncated += 1;
        }
    }
    assert!(truncated > 0, "the fixture exercises the truncation");
}

/// The real CCL fixture (`fixtures/real/ccl-all.csv`): every CCL category 0-9, the 600
/// series and 9x515, 5A002 vs 5A992.c (mass market), 3A001 vs 3A991, declared EAR99, a
/// conflicting declaration, a released fastener and unknown items; each row cites its
/// 15 CFR 774 Supp. 1 paragraph (or 22 CFR 120.41(b) / 15 CFR 734.3(c)).
#[test]
fn real_ccl_fixture_matches_expected_rulings() {
    check_expected(CCL_BOM, CCL_EXPECTED);
}

/// 15 CFR 774 Supp. 1: every CCL category 0-9 has at least one line whose EAR ruling
/// or REVIEW candidates name an ECCN of that category.
#[test]
fn real_ccl_fixture_covers_every_ccl_category() {
    let bom = read_bom(CCL_BOM);
    let rulings = classify_bom(&bom, real());
    let mut covered = BTreeSet::new();
    for r in &rulings {
        let codes = r
            .classification
            .iter()
            .chain(r.candidates.iter().map(|c| &c.code));
        for c in codes {
            if let ClassCode::Eccn(e) = c {
                covered.insert(e.category());
            }
        }
    }
    let missing: Vec<u8> = (0..=9).filter(|c| !covered.contains(c)).collect();
    assert!(
        missing.is_empty(),
        "CCL categories not covered: {missing:?}"
    );
}

/// Fail closed (15 CFR 734.3(c)): in the CCL fixture EAR99 comes only from a declaration
/// or a 120.41(b)(2) / 772.1(b)(2) release, and the `UNK-*` lines stay REVIEW.
#[test]
fn real_ccl_fixture_never_matches_ear99() {
    let bom = read_bom(CCL_BOM);
    never_matched_ear99_and_unknowns_in_review(&classify_bom(&bom, real()), "UNK");
}

/// EAR99 only from a declaration or a release, never from a match; lines whose id
/// starts with `unknown_prefix` stay REVIEW.
fn never_matched_ear99_and_unknowns_in_review(rulings: &[Ruling], unknown_prefix: &str) {
    for r in rulings {
        if r.classification == Some(ClassCode::Ear99) {
            assert!(
                matches!(r.basis, Basis::Declared | Basis::Released),
                "{}: EAR99 from {:?}",
                r.id,
                r.basis
            );
        }
        if r.id.starts_with(unknown_prefix) {
            assert_eq!(r.jurisdiction, Jurisdiction::Review, "{}", r.id);
        }
    }
}

/// Heading-level evidence (15 CFR 774 Supp. 4 order of review): a line that names only
/// a heading (`gps receiver` for 7A105, `cnc milling machine` for 2B001) is REVIEW
/// `missing-parameter` with the heading as the first candidate, never a guess among the
/// sibling paragraphs.
#[test]
fn real_heading_level_evidence_names_the_heading() {
    let bom = read_bom(CCL_BOM);
    let rulings = classify_bom(&bom, real());
    for (id, heading) in [("C2-1", "2B001"), ("C1-2", "1C010.b")] {
        let r = rulings.iter().find(|r| r.id == id).expect("line");
        assert_eq!(r.findings, vec!["missing-parameter".to_string()], "{id}");
        assert_eq!(r.candidates[0].code.to_string(), heading, "{id}");
        assert!(
            r.explanation.iter().any(|l| l.contains("heading")),
            "{id}: {:?}",
            r.explanation
        );
    }
}
