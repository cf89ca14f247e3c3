//! `exportctl lookup ID`: one ECCN (heading or paragraph) or USML paragraph with its
//! parents, children, controls and citation, as text or JSON.

use std::fmt::Write as _;

use anyhow::bail;
use exportctl::data::catalog::{CclEntry, UsmlEntry};
use exportctl::data::Catalog;
use exportctl::model::{ClassCode, Eccn, UsmlId};
use serde_json::{json, Value};

use crate::app::{Ctx, Format};
use crate::exit::Exit;

/// Arguments of `exportctl lookup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// An ECCN (`3A001`, `3A001.a.7`) or USML id (`XI(c)`, `XI(c)(1)`).
    pub id: String,
}

pub fn run(ctx: &Ctx, args: &Args) -> anyhow::Result<Exit> {
    let cat = ctx.catalog()?;
    let value = match ClassCode::parse(&args.id) {
        Ok(ClassCode::Eccn(e)) => eccn_value(&cat, &e)?,
        Ok(ClassCode::Usml(u)) => usml_value(&cat, &u)?,
        Ok(ClassCode::Ear99) => {
            bail!("`EAR99` is not a list entry: it covers items subject to the EAR that no ECCN describes")
        }
        Err(m) => {
            bail!("{m}\nhint: write an ECCN such as `3A001.a.7` or a USML id such as `XI(c)`")
        }
    };
    let out = if ctx.format_among("lookup", &[Format::Table, Format::Json])? == Format::Json {
        serde_json::to_string_pretty(&value)? + "\n"
    } else {
        render_text(&value)
    };
    ctx.emit(&out)?;
    Ok(Exit::Ok)
}

fn eccn_value(cat: &Catalog, id: &Eccn) -> anyhow::Result<Value> {
    let Some(entry) = cat.eccn_entry(id) else {
        bail!(
            "ECCN `{}` is not in the data ({} ECCNs loaded)",
            id.heading(),
            cat.ccl.len()
        );
    };
    if !cat.eccn_exists(id) {
        bail!("`{id}` is not a paragraph of ECCN `{}`\nhint: `exportctl lookup {}` lists its paragraphs", id.heading(), id.heading());
    }
    let item_title = |p: &Eccn| -> String {
        if p.path().is_empty() {
            entry.raw.title.clone()
        } else {
            entry
                .raw
                .item
                .iter()
                .find(|i| i.id == p.to_string())
                .map(|i| i.title.clone())
                .unwrap_or_default()
        }
    };
    let mut parents = Vec::new();
    let mut p = id.parent();
    while let Some(x) = p {
        parents.insert(0, json!({"id": x.to_string(), "title": item_title(&x)}));
        p = x.parent();
    }
    let children: Vec<Value> = entry
        .items
        .iter()
        .zip(&entry.raw.item)
        .filter(|(e, _)| e.parent().as_ref() == Some(id))
        .map(|(e, it)| json!({"id": e.to_string(), "title": it.title, "reserved": it.reserved}))
        .collect();
    let this_item = entry.raw.item.iter().find(|i| i.id == id.to_string());
    let matching = match this_item {
        Some(i) => &i.matching,
        None => &entry.raw.matching,
    };
    let applies = |paras: &[String], except: &[String]| -> bool {
        let within = |s: &String| Eccn::parse(s).is_ok_and(|e| id.is_within(&e) || e.is_within(id));
        (paras.is_empty() || paras.iter().any(within))
            && !except
                .iter()
                .any(|s| Eccn::parse(s).is_ok_and(|e| id.is_within(&e)))
    };
    let controls: Vec<Value> = entry
        .raw
        .control
        .iter()
        .filter(|c| applies(&c.paragraphs, &c.except))
        .map(|c| serde_json::to_value(c).unwrap_or(Value::Null))
        .collect();
    Ok(json!({
        "list": "CCL",
        "id": id.to_string(),
        "title": item_title(id),
        "heading": entry.id.to_string(),
        "citation": citation_of(entry, id),
        "reasons": entry.raw.reasons,
        "itar_pointer": entry.raw.itar_pointer,
        "reserved": this_item.map_or(entry.raw.reserved, |i| i.reserved),
        "note": this_item.and_then(|i| i.note.clone()).or_else(|| entry.raw.note.clone()),
        "parents": parents,
        "children": children,
        "controls": controls,
        "exceptions": entry.raw.exception,
        "terms": matching.terms,
        "thresholds": matching.thresholds,
    }))
}

fn citation_of(entry: &CclEntry, id: &Eccn) -> String {
    if id.path().is_empty() {
        entry.citation.clone()
    } else {
        format!("15 CFR 774, Supp. 1, ECCN {id}")
    }
}

fn usml_value(cat: &Catalog, id: &UsmlId) -> anyhow::Result<Value> {
    let title_of = |u: &UsmlId| -> String {
        if u.path().is_empty() {
            cat.usml_categories
                .get(&u.category())
                .map(|c| c.title.clone())
                .unwrap_or_default()
        } else {
            cat.usml
                .get(u)
                .map(|e| e.raw.title.clone())
                .unwrap_or_default()
        }
    };
    let entry: Option<&UsmlEntry> = cat.usml.get(id);
    if entry.is_none()
        && !(id.path().is_empty() && cat.usml_categories.contains_key(&id.category()))
    {
        bail!(
            "USML `{id}` is not in the data ({} paragraphs loaded)",
            cat.usml.len()
        );
    }
    let mut parents = Vec::new();
    let mut p = id.parent();
    while let Some(x) = p {
        parents.insert(0, json!({"id": x.to_string(), "title": title_of(&x)}));
        p = x.parent();
    }
    let mut kids: Vec<&UsmlEntry> = cat
        .usml
        .values()
        .filter(|e| e.id.parent().as_ref() == Some(id))
        .collect();
    kids.sort_by_key(|e| e.order);
    let children: Vec<Value> = kids
        .iter()
        .map(|e| json!({"id": e.id.to_string(), "title": e.raw.title, "sme": e.raw.sme, "mt": e.raw.mt}))
        .collect();
    Ok(json!({
        "list": "USML",
        "id": id.to_string(),
        "title": title_of(id),
        "citation": entry.map_or_else(|| format!("22 CFR 121.1, Category {id}"), |e| e.citation.clone()),
        "sme": entry.is_some_and(|e| e.raw.sme),
        "mt": entry.is_some_and(|e| e.raw.mt),
        "catch_all": entry.is_some_and(|e| e.raw.catch_all),
        "reserved": entry.is_some_and(|e| e.raw.reserved),
        "note": entry.and_then(|e| e.raw.note.clone()),
        "parents": parents,
        "children": children,
        "terms": entry.map(|e| e.raw.matching.terms.clone()).unwrap_or_default(),
        "thresholds": entry.map(|e| e.raw.matching.thresholds.clone()).unwrap_or_default(),
    }))
}

fn s(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

fn render_text(v: &Value) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} {} — {}", s(v, "list"), s(v, "id"), s(v, "title"));
    let _ = writeln!(o, "citation: {}", s(v, "citation"));
    if v["list"] == "USML" {
        let mut marks = Vec::new();
        for (k, label) in [
            ("sme", "SME"),
            ("mt", "MT"),
            ("catch_all", "catch-all"),
            ("reserved", "reserved"),
        ] {
            if v[k] == true {
                marks.push(label);
            }
        }
        if !marks.is_empty() {
            let _ = writeln!(o, "marks: {}", marks.join(", "));
        }
    } else {
        let reasons: Vec<&str> = v["reasons"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "reasons for control: {}",
            if reasons.is_empty() {
                "none listed".into()
            } else {
                reasons.join(", ")
            }
        );
        if v["itar_pointer"] == true {
            let _ = writeln!(
                o,
                "note: the items are subject to the ITAR (this entry only points there)"
            );
        }
        if v["reserved"] == true {
            let _ = writeln!(o, "reserved");
        }
    }
    if let Some(n) = v["note"].as_str() {
        let _ = writeln!(o, "note: {n}");
    }
    if let Some(ps) = v["parents"].as_array().filter(|a| !a.is_empty()) {
        let _ = writeln!(o, "parents:");
        for p in ps {
            let _ = writeln!(o, "  {} — {}", s(p, "id"), s(p, "title"));
        }
    }
    if let Some(cs) = v["controls"].as_array().filter(|a| !a.is_empty()) {
        let _ = writeln!(o, "controls:");
        for c in cs {
            let mut line = format!("  {}", s(c, "reason"));
            if let Some(col) = c["column"].as_str() {
                let _ = write!(line, " -> chart column {col}");
            }
            let list = |k: &str| -> String {
                c[k].as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default()
            };
            if !list("destinations").is_empty() {
                let _ = write!(line, " -> {}", list("destinations"));
            }
            if !list("except_destinations").is_empty() {
                let _ = write!(line, " (not {})", list("except_destinations"));
            }
            if !list("paragraphs").is_empty() {
                let _ = write!(line, " for {}", list("paragraphs"));
            }
            if !list("except").is_empty() {
                let _ = write!(line, " except {}", list("except"));
            }
            if let Some(see) = c["see"].as_str() {
                let _ = write!(line, "; see {see}");
            }
            if c["qualified"] == true {
                let _ = write!(line, " [conditions apply]");
            }
            let _ = writeln!(o, "{line}");
        }
    }
    if let Some(xs) = v["exceptions"].as_array().filter(|a| !a.is_empty()) {
        let _ = writeln!(o, "license exceptions:");
        for x in xs {
            let mut line = format!("  {} {}", s(x, "code"), s(x, "status"));
            if let Some(usd) = x["value_usd"].as_u64() {
                let _ = write!(line, " ${usd}");
            }
            for (k, label) in [("paragraphs", "for"), ("excluded", "excluding")] {
                if let Some(a) = x[k].as_array().filter(|a| !a.is_empty()) {
                    let _ = write!(
                        line,
                        " {label} {}",
                        a.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
            }
            let _ = writeln!(o, "{line}");
        }
    }
    if let Some(ts) = v["thresholds"].as_array().filter(|a| !a.is_empty()) {
        let parts: Vec<String> = ts
            .iter()
            .map(|t| format!("{} {} {}", s(t, "param"), s(t, "op"), t["value"]))
            .collect();
        let _ = writeln!(o, "thresholds: {}", parts.join(", "));
    }
    if let Some(ts) = v["terms"].as_array().filter(|a| !a.is_empty()) {
        let _ = writeln!(
            o,
            "terms: {}",
            ts.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(cs) = v["children"].as_array().filter(|a| !a.is_empty()) {
        let _ = writeln!(o, "children:");
        for c in cs {
            let mut line = format!("  {} — {}", s(c, "id"), s(c, "title"));
            if c["sme"] == true {
                line.push_str(" [SME]");
            }
            if c["mt"] == true {
                line.push_str(" [MT]");
            }
            if c["reserved"] == true {
                line.push_str(" [reserved]");
            }
            let _ = writeln!(o, "{line}");
        }
    }
    o
}
