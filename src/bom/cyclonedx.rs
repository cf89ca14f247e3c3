//! CycloneDX 1.5 / 1.6 JSON → BOM lines.
//!
//! Each entry of `components` is a line; nested `components` are its children.
//! Standard fields give the id (`bom-ref`), part number and description (`name`,
//! `description`), manufacturer (`manufacturer.name`, else `supplier.name`, else
//! `publisher`, else `author`) and kind (from `type`). Everything else comes from
//! component properties named `exportctl:<field>` (see [`PROPERTIES`]).
//! `metadata.component` (the product the SBOM describes) and `dependencies` are not
//! read: the tree is the nesting of `components`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::diag::{Location, Problems};
use crate::model::{Bom, Kind, ParamValue};

use super::assemble::Collector;
use super::csv::one;
use super::header::Field;
use super::json::{short, Lines};
use super::row::{build_item, parse_params, Row};
use super::Options;

/// Component property names exportctl reads, with the field each fills. Also
/// `exportctl:param:<key>` sets one technical parameter.
pub const PROPERTIES: [(&str, Field); 10] = [
    ("exportctl:part_number", Field::PartNumber),
    ("exportctl:mpn", Field::Mpn),
    ("exportctl:quantity", Field::Quantity),
    ("exportctl:unit_value", Field::UnitValue),
    ("exportctl:origin", Field::Origin),
    ("exportctl:eccn", Field::Eccn),
    ("exportctl:usml", Field::Usml),
    ("exportctl:kind", Field::Kind),
    ("exportctl:params", Field::Params),
    ("exportctl:find_number", Field::FindNumber),
];

/// CycloneDX spec versions accepted.
pub const SPEC_VERSIONS: [&str; 2] = ["1.5", "1.6"];

pub(crate) fn convert(doc: &Value, lines: &Lines, opts: &Options) -> Result<Bom, Problems> {
    let source = opts.source.as_str();
    let root_line = doc
        .as_object()
        .and_then(|o| lines.get(&(o as *const _)))
        .copied()
        .unwrap_or(1);
    let spec = doc.get("specVersion").and_then(Value::as_str).unwrap_or("");
    if !SPEC_VERSIONS.contains(&spec) {
        return Err(one(
            source,
            Location::at(source, root_line, None),
            format!("CycloneDX `specVersion` `{spec}` is not supported"),
            "exportctl reads CycloneDX 1.5 and 1.6 JSON; convert the SBOM with the CycloneDX CLI",
        ));
    }
    let mut coll = Collector::new(source);
    match doc.get("components") {
        Some(Value::Array(list)) => {
            let mut conv = Cdx {
                lines,
                coll: &mut coll,
            };
            conv.list(list, None, root_line);
        }
        None => {}
        Some(_) => coll.problem(
            root_line,
            None,
            "`components` must be a list".to_string(),
            "see the CycloneDX JSON schema",
        ),
    }
    coll.finish()
}

struct Cdx<'a> {
    lines: &'a Lines,
    coll: &'a mut Collector,
}

impl Cdx<'_> {
    fn list(&mut self, list: &[Value], parent: Option<&str>, line: usize) {
        for (n, v) in list.iter().enumerate() {
            let Value::Object(c) = v else {
                self.coll.problem(
                    line,
                    None,
                    format!("expected a component object, found `{}`", short(v)),
                    "each entry of `components` is an object",
                );
                continue;
            };
            self.component(c, parent, n + 1);
        }
    }

    fn component(&mut self, c: &Map<String, Value>, parent: Option<&str>, ordinal: usize) {
        let line = self.lines.get(&(c as *const _)).copied().unwrap_or(0);
        let mut row = Row::new(line);
        row.json = true;
        let text = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("").trim();
        let name = text("name");
        row.set(Field::PartNumber, name, None);
        row.set(
            Field::Description,
            if text("description").is_empty() {
                name
            } else {
                text("description")
            },
            None,
        );
        let org = |k: &str| {
            c.get(k)
                .and_then(|o| o.get("name"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
        };
        let manufacturer = [
            org("manufacturer"),
            org("supplier"),
            text("publisher"),
            text("author"),
        ]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or("");
        row.set(Field::Manufacturer, manufacturer, None);
        let mut params: BTreeMap<String, ParamValue> = BTreeMap::new();
        if let Some(props) = c.get("properties").and_then(Value::as_array) {
            for p in props {
                let pname = p.get("name").and_then(Value::as_str).unwrap_or("");
                let pval = match p.get("value") {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => String::new(),
                };
                if let Some(key) = pname.strip_prefix("exportctl:param:") {
                    match parse_params(&format!("{key}={pval}")) {
                        Ok(p) => params.extend(p),
                        Err(e) => self.coll.problem(
                            line,
                            None,
                            format!("property `{pname}`: {e}"),
                            "name parameters `exportctl:param:<snake_case_key>` and give a value",
                        ),
                    }
                    continue;
                }
                if let Some((_, field)) = PROPERTIES.iter().find(|(n, _)| *n == pname) {
                    if *field == Field::Params {
                        match parse_params(&pval) {
                            Ok(p) => params.extend(p),
                            Err(e) => self.coll.problem(
                                line,
                                None,
                                format!("property `exportctl:params`: {e}"),
                                "write `key=value;key=value`, e.g. `freq_ghz=9.5;power_w=20`",
                            ),
                        }
                    } else {
                        row.set(*field, pval, None);
                    }
                } else if pname.starts_with("exportctl:") {
                    self.coll.problem(
                        line,
                        None,
                        format!("unknown property `{pname}`"),
                        &format!(
                            "exportctl properties are {} and `exportctl:param:<key>`",
                            PROPERTIES
                                .iter()
                                .map(|(n, _)| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
            }
        }
        row.params = Some(params);
        if row.get(Field::Kind).is_none() {
            let ty = text("type");
            match cdx_kind(ty) {
                Some(k) => row.set(Field::Kind, k.as_str(), None),
                None => self.coll.problem(
                    line,
                    None,
                    format!("component `type` `{ty}` is not a CycloneDX component type"),
                    "use a CycloneDX type such as `device`, `firmware`, `library` or `data`, or set the `exportctl:kind` property",
                ),
            }
        }
        let id = match text("bom-ref") {
            "" => {
                let own = match row.text(Field::FindNumber) {
                    "" => ordinal.to_string(),
                    f => f.to_string(),
                };
                match parent {
                    Some(p) => format!("{p}.{own}"),
                    None => own,
                }
            }
            r => r.to_string(),
        };
        let item = build_item(
            &self.coll.source,
            &row,
            id.clone(),
            parent.map(str::to_string),
            &mut self.coll.problems,
        );
        self.coll.push(item);
        if let Some(children) = c.get("components").and_then(Value::as_array) {
            self.list(children, Some(&id), line);
        }
    }
}

/// Kind of a CycloneDX component type; `None` for a type CycloneDX does not define.
fn cdx_kind(ty: &str) -> Option<Kind> {
    match ty {
        "device" => Some(Kind::Hardware),
        "data" => Some(Kind::Technology),
        "application"
        | "framework"
        | "library"
        | "container"
        | "platform"
        | "operating-system"
        | "device-driver"
        | "firmware"
        | "file"
        | "machine-learning-model"
        | "cryptographic-asset" => Some(Kind::Software),
        _ => None,
    }
}
