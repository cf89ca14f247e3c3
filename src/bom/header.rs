//! Column names: the canonical BOM fields, the header spellings PLM/ERP exports use,
//! and explicit mappings (`--map 'Part Nbr=part_number'`, `[bom] map` in the config).
//!
//! Header matching is case-insensitive and ignores `_`, `-`, `.` and repeated spaces,
//! so `Part_Number`, `part-number` and `PART NUMBER` are the same column. It does not
//! guess beyond the alias table: an unknown column is ignored, and a column the
//! table does not know must be mapped explicitly.

use std::collections::BTreeMap;
use std::fmt;

/// A canonical BOM field (a column of the canonical CSV header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Unique line id.
    Id,
    /// Id of the parent line.
    Parent,
    /// Indentation level of an indented BOM (0 = top).
    Level,
    /// Find number / position within the parent assembly (used to build ids).
    FindNumber,
    /// Part number.
    PartNumber,
    /// Description.
    Description,
    /// Manufacturer.
    Manufacturer,
    /// Manufacturer part number.
    Mpn,
    /// Quantity per parent.
    Quantity,
    /// Unit value in USD.
    UnitValue,
    /// Country of origin (ISO 3166-1 alpha-2).
    Origin,
    /// Declared ECCN or `EAR99`.
    Eccn,
    /// Declared USML paragraph.
    Usml,
    /// hardware | software | technology | service.
    Kind,
    /// `key=value;key=value` technical parameters.
    Params,
}

impl Field {
    /// Every field, in canonical column order.
    pub const ALL: [Field; 15] = [
        Field::Id,
        Field::Parent,
        Field::Level,
        Field::FindNumber,
        Field::PartNumber,
        Field::Description,
        Field::Manufacturer,
        Field::Mpn,
        Field::Quantity,
        Field::UnitValue,
        Field::Origin,
        Field::Eccn,
        Field::Usml,
        Field::Kind,
        Field::Params,
    ];

    /// The canonical column name (`part_number`).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Parent => "parent",
            Field::Level => "level",
            Field::FindNumber => "find_number",
            Field::PartNumber => "part_number",
            Field::Description => "description",
            Field::Manufacturer => "manufacturer",
            Field::Mpn => "mpn",
            Field::Quantity => "quantity",
            Field::UnitValue => "unit_value",
            Field::Origin => "origin",
            Field::Eccn => "eccn",
            Field::Usml => "usml",
            Field::Kind => "kind",
            Field::Params => "params",
        }
    }

    /// Parses a canonical field name (case-insensitive, `-` or space for `_`).
    pub fn parse(name: &str) -> Option<Field> {
        let n = normalize(name);
        Field::ALL.into_iter().find(|f| normalize(f.as_str()) == n)
    }

    /// Header spellings recognized for this field, normalized (see [`normalize`]).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Id => &["id", "line id", "bom id", "bom ref", "line ref"],
            Field::Parent => &[
                "parent",
                "parent id",
                "parent ref",
                "parent line",
                "parent item",
            ],
            Field::Level => &["level", "lvl", "bom level", "indent", "indent level"],
            Field::FindNumber => &[
                "find number",
                "find no",
                "find num",
                "find #",
                "find",
                "fn",
                "item no",
                "item #",
                "pos",
                "position",
                "line no",
            ],
            Field::PartNumber => &[
                "part number",
                "part no",
                "part #",
                "part num",
                "p/n",
                "pn",
                "item number",
                "component",
                "component number",
                "material",
                "material number",
                "number",
            ],
            Field::Description => &[
                "description",
                "desc",
                "item description",
                "part description",
                "component description",
                "material description",
                "name",
            ],
            Field::Manufacturer => &[
                "manufacturer",
                "manufacturer name",
                "mfr",
                "mfr name",
                "mfg",
                "mfg name",
                "maker",
            ],
            Field::Mpn => &[
                "mpn",
                "manufacturer part number",
                "manufacturer part no",
                "mfr part number",
                "mfr part no",
                "mfr p/n",
                "mfr pn",
                "mfg part number",
                "mfg p/n",
            ],
            Field::Quantity => &[
                "quantity",
                "qty",
                "qty per",
                "quantity per",
                "qty/assy",
                "qty per assy",
                "qty per assembly",
                "quantity per assembly",
                "qty per parent",
            ],
            Field::UnitValue => &[
                "unit value",
                "unit cost",
                "unit price",
                "unit cost (usd)",
                "unit value (usd)",
                "unit price (usd)",
            ],
            Field::Origin => &[
                "origin",
                "coo",
                "country of origin",
                "origin country",
                "made in",
            ],
            Field::Eccn => &[
                "eccn",
                "eccn/ear99",
                "ear classification",
                "export control classification number",
            ],
            Field::Usml => &[
                "usml",
                "usml category",
                "usml cat",
                "usml paragraph",
                "itar category",
                "itar usml",
                "usml/itar",
            ],
            Field::Kind => &["kind", "item kind", "export kind"],
            Field::Params => &[
                "params",
                "parameters",
                "technical parameters",
                "tech params",
            ],
        }
    }

    /// Finds the field a header names through the alias table.
    pub fn from_header(header: &str) -> Option<Field> {
        let n = normalize(header);
        Field::ALL
            .into_iter()
            .find(|f| f.aliases().iter().any(|a| *a == n))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Normalizes a header for matching: lower case, `_`, `-` and `.` become spaces,
/// runs of spaces collapse, ends trimmed, a leading UTF-8 byte-order mark removed.
pub fn normalize(header: &str) -> String {
    let lower = header.trim_start_matches('\u{feff}').to_lowercase();
    let replaced: String = lower
        .chars()
        .map(|c| if matches!(c, '_' | '-' | '.') { ' ' } else { c })
        .collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An explicit header → field mapping. Mapped headers win over the alias table;
/// a header mapped to `ignore` is skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    entries: BTreeMap<String, Option<Field>>,
}

impl ColumnMap {
    /// An empty mapping.
    pub fn new() -> ColumnMap {
        ColumnMap::default()
    }

    /// Maps `header` to the field named `field` (a canonical name or `ignore`).
    pub fn insert(&mut self, header: &str, field: &str) -> Result<(), String> {
        let f = if normalize(field) == "ignore" {
            None
        } else {
            Some(Field::parse(field).ok_or_else(|| {
                format!(
                    "`{field}` is not a BOM field; expected one of {} or `ignore`",
                    Field::ALL
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?)
        };
        self.entries.insert(normalize(header), f);
        Ok(())
    }

    /// Adds a `HEADER=field` spec, as given to `--map`.
    pub fn insert_spec(&mut self, spec: &str) -> Result<(), String> {
        let Some((header, field)) = spec.rsplit_once('=') else {
            return Err(format!(
                "`{spec}` is not a column mapping; write `HEADER=field`, e.g. `Part Nbr=part_number`"
            ));
        };
        if header.trim().is_empty() {
            return Err(format!("`{spec}`: the header name is empty"));
        }
        self.insert(header, field)
    }

    /// True when nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The field for `header`: the explicit mapping first, then the alias table.
    /// `None` means the column is ignored.
    pub fn resolve(&self, header: &str) -> Option<Field> {
        match self.entries.get(&normalize(header)) {
            Some(f) => *f,
            None => Field::from_header(header),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plm_spellings_resolve() {
        let map = ColumnMap::new();
        for (h, f) in [
            ("Level", Field::Level),
            ("Find No.", Field::FindNumber),
            ("Item Number", Field::PartNumber),
            ("Part Number", Field::PartNumber),
            ("part_number", Field::PartNumber),
            ("Component", Field::PartNumber),
            ("Description", Field::Description),
            ("Qty", Field::Quantity),
            ("Unit Cost", Field::UnitValue),
            ("Manufacturer", Field::Manufacturer),
            ("MPN", Field::Mpn),
            ("Mfr. Part Number", Field::Mpn),
            ("COO", Field::Origin),
            ("Country of Origin", Field::Origin),
            ("ECCN", Field::Eccn),
            ("USML Category", Field::Usml),
            ("\u{feff}id", Field::Id),
            ("UNIT_VALUE", Field::UnitValue),
        ] {
            assert_eq!(map.resolve(h), Some(f), "{h}");
        }
        // Ambiguous headers are not guessed: `Type` is often Part/Assembly/Document,
        // `Value` a component value (`10k`), `Country` the supplier's country.
        for h in ["Lifecycle Phase", "Type", "Value", "Country", "Ref"] {
            assert_eq!(map.resolve(h), None, "{h}");
        }
    }

    #[test]
    fn explicit_map_wins_and_can_ignore() {
        let mut map = ColumnMap::new();
        map.insert_spec("Part Nbr=part_number").unwrap();
        map.insert_spec("Description=ignore").unwrap();
        assert_eq!(map.resolve("part nbr"), Some(Field::PartNumber));
        assert_eq!(map.resolve("Description"), None);
        assert!(map.insert_spec("X=partnumber").is_err());
        assert!(map.insert_spec("no equals sign").is_err());
    }
}
