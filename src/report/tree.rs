//! A BOM as an indented text tree, one line per BOM line, in pre-order.
//!
//! Shows id, part number, description, quantity, unit value, origin, declared codes
//! and the kind when it is not hardware. It does not classify: declared codes are
//! shown as declared. Deterministic: input order, no wall clock.

use std::fmt::Write as _;

use crate::model::{Bom, Item, Kind};

/// Renders `bom` as a tree in the style of `cargo tree`.
///
/// ```text
/// 1  UAV-100  Air vehicle  qty 1  $1,250,000.00  US  USML VIII(a)
/// ├── 1.1  AVN-200  Avionics bay  qty 1  $85,000.00  US
/// │   └── 1.1.1  ...
/// └── 1.2  ...
/// ```
pub fn render(bom: &Bom) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} line{}",
        bom.source,
        bom.len(),
        if bom.len() == 1 { "" } else { "s" }
    );
    // (index, prefix for its children, is last among siblings, depth)
    let mut stack: Vec<(usize, String, bool, usize)> = Vec::new();
    let roots: Vec<usize> = bom.roots().collect();
    for (n, &r) in roots.iter().enumerate().rev() {
        stack.push((r, String::new(), n + 1 == roots.len(), 0));
    }
    while let Some((i, prefix, last, depth)) = stack.pop() {
        let branch = match (depth, last) {
            (0, _) => "",
            (_, true) => "└── ",
            (_, false) => "├── ",
        };
        let _ = writeln!(out, "{prefix}{branch}{}", line(&bom.items()[i]));
        let child_prefix = match (depth, last) {
            (0, _) => prefix.clone(),
            (_, true) => format!("{prefix}    "),
            (_, false) => format!("{prefix}│   "),
        };
        let children = bom.children_of(i);
        for (n, &c) in children.iter().enumerate().rev() {
            stack.push((c, child_prefix.clone(), n + 1 == children.len(), depth + 1));
        }
    }
    out
}

/// One line's text: the fields present, separated by two spaces.
fn line(it: &Item) -> String {
    let mut parts: Vec<String> = vec![it.id.clone()];
    if !it.part_number.is_empty() {
        parts.push(it.part_number.clone());
    }
    if !it.description.is_empty() && it.description != it.part_number {
        parts.push(it.description.clone());
    }
    parts.push(format!("qty {}", it.quantity));
    if let Some(v) = it.unit_value {
        parts.push(usd(v));
    }
    if let Some(o) = it.origin {
        parts.push(o.to_string());
    }
    if let Some(u) = &it.declared_usml {
        parts.push(format!("USML {u}"));
    }
    if let Some(e) = &it.declared_eccn {
        parts.push(format!("ECCN {e}"));
    }
    if it.kind != Kind::Hardware {
        parts.push(format!("[{}]", it.kind));
    }
    parts.join("  ")
}

/// `$1,234.50`.
pub fn usd(v: f64) -> String {
    let cents = (v * 100.0).round() as i128;
    let (whole, frac) = (cents / 100, (cents % 100).abs());
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}${grouped}.{frac:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, parent: Option<&str>) -> Item {
        let mut it = Item::new(id, format!("part {id}"));
        it.parent = parent.map(str::to_string);
        it
    }

    #[test]
    fn renders_branches() {
        let bom = Bom::new(
            "t.csv",
            vec![
                item("1", None),
                item("1.1", Some("1")),
                item("1.1.1", Some("1.1")),
                item("1.2", Some("1")),
                item("2", None),
            ],
        )
        .unwrap();
        assert_eq!(
            render(&bom),
            "t.csv: 5 lines\n\
             1  part 1  qty 1\n\
             ├── 1.1  part 1.1  qty 1\n\
             │   └── 1.1.1  part 1.1.1  qty 1\n\
             └── 1.2  part 1.2  qty 1\n\
             2  part 2  qty 1\n"
        );
    }

    #[test]
    fn usd_groups_thousands() {
        assert_eq!(usd(1_250_000.0), "$1,250,000.00");
        assert_eq!(usd(0.5), "$0.50");
        assert_eq!(usd(999.999), "$1,000.00");
    }
}
