//! Helpers shared by the classification test binaries: fixture BOMs through the real
//! ingest, and the `*.expected.csv` tables.
#![allow(dead_code)]

use exportctl::model::{Basis, Bom};

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
