//! BOM ingest: every format, every malformed case (message and location), the CSV
//! tree under row reordering, and the `classify` command on the fixtures.

use std::io::{BufReader, Read};
use std::path::PathBuf;

use assert_cmd::Command;
use exportctl::bom::{self, ColumnMap, Format, Options};
use exportctl::diag::Problems;
use exportctl::model::{Bom, ClassCode, Country, Kind, ParamValue};
use predicates::prelude::*;
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_with(rel: &str, opts: Options) -> Result<Bom, Problems> {
    let bytes = std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    bom::read(bytes.as_slice(), &opts, &mut |_| {})
}

fn read(rel: &str) -> Result<Bom, Problems> {
    read_with(rel, Options::new(rel))
}

fn ok(rel: &str) -> Bom {
    read(rel).unwrap_or_else(|p| panic!("{p}"))
}

fn item<'a>(bom: &'a Bom, id: &str) -> &'a exportctl::model::Item {
    let i = bom.index_of(id).unwrap_or_else(|| panic!("no id {id}"));
    &bom.items()[i]
}

fn parent_id(bom: &Bom, id: &str) -> Option<String> {
    bom.parent_of(bom.index_of(id).unwrap())
        .map(|p| bom.items()[p].id.clone())
}

fn code(s: &str) -> Option<ClassCode> {
    Some(ClassCode::parse(s).unwrap())
}

// ---------------------------------------------------------------- formats

#[test]
fn uas_program_bom_reads_with_four_levels_and_the_required_mix() {
    let bom = ok("fixtures/boms/uas-program.csv");
    assert_eq!(bom.len(), 54);
    assert_eq!(bom.roots().count(), 1);
    let max_depth = (0..bom.len()).map(|i| bom.depth(i)).max().unwrap();
    assert_eq!(max_depth, 3, "levels 0..=3");
    let items = bom.items();
    let has_code = |pred: &dyn Fn(&ClassCode) -> bool| {
        items
            .iter()
            .any(|it| it.declared_eccn.iter().chain(&it.declared_usml).any(pred))
    };
    assert!(has_code(
        &|c| matches!(c, ClassCode::Usml(u) if u.category() == 8)
    ));
    assert!(has_code(
        &|c| matches!(c, ClassCode::Usml(u) if u.category() == 11)
    ));
    assert!(has_code(
        &|c| matches!(c, ClassCode::Usml(u) if u.category() == 12)
    ));
    assert!(has_code(
        &|c| matches!(c, ClassCode::Usml(u) if u.category() == 4)
    ));
    assert!(has_code(
        &|c| matches!(c, ClassCode::Usml(u) if u.category() == 15)
    ));
    assert!(has_code(
        &|c| matches!(c, ClassCode::Eccn(e) if e.is_600_series())
    ));
    assert!(has_code(
        &|c| matches!(c, ClassCode::Eccn(e) if e.is_9x515())
    ));
    assert!(has_code(
        &|c| matches!(c, ClassCode::Eccn(e) if e.heading() == "5A002")
    ));
    assert!(has_code(
        &|c| matches!(c, ClassCode::Eccn(e) if e.heading() == "3A001")
    ));
    assert!(has_code(&|c| *c == ClassCode::Ear99));
    assert!(items.iter().any(|it| it.kind == Kind::Technology));
    assert!(items.iter().any(|it| it.kind == Kind::Service));
    assert!(items.iter().any(|it| it.kind == Kind::Software));
    for cc in ["US", "GB", "AU", "CA", "DE", "JP", "FR", "IL"] {
        assert!(
            items.iter().any(|it| it.origin == Country::parse(cc)),
            "origin {cc}"
        );
    }
    // Spellings normalized on the way in.
    assert_eq!(item(&bom, "1.1.2").declared_usml, code("VIII(h)(1)"));
    assert_eq!(item(&bom, "1.4.2").declared_usml, code("XII(c)(2)"));
    assert_eq!(item(&bom, "1.4.4").declared_usml, code("XII(e)"));
    assert_eq!(item(&bom, "1.1.6.2").declared_eccn, code("3A611.x"));
    assert_eq!(item(&bom, "1.1.9").declared_eccn, Some(ClassCode::Ear99));
    // Parameters parsed from the params column.
    let imu = item(&bom, "1.1.6.1");
    assert_eq!(imu.params["gyro_bias_deg_hr"], ParamValue::Number(0.5));
    assert_eq!(imu.source.line, 10);
    assert_eq!(parent_id(&bom, "1.1.6.1").as_deref(), Some("1.1.6"));
    // Undeclared lines stay undeclared (never defaulted to EAR99).
    let amp = item(&bom, "1.3.2");
    assert_eq!(
        (amp.declared_eccn.clone(), amp.declared_usml.clone()),
        (None, None)
    );
}

#[test]
fn canonical_csv_reads_every_field() {
    let bom = ok("fixtures/boms/canonical.csv");
    assert_eq!(bom.len(), 4);
    let a1 = item(&bom, "A1");
    assert_eq!(a1.part_number, "TRM-8");
    assert_eq!(a1.manufacturer, "Meridian Sensors");
    assert_eq!(a1.mpn, "MS-TRM8");
    assert_eq!(a1.quantity, 64.0);
    assert_eq!(a1.unit_value, Some(1800.0));
    assert_eq!(a1.origin, Country::parse("US"));
    assert_eq!(a1.declared_eccn, code("3A001.b.2"));
    assert_eq!(a1.params["power_w"], ParamValue::Number(8.0));
    assert_eq!(a1.source.line, 3);
    let a2 = item(&bom, "A2");
    assert_eq!(a2.description, "Cable, coaxial 7 m", "quoted comma kept");
    assert_eq!(parent_id(&bom, "A2").as_deref(), Some("A"));
    let b = item(&bom, "B");
    assert_eq!(b.kind, Kind::Technology);
    assert_eq!(b.declared_usml, code("XI(d)"));
    assert_eq!(parent_id(&bom, "B"), None);
}

#[test]
fn plm_export_with_level_and_find_numbers_builds_outline_ids() {
    let bom = ok("fixtures/boms/plm-level.csv");
    let ids: Vec<&str> = bom.items().iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["10", "10.10", "10.10.10", "10.10.20", "10.20"]);
    assert_eq!(parent_id(&bom, "10.10.20").as_deref(), Some("10.10"));
    assert_eq!(parent_id(&bom, "10.20").as_deref(), Some("10"));
    let top = item(&bom, "10");
    assert_eq!(top.unit_value, Some(12_500.0), "`$12,500.00`");
    assert_eq!(
        top.part_number, "SNR-500",
        "`Item Number` is the part number"
    );
    let adc = item(&bom, "10.10.10");
    assert_eq!(adc.declared_eccn, code("3A001.a.5.a"), "`3a001.A.5.a`");
    assert_eq!(adc.mpn, "QM-1210");
    assert_eq!(item(&bom, "10.10").declared_usml, code("XI(c)(1)"));
}

#[test]
fn semicolon_csv_is_sniffed_and_ids_are_positions_without_find_numbers() {
    let bom = ok("fixtures/boms/semicolon.csv");
    let ids: Vec<&str> = bom.items().iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["1", "1.1"]);
    assert_eq!(item(&bom, "1.1").origin, Country::parse("FR"));
}

#[test]
fn explicit_column_map_reads_unknown_headers() {
    let mut opts = Options::new("fixtures/boms/mapped.csv");
    opts.map.insert_spec("Part Nbr=part_number").unwrap();
    opts.map.insert_spec("Part Desc=description").unwrap();
    let bom = read_with("fixtures/boms/mapped.csv", opts).unwrap();
    assert_eq!(item(&bom, "2").part_number, "P-2");
    assert_eq!(item(&bom, "2").quantity, 2.0);
    // Without the map the same file lacks required columns.
    let err = read("fixtures/boms/mapped.csv").unwrap_err();
    assert!(err.problems[0].message.contains("missing required columns"));
}

#[test]
fn json_flat_list_with_parents() {
    let bom = ok("fixtures/boms/flat.json");
    assert_eq!(bom.len(), 3);
    assert_eq!(parent_id(&bom, "1.2").as_deref(), Some("1"));
    let radio = item(&bom, "1.2");
    assert_eq!(radio.declared_eccn, code("5A002.a"));
    assert_eq!(radio.params["key_bits"], ParamValue::Number(256.0));
    assert_eq!(radio.params["encryption"], ParamValue::Text("yes".into()));
    assert_eq!(radio.source.line, 4);
}

#[test]
fn json_nested_children() {
    let bom = ok("fixtures/boms/nested.json");
    let ids: Vec<&str> = bom.items().iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["1", "1.1", "ant", "ant.1"]);
    assert_eq!(parent_id(&bom, "ant.1").as_deref(), Some("ant"));
    let ant = item(&bom, "ant");
    assert_eq!(ant.quantity, 2.0, "quantity given as a string");
    assert_eq!(ant.declared_usml, code("XI(c)(1)"), "`XI.c.1`");
    assert_eq!(ant.params["freq_ghz"], ParamValue::Number(5.8));
    assert_eq!(ant.source.line, 15);
}

#[test]
fn cyclonedx_1_5_and_1_6_components_and_properties() {
    for v in ["1.5", "1.6"] {
        let rel = format!("fixtures/boms/cyclonedx-{v}.json");
        let bom = ok(&rel);
        let ids: Vec<&str> = bom.items().iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["pl9", "lw640", "fw", "pl9.3"], "{v}");
        let top = item(&bom, "pl9");
        assert_eq!(top.manufacturer, "Skyreach Aerosystems", "{v}");
        assert_eq!(top.declared_usml, code("XII(c)"));
        assert_eq!(top.unit_value, Some(240_000.0));
        let lw = item(&bom, "lw640");
        assert_eq!(lw.quantity, 2.0);
        assert_eq!(lw.origin, Country::parse("GB"));
        assert_eq!(lw.mpn, "TI-LW640-60");
        assert_eq!(lw.params["array_width_px"], ParamValue::Number(640.0));
        assert_eq!(lw.params["frame_rate_hz"], ParamValue::Number(60.0));
        assert_eq!(parent_id(&bom, "lw640").as_deref(), Some("pl9"));
        assert_eq!(item(&bom, "fw").kind, Kind::Software);
        assert_eq!(item(&bom, "pl9.3").kind, Kind::Technology);
        assert_eq!(item(&bom, "pl9.3").declared_usml, code("XII(f)"));
    }
}

#[test]
fn xlsx_first_sheet_and_named_sheet() {
    let bom = ok("fixtures/boms/program.xlsx");
    let ids: Vec<&str> = bom.items().iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["1", "1.1", "1.2"]);
    let dsp = item(&bom, "1.1");
    assert_eq!(dsp.quantity, 2.0);
    assert_eq!(dsp.unit_value, Some(6500.5));
    assert_eq!(dsp.declared_usml, code("XI(c)(1)"));
    assert_eq!(dsp.source.line, 3);
    assert_eq!(item(&bom, "1.2").declared_eccn, Some(ClassCode::Ear99));

    let mut opts = Options::new("fixtures/boms/program.xlsx");
    opts.sheet = Some("Nope".into());
    let err = read_with("fixtures/boms/program.xlsx", opts).unwrap_err();
    assert_eq!(err.problems[0].message, "the workbook has no sheet `Nope`");
    assert_eq!(
        err.problems[0].hint.as_deref(),
        Some("sheets: `BOM`, `Notes`")
    );
}

#[test]
fn format_detection_by_name_then_content() {
    assert_eq!(Format::from_name("a.CSV"), Some(Format::Csv));
    assert_eq!(Format::from_name("a.cdx.json"), Some(Format::CycloneDx));
    assert_eq!(Format::from_name("a.json"), Some(Format::Json));
    assert_eq!(Format::from_name("a.xlsx"), Some(Format::Xlsx));
    assert_eq!(Format::from_name("<stdin>"), None);
    assert_eq!(Format::from_content(b"PK\x03\x04rest"), Format::Xlsx);
    assert_eq!(Format::from_content(b"  \n[{"), Format::Json);
    assert_eq!(Format::from_content(b"\xEF\xBB\xBF{"), Format::Json);
    assert_eq!(Format::from_content(b"id,part_number"), Format::Csv);
    // A CycloneDX file read from stdin (no name) is found by its content.
    let bytes = std::fs::read(root().join("fixtures/boms/cyclonedx-1.6.json")).unwrap();
    let bom = bom::read(bytes.as_slice(), &Options::new("<stdin>"), &mut |_| {}).unwrap();
    assert_eq!(bom.len(), 4);
    // So is a workbook.
    let bytes = std::fs::read(root().join("fixtures/boms/program.xlsx")).unwrap();
    let bom = bom::read(bytes.as_slice(), &Options::new("<stdin>"), &mut |_| {}).unwrap();
    assert_eq!(bom.len(), 3);
    // Tab-separated text is sniffed from the header line.
    let tsv = "Part Number\tDescription\tQty\nP-1\tBracket, steel\t3\n";
    let bom = bom::read(tsv.as_bytes(), &Options::new("x.tsv"), &mut |_| {}).unwrap();
    assert_eq!(bom.items()[0].description, "Bracket, steel");
    assert_eq!(bom.items()[0].quantity, 3.0);
    // An override wins over the name.
    let mut opts = Options::new("bom.txt");
    opts.format = Some(Format::Json);
    let bom = bom::read(
        &br#"[{"part_number":"P","description":"D"}]"#[..],
        &opts,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(bom.len(), 1);
}

/// A reader that hands out one byte per call, to prove CSV parsing streams.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0.is_empty() || buf.is_empty() {
            return Ok(0);
        }
        buf[0] = self.0[0];
        self.0 = &self.0[1..];
        Ok(1)
    }
}

#[test]
fn csv_streams_from_a_reader_and_reports_progress() {
    let mut text = String::from("level,part_number,description,quantity\n");
    for i in 0..20_000 {
        text.push_str(&format!("{},P-{i},Part {i},1\n", usize::from(i % 3 != 0)));
    }
    let mut seen = Vec::new();
    let bom = bom::read_csv(
        BufReader::with_capacity(7, Trickle(text.as_bytes())),
        &Options::new("gen.csv"),
        &mut |n| seen.push(n),
    )
    .unwrap();
    assert_eq!(bom.len(), 20_000);
    assert_eq!(seen.last(), Some(&20_000));
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert!(seen.contains(&bom::PROGRESS_EVERY));
    assert_eq!(bom.roots().count(), 6667);
}

// ---------------------------------------------------------------- malformed

/// (fixture, expected problems as (line, column, message fragment)); every problem
/// of the file is listed, in order.
type Expect = (
    &'static str,
    &'static [(Option<usize>, Option<usize>, &'static str)],
);

const MALFORMED: &[Expect] = &[
    (
        "missing-columns.csv",
        &[(
            Some(1),
            None,
            "missing required columns `part_number` and `description`",
        )],
    ),
    (
        "unknown-country.csv",
        &[
            (
                Some(2),
                Some(4),
                "column `origin`: unknown country code `UK`",
            ),
            (
                Some(3),
                Some(4),
                "column `origin`: unknown country code `XX`",
            ),
        ],
    ),
    (
        "non-numeric-quantity.csv",
        &[
            (Some(2), Some(4), "column `quantity`: `two` is not a number"),
            (Some(3), Some(4), "column `quantity`: `AR` is not a number"),
        ],
    ),
    (
        "negative-quantity.csv",
        &[(Some(2), Some(4), "column `quantity`: `-3` is negative")],
    ),
    (
        "bad-value.csv",
        &[
            (
                Some(2),
                Some(4),
                "column `unit_value`: `12;34` is not a number",
            ),
            (Some(3), Some(4), "column `unit_value`: `-5.00` is negative"),
        ],
    ),
    (
        "duplicate-ids.csv",
        &[(Some(4), None, "duplicate id `1` (first used on line 2)")],
    ),
    (
        "dangling-parent.csv",
        &[(
            Some(3),
            Some(2),
            "line `2` names parent `9`, which is not in the BOM",
        )],
    ),
    (
        "cycle.csv",
        &[(
            Some(3),
            Some(2),
            "parent links form a cycle: `a` -> `c` -> `b` -> `a`",
        )],
    ),
    (
        "level-jump.csv",
        &[(
            Some(3),
            Some(1),
            "column `level`: level jumps from level 0 to 2",
        )],
    ),
    (
        "malformed-codes.csv",
        &[
            (Some(2), Some(4), "column `eccn`: `3F001` is not an ECCN"),
            (
                Some(3),
                Some(5),
                "column `usml`: `XXII(a)` is not a USML category or paragraph",
            ),
            (
                Some(4),
                Some(4),
                "column `eccn`: `XI(c)(1)` is a USML paragraph (`XI(c)(1)`), not an ECCN",
            ),
            (
                Some(5),
                Some(5),
                "column `usml`: `EAR99` is not a USML category or paragraph",
            ),
        ],
    ),
    (
        "invalid-utf8.csv",
        &[(Some(3), Some(3), "invalid UTF-8 at byte 50")],
    ),
    (
        "utf16.csv",
        &[(Some(1), None, "the file is UTF-16 encoded")],
    ),
    ("empty.csv", &[(None, None, "the file is empty")]),
    ("header-only.csv", &[(None, None, "the BOM has no lines")]),
    (
        "extra-field.csv",
        &[
            (
                Some(2),
                Some(4),
                "column `quantity`: `coax` is not a number",
            ),
            (
                Some(2),
                Some(5),
                "line has a value in column 5 but the header has 4 columns",
            ),
        ],
    ),
    (
        "many-problems.csv",
        &[
            (Some(3), Some(5), "column `quantity`: `x` is not a number"),
            (
                Some(3),
                Some(7),
                "column `origin`: unknown country code `UK`",
            ),
            (Some(4), Some(5), "column `quantity`: `-1` is negative"),
            (Some(4), Some(6), "column `unit_value`: `-2` is negative"),
            (Some(4), Some(8), "column `eccn`: `banana` is not an ECCN"),
            (
                Some(5),
                Some(2),
                "line `4` names parent `7`, which is not in the BOM",
            ),
            (Some(5), Some(10), "column `kind`: unknown kind `gadget`"),
            (Some(5), Some(11), "column `params`: `freq` has no `=`"),
            (Some(6), None, "duplicate id `2` (first used on line 3)"),
        ],
    ),
    (
        "bad-cells.xlsx",
        &[
            (
                Some(3),
                Some(1),
                "column `level`: level jumps from level 0 to 2",
            ),
            (Some(3), Some(4), "column `quantity`: `two` is not a number"),
            (
                Some(3),
                Some(5),
                "column `origin`: unknown country code `ZZ`",
            ),
        ],
    ),
    (
        "bad-syntax.json",
        &[(Some(3), Some(14), "invalid JSON: expected `,` or `}`")],
    ),
    (
        "bad-fields.json",
        &[
            (Some(2), None, "unknown field `eccm`"),
            (Some(3), None, "field `quantity`: `-1` is negative"),
            (Some(3), None, "field `origin`: unknown country code `XX`"),
        ],
    ),
    (
        "cyclonedx-1.4.json",
        &[(
            Some(1),
            None,
            "CycloneDX `specVersion` `1.4` is not supported",
        )],
    ),
    (
        "cyclonedx-bad-properties.json",
        &[
            (Some(5), None, "unknown property `exportctl:eccm`"),
            (Some(5), None, "field `origin`: unknown country code `ZZ`"),
        ],
    ),
];

#[test]
fn every_malformed_fixture_lists_every_problem_with_its_location() {
    let dir = root().join("fixtures/boms/malformed");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let covered: Vec<&str> = MALFORMED.iter().map(|(f, _)| *f).collect();
    for f in &files {
        assert!(
            covered.contains(&f.as_str()),
            "malformed fixture {f} has no test row"
        );
    }
    for (file, want) in MALFORMED {
        let rel = format!("fixtures/boms/malformed/{file}");
        let err = match read(&rel) {
            Ok(_) => panic!("{file}: expected problems"),
            Err(e) => e,
        };
        assert_eq!(err.subject, format!("BOM {rel}"));
        let got: Vec<(Option<usize>, Option<usize>, String)> = err
            .problems
            .iter()
            .map(|p| (p.location.line, p.location.column, p.message.clone()))
            .collect();
        assert_eq!(got.len(), want.len(), "{file}: {got:#?}");
        for ((gl, gc, gm), (wl, wc, wm)) in got.iter().zip(want.iter()) {
            assert_eq!((gl, gc), (wl, wc), "{file}: location of `{gm}`");
            assert!(gm.contains(wm), "{file}: `{gm}` does not contain `{wm}`");
        }
        for p in &err.problems {
            assert_eq!(p.location.file, rel);
            assert!(
                p.hint.as_deref().is_some_and(|h| !h.is_empty()),
                "{file}: `{}` has no hint",
                p.message
            );
        }
    }
}

#[test]
fn problems_stop_at_the_limit_and_count_the_rest() {
    let mut text = String::from("part_number,description,origin\n");
    for i in 0..1000 {
        text.push_str(&format!("P-{i},Part,ZZ\n"));
    }
    let err = bom::read(text.as_bytes(), &Options::new("x.csv"), &mut |_| {}).unwrap_err();
    assert_eq!(err.problems.len(), Problems::LIMIT);
    assert_eq!(err.truncated, 950);
    assert!(err.to_string().contains("has 1000 problems"));
    assert!(err.to_string().ends_with("... and 950 more not shown"));
    assert_eq!(err.problems[0].location.line, Some(2));
    assert_eq!(err.problems[49].location.line, Some(51));
}

#[test]
fn header_problems_name_both_columns_and_parent_needs_id() {
    let err = bom::read(
        &b"Part Number,PN,Description\nA,B,C\n"[..],
        &Options::new("x.csv"),
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(
        err.problems[0].message,
        "columns `Part Number` and `PN` both map to `part_number`"
    );
    assert_eq!(err.problems[0].location.column, Some(2));
    let err = bom::read(
        &b"parent,part_number,description\n,A,B\n"[..],
        &Options::new("x.csv"),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(err.problems[0]
        .message
        .contains("`parent` column needs an `id` column"));
}

#[test]
fn placeholders_in_code_columns_mean_undeclared_not_ear99() {
    let text = "part_number,description,eccn,usml\nA,Amp,N/A,TBD\nB,Bolt,-,none\n";
    let bom = bom::read(text.as_bytes(), &Options::new("x.csv"), &mut |_| {}).unwrap();
    for it in bom.items() {
        assert_eq!(
            (it.declared_eccn.clone(), it.declared_usml.clone()),
            (None, None)
        );
    }
}

#[test]
fn column_map_rejects_unknown_fields() {
    let mut map = ColumnMap::new();
    let err = map.insert_spec("Part Nbr=partnumber").unwrap_err();
    assert!(err.contains("`partnumber` is not a BOM field"), "{err}");
}

// ---------------------------------------------------------------- properties

/// A random forest: `parents[i]` is `None` or an index below `i`.
fn forest() -> impl Strategy<Value = Vec<Option<usize>>> {
    (1usize..40).prop_flat_map(|n| {
        (0..n)
            .map(|i| {
                if i == 0 {
                    Just(None).boxed()
                } else {
                    prop_oneof![1 => Just(None), 4 => (0..i).prop_map(Some)].boxed()
                }
            })
            .collect::<Vec<_>>()
    })
}

fn parent_map(bom: &Bom) -> std::collections::BTreeMap<String, Option<String>> {
    bom.items()
        .iter()
        .map(|it| (it.id.clone(), it.parent.clone()))
        .collect()
}

proptest! {
    /// Row order of an id/parent CSV never changes the tree.
    #[test]
    fn csv_row_order_does_not_change_the_tree(parents in forest(), seed in any::<u64>()) {
        let n = parents.len();
        let mut order: Vec<usize> = (0..n).collect();
        // Deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..n).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            order.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let row = |i: usize| format!(
            "n{i},{},P-{i},Part {i},{}\n",
            parents[i].map(|p| format!("n{p}")).unwrap_or_default(),
            i % 5 + 1
        );
        let header = "id,parent,part_number,description,quantity\n";
        let straight: String = std::iter::once(header.to_string()).chain((0..n).map(row)).collect();
        let shuffled: String = std::iter::once(header.to_string()).chain(order.iter().map(|&i| row(i))).collect();
        let a = bom::read(straight.as_bytes(), &Options::new("a.csv"), &mut |_| {}).unwrap();
        let b = bom::read(shuffled.as_bytes(), &Options::new("b.csv"), &mut |_| {}).unwrap();
        prop_assert_eq!(parent_map(&a), parent_map(&b));
        for it in b.items() {
            let i: usize = it.id[1..].parse().unwrap();
            prop_assert_eq!(it.quantity, (i % 5 + 1) as f64);
        }
    }

    /// Writing a tree as an indented (level) CSV in pre-order and reading it back
    /// gives the same tree.
    #[test]
    fn level_csv_round_trips_the_tree(parents in forest()) {
        let n = parents.len();
        let items: Vec<exportctl::model::Item> = (0..n).map(|i| {
            let mut it = exportctl::model::Item::new(format!("n{i}"), format!("Part {i}"));
            it.parent = parents[i].map(|p| format!("n{p}"));
            it
        }).collect();
        let tree = Bom::new("t", items).unwrap();
        let mut csv = String::from("id,level,part_number,description\n");
        for i in tree.preorder() {
            csv.push_str(&format!("{},{},P,{}\n", tree.items()[i].id, tree.depth(i), tree.items()[i].description));
        }
        // `id` and `level` together: without a `parent` column, levels give the tree.
        let back = bom::read(csv.as_bytes(), &Options::new("t.csv"), &mut |_| {}).unwrap();
        prop_assert_eq!(parent_map(&tree), parent_map(&back));
    }
}

// ---------------------------------------------------------------- CLI

fn exportctl() -> Command {
    let mut cmd = Command::cargo_bin("exportctl").unwrap();
    cmd.current_dir(root()).env_clear().env("NO_COLOR", "1");
    cmd
}

#[test]
fn cli_classify_prints_the_program_tree() {
    exportctl()
        .args(["classify", "--tree", "fixtures/boms/uas-program.csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "fixtures/boms/uas-program.csv: 54 lines\n1  SKR-UAS-1000  Skyreach Group 3 tactical unmanned aircraft system  qty 1  $4,850,000.00  US\n",
        ))
        .stdout(predicate::str::contains(
            "│   │   ├── 1.1.6.1  MIMU-05  MEMS IMU 0.5 deg/hr bias  qty 3  $42,000.00  AU\n",
        ))
        .stdout(predicate::str::contains(
            "├── 1.9  SKR-SVC-1900  Integration and flight test support at customer range  qty 1  $410,000.00  US  USML VIII(i)  [service]\n",
        ))
        .stderr("");
    exportctl()
        .args([
            "--quiet",
            "classify",
            "--tree",
            "fixtures/boms/uas-program.csv",
        ])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn cli_malformed_bom_exits_2_listing_all_problems() {
    let out = exportctl()
        .args(["classify", "fixtures/boms/malformed/many-problems.csv"])
        .assert()
        .code(2)
        .stdout("")
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.starts_with("error: BOM fixtures/boms/malformed/many-problems.csv has 9 problems:\n"),
        "{err}"
    );
    for loc in [
        "csv:3:5:",
        "csv:3:7:",
        "csv:4:5:",
        "csv:4:6:",
        "csv:4:8:",
        "csv:5:2:",
        "csv:5:10:",
        "csv:5:11:",
        "csv:6:",
    ] {
        assert!(
            err.contains(&format!("many-problems.{loc}")),
            "missing {loc} in\n{err}"
        );
    }
    assert_eq!(err.matches("\n  hint: ").count(), 9);
}

#[test]
fn cli_map_flag_config_map_and_stdin() {
    exportctl()
        .args([
            "classify",
            "--tree",
            "fixtures/boms/mapped.csv",
            "--map",
            "Part Nbr=part_number",
            "--map",
            "Part Desc=description",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("2  P-2  Widget bracket  qty 2\n"));

    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("exportctl.toml");
    std::fs::write(
        &cfg,
        "[bom]\nmap = { \"Part Nbr\" = \"part_number\", \"Part Desc\" = \"description\" }\n",
    )
    .unwrap();
    exportctl()
        .args(["classify", "--tree", "fixtures/boms/mapped.csv", "--config"])
        .arg(&cfg)
        .assert()
        .success()
        .stdout(predicate::str::contains("1  P-1  Widget assembly  qty 1\n"));

    exportctl()
        .args(["classify", "--tree", "-", "--input-format", "json"])
        .write_stdin(std::fs::read(root().join("fixtures/boms/nested.json")).unwrap())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<stdin>: 4 lines\n"));

    exportctl()
        .args([
            "classify",
            "fixtures/boms/mapped.csv",
            "--map",
            "Part Nbr=partnumber",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`partnumber` is not a BOM field"));

    exportctl()
        .args(["classify", "fixtures/boms/program.xlsx", "--sheet", "Notes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "program.xlsx:1: missing required columns `part_number` and `description`",
        ));

    std::fs::write(&cfg, "[bom]\nsheet = \"Nope\"\n").unwrap();
    exportctl()
        .args(["classify", "fixtures/boms/program.xlsx", "--config"])
        .arg(&cfg)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the workbook has no sheet `Nope`"));

    exportctl()
        .args(["classify", "fixtures/boms/does-not-exist.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot open BOM `fixtures/boms/does-not-exist.csv`",
        ));
}
