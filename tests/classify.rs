//! Classification rule tests on the pinned mini catalog (`fixtures/catalogs/mini`).
//!
//! Fixture BOMs in `fixtures/classify/` carry their expected rulings in a sibling
//! `*.expected.csv`; each expectation row cites the paragraph it checks. No test here
//! accepts EAR99 for a line that matched nothing.

use std::collections::BTreeMap;
use std::path::Path;

use exportctl::classify::{classify_bom, Classifier, SCHEMA};
use exportctl::data::{read_dir, Catalog};
use exportctl::model::{Basis, Bom, ClassCode, Item, Jurisdiction, ParamValue, Ruling};
use exportctl::report::classify as report;
use proptest::prelude::*;

mod common;
use common::{check_expected, read_bom};

fn mini() -> Catalog {
    let files = read_dir(Path::new("fixtures/catalogs/mini")).expect("mini catalog readable");
    Catalog::from_files(&files).unwrap_or_else(|p| panic!("mini catalog invalid: {p}"))
}

/// One compiled classifier shared by the property tests.
fn shared() -> &'static Classifier {
    static C: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
    C.get_or_init(|| Classifier::new(&mini()))
}

/// The one checker every fixture goes through (`common::check_expected`).
fn check_fixture(bom: &str, expected: &str) {
    check_expected(bom, expected, &mini());
}

/// Every USML category (22 CFR 121.1 I-XXI), every CCL category (15 CFR 774 Supp. 1
/// 0-9), the 600 series, 9x515, 3A001 vs 3A991, 5A002 vs 5A992.c and unknown items.
#[test]
fn families_fixture_matches_expected_rulings() {
    check_fixture(
        "fixtures/classify/families.csv",
        "fixtures/classify/families.expected.csv",
    );
}

/// Declared codes (existence, heading-only, conflicts, kinds) and the specially
/// designed releases of 22 CFR 120.41(b) / 15 CFR 772.1(b).
#[test]
fn declared_fixture_matches_expected_rulings() {
    check_fixture(
        "fixtures/classify/declared.csv",
        "fixtures/classify/declared.expected.csv",
    );
}

#[test]
fn fixtures_cover_every_usml_and_ccl_category() {
    let cat = mini();
    let mut rulings = classify_bom(&read_bom("fixtures/classify/families.csv"), &cat);
    rulings.extend(classify_bom(
        &read_bom("fixtures/classify/declared.csv"),
        &cat,
    ));
    let mut usml = std::collections::BTreeSet::new();
    let mut ccl = std::collections::BTreeSet::new();
    for r in &rulings {
        match &r.classification {
            Some(ClassCode::Usml(u)) => {
                usml.insert(u.category());
            }
            Some(ClassCode::Eccn(e)) => {
                ccl.insert(e.category());
            }
            _ => {}
        }
    }
    assert_eq!(usml.len(), 21, "USML categories covered: {usml:?}");
    assert_eq!(ccl.len(), 10, "CCL categories covered: {ccl:?}");
}

/// 22 CFR 120.11(b)(2): an item described by an enumerated paragraph and a catch-all
/// is classified in the enumerated one.
#[test]
fn enumerated_usml_beats_catch_all_22_cfr_120_11_b_2() {
    let cat = mini();
    let c = Classifier::new(&cat);
    let r = c.classify(&Item::new("1", "Airborne AESA radar chassis"));
    assert_eq!(r.classification.unwrap().to_string(), "XI(a)(3)");
}

/// Order of review: the USML is reviewed before the CCL (22 CFR 120.11; 15 CFR 774
/// Supp. 4) — an image intensifier tube is XII(c)(2), not a CCL entry.
#[test]
fn usml_before_ccl_order_of_review() {
    let cat = mini();
    let c = Classifier::new(&cat);
    let r = c.classify(&Item::new("1", "Image intensifier tube, 18 mm"));
    assert_eq!(r.jurisdiction, Jurisdiction::Itar);
    assert!(r.citations.iter().any(|c| c.0 == "22 CFR 120.11"));
    assert!(r
        .citations
        .iter()
        .any(|c| c.0 == "22 CFR 121.1, Category XII(c)(2)"));
}

/// A threshold not met moves the item to the next entry (15 CFR 774 Supp. 4), and
/// the explanation says so.
#[test]
fn threshold_not_met_moves_to_next_entry_3a001_to_3a991() {
    let cat = mini();
    let c = Classifier::new(&cat);
    let r = c.classify(&Item::new("1", "ADC 12-bit 100 MSPS"));
    assert_eq!(r.classification.unwrap().to_string(), "3A991.c");
    let text = r.explanation.join("\n");
    assert!(text.contains("3A001.a.5.a"), "{text}");
    assert!(text.contains("moves to the next entry"), "{text}");
    assert!(text.contains("sample_rate_msps 100 >= 1000"), "{text}");
}

/// Params column values win over prose (3A001.b.2 thresholds).
#[test]
fn params_column_overrides_prose_3a001_b_2() {
    let cat = mini();
    let c = Classifier::new(&cat);
    let mut it = Item::new("1", "MMIC power amplifier 8-12 GHz 20 W");
    it.params.insert("power_w".into(), ParamValue::Number(5.0));
    let r = c.classify(&it);
    assert_eq!(r.jurisdiction, Jurisdiction::Review);
}

/// Output is in input order and does not depend on the thread count.
#[test]
fn deterministic_across_thread_counts() {
    let cat = mini();
    let bom = read_bom("fixtures/classify/families.csv");
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| classify_bom(&bom, &cat));
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap()
        .install(|| classify_bom(&bom, &cat));
    assert_eq!(one, four);
    let ids: Vec<&str> = one.iter().map(|r| r.id.as_str()).collect();
    let want: Vec<&str> = bom.items().iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, want);
}

/// The JSON output validates against the documented schema.
#[test]
fn json_output_validates_against_schema() {
    let cat = mini();
    for f in ["families", "declared"] {
        let bom = read_bom(&format!("fixtures/classify/{f}.csv"));
        let rulings = classify_bom(&bom, &cat);
        let json = report::render_json(&report::Meta::new(&cat, &bom.source), &rulings);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["schema"], SCHEMA);
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string("docs/schema/classify.schema.json").unwrap(),
        )
        .unwrap();
        let compiled = jsonschema::JSONSchema::compile(&schema).expect("schema compiles");
        if let Err(errors) = compiled.validate(&value) {
            let msgs: Vec<String> = errors
                .map(|e| format!("{e} at {}", e.instance_path))
                .collect();
            panic!("{f}: schema violations:\n{}", msgs.join("\n"));
        };
    }
}

/// Table, CSV and Markdown show the same facts as the JSON.
#[test]
fn renderers_show_the_same_facts() {
    let cat = mini();
    let bom = read_bom("fixtures/classify/declared.csv");
    let rulings = classify_bom(&bom, &cat);
    let meta = report::Meta::new(&cat, &bom.source);
    let table = report::render_table(&meta, &rulings);
    let csv = report::render_csv(&rulings);
    let md = report::render_markdown(&meta, &rulings);
    for r in &rulings {
        let class = r
            .classification
            .as_ref()
            .map_or("-".to_string(), ToString::to_string);
        for (name, text) in [("table", &table), ("csv", &csv), ("markdown", &md)] {
            assert!(text.contains(&r.id), "{name} lacks {}", r.id);
            assert!(text.contains(&class), "{name} lacks {class}");
            for f in &r.findings {
                assert!(text.contains(f.as_str()), "{name} lacks finding {f}");
            }
        }
    }
    let explain = report::render_explain(&rulings[0]);
    assert!(explain.contains("XI(a)(3)"), "{explain}");
}

fn no_evidence_word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "widget",
        "bracket",
        "panel",
        "housing",
        "label",
        "gizmo",
        "cover",
        "plate",
        "assembly",
        "sub-assembly",
        "unit",
        "thing",
        "part",
        "item",
        "box",
        "module",
        "kit",
        "frame",
        "lid",
        "handle",
        "foam",
        "tape",
        "cable",
        "harness",
        "o-ring",
        "gasket",
        "resistor",
        "capacitor",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Fail closed (22 CFR 120.11; 15 CFR 734.3(c)): a line without evidence is never EAR99.
    #[test]
    fn no_evidence_is_never_ear99(
        words in prop::collection::vec(no_evidence_word(), 1..6),
        num in 0u32..100_000,
        junk in "[a-z]{0,8}",
    ) {
        let c = shared();
        let desc = format!("{} {num} {junk}", words.join(" "));
        let r = c.classify(&Item::new("1", desc.clone()));
        prop_assert!(r.classification != Some(ClassCode::Ear99), "{desc}: {r:?}");
        prop_assert_eq!(r.jurisdiction, Jurisdiction::Review, "{}", desc);
    }

    /// Row order never changes a line's ruling.
    #[test]
    fn row_order_does_not_change_rulings(seed in 0u64..1000) {
        let bom = read_bom("fixtures/classify/families.csv");
        let mut items = bom.items().to_vec();
        let n = items.len();
        for i in 0..n {
            let j = usize::try_from((seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64)) % n as u64).unwrap();
            items.swap(i, j);
        }
        let shuffled = Bom::new("s", items).unwrap();
        let c = shared();
        let a: BTreeMap<String, Ruling> = c.classify_items(bom.items()).into_iter().map(|r| (r.id.clone(), r)).collect();
        let b: BTreeMap<String, Ruling> = c.classify_items(shuffled.items()).into_iter().map(|r| (r.id.clone(), r)).collect();
        prop_assert_eq!(a, b);
    }
}

/// Smoke test on the data built into the binary (`data/`): whatever it holds, a line
/// is never EAR99 unless declared or released (fail closed, 15 CFR 734.3(c)).
#[test]
fn embedded_data_smoke_never_undeclared_ear99() {
    let cat = exportctl::data::embedded().expect("embedded data valid");
    for f in ["families", "declared"] {
        let bom = read_bom(&format!("fixtures/classify/{f}.csv"));
        for r in classify_bom(&bom, &cat) {
            if r.classification == Some(ClassCode::Ear99) {
                assert!(
                    matches!(r.basis, Basis::Declared | Basis::Released),
                    "{}: {r:?}",
                    r.id
                );
            }
            assert!(!r.citations.is_empty());
        }
    }
}

fn exportctl_cmd() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("exportctl").unwrap();
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

#[test]
fn cli_classify_json_is_the_contract() {
    let out = exportctl_cmd()
        .args([
            "--data",
            "fixtures/catalogs/mini",
            "classify",
            "fixtures/classify/declared.csv",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["schema"], SCHEMA);
    assert_eq!(v["items"][1]["id"], "R.1");
    assert_eq!(v["items"][1]["basis"], "released");
    assert_eq!(v["items"][1]["classification"], "EAR99");
}

/// `--explain ID` prints the decision path with the release citation
/// (22 CFR 120.41(b)(2)).
#[test]
fn cli_explain_prints_the_path_in_prose() {
    exportctl_cmd()
        .args([
            "--data",
            "fixtures/catalogs/mini",
            "classify",
            "fixtures/classify/declared.csv",
            "--explain",
            "R.2",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("22 CFR 120.41(b)(2)"))
        .stdout(predicates::str::contains("Decision path:"));
    exportctl_cmd()
        .args([
            "--data",
            "fixtures/catalogs/mini",
            "classify",
            "fixtures/classify/declared.csv",
            "--explain",
            "NOPE",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("`NOPE`"));
}

#[test]
fn cli_map_renames_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plm.csv");
    std::fs::write(
        &path,
        "Find,Part Description,Export Class\n1,MMIC power amplifier 8-12 GHz 20 W,\n2,Widget,EAR99\n",
    )
    .unwrap();
    let out = exportctl_cmd()
        .args(["--data", "fixtures/catalogs/mini", "classify"])
        .arg(&path)
        .args([
            "--map",
            "Find=id",
            "--map",
            "Part Description=description",
            "--map",
            "Export Class=eccn",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("1,EAR,3A001.b.2,matched"), "{text}");
    assert!(text.contains("2,EAR,EAR99,declared"), "{text}");
}
