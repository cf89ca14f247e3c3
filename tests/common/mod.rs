//! Helpers shared by the classification test binaries: fixture BOMs through the real
//! ingest, and the `*.expected.csv` tables.
#![allow(dead_code)]

use std::collections::BTreeMap;

use exportctl::classify::classify_bom;
use exportctl::data::Catalog;
use exportctl::model::{Basis, Bom, ClassCode, Jurisdiction, Ruling};

/// Reads a fixture BOM through the real ingest (`exportctl::bom`).
pub fn read_bom(path: &str) -> Bom {
    let text = std::fs::read(path).expect("fixture readable");
    exportctl::bom::read_csv(
        text.as_slice(),
        &exportctl::bom::Options::new(path),
        &mut |_| {},
    )
    .unwrap_or_else(|p| panic!("{p}"))
}

/// One row of an `*.expected.csv` table.
pub struct Expect {
    pub id: String,
    pub jurisdiction: String,
    pub classification: String,
    pub basis: String,
    pub finding: String,
    pub cite: String,
}

/// Reads an `*.expected.csv` table.
pub fn read_expected(path: &str) -> Vec<Expect> {
    let mut rdr = csv::Reader::from_path(path).expect("expectations readable");
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            Expect {
                id: r[0].to_string(),
                jurisdiction: r[1].to_string(),
                classification: r[2].to_string(),
                basis: r[3].to_string(),
                finding: r[4].to_string(),
                cite: r[5].to_string(),
            }
        })
        .collect()
}

/// The JSON spelling of a basis.
pub fn basis_str(b: Basis) -> &'static str {
    match b {
        Basis::Declared => "declared",
        Basis::Matched => "matched",
        Basis::Released => "released",
        Basis::Inherited => "inherited",
        Basis::None => "none",
    }
}

/// The one checker every fixture goes through: every line has an expectation row
/// (citing its paragraph), every ruling matches it, and the invariants of a ruling
/// hold (citations, explanation, REVIEW has a finding and no code, EAR99 only from a
/// declaration or a release).
pub fn check_expected(bom: &str, expected: &str, cat: &Catalog) {
    let bom = read_bom(bom);
    let rulings = classify_bom(&bom, cat);
    let by_id: BTreeMap<&str, &Ruling> = rulings.iter().map(|r| (r.id.as_str(), r)).collect();
    let exp = read_expected(expected);
    assert_eq!(
        exp.len(),
        bom.len(),
        "every fixture line has an expectation"
    );
    let mut failures = Vec::new();
    for e in &exp {
        assert!(!e.cite.is_empty(), "{}: expectation without citation", e.id);
        let r = by_id.get(e.id.as_str()).expect("ruling for every line");
        let got_class = r
            .classification
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let ok = r.jurisdiction.to_string() == e.jurisdiction
            && got_class == e.classification
            && basis_str(r.basis) == e.basis
            && (e.finding.is_empty() || r.findings.contains(&e.finding));
        if !ok {
            failures.push(format!(
                "{} ({}): want {} {} {} {:?}, got {} {} {} {:?}\n  {}",
                e.id,
                e.cite,
                e.jurisdiction,
                e.classification,
                e.basis,
                e.finding,
                r.jurisdiction,
                got_class,
                basis_str(r.basis),
                r.findings,
                r.explanation.join("\n  ")
            ));
        }
        // Invariants of every ruling.
        assert!(!r.citations.is_empty(), "{}: no citation", e.id);
        assert!(!r.explanation.is_empty(), "{}: no explanation", e.id);
        if r.jurisdiction == Jurisdiction::Review {
            assert!(r.classification.is_none(), "{}", e.id);
            assert!(!r.findings.is_empty(), "{}: REVIEW without finding", e.id);
        }
        if r.classification == Some(ClassCode::Ear99) {
            // EAR99 only from a surviving declaration or a release.
            assert!(
                matches!(r.basis, Basis::Declared | Basis::Released),
                "{}: EAR99 from {:?}",
                e.id,
                r.basis
            );
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
