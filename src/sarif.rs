//! SARIF 2.1.0 output of `exportctl check`, for code-scanning views.
//!
//! One run; the driver lists every policy as a rule (rule id = policy code); each
//! reported finding is a result whose location is the BOM file and the line's source
//! line (or the waivers file and the waiver's line). Waived findings are kept with a
//! `suppressions` entry naming the approver. `allow` policies produce no results.
//!
//! Only what exportctl needs of SARIF is emitted; `fixtures/ci/sarif-2.1.0-subset.schema.json`
//! is the reduced schema the tests validate against.

use serde_json::{json, Value};

use crate::check::{CheckReport, Level, Policy};

/// `$schema` of the emitted log.
pub const SARIF_SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Turns a file name as given into a relative URI reference (forward slashes,
/// percent-encoded where needed).
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn sarif_level(l: Level) -> &'static str {
    match l {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Allow => "none",
    }
}

/// Renders a check report as a SARIF 2.1.0 log (pretty JSON, trailing newline).
pub fn render(report: &CheckReport) -> String {
    let rules: Vec<Value> = Policy::ALL
        .iter()
        .map(|p| {
            let level = report.policies.get(p).copied().unwrap_or(p.default_level());
            json!({
                "id": p.code(),
                "name": p.code(),
                "shortDescription": { "text": p.description() },
                "help": { "text": format!("See docs/CI.md, policy `{}`.", p.code()) },
                "defaultConfiguration": { "level": sarif_level(level), "enabled": level != Level::Allow },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let rule_index = Policy::ALL.iter().position(|p| *p == f.code).unwrap_or(0);
            let mut region = serde_json::Map::new();
            region.insert("startLine".into(), json!(f.line.unwrap_or(1).max(1)));
            let mut r = json!({
                "ruleId": f.code.code(),
                "ruleIndex": rule_index,
                "level": sarif_level(f.level),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": path_to_uri(&f.file) },
                        "region": region,
                    }
                }],
                "partialFingerprints": {
                    "exportctl/v1": format!(
                        "{}:{}",
                        f.code.code(),
                        f.line_id.as_deref().unwrap_or(&f.message)
                    ),
                },
            });
            if let Some(id) = &f.line_id {
                r["properties"] = json!({ "lineId": id, "partNumber": f.part_number });
            }
            if let Some(w) = &f.waiver {
                r["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("{} (approved by {}, expires {})", w.reason, w.approved_by, w.expires),
                }]);
            }
            r
        })
        .collect();
    let log = json!({
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "exportctl",
                    "version": report.tool,
                    "rules": rules,
                }
            },
            "results": results,
            "properties": {
                "asOf": report.as_of,
                "dataAsOf": report.data.as_of,
                "dataHash": report.data.hash,
                "passed": report.passed,
            },
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references() {
        for (path, want) in [
            ("fixtures/ci/bom.csv", "fixtures/ci/bom.csv"),
            ("my boms\\a b.csv", "my%20boms/a%20b.csv"),
        ] {
            assert_eq!(path_to_uri(path), want);
        }
    }
}
