//! Rulings in CI (issue 7): `exportctl check`, `diff`, `ledger` through the CLI.
//!
//! Each test copies `fixtures/ci/` into a temporary directory and runs there with
//! relative paths, a pinned mini catalog (`fixtures/catalogs/ci/`), a cleared
//! environment and a fixed `--as-of`, so outputs are stable.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn catalog(v: &str) -> String {
    root()
        .join("fixtures/catalogs/ci")
        .join(v)
        .display()
        .to_string()
}

/// A scratch directory holding a copy of `fixtures/ci/`.
struct Work {
    dir: tempfile::TempDir,
}

impl Work {
    fn new() -> Work {
        let dir = tempfile::tempdir().unwrap();
        for e in std::fs::read_dir(root().join("fixtures/ci")).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
            }
        }
        Work { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap();
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("exportctl").unwrap();
        c.env_clear()
            .env("NO_COLOR", "1")
            .env("RAYON_NUM_THREADS", "1")
            .current_dir(self.dir.path());
        c
    }

    /// Runs exportctl with the v1 mini catalog.
    fn run(&self, args: &[&str]) -> Output {
        self.run_with(&catalog("v1"), args, "1")
    }

    fn run_with(&self, data: &str, args: &[&str], threads: &str) -> Output {
        self.cmd()
            .env("RAYON_NUM_THREADS", threads)
            .arg("--data")
            .arg(data)
            .args(args)
            .output()
            .unwrap()
    }

    /// Writes `base.json` from `bom-base.csv`.
    fn baseline(&self) {
        let o = self.run(&["check", "bom-base.csv", "--write-baseline", "base.json"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(o), stderr(o)))
}

/// `(code, waived)` of every finding of a check report.
fn findings(report: &Value) -> Vec<(String, bool)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["waived"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// Expected `(policy code, waived)` findings.
type Expect<'a> = &'a [(&'a str, bool)];

fn pairs(v: Expect) -> Vec<(String, bool)> {
    v.iter().map(|(c, w)| (c.to_string(), *w)).collect()
}

fn validator(schema_path: &Path) -> jsonschema::JSONSchema {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    jsonschema::JSONSchema::compile(&schema).expect("schema compiles")
}

fn assert_valid(schema: &jsonschema::JSONSchema, instance: &Value, what: &str) {
    if let Err(errors) = schema.validate(instance) {
        let msgs: Vec<String> = errors
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        panic!("{what} does not match its schema:\n{}", msgs.join("\n"));
    }
}

#[test]
fn baseline_of_the_same_bom_passes() {
    let w = Work::new();
    w.baseline();
    let base: Value = serde_json::from_str(&w.read("base.json")).unwrap();
    assert_eq!(base["schema"], "exportctl.rulings/1");
    assert_eq!(base["records"].as_array().unwrap().len(), 4);
    assert_eq!(base["data"]["as_of"], "2026-01-15");
    let o = w.run(&[
        "check",
        "bom-base.csv",
        "--baseline",
        "base.json",
        "--as-of",
        "2026-06-01",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).starts_with("PASSED: 0 deny"), "{}", stdout(&o));
}

#[test]
fn each_line_policy_fails_with_exit_1() {
    let w = Work::new();
    w.baseline();
    // (BOM, expected findings, exit code)
    let rows: &[(&str, Expect, i32)] = &[
        ("bom-base.csv", &[], 0),
        ("bom-new-itar.csv", &[("new-itar", false)], 1),
        ("bom-new-review.csv", &[("new-review", false)], 1),
        ("bom-changed.csv", &[("changed-classification", false)], 1),
        (
            "bom-pr.csv",
            &[
                ("new-itar", false),
                ("changed-classification", false),
                ("new-review", false),
            ],
            1,
        ),
    ];
    for (bom, want, exit) in rows {
        let o = w.run(&[
            "check",
            bom,
            "--baseline",
            "base.json",
            "--as-of",
            "2026-06-01",
            "-f",
            "json",
        ]);
        assert_eq!(code(&o), *exit, "{bom}: {}", stderr(&o));
        let r = json(&o);
        assert_eq!(findings(&r), pairs(want), "{bom}");
        assert_eq!(r["passed"], *exit == 0, "{bom}");
    }
}

#[test]
fn new_review_points_at_the_bom_line() {
    let w = Work::new();
    w.baseline();
    let o = w.run(&[
        "check",
        "bom-new-review.csv",
        "--baseline",
        "base.json",
        "--as-of",
        "2026-06-01",
        "-f",
        "json",
    ]);
    let f = &json(&o)["findings"][0];
    assert_eq!(f["file"], "bom-new-review.csv");
    assert_eq!(f["line"], 6);
    assert_eq!(f["line_id"], "5");
    assert_eq!(f["part_number"], "SEN-600");
    assert_eq!(f["before"], Value::Null);
    assert_eq!(f["after"]["jurisdiction"], "REVIEW");
}

#[test]
fn changed_plan_fails_with_exit_1() {
    let w = Work::new();
    w.baseline();
    // The baseline was made with a plan context; today's run has none.
    let mut base: Value = serde_json::from_str(&w.read("base.json")).unwrap();
    base["records"][2]["plan"] = serde_json::json!({"authorization": "NLR"});
    w.write(
        "base-plan.json",
        &serde_json::to_string_pretty(&base).unwrap(),
    );
    let o = w.run(&[
        "check",
        "bom-base.csv",
        "--baseline",
        "base-plan.json",
        "--as-of",
        "2026-06-01",
        "-f",
        "json",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(findings(&json(&o)), pairs(&[("changed-plan", false)]));
}

#[test]
fn without_a_baseline_every_itar_and_review_line_is_new() {
    let w = Work::new();
    let o = w.run(&[
        "check",
        "bom-new-review.csv",
        "--as-of",
        "2026-06-01",
        "-f",
        "json",
    ]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        findings(&json(&o)),
        pairs(&[("new-itar", false), ("new-review", false)])
    );
}

#[test]
fn policy_levels_from_config_and_flags() {
    let w = Work::new();
    w.baseline();
    w.write("exportctl.toml", "[check]\nnew-review = \"warn\"\n");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "bom-new-review.csv",
            "--baseline",
            "base.json",
            "--as-of",
            "2026-06-01",
            "-f",
            "json",
        ];
        args.extend_from_slice(extra);
        w.run(&args)
    };
    // (extra flags, exit code, findings)
    let rows: &[(&[&str], i32, Expect)] = &[
        (&[], 0, &[("new-review", false)]),
        (&["-D", "new-review"], 1, &[("new-review", false)]),
        (&["--allow", "new-review"], 0, &[]),
    ];
    for (extra, exit, want) in rows {
        let o = run(extra);
        assert_eq!(code(&o), *exit, "{extra:?}: {}", stderr(&o));
        assert_eq!(findings(&json(&o)), pairs(want), "{extra:?}");
    }
    w.write("exportctl.toml", "[check]\nnew-reveiw = \"warn\"\n");
    let o = run(&[]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("`new-reveiw` is not a policy"),
        "{}",
        stderr(&o)
    );
    let o = run(&["-W", "nope"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn waiver_applies_through_its_expiry_date_and_expires_the_day_after() {
    let w = Work::new();
    w.baseline();
    // The first waiver of waivers.toml only: new-review on line 5, expires 2026-06-30.
    let all = w.read("waivers.toml");
    w.write("w.toml", all.split("\n[[waiver]]\npart").next().unwrap());
    // (as of, exit, findings)
    let rows: &[(&str, i32, Expect)] = &[
        ("2026-06-29", 0, &[("new-review", true)]),
        ("2026-06-30", 0, &[("new-review", true)]),
        (
            "2026-07-01",
            1,
            &[("new-review", false), ("waiver-expired", false)],
        ),
    ];
    for (as_of, exit, want) in rows {
        let o = w.run(&[
            "check",
            "bom-new-review.csv",
            "--baseline",
            "base.json",
            "--waivers",
            "w.toml",
            "--as-of",
            as_of,
            "-f",
            "json",
        ]);
        assert_eq!(code(&o), *exit, "{as_of}: {}", stderr(&o));
        let r = json(&o);
        assert_eq!(findings(&r), pairs(want), "{as_of}");
        if *exit == 0 {
            assert_eq!(
                r["findings"][0]["waiver"]["approved_by"],
                "R. Alvarez, export compliance"
            );
        } else {
            assert_eq!(r["findings"][1]["file"], "w.toml");
            assert_eq!(r["findings"][1]["line"], 4);
        }
    }
}

#[test]
fn waivers_by_part_number_and_unused_waiver_warns() {
    let w = Work::new();
    w.baseline();
    let o = w.run(&[
        "check",
        "bom-pr.csv",
        "--baseline",
        "base.json",
        "--waivers",
        "waivers.toml",
        "--as-of",
        "2026-06-01",
        "-f",
        "json",
    ]);
    assert_eq!(code(&o), 1, "new-itar on line 2 is not waived");
    assert_eq!(
        findings(&json(&o)),
        pairs(&[
            ("new-itar", false),
            ("changed-classification", true),
            ("new-review", true),
        ])
    );
    // On the unchanged BOM both waivers are unused: warnings, exit 0.
    let o = w.run(&[
        "check",
        "bom-base.csv",
        "--baseline",
        "base.json",
        "--waivers",
        "waivers.toml",
        "--as-of",
        "2026-06-01",
        "-f",
        "json",
    ]);
    assert_eq!(code(&o), 0);
    let r = json(&o);
    assert_eq!(
        findings(&r),
        pairs(&[("unused-waiver", false), ("unused-waiver", false)])
    );
    assert_eq!(r["findings"][0]["level"], "warn");
    assert_eq!(r["summary"]["warn"], 2);
}

#[test]
fn malformed_waivers_fail_with_exit_1_and_silence_nothing() {
    let w = Work::new();
    w.baseline();
    let o = w.run(&[
        "check",
        "bom-new-review.csv",
        "--baseline",
        "base.json",
        "--waivers",
        "waivers-malformed.toml",
        "--as-of",
        "2026-06-01",
        "-f",
        "json",
    ]);
    assert_eq!(code(&o), 1);
    let r = json(&o);
    assert_eq!(
        findings(&r),
        pairs(&[
            ("new-review", false),
            ("waiver-malformed", false),
            ("waiver-malformed", false),
        ])
    );
    let f = &r["findings"];
    assert_eq!(f[1]["line"], 3);
    assert!(f[1]["message"]
        .as_str()
        .unwrap()
        .contains("`approved-by` is missing"));
    assert_eq!(f[2]["line"], 9);
    assert!(f[2]["message"].as_str().unwrap().contains("30/06/2026"));
}

#[test]
fn bad_input_exits_2() {
    let w = Work::new();
    w.baseline();
    w.write("broken.toml", "[[waiver]\n");
    w.write(
        "bad.csv",
        "id,part_number,description,quantity\n1,P-1,Widget,lots\n",
    );
    let rows: &[(&[&str], &str)] = &[
        (
            &["check", "bom-base.csv", "--baseline", "missing.json"],
            "cannot read ruling file `missing.json`",
        ),
        (
            &["check", "bom-base.csv", "--baseline", "bom-base.csv"],
            "not JSON",
        ),
        (
            &[
                "check",
                "bom-base.csv",
                "--waivers",
                "broken.toml",
                "--as-of",
                "2026-06-01",
            ],
            "broken.toml:1",
        ),
        (
            &["check", "bom-base.csv", "--as-of", "June 1st"],
            "is not a date",
        ),
        (
            &["check", "bad.csv"],
            "bad.csv:2:4: column `quantity`: `lots` is not a number",
        ),
        (&["check", "base.json"], "is a ruling file, not a BOM"),
        (&["check", "bom-base.csv", "-f", "csv"], "not `csv`"),
    ];
    for (args, msg) in rows {
        let o = w.run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains(msg), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn sarif_matches_the_sarif_2_1_0_schema_and_points_at_bom_lines() {
    let w = Work::new();
    w.baseline();
    let o = w.run(&[
        "check",
        "bom-pr.csv",
        "--baseline",
        "base.json",
        "--waivers",
        "waivers.toml",
        "--as-of",
        "2026-06-01",
        "-f",
        "sarif",
    ]);
    assert_eq!(code(&o), 1);
    let log = json(&o);
    let schema = validator(&root().join("fixtures/ci/sarif-2.1.0-subset.schema.json"));
    assert_valid(&schema, &log, "SARIF log");

    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "exportctl");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "new-itar",
            "new-review",
            "changed-classification",
            "changed-plan",
            "waiver-expired",
            "waiver-malformed",
            "unused-waiver"
        ]
    );
    let results = run["results"].as_array().unwrap();
    // (rule id, level, start line, suppressed)
    let got: Vec<(&str, &str, u64, bool)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], "bom-pr.csv");
            assert!(!r["message"]["text"].as_str().unwrap().is_empty());
            let idx = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[idx], r["ruleId"].as_str().unwrap());
            (
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                loc["region"]["startLine"].as_u64().unwrap(),
                r.get("suppressions").is_some(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("new-itar", "error", 3, false),
            ("changed-classification", "error", 3, true),
            ("new-review", "error", 5, true),
        ]
    );

    // The schema is not vacuous: a wrong version, a missing message or a bad level fail.
    for (name, bad) in [
        ("version", {
            let mut b = log.clone();
            b["version"] = "2.0.0".into();
            b
        }),
        ("message", {
            let mut b = log.clone();
            b["runs"][0]["results"][0]
                .as_object_mut()
                .unwrap()
                .remove("message");
            b
        }),
        ("level", {
            let mut b = log.clone();
            b["runs"][0]["results"][0]["level"] = "deny".into();
            b
        }),
        ("startLine", {
            let mut b = log.clone();
            b["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                0.into();
            b
        }),
    ] {
        assert!(!schema.is_valid(&bad), "{name} mutation should be invalid");
    }
}

#[test]
fn malformed_waiver_sarif_points_at_the_waivers_file() {
    let w = Work::new();
    w.baseline();
    let o = w.run(&[
        "check",
        "bom-base.csv",
        "--baseline",
        "base.json",
        "--waivers",
        "waivers-malformed.toml",
        "--as-of",
        "2026-06-01",
        "-f",
        "sarif",
    ]);
    let log = json(&o);
    assert_valid(
        &validator(&root().join("fixtures/ci/sarif-2.1.0-subset.schema.json")),
        &log,
        "SARIF log",
    );
    let r = &log["runs"][0]["results"][1];
    assert_eq!(r["ruleId"], "waiver-malformed");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "waivers-malformed.toml");
    assert_eq!(loc["region"]["startLine"], 9);
}

#[test]
fn json_outputs_match_the_documented_schemas() {
    let w = Work::new();
    w.baseline();
    let rulings = validator(&root().join("docs/schema/rulings.schema.json"));
    assert_valid(
        &rulings,
        &serde_json::from_str(&w.read("base.json")).unwrap(),
        "ruling file",
    );
    let checks = validator(&root().join("docs/schema/check.schema.json"));
    for waivers in ["waivers.toml", "waivers-malformed.toml"] {
        let o = w.run(&[
            "check",
            "bom-pr.csv",
            "--baseline",
            "base.json",
            "--waivers",
            waivers,
            "--as-of",
            "2026-07-01",
            "-f",
            "json",
        ]);
        assert_valid(&checks, &json(&o), "check report");
    }
}

#[test]
fn markdown_comment_lists_findings_and_waivers() {
    let w = Work::new();
    w.baseline();
    let o = w.run(&[
        "check",
        "bom-pr.csv",
        "--baseline",
        "base.json",
        "--waivers",
        "waivers.toml",
        "--as-of",
        "2026-06-01",
        "-f",
        "markdown",
    ]);
    assert_eq!(code(&o), 1);
    insta::assert_snapshot!("check_bom_pr_markdown", stdout(&o));
}

#[test]
fn record_flag_prints_the_ruling_file() {
    let w = Work::new();
    w.baseline();
    let o = w.run(&["check", "bom-base.csv", "--record"]);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), w.read("base.json"));
    let o = w.run(&["check", "bom-base.csv", "--record", "-o", "r.json"]);
    assert_eq!(code(&o), 0);
    assert_eq!(w.read("r.json"), w.read("base.json"));
}

#[test]
fn diff_names_input_data_and_tool_causes() {
    let w = Work::new();
    w.baseline();
    // An old ruling file as if line 2 had been ruled under older data and line 4 by an
    // older exportctl (same input, same data): both rulings differed then.
    let mut old: Value = serde_json::from_str(&w.read("base.json")).unwrap();
    let recs = old["records"].as_array_mut().unwrap();
    recs[1]["classification"] = "EAR99".into();
    recs[1]["provenance"]["data_as_of"] = "2025-06-01".into();
    recs[1]["provenance"]["data_hash"] = "0".repeat(64).into();
    recs[3]["classification"] = "5A991".into();
    recs[3]["provenance"]["tool"] = "0.0.1".into();
    w.write("old.json", &serde_json::to_string_pretty(&old).unwrap());
    // New: bom-changed.csv (line 3 declared 3A001 instead of EAR99) classified now.
    let o = w.run(&["diff", "old.json", "bom-changed.csv", "-f", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let d = json(&o);
    let causes: Vec<(&str, &str, &str, &str)> = d["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["old"].as_str().unwrap(),
                c["new"].as_str().unwrap(),
                c["cause"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        causes,
        [
            ("2", "EAR EAR99", "EAR 3A001", "data"),
            ("3", "EAR EAR99", "EAR 3A001", "input"),
            ("4", "EAR 5A991", "EAR EAR99", "tool"),
        ]
    );
    assert_eq!(d["summary"]["unchanged"], 1);
    assert_eq!(d["summary"]["by_input"], 1);
    assert_eq!(d["summary"]["by_data"], 1);
    assert_eq!(d["summary"]["by_tool"], 1);
    let o = w.run(&["diff", "old.json", "bom-changed.csv", "-f", "markdown"]);
    assert!(
        stdout(&o).contains("| changed | `2`  | PCB-200     | EAR EAR99 | EAR 3A001 | data  |"),
        "{}",
        stdout(&o)
    );
    let o = w.run(&["diff", "old.json", "bom-changed.csv", "--exit-code"]);
    assert_eq!(code(&o), 1);
    insta::assert_snapshot!(
        "diff_three_causes_table",
        stdout(&o).replace(exportctl::TOOL_VERSION, "[VERSION]")
    );
}

#[test]
fn diff_added_removed_and_renumbered_lines() {
    let w = Work::new();
    w.baseline();
    // bom-pr.csv adds line 5; renumbering line 4 to 40 keeps it matched by part number.
    w.write(
        "renum.csv",
        &w.read("bom-pr.csv")
            .replace("\n4,,MAN-400", "\n40,,MAN-400"),
    );
    w.write(
        "gone.csv",
        &w.read("bom-base.csv")
            .replace("4,,MAN-400,Operator manual (printed),1,0,US,EAR99,\n", ""),
    );
    let o = w.run(&["diff", "base.json", "renum.csv", "-f", "json"]);
    let d = json(&o);
    assert_eq!(d["summary"]["added"], 1);
    assert_eq!(d["added"][0]["id"], "5");
    assert_eq!(d["summary"]["removed"], 0);
    assert_eq!(d["changed"][0]["id"], "2");
    assert_eq!(d["summary"]["unchanged"], 3);
    let o = w.run(&["diff", "bom-base.csv", "gone.csv", "-f", "json"]);
    let d = json(&o);
    assert_eq!(d["removed"][0]["id"], "4");
    assert_eq!(d["removed"][0]["ruling"], "EAR EAR99");
}

#[test]
fn diff_against_newer_data_reports_both_data_versions() {
    let w = Work::new();
    w.baseline();
    // The old ruling file (v1 data) against the same BOM classified with v2 data.
    let o = w.run_with(
        &catalog("v2"),
        &["diff", "base.json", "bom-base.csv", "-f", "json"],
        "1",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let d = json(&o);
    assert_eq!(d["old"]["data"]["as_of"], "2026-01-15");
    assert_eq!(d["new"]["data"]["as_of"], "2026-07-01");
    assert_ne!(d["old"]["data"]["hash"], d["new"]["data"]["hash"]);
    // Two BOMs classified now, the old one with --old-data.
    let o = w.run_with(
        &catalog("v2"),
        &[
            "diff",
            "bom-base.csv",
            "bom-base.csv",
            "--old-data",
            &catalog("v1"),
            "-f",
            "json",
        ],
        "1",
    );
    let d = json(&o);
    assert_eq!(d["old"]["data"]["as_of"], "2026-01-15");
    assert_eq!(d["new"]["data"]["as_of"], "2026-07-01");
}

#[test]
fn ledger_appends_verifies_and_catches_a_tampered_entry() {
    let w = Work::new();
    w.baseline();
    for bom in ["bom-new-review.csv", "bom-pr.csv"] {
        let o = w.run(&["check", bom, "--record", "-o", &format!("{bom}.json")]);
        assert_eq!(code(&o), 0);
    }
    for (file, day) in [
        ("base.json", "2026-01-15"),
        ("bom-new-review.csv.json", "2026-02-01"),
        ("bom-pr.csv.json", "2026-03-01"),
    ] {
        let o = w.run(&[
            "ledger",
            "append",
            file,
            "--ledger",
            "ledger.jsonl",
            "--as-of",
            day,
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let o = w.run(&["ledger", "verify", "--ledger", "ledger.jsonl"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("intact: 3 entries"), "{}", stdout(&o));
    let o = w.run(&["ledger", "log", "--ledger", "ledger.jsonl", "-f", "json"]);
    let log = json(&o);
    assert_eq!(log.as_array().unwrap().len(), 3);
    assert_eq!(log[1]["summary"]["review"], 1);
    assert_eq!(log[2]["prev_hash"], log[1]["hash"]);
    assert_eq!(
        log[0]["payload_digest"].as_str().unwrap(),
        exportctl::record::sha256_hex(w.read("base.json").as_bytes())
    );

    // The ruling files themselves can be checked against the ledger.
    let o = w.run(&[
        "ledger",
        "verify",
        "--ledger",
        "ledger.jsonl",
        "base.json",
        "bom-pr.csv.json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("`bom-pr.csv.json` is recorded unaltered as entry 3"),
        "{}",
        stdout(&o)
    );
    w.write(
        "base.json",
        &w.read("base.json").replace("\"EAR\"", "\"ITAR\""),
    );
    let o = w.run(&[
        "ledger",
        "verify",
        "--ledger",
        "ledger.jsonl",
        "base.json",
        "-f",
        "json",
    ]);
    assert_eq!(code(&o), 1);
    assert_eq!(json(&o)["payloads"][0]["seq"], Value::Null);
    let o = w.run(&[
        "ledger",
        "log",
        "--ledger",
        "ledger.jsonl",
        "-f",
        "markdown",
    ]);
    assert!(stdout(&o).contains("| 2   | 2026-02-01"), "{}", stdout(&o));

    // Tamper with entry 2: claim it had no REVIEW line.
    let good = w.read("ledger.jsonl");
    let lines: Vec<&str> = good.lines().collect();
    let tampered = format!(
        "{}\n{}\n{}\n",
        lines[0],
        lines[1].replace("\"review\":1", "\"review\":0"),
        lines[2]
    );
    assert_ne!(tampered, good);
    w.write("ledger.jsonl", &tampered);
    let o = w.run(&["ledger", "verify", "--ledger", "ledger.jsonl"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("is broken at line 2 (entry 2): hash"),
        "{}",
        stderr(&o)
    );
    // Appending to a broken ledger is refused and leaves the file as it was.
    let o = w.run(&[
        "ledger",
        "append",
        "base.json",
        "--ledger",
        "ledger.jsonl",
        "--as-of",
        "2026-04-01",
    ]);
    assert_eq!(code(&o), 1);
    assert_eq!(w.read("ledger.jsonl"), tampered);
    let o = w.run(&["ledger", "log", "--ledger", "ledger.jsonl"]);
    assert_eq!(code(&o), 1);
    // Removing an entry is caught too.
    w.write("ledger.jsonl", &format!("{}\n{}\n", lines[0], lines[2]));
    let o = w.run(&["ledger", "verify", "--ledger", "ledger.jsonl", "-f", "json"]);
    assert_eq!(code(&o), 1);
    let v = json(&o);
    assert_eq!(v["break"]["line"], 2);
    assert!(v["break"]["why"].as_str().unwrap().contains("seq is 3"));
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let w = Work::new();
    w.baseline();
    let cases: &[&[&str]] = &[
        &["check", "bom-pr.csv", "--record"],
        &[
            "check",
            "bom-pr.csv",
            "--baseline",
            "base.json",
            "--waivers",
            "waivers.toml",
            "--as-of",
            "2026-06-01",
            "-f",
            "json",
        ],
        &[
            "check",
            "bom-pr.csv",
            "--baseline",
            "base.json",
            "--waivers",
            "waivers.toml",
            "--as-of",
            "2026-06-01",
            "-f",
            "sarif",
        ],
        &[
            "check",
            "bom-pr.csv",
            "--baseline",
            "base.json",
            "--as-of",
            "2026-06-01",
            "-f",
            "markdown",
        ],
        &["diff", "base.json", "bom-pr.csv", "-f", "json"],
    ];
    for args in cases {
        let one = w.run_with(&catalog("v1"), args, "1");
        let two = w.run_with(&catalog("v1"), args, "2");
        let again = w.run_with(&catalog("v1"), args, "2");
        assert!(!one.stdout.is_empty(), "{args:?}");
        assert_eq!(one.stdout, two.stdout, "{args:?}: 1 vs 2 threads");
        assert_eq!(two.stdout, again.stdout, "{args:?}: run to run");
        assert_eq!(code(&one), code(&two));
    }
}

#[test]
fn smoke_with_the_embedded_data() {
    let w = Work::new();
    let o = w
        .cmd()
        .args(["check", "bom-base.csv", "--record"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let f = json(&o);
    assert_eq!(f["schema"], "exportctl.rulings/1");
    assert_eq!(f["records"][0]["jurisdiction"], "ITAR");
}

#[test]
fn mini_catalogs_load() {
    for v in ["v1", "v2"] {
        let files =
            exportctl::data::read_dir(&root().join("fixtures/catalogs/ci").join(v)).unwrap();
        let c = exportctl::data::Catalog::from_files(&files).unwrap_or_else(|p| panic!("{v}: {p}"));
        assert_eq!(c.usml.len(), 2, "{v}");
    }
}

/// Issue 7: with `--to` (and `--party`) the ruling records hold each line's plan
/// entry, built as `exportctl plan` builds it, so `changed-plan` fires when the plan
/// changes — here a held TAA / DSP-5 expiring (22 CFR 124.1, 123.1: the line falls
/// back to an application) or removed from exportctl.toml. Without `--to` the plan
/// stays null.
#[test]
fn plan_in_records_and_changed_plan_end_to_end() {
    let w = Work::new();
    let data = root().join("fixtures/catalogs/plan").display().to_string();
    let bom = root()
        .join("fixtures/plan/program-bom.csv")
        .display()
        .to_string();
    let config = std::fs::read_to_string(root().join("fixtures/plan/exportctl.toml")).unwrap();
    w.write("exportctl.toml", &config);
    let run = |args: &[&str]| {
        w.cmd()
            .args(["--data", &data, "--config", "exportctl.toml"])
            .args(args)
            .output()
            .unwrap()
    };
    let ctx = ["--to", "DE", "--party", "Rheinwerk Industrietechnik"];
    let with = |extra: &[&str]| {
        let mut v: Vec<&str> = vec!["check", &bom];
        v.extend_from_slice(&ctx);
        v.extend_from_slice(extra);
        v.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let args = with(&["--as-of", "2026-11-21", "--write-baseline", "base.json"]);
    let o = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let base: Value = serde_json::from_str(&w.read("base.json")).unwrap();
    assert_valid(
        &validator(&root().join("docs/schema/rulings.schema.json")),
        &base,
        "ruling file with plan entries",
    );
    let plans: Vec<(String, String, String)> = base["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let p = &r["plan"];
            assert_eq!(p["destination"], "DE");
            assert_eq!(p["party"], "Rheinwerk Industrietechnik");
            (
                r["id"].as_str().unwrap().to_string(),
                p["authorization"].as_str().unwrap().to_string(),
                p["basis"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        plans,
        [
            s("1", "BLANKET", "050123456"),
            s("2", "BLANKET", "TA-1234-24"),
            s("3", "DSP5", "Category XI"),
            s("4", "NLR", "NLR"),
            s("5", "NLR", "NLR"),
        ]
    );

    // Same context, same date: passes.
    let args = with(&[
        "--as-of",
        "2026-11-21",
        "--baseline",
        "base.json",
        "--format",
        "json",
    ]);
    let o = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert_eq!(findings(&json(&o)), pairs(&[]));

    // After both held authorizations expire (TA-1234-24 on 2027-06-30): lines 1 and 2
    // fall back to a DSP-5 and a TAA.
    let args = with(&[
        "--as-of",
        "2027-07-01",
        "--baseline",
        "base.json",
        "--format",
        "json",
    ]);
    let o = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let r = json(&o);
    assert_eq!(
        findings(&r),
        pairs(&[("changed-plan", false), ("changed-plan", false)])
    );
    let msg = r["findings"][1]["message"].as_str().unwrap();
    assert!(
        msg.contains("BLANKET (TA-1234-24) → TAA (Category XI)"),
        "{msg}"
    );

    // The TAA removed from exportctl.toml: only line 2 changes.
    let start = config
        .find("[[authorization]]\nid = \"TA-1234-24\"")
        .unwrap();
    let end = start + config[start..].find("\n\n").unwrap() + 2;
    w.write(
        "exportctl.toml",
        &format!("{}{}", &config[..start], &config[end..]),
    );
    let args = with(&[
        "--as-of",
        "2026-11-21",
        "--baseline",
        "base.json",
        "--format",
        "json",
    ]);
    let o = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let r = json(&o);
    assert_eq!(findings(&r), pairs(&[("changed-plan", false)]));
    assert_eq!(r["findings"][0]["line_id"], "2");
    w.write("exportctl.toml", &config);

    // Without --to: no plan in the records.
    let o = run(&["check", &bom, "--as-of", "2026-11-21", "--record"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let rec = json(&o);
    assert!(rec["records"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["plan"].is_null()));
    // ... and a run without --to against a baseline with plans says so.
    let o = run(&[
        "check",
        &bom,
        "--as-of",
        "2026-11-21",
        "--baseline",
        "base.json",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let r = json(&o);
    assert!(r["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("this run has none"));
    // `--party` needs `--to` (usage error).
    let o = run(&[
        "check",
        &bom,
        "--party",
        "Rheinwerk Industrietechnik",
        "--record",
    ]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}
