//! JSON BOMs: exportctl's own JSON (a flat list with `parent`, or nested `children`)
//! and CycloneDX 1.5/1.6 (dispatched to `cyclonedx.rs` on `"bomFormat": "CycloneDX"`).
//!
//! The whole document is parsed at once (JSON BOMs are small next to CSV exports).
//! Every object keeps the line its `{` is on, so problems point at the item.
//! Field names are the canonical CSV column names (header aliases are accepted too);
//! unknown fields are errors, since a misspelt `eccn` must not be silently dropped.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::diag::{Location, Problems};
use crate::model::{Bom, ParamValue};

use super::assemble::Collector;
use super::csv::{empty_file, one};
use super::header::Field;
use super::row::{build_item, Row};
use super::{cyclonedx, Format, Options};

/// Line of every JSON object, keyed by its address in the parsed tree.
pub(crate) type Lines = HashMap<*const Map<String, Value>, usize>;

/// Parses a JSON BOM (exportctl JSON or CycloneDX) from bytes.
pub fn parse_json(bytes: &[u8], opts: &Options) -> Result<Bom, Problems> {
    let source = opts.source.as_str();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(empty_file(source));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let col = at
                - bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            return Err(one(
                source,
                Location::at(source, line, Some(col)),
                format!("invalid UTF-8 at byte {at}"),
                "save the file as UTF-8",
            ));
        }
    };
    let text = text.trim_start_matches('\u{feff}');
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        let msg = msg
            .rsplit_once(" at line ")
            .map_or(msg.as_str(), |(m, _)| m)
            .to_string();
        one(
            source,
            Location::at(source, e.line(), Some(e.column())),
            format!("invalid JSON: {msg}"),
            "check the JSON syntax (a missing comma or quote is the usual cause)",
        )
    })?;
    let lines = object_lines(text, &value);
    let is_cdx = value
        .get("bomFormat")
        .and_then(Value::as_str)
        .is_some_and(|f| f == "CycloneDX");
    if is_cdx {
        return cyclonedx::convert(&value, &lines, opts);
    }
    if opts.format == Some(Format::CycloneDx) {
        return Err(one(
            source,
            Location::at(source, 1, None),
            "not a CycloneDX document: `bomFormat` is not `CycloneDX`".to_string(),
            "drop `--input-format cyclonedx` to read exportctl JSON",
        ));
    }
    let items = match &value {
        Value::Array(a) => a,
        Value::Object(o) => match o.get("items") {
            Some(Value::Array(a)) => a,
            _ => {
                return Err(one(
                    source,
                    Location::at(source, 1, None),
                    "expected a list of items or an object with an `items` list".to_string(),
                    "see docs/INPUT.md for the JSON shape",
                ))
            }
        },
        _ => {
            return Err(one(
                source,
                Location::at(source, 1, None),
                "expected a list of items or an object with an `items` list".to_string(),
                "see docs/INPUT.md for the JSON shape",
            ))
        }
    };
    let mut coll = Collector::new(source);
    let mut reader = JsonItems {
        opts,
        lines: &lines,
        coll: &mut coll,
        roots: 0,
    };
    reader.list(items, None, 1);
    coll.finish()
}

struct JsonItems<'a> {
    opts: &'a Options,
    lines: &'a Lines,
    coll: &'a mut Collector,
    roots: usize,
}

impl JsonItems<'_> {
    /// Reads `items` under `parent` (`None` at the top; `line` is the enclosing line).
    fn list(&mut self, items: &[Value], parent: Option<&str>, line: usize) {
        let mut children = 0usize;
        for v in items {
            let Value::Object(obj) = v else {
                self.coll.problem(
                    line,
                    None,
                    format!("expected an item object, found `{}`", short(v)),
                    "each item is an object such as `{\"id\": \"1\", \"description\": \"...\"}`",
                );
                continue;
            };
            let ordinal = if parent.is_some() {
                children += 1;
                children
            } else {
                self.roots += 1;
                self.roots
            };
            self.item(obj, parent, ordinal);
        }
    }

    fn item(&mut self, obj: &Map<String, Value>, nest_parent: Option<&str>, ordinal: usize) {
        let line = self.lines.get(&(obj as *const _)).copied().unwrap_or(0);
        let mut row = Row::new(line);
        row.json = true;
        let mut children: Option<&Vec<Value>> = None;
        for (key, v) in obj {
            if key == "children" {
                match v {
                    Value::Array(a) => children = Some(a),
                    Value::Null => {}
                    _ => self.coll.problem(
                        line,
                        None,
                        "field `children` must be a list of items".to_string(),
                        "write `\"children\": [ {...}, {...} ]`",
                    ),
                }
                continue;
            }
            let Some(field) = self.opts.map.resolve(key) else {
                self.coll.problem(
                    line,
                    None,
                    format!("unknown field `{key}`"),
                    &format!(
                        "fields are {} and `children`",
                        Field::ALL
                            .iter()
                            .filter(|f| **f != Field::Level)
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                continue;
            };
            if field == Field::Level {
                self.coll.problem(
                    line,
                    None,
                    "field `level` is not used in JSON".to_string(),
                    "nest lines with `children` or refer to a `parent` id",
                );
                continue;
            }
            if field == Field::Params {
                if let Value::Object(p) = v {
                    row.params = Some(json_params(p));
                    continue;
                }
            }
            match v {
                Value::Null => {}
                Value::String(s) => row.set(field, s.as_str(), None),
                Value::Number(n) => row.set(field, n.to_string(), None),
                Value::Bool(b) => row.set(field, if *b { "yes" } else { "no" }, None),
                _ => self.coll.problem(
                    line,
                    None,
                    format!("field `{field}` must be a string or a number"),
                    "write the value as text, e.g. `\"3A001.a.7\"`",
                ),
            }
        }
        let explicit_parent = row.text(Field::Parent);
        let parent = match nest_parent {
            Some(np) => {
                if !explicit_parent.is_empty() && explicit_parent != np {
                    self.coll.problem(
                        line,
                        None,
                        format!(
                            "field `parent`: `{explicit_parent}` disagrees with the enclosing item `{np}`"
                        ),
                        "drop `parent` from nested items, or make it match",
                    );
                }
                Some(np.to_string())
            }
            None => (!explicit_parent.is_empty()).then(|| explicit_parent.to_string()),
        };
        let id = match row.text(Field::Id) {
            "" => {
                let own = match row.text(Field::FindNumber) {
                    "" => ordinal.to_string(),
                    f => f.to_string(),
                };
                match nest_parent {
                    Some(p) => format!("{p}.{own}"),
                    None => own,
                }
            }
            id => id.to_string(),
        };
        let item = build_item(
            &self.coll.source,
            &row,
            id.clone(),
            parent,
            &mut self.coll.problems,
        );
        self.coll.push(item);
        if let Some(ch) = children {
            self.list(ch, Some(&id), line);
        }
    }
}

/// Parameters given as a JSON object: numbers stay numbers, booleans become
/// `yes`/`no`, strings are parsed like CSV values.
pub(crate) fn json_params(p: &Map<String, Value>) -> BTreeMap<String, ParamValue> {
    p.iter()
        .map(|(k, v)| {
            let pv = match v {
                Value::Number(n) => n
                    .as_f64()
                    .map_or_else(|| ParamValue::Text(n.to_string()), ParamValue::Number),
                Value::Bool(b) => ParamValue::Text(if *b { "yes" } else { "no" }.into()),
                Value::String(s) => ParamValue::parse(s),
                other => ParamValue::Text(other.to_string()),
            };
            (k.trim().to_ascii_lowercase(), pv)
        })
        .collect()
}

/// A short rendering of a value for messages.
pub(crate) fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}...", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// Maps every object in `value` to the line of its `{` in `text`. Objects are
/// numbered in document order both in the text and in a pre-order walk of the
/// parsed tree (keys keep their order), so the k-th `{` is the k-th object. When the
/// counts disagree (duplicate keys dropped an object), no lines are given.
fn object_lines(text: &str, value: &Value) -> Lines {
    let mut starts = Vec::new();
    let (mut line, mut in_str, mut esc) = (1usize, false, false);
    for b in text.bytes() {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' => starts.push(line),
            b'\n' => line += 1,
            _ => {}
        }
    }
    // Newlines inside strings are escaped in valid JSON, so `line` is exact.
    let mut objects = Vec::with_capacity(starts.len());
    collect_objects(value, &mut objects);
    if objects.len() != starts.len() {
        return Lines::new();
    }
    objects.into_iter().zip(starts).collect()
}

fn collect_objects(v: &Value, out: &mut Vec<*const Map<String, Value>>) {
    match v {
        Value::Object(m) => {
            out.push(m as *const _);
            for x in m.values() {
                collect_objects(x, out);
            }
        }
        Value::Array(a) => {
            for x in a {
                collect_objects(x, out);
            }
        }
        _ => {}
    }
}
