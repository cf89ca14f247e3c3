//! The command-line contract: the command set, exit codes (docs/cli.md) and atomic
//! output. Each stage's own CLI behaviour is tested beside the stage.

use assert_cmd::Command;
use predicates::prelude::*;

fn exportctl() -> Command {
    let mut cmd = Command::cargo_bin("exportctl").unwrap();
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

const COMMANDS: &[&str] = &[
    "classify",
    "plan",
    "taint",
    "deminimis",
    "reexport",
    "check",
    "diff",
    "lookup",
    "data",
    "ledger",
];

#[test]
fn help_lists_every_command_and_exits_0() {
    let mut assert = exportctl().arg("--help").assert().success();
    for c in COMMANDS {
        assert = assert.stdout(predicate::str::contains(format!("  {c} ")));
    }
    for c in COMMANDS {
        exportctl().args([c, "--help"]).assert().success();
    }
}

#[test]
fn usage_errors_exit_2() {
    exportctl().arg("frobnicate").assert().code(2);
    exportctl().assert().code(2);
    exportctl()
        .args([
            "classify",
            "fixtures/boms/uas-program.csv",
            "--format",
            "nope",
        ])
        .assert()
        .code(2);
    // A format the command does not write is refused, not ignored.
    exportctl()
        .args([
            "classify",
            "fixtures/boms/uas-program.csv",
            "--format",
            "sarif",
        ])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn every_bom_command_names_a_missing_file_and_exits_2() {
    for args in [
        &["classify", "missing.csv"][..],
        &["taint", "missing.csv"],
        &["deminimis", "missing.csv", "--to", "CN"],
        &["reexport", "missing.csv", "--from", "DE", "--to", "IN"],
        &["plan", "missing.csv", "--to", "GB"],
        &["check", "missing.csv"],
    ] {
        exportctl()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("missing.csv"));
    }
}

#[test]
fn output_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rulings.json");
    // A malformed BOM: exit 2, and no output file appears.
    exportctl()
        .args([
            "classify",
            "fixtures/boms/malformed/duplicate-ids.csv",
            "--format",
            "json",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists());
    // A good BOM: the file holds the whole JSON document, stdout stays empty.
    exportctl()
        .args([
            "classify",
            "fixtures/boms/uas-program.csv",
            "--format",
            "json",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 54);
    // Nothing but the output is left in the directory (no temporary files).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn built_in_data_works_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    exportctl()
        .current_dir(dir.path())
        .args(["lookup", "3A001.a.7"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "15 CFR 774, Supp. 1, ECCN 3A001.a.7",
        ));
}

#[test]
fn stale_data_is_reported_on_stderr_and_config_paths_are_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("exportctl.toml");
    // `max-age-days = 0`: any data older than today is stale (the data is dated in the past).
    std::fs::write(&cfg, "[data]\nmax-age-days = 0\n").unwrap();
    exportctl()
        .args(["lookup", "5A002", "--config"])
        .arg(&cfg)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: the control-list data is",
        ));
    // --quiet silences it.
    exportctl()
        .args(["--quiet", "lookup", "5A002", "--config"])
        .arg(&cfg)
        .assert()
        .success()
        .stderr("");
    // `[data] dir` is read relative to the config file, wherever exportctl runs.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::write(&cfg, "[data]\ndir = \"mini\"\nmax-age-days = 100000\n").unwrap();
    let mini = dir.path().join("mini");
    std::fs::create_dir(&mini).unwrap();
    std::fs::copy(
        root.join("fixtures/catalogs/mini/manifest.toml"),
        mini.join("manifest.toml"),
    )
    .unwrap();
    exportctl()
        .current_dir(root)
        .args(["data", "info", "--config"])
        .arg(&cfg)
        .assert()
        .success()
        .stdout(predicate::str::contains(mini.display().to_string()))
        .stdout(predicate::str::contains("latest rule: mini test catalog"));
}
