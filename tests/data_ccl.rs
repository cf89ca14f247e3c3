//! The bundled CCL data: it loads, covers every ECCN heading of the reference text,
//! survives an importer round trip, rejects broken fixtures with precise messages,
//! and matches the regulation in table-driven spot checks (each row cites its paragraph).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use exportctl::data::{self, Catalog};
use exportctl::model::{Country, Eccn};

const REF: &str = "../shared/reference";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reference(rel: &str) -> PathBuf {
    let p = root().join(REF).join(rel);
    assert!(
        p.exists(),
        "reference file `{}` is missing: the CCL tests need ../shared/reference beside the project",
        p.display()
    );
    p
}

fn catalog() -> Catalog {
    data::embedded().unwrap_or_else(|p| panic!("bundled data does not load: {p}"))
}

fn exportctl() -> Command {
    let mut c = Command::cargo_bin("exportctl").unwrap();
    c.env_clear().env("NO_COLOR", "1").current_dir(root());
    c
}

#[test]
fn bundled_data_loads_and_validates() {
    let cat = catalog();
    assert!(cat.ccl.len() >= 633, "only {} ECCNs", cat.ccl.len());
    assert_eq!(cat.ccl_categories.len(), 10);
    let problems = data::validate::check(&cat);
    assert!(problems.is_empty(), "{problems:#?}");
    for e in cat.ccl.values() {
        assert!(
            e.raw.note.as_deref() != Some(data::ecfr::TITLE_TO_CURATE),
            "{} has no curated title",
            e.id
        );
        assert!(
            e.raw.title.split_whitespace().count() <= 10,
            "{} title too long",
            e.id
        );
    }
}

/// Headings of the reference CCL, read with this test's own parsers: the Markdown
/// transcription (`## 3A001 — ...`) and the eCFR XML (`<FP-2><B>3A001 ...`).
fn reference_headings() -> (BTreeSet<String>, BTreeSet<String>) {
    let head = regex::Regex::new(r"(?m)^## ([0-9][A-E][0-9]{3})\b").unwrap();
    let mut md = BTreeSet::new();
    for n in 0..=9 {
        let text = std::fs::read_to_string(reference(&format!("regs/ear-774-supp1-ccl-cat{n}.md")))
            .unwrap();
        md.extend(head.captures_iter(&text).map(|c| c[1].to_string()));
    }
    let xml = std::fs::read_to_string(reference("ecfr-xml/ccl-supp1-part774.xml")).unwrap();
    let fp2 = regex::Regex::new(r"<FP-2><B>([0-9][A-E][0-9]{3})\b").unwrap();
    let x = fp2.captures_iter(&xml).map(|c| c[1].to_string()).collect();
    (md, x)
}

#[test]
fn coverage_every_reference_eccn_heading_is_in_the_data() {
    let cat = catalog();
    let have: BTreeSet<String> = cat.ccl.keys().map(ToString::to_string).collect();
    let exceptions: BTreeSet<String> =
        std::fs::read_to_string(root().join("fixtures/coverage/ccl-exceptions.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_whitespace().next().map(str::to_string))
            .collect();
    let (md, xml) = reference_headings();
    let all: BTreeSet<String> = md.union(&xml).cloned().collect();
    let missing: Vec<&String> = all
        .iter()
        .filter(|id| !have.contains(*id) && !exceptions.contains(*id))
        .collect();
    let covered = all.len() - missing.len();
    println!(
        "CCL coverage: {covered}/{} headings (markdown 2026-07-23: {}, eCFR XML: {}), {} exceptions",
        all.len(),
        md.len(),
        xml.len(),
        exceptions.len()
    );
    assert!(
        md.len() >= 633 && xml.len() >= 633,
        "reference parse too small"
    );
    assert!(missing.is_empty(), "missing ECCNs: {missing:?}");
}

#[test]
fn coverage_special_series_are_present() {
    // 15 CFR 774 supp. 1: 600 series, 9x515, 0x5zz and 0Y521 entries.
    let cat = catalog();
    for id in [
        "0A606", "3A611", "9A610", "9A515", "9B515", "9E515", "0A501", "0A505", "0A521", "0B521",
        "0C521", "0D521", "0E521",
    ] {
        assert!(
            cat.ccl.contains_key(&Eccn::parse(id).unwrap()),
            "{id} missing"
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn importer_round_trip_reports_no_changes() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("data"), tmp.path());
    let before = std::fs::read_to_string(tmp.path().join("ccl/cat-3.toml")).unwrap();
    let xml = reference("ecfr-xml/ccl-supp1-part774.xml");
    let out = exportctl()
        .arg("--data")
        .arg(tmp.path())
        .args(["data", "import", "--ecfr"])
        .arg(&xml)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("no changes"), "{stdout}");
    assert!(stdout.contains("0 file(s) written"), "{stdout}");
    assert_eq!(
        before,
        std::fs::read_to_string(tmp.path().join("ccl/cat-3.toml")).unwrap()
    );
}

#[test]
fn importer_reports_added_removed_changed_and_keeps_curated_titles() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/catalogs/mini-ccl"), tmp.path());
    // Curate the fixture: a title and a term on 3A001, and a second ECCN the XML drops.
    let cat3 = tmp.path().join("ccl/cat-3.toml");
    let text = std::fs::read_to_string(&cat3).unwrap().replace(
        "title = \"Electronic components\"",
        "title = \"Curated widget title\"\nterms = [\"widget\"]",
    ) + "\n[[eccn]]\nid = \"3A999\"\ntitle = \"Going away\"\n";
    std::fs::write(&cat3, text).unwrap();
    let xml = root().join("fixtures/ecfr/small-changed.xml");
    let dry = exportctl()
        .arg("--data")
        .arg(tmp.path())
        .args(["data", "import", "--dry-run", "--ecfr"])
        .arg(&xml)
        .assert()
        .success();
    let s = String::from_utf8(dry.get_output().stdout.clone()).unwrap();
    assert!(s.contains("1 added, 1 removed, 1 changed ECCNs"), "{s}");
    assert!(s.contains("+ 3A777"), "{s}");
    assert!(s.contains("- 3A999"), "{s}");
    assert!(s.contains("reasons [NS, AT] -> [NS, MT, AT]"), "{s}");
    assert!(
        s.contains("paragraph 3A001.a.1 removed") || s.contains("paragraph 3A001.b added"),
        "{s}"
    );
    assert!(s.contains("dry run"), "{s}");
    assert!(
        std::fs::read_to_string(&cat3).unwrap().contains("3A999"),
        "dry run wrote"
    );
    exportctl()
        .arg("--data")
        .arg(tmp.path())
        .args(["data", "import", "--ecfr"])
        .arg(&xml)
        .assert()
        .success();
    let after = std::fs::read_to_string(&cat3).unwrap();
    assert!(
        after.contains("title = \"Curated widget title\""),
        "{after}"
    );
    assert!(after.contains("terms = [\"widget\"]"), "{after}");
    assert!(after.contains("id = \"3A777\""), "{after}");
    assert!(after.contains("note = \"title to curate\""), "{after}");
    assert!(!after.contains("3A999"), "{after}");
    assert!(
        after.contains("{ param = \"sample_rate_msps\", op = \">\", value = 100.0 }"),
        "{after}"
    );
    assert!(
        after.contains("{ code = \"LVS\", status = \"yes\", value_usd = 2500 }"),
        "{after}"
    );
    // The result is still a valid data set.
    exportctl()
        .arg("--data")
        .arg(tmp.path())
        .args(["data", "validate"])
        .assert()
        .success();
}

#[test]
fn validate_rejects_broken_fixtures_with_precise_messages() {
    let cases: &[(&str, &str)] = &[
        (
            "duplicate-id",
            "data/ccl/cat-3.toml: duplicate ECCN `3A001`",
        ),
        (
            "bad-parent",
            "paragraph `3A001.b.1` comes before (or without) its parent `3A001.b`",
        ),
        (
            "bad-country-code",
            "data/ccl/country-chart.toml: chart row: unknown country code `XQ`",
        ),
        (
            "unknown-chart-column",
            "ECCN `3A001`: `NS9` is not a country-chart column",
        ),
        (
            "reason-without-column",
            "ECCN `3A001`: reason `NS` has no country-chart column and no destination scope",
        ),
        (
            "exclusion-to-missing-entry",
            "row `S1-001` refers to `XI(q)`, which is not in the USML data",
        ),
        ("bad-toml", "data/ccl/country-groups.toml:6:10:"),
    ];
    for (dir, msg) in cases {
        let out = exportctl()
            .args(["data", "validate"])
            .arg(format!("fixtures/catalogs/broken/{dir}"))
            .assert()
            .code(2);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(err.contains(msg), "{dir}: expected `{msg}` in:\n{err}");
    }
    exportctl()
        .args(["data", "validate", "fixtures/catalogs/mini-ccl"])
        .assert()
        .success();
}

#[test]
fn lookup_shows_paragraph_parents_children_and_citation() {
    let out = exportctl()
        .args(["lookup", "3A001.a.5.a", "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["citation"], "15 CFR 774, Supp. 1, ECCN 3A001.a.5.a");
    assert_eq!(v["parents"][0]["id"], "3A001");
    assert_eq!(v["children"].as_array().unwrap().len(), 5);
    assert!(v["controls"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["column"] == "MT1"));
    exportctl()
        .args(["lookup", "3A001"])
        .assert()
        .success()
        .stdout(predicates::str::contains("NS -> chart column NS2"));
    exportctl().args(["lookup", "3A999.q"]).assert().code(2);
}

#[test]
fn data_info_prints_counts_and_as_of() {
    exportctl()
        .args(["data", "info"])
        .assert()
        .success()
        .stdout(predicates::str::contains("as_of:       2026-07-23"))
        .stdout(predicates::str::contains("ccl_eccns"))
        .stdout(predicates::str::contains("built-in"));
}

/// One spot check against the reference text.
enum Check {
    /// Reasons for control of an ECCN, in order.
    Reasons(&'static str, &'static [&'static str]),
    /// An LVS value the entry states (any row).
    Lvs(&'static str, u64),
    /// License exception code with status.
    Exception(&'static str, &'static str, &'static str),
    /// The ECCN has a control row for reason -> column.
    Column(&'static str, &'static str, &'static str),
    /// Country chart cell.
    Chart(&'static str, &'static str, bool),
    /// Country group membership.
    Group(&'static str, &'static str, bool),
    /// The entry points to the ITAR.
    ItarPointer(&'static str),
    /// The paragraph exists.
    Paragraph(&'static str),
    /// Embargoed chart row.
    Embargoed(&'static str),
}

fn check(cat: &Catalog, c: &Check) -> Result<(), String> {
    let entry = |id: &str| {
        cat.eccn_entry(&Eccn::parse(id).unwrap())
            .ok_or(format!("{id} missing"))
    };
    let country = |c: &str| Country::parse(c).unwrap();
    match c {
        Check::Reasons(id, want) => {
            let got = &entry(id)?.raw.reasons;
            (got == want)
                .then_some(())
                .ok_or(format!("{id}: reasons {got:?}"))
        }
        Check::Lvs(id, usd) => entry(id)?
            .raw
            .exception
            .iter()
            .any(|x| x.code == "LVS" && x.value_usd == Some(*usd))
            .then_some(())
            .ok_or(format!("{id}: no LVS ${usd}")),
        Check::Exception(id, code, status) => entry(id)?
            .raw
            .exception
            .iter()
            .any(|x| x.code == *code && x.status == *status)
            .then_some(())
            .ok_or(format!("{id}: no {code} {status}")),
        Check::Column(id, reason, col) => entry(id)?
            .raw
            .control
            .iter()
            .any(|r| r.reason == *reason && r.column.as_deref() == Some(*col))
            .then_some(())
            .ok_or(format!("{id}: no {reason} row on {col}")),
        Check::Chart(cc, col, x) => (cat.chart_x(country(cc), col) == Some(*x))
            .then_some(())
            .ok_or(format!("{cc} {col}")),
        Check::Group(cc, g, member) => (cat.in_group(country(cc), g) == *member)
            .then_some(())
            .ok_or(format!("{cc} in {g}")),
        Check::ItarPointer(id) => entry(id)?
            .raw
            .itar_pointer
            .then_some(())
            .ok_or(format!("{id} not an ITAR pointer")),
        Check::Paragraph(id) => cat
            .eccn_exists(&Eccn::parse(id).unwrap())
            .then_some(())
            .ok_or(format!("{id} missing")),
        Check::Embargoed(cc) => cat
            .chart
            .get(&country(cc))
            .is_some_and(|r| r.embargoed && r.x.is_empty())
            .then_some(())
            .ok_or(format!("{cc} not embargoed")),
    }
}

#[test]
fn spot_checks_against_the_reference() {
    use Check::*;
    #[rustfmt::skip]
    let rows: &[(&str, Check)] = &[
        ("15 CFR 774 supp. 1, 0A501 License Requirements", Reasons("0A501", &["NS", "RS", "FC", "UN", "AT"])),
        ("15 CFR 774 supp. 1, 0A501 LVS $500", Lvs("0A501", 500)),
        ("15 CFR 774 supp. 1, 0A501 GBS N/A", Exception("0A501", "GBS", "no")),
        ("15 CFR 774 supp. 1, 0A002 heading: subject to the ITAR", ItarPointer("0A002")),
        ("15 CFR 774 supp. 1, 0A606 LVS $1500", Lvs("0A606", 1500)),
        ("15 CFR 774 supp. 1, 1C010 reasons", Reasons("1C010", &["NS", "NP", "AT"])),
        ("15 CFR 774 supp. 1, 1C010 LVS $1500", Lvs("1C010", 1500)),
        ("15 CFR 774 supp. 1, 1A002 NS column 2", Column("1A002", "NS", "NS2")),
        ("15 CFR 774 supp. 1, 2A001 reasons (XML Reason for Control line)", Reasons("2A001", &["NS", "MT", "AT"])),
        ("15 CFR 774 supp. 1, 2A001 LVS $3000", Lvs("2A001", 3000)),
        ("15 CFR 774 supp. 1, 2B001 LVS N/A", Exception("2B001", "LVS", "no")),
        ("15 CFR 774 supp. 1, 3A001 reasons", Reasons("3A001", &["NS", "RS", "MT", "NP", "AT"])),
        ("15 CFR 774 supp. 1, 3A001 NS column 2", Column("3A001", "NS", "NS2")),
        ("15 CFR 774 supp. 1, 3A001 LVS $1500 for 3A001.c", Lvs("3A001", 1500)),
        ("15 CFR 774 supp. 1, 3A001.a.5.a.5 paragraph", Paragraph("3A001.a.5.a.5")),
        ("15 CFR 774 supp. 1, 3A090 reasons", Reasons("3A090", &["RS", "AT"])),
        ("15 CFR 774 supp. 1, 4A003 reasons", Reasons("4A003", &["NS", "RS", "CC", "AT"])),
        ("15 CFR 774 supp. 1, 4A003 LVS $5000", Lvs("4A003", 5000)),
        ("15 CFR 774 supp. 1, 4A994 reasons AT only", Reasons("4A994", &["AT"])),
        ("15 CFR 774 supp. 1, 5A001 reasons", Reasons("5A001", &["NS", "SL", "AT"])),
        ("15 CFR 774 supp. 1, 5A001 LVS $3000 for 5A001.c", Lvs("5A001", 3000)),
        ("15 CFR 774 supp. 1, 5A002 reasons", Reasons("5A002", &["NS", "RS", "AT", "EI"])),
        ("15 CFR 774 supp. 1, 5A002 LVS $500 for components", Lvs("5A002", 500)),
        ("15 CFR 774 supp. 1, 5A992 reasons", Reasons("5A992", &["RS", "AT"])),
        ("15 CFR 774 supp. 1, 6A002 LVS $500 for 6A002.f", Lvs("6A002", 500)),
        ("15 CFR 774 supp. 1, 6A003 reasons", Reasons("6A003", &["NS", "NP", "RS", "AT", "UN"])),
        ("15 CFR 774 supp. 1, 6A003 LVS $1500", Lvs("6A003", 1500)),
        ("15 CFR 774 supp. 1, 7A003 reasons", Reasons("7A003", &["NS", "MT", "AT"])),
        ("15 CFR 774 supp. 1, 7A003 MT column 1", Column("7A003", "MT", "MT1")),
        ("15 CFR 774 supp. 1, 7A994 reasons AT only", Reasons("7A994", &["AT"])),
        ("15 CFR 774 supp. 1, 8A001 LVS $5000", Lvs("8A001", 5000)),
        ("15 CFR 774 supp. 1, 8A002 reasons", Reasons("8A002", &["NS", "AT"])),
        ("15 CFR 774 supp. 1, 9A012 reasons", Reasons("9A012", &["NS", "MT", "AT"])),
        ("15 CFR 774 supp. 1, 9A515 LVS $1500", Lvs("9A515", 1500)),
        ("15 CFR 774 supp. 1, 9A610 reasons", Reasons("9A610", &["NS", "RS", "MT", "AT", "UN"])),
        ("15 CFR 774 supp. 1, 9A610 LVS $1,500", Lvs("9A610", 1500)),
        ("15 CFR 774 supp. 1, 9A005 heading: subject to the ITAR", ItarPointer("9A005")),
        ("15 CFR 738 supp. 1: India NS2 has no X (3A001 NS2 to India: no license)", Chart("IN", "NS2", false)),
        ("15 CFR 738 supp. 1: India NS1 X", Chart("IN", "NS1", true)),
        ("15 CFR 738 supp. 1: China NS2 X", Chart("CN", "NS2", true)),
        ("15 CFR 738 supp. 1: Russia RS1 X", Chart("RU", "RS1", true)),
        ("15 CFR 738 supp. 1: Canada NS1 no X", Chart("CA", "NS1", false)),
        ("15 CFR 738 supp. 1: Canada FC1 X", Chart("CA", "FC1", true)),
        ("15 CFR 738 supp. 1: Australia only CB1", Chart("AU", "CB1", true)),
        ("15 CFR 738 supp. 1: United Kingdom AT1 no X", Chart("GB", "AT1", false)),
        ("15 CFR 738 supp. 1: Cuba row embargoed (part 746)", Embargoed("CU")),
        ("15 CFR 738 supp. 1: Iran row embargoed (part 746)", Embargoed("IR")),
        ("15 CFR 740 supp. 1: Cuba in E:2", Group("CU", "E:2", true)),
        ("15 CFR 740 supp. 1: Cuba in D:5", Group("CU", "D:5", true)),
        ("15 CFR 740 supp. 1: Iran in E:1", Group("IR", "E:1", true)),
        ("15 CFR 740 supp. 1: Iran in D:5", Group("IR", "D:5", true)),
        ("15 CFR 740 supp. 1: China in D:5", Group("CN", "D:5", true)),
        ("15 CFR 740 supp. 1: China not in A:5", Group("CN", "A:5", false)),
        ("15 CFR 740 supp. 1: Russia in D:5", Group("RU", "D:5", true)),
        ("15 CFR 740 supp. 1: Russia in D:1", Group("RU", "D:1", true)),
        ("15 CFR 740 supp. 1: Australia in A:5", Group("AU", "A:5", true)),
        ("15 CFR 740 supp. 1: United Kingdom in A:5", Group("GB", "A:5", true)),
        ("15 CFR 740 supp. 1: Canada in A:5", Group("CA", "A:5", true)),
        ("15 CFR 740 supp. 1: Canada not in D:5", Group("CA", "D:5", false)),
        ("15 CFR 740 supp. 1: India in A:1 (Wassenaar)", Group("IN", "A:1", true)),
        ("15 CFR 740 supp. 1: Hong Kong has no group of its own", Group("HK", "D:5", false)),
    ];
    let cat = catalog();
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|(cite, c)| check(&cat, c).err().map(|e| format!("{cite}: {e}")))
        .collect();
    assert!(rows.len() >= 30);
    assert!(failures.is_empty(), "{failures:#?}");
}
