//! The loaded control lists: every data file parsed, ids checked, cross-references
//! resolved, all problems reported together.
//!
//! [`Catalog::from_files`] is pure: it takes `(relative path, contents)` pairs, so the
//! same code loads the embedded data, a `--data DIR` copy, and test catalogs. Reading
//! directories is [`super::read_dir`]'s job.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use super::raw::*;
use crate::diag::{Location, Problem, Problems};
use crate::model::{category_number, Country, Eccn, Kind, UsmlId};

/// Country-chart column codes.
pub const CHART_COLUMNS: &[&str] = &[
    "CB1", "CB2", "CB3", "NP1", "NP2", "NS1", "NS2", "MT1", "RS1", "RS2", "FC1", "CC1", "CC2",
    "CC3", "AT1", "AT2",
];

/// A USML category.
#[derive(Debug, Clone)]
pub struct UsmlCategory {
    /// The category id (`XI`).
    pub id: UsmlId,
    /// Short title.
    pub title: String,
    /// Citation.
    pub citation: String,
    /// File it came from.
    pub file: String,
    /// Currency of the file.
    pub as_of: String,
}

/// A USML paragraph.
#[derive(Debug, Clone)]
pub struct UsmlEntry {
    /// Parsed id.
    pub id: UsmlId,
    /// Position in the data (stable regulation order).
    pub order: usize,
    /// Citation (explicit or default).
    pub citation: String,
    /// The raw fields.
    pub raw: RawUsmlEntry,
}

/// A CCL category.
#[derive(Debug, Clone)]
pub struct CclCategory {
    /// Digit 0-9.
    pub number: u8,
    /// Short title.
    pub title: String,
    /// Citation.
    pub citation: String,
    /// File it came from.
    pub file: String,
    /// Currency of the file.
    pub as_of: String,
}

/// An ECCN heading with its paragraphs.
#[derive(Debug, Clone)]
pub struct CclEntry {
    /// Parsed heading.
    pub id: Eccn,
    /// Position in the data.
    pub order: usize,
    /// Citation (explicit or default).
    pub citation: String,
    /// Parsed paragraph ids, parallel to `raw.item`.
    pub items: Vec<Eccn>,
    /// The raw fields.
    pub raw: RawEccn,
}

/// One country's chart row.
#[derive(Debug, Clone)]
pub struct ChartRow {
    /// Country.
    pub country: Country,
    /// Name as printed.
    pub name: String,
    /// Columns with an X.
    pub x: BTreeSet<String>,
    /// Footnotes.
    pub footnotes: Vec<u32>,
    /// Embargoed / special destination.
    pub embargoed: bool,
}

/// A 126.1 country.
#[derive(Debug, Clone)]
pub struct ProscribedCountry {
    /// Country.
    pub country: Country,
    /// The raw row.
    pub raw: RawItarCountry,
}

/// An exclusion row with parsed USML scope (`None` in `usml` means all categories).
#[derive(Debug, Clone)]
pub struct Exclusion {
    /// Parsed scope; empty means every category (`*`).
    pub usml: Vec<UsmlId>,
    /// The raw row.
    pub raw: RawExclusion,
}

/// Data-set metadata.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Raw manifest.
    pub raw: RawManifest,
}

/// Everything in `data/`, validated.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The manifest.
    pub manifest: Manifest,
    /// USML categories by number.
    pub usml_categories: BTreeMap<u8, UsmlCategory>,
    /// USML paragraphs by id.
    pub usml: BTreeMap<UsmlId, UsmlEntry>,
    /// CCL categories by digit.
    pub ccl_categories: BTreeMap<u8, CclCategory>,
    /// ECCN headings by id.
    pub ccl: BTreeMap<Eccn, CclEntry>,
    /// Chart column codes in order.
    pub chart_columns: Vec<String>,
    /// Chart rows by country.
    pub chart: BTreeMap<Country, ChartRow>,
    /// Citation of the chart.
    pub chart_citation: String,
    /// Country groups by id (`D:5`).
    pub groups: BTreeMap<String, BTreeSet<Country>>,
    /// Group titles by id.
    pub group_titles: BTreeMap<String, String>,
    /// 22 CFR 126.1 countries.
    pub proscribed: BTreeMap<Country, ProscribedCountry>,
    /// Supp. 1 to part 126.
    pub supp1: Vec<Exclusion>,
    /// Supp. 2 to part 126.
    pub supp2: Vec<Exclusion>,
    /// Part 740 license exceptions (`ccl/license-exceptions.toml`), if present.
    pub license_exceptions: Option<super::exceptions::LicenseExceptions>,
    /// SHA-256 over every file (path and contents, sorted by path), hex.
    pub hash: String,
}

struct Loader {
    problems: Vec<Problem>,
}

impl Loader {
    fn err(&mut self, file: &str, msg: impl Into<String>) {
        self.problems.push(Problem::new(Location::file(file), msg));
    }

    fn parse<T: serde::de::DeserializeOwned>(&mut self, file: &str, text: &str) -> Option<T> {
        match toml::from_str::<T>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
                let msg = e.message().to_string();
                self.problems.push(
                    Problem::new(
                        if line > 0 {
                            Location::at(file, line, Some(col))
                        } else {
                            Location::file(file)
                        },
                        msg,
                    )
                    .with_hint("see docs/DATA.md for the file format"),
                );
                None
            }
        }
    }

    fn country(&mut self, file: &str, ctx: &str, code: &str) -> Option<Country> {
        let c = Country::parse(code);
        if c.is_none() {
            self.err(
                file,
                format!("{ctx}: unknown country code `{code}` (use ISO 3166-1 alpha-2)"),
            );
        }
        c
    }

    fn date(&mut self, file: &str, what: &str, d: &str) {
        if !is_date(d) {
            self.err(
                file,
                format!("{what} `{d}` is not a date: write `YYYY-MM-DD`"),
            );
        }
    }
}

/// True for a plausible `YYYY-MM-DD`.
pub fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&d[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&d[8..10].parse::<u8>().unwrap_or(0))
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.len(), |p| before.len() - p - 1)
        + 1;
    (line, col)
}

fn check_match(l: &mut Loader, file: &str, id: &str, m: &RawMatch) {
    for p in &m.patterns {
        if let Err(e) = regex::Regex::new(p) {
            l.err(
                file,
                format!("entry `{id}`: pattern `{p}` is not a valid regex: {e}"),
            );
        }
    }
    for t in &m.thresholds {
        if !matches!(t.op.as_str(), ">" | ">=" | "<" | "<=" | "=") {
            l.err(
                file,
                format!(
                    "entry `{id}`: threshold on `{}` has operator `{}`; use one of > >= < <= =",
                    t.param, t.op
                ),
            );
        }
        if t.param.is_empty()
            || !t
                .param
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            l.err(
                file,
                format!(
                    "entry `{id}`: parameter name `{}` must be lower_snake_case with its unit",
                    t.param
                ),
            );
        }
    }
    if let Some(mode) = &m.threshold_mode {
        if mode != "all" && mode != "any" {
            l.err(
                file,
                format!("entry `{id}`: threshold_mode `{mode}` must be `all` or `any`"),
            );
        }
    }
    for t in &m.terms {
        if t.trim().is_empty() {
            l.err(file, format!("entry `{id}`: empty matcher term"));
        }
    }
}

impl Catalog {
    /// Loads and validates a data set from `(path relative to the data root, contents)`.
    /// Every problem in every file is reported together.
    pub fn from_files(files: &[(String, String)]) -> Result<Catalog, Problems> {
        let mut l = Loader {
            problems: Vec::new(),
        };
        let mut sorted: Vec<&(String, String)> = files.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));

        let mut hasher = Sha256::new();
        for (p, c) in &sorted {
            hasher.update(p.as_bytes());
            hasher.update([0]);
            hasher.update(c.as_bytes());
            hasher.update([0]);
        }
        let hash = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();

        let mut manifest = None;
        let mut usml_categories = BTreeMap::new();
        let mut usml: BTreeMap<UsmlId, UsmlEntry> = BTreeMap::new();
        let mut ccl_categories = BTreeMap::new();
        let mut ccl: BTreeMap<Eccn, CclEntry> = BTreeMap::new();
        let mut chart_columns = Vec::new();
        let mut chart = BTreeMap::new();
        let mut chart_citation = String::new();
        let mut groups: BTreeMap<String, BTreeSet<Country>> = BTreeMap::new();
        let mut group_titles = BTreeMap::new();
        let mut proscribed = BTreeMap::new();
        let mut supp1 = Vec::new();
        let mut supp2 = Vec::new();
        let mut license_exceptions = None;
        let mut order = 0usize;

        for (path, text) in sorted {
            let path = path.replace('\\', "/");
            let file = format!("data/{path}");
            let file = file.as_str();
            if !path.ends_with(".toml") {
                continue; // README and other notes are allowed beside the data
            }
            let name = path.rsplit('/').next().unwrap_or(&path);
            match (path.split('/').next().unwrap_or(""), name) {
                (_, "manifest.toml") if path == "manifest.toml" => {
                    if let Some(m) = l.parse::<RawManifest>(file, text) {
                        l.date(file, "as_of", &m.as_of);
                        if m.schema != 1 {
                            l.err(
                                file,
                                format!(
                                    "schema {} is not supported (this exportctl reads schema 1)",
                                    m.schema
                                ),
                            );
                        }
                        manifest = Some(Manifest { raw: m });
                    }
                }
                ("usml", n) if n.starts_with("cat-") => {
                    let Some(f) = l.parse::<RawUsmlFile>(file, text) else {
                        continue;
                    };
                    l.date(file, "as_of", &f.as_of);
                    let Some(cat) = category_number(&f.category) else {
                        l.err(
                            file,
                            format!("category `{}` is not a USML category I-XXI", f.category),
                        );
                        continue;
                    };
                    let cat_id = UsmlId::parse(&f.category).expect("category parsed above");
                    if usml_categories.contains_key(&cat) {
                        l.err(
                            file,
                            format!("category `{}` is defined in two files", f.category),
                        );
                    }
                    for e in &f.entry {
                        order += 1;
                        let id = match UsmlId::parse(&e.id) {
                            Ok(id) => id,
                            Err(m) => {
                                l.err(file, format!("entry id: {m}"));
                                continue;
                            }
                        };
                        if id.to_string() != e.id {
                            l.err(
                                file,
                                format!("entry id `{}` is not canonical: write `{id}`", e.id),
                            );
                        }
                        if id.category() != cat {
                            l.err(
                                file,
                                format!("entry `{id}` is not in category `{}`", f.category),
                            );
                        }
                        if e.title.trim().is_empty() {
                            l.err(file, format!("entry `{id}` has an empty title"));
                        }
                        check_match(&mut l, file, &e.id, &e.matching);
                        let citation = e
                            .citation
                            .clone()
                            .unwrap_or_else(|| format!("22 CFR 121.1, Category {id}"));
                        if usml.contains_key(&id) {
                            l.err(file, format!("duplicate entry id `{id}`"));
                            continue;
                        }
                        usml.insert(
                            id.clone(),
                            UsmlEntry {
                                id,
                                order,
                                citation,
                                raw: e.clone(),
                            },
                        );
                    }
                    usml_categories.insert(
                        cat,
                        UsmlCategory {
                            id: cat_id,
                            title: f.title,
                            citation: f.citation,
                            file: file.to_string(),
                            as_of: f.as_of,
                        },
                    );
                }
                ("usml", "itar-126-1.toml") => {
                    let Some(f) = l.parse::<RawItarCountries>(file, text) else {
                        continue;
                    };
                    l.date(file, "as_of", &f.as_of);
                    for c in f.country {
                        if !(1..=2).contains(&c.table) {
                            l.err(file, format!("country `{}`: table must be 1 or 2", c.code));
                        }
                        if let Some(country) = l.country(file, "126.1 country", &c.code) {
                            if proscribed
                                .insert(country, ProscribedCountry { country, raw: c })
                                .is_some()
                            {
                                l.err(file, format!("country `{country}` listed twice"));
                            }
                        }
                    }
                }
                ("usml", n @ ("supp1-126.toml" | "supp2-126.toml")) => {
                    let Some(f) = l.parse::<RawExclusions>(file, text) else {
                        continue;
                    };
                    l.date(file, "as_of", &f.as_of);
                    let mut seen = BTreeSet::new();
                    let mut rows = Vec::new();
                    for r in f.row {
                        if !seen.insert(r.id.clone()) {
                            l.err(file, format!("duplicate row id `{}`", r.id));
                        }
                        check_match(&mut l, file, &r.id, &r.matching);
                        let mut ids = Vec::new();
                        for u in &r.usml {
                            if u == "*" {
                                continue;
                            }
                            match UsmlId::parse(u) {
                                Ok(id) => ids.push(id),
                                Err(m) => l.err(file, format!("row `{}`: {m}", r.id)),
                            }
                        }
                        if r.usml.is_empty() {
                            l.err(
                                file,
                                format!("row `{}` covers no USML category: list ids or `*`", r.id),
                            );
                        }
                        rows.push(Exclusion { usml: ids, raw: r });
                    }
                    if n == "supp1-126.toml" {
                        supp1 = rows;
                    } else {
                        supp2 = rows;
                    }
                }
                ("ccl", n) if n.starts_with("cat-") => {
                    let Some(f) = l.parse::<RawCclFile>(file, text) else {
                        continue;
                    };
                    l.date(file, "as_of", &f.as_of);
                    if f.category > 9 {
                        l.err(
                            file,
                            format!("category `{}` is not a CCL category 0-9", f.category),
                        );
                    }
                    for e in &f.eccn {
                        order += 1;
                        let id = match Eccn::parse(&e.id) {
                            Ok(id) => id,
                            Err(m) => {
                                l.err(file, format!("ECCN id: {m}"));
                                continue;
                            }
                        };
                        if id.to_string() != e.id || !id.path().is_empty() {
                            l.err(
                                file,
                                format!(
                                    "ECCN id `{}` must be a canonical heading such as `3A001`",
                                    e.id
                                ),
                            );
                        }
                        if id.category() != f.category {
                            l.err(
                                file,
                                format!("ECCN `{id}` is not in category {}", f.category),
                            );
                        }
                        if e.title.trim().is_empty() {
                            l.err(file, format!("ECCN `{id}` has an empty title"));
                        }
                        check_match(&mut l, file, &e.id, &e.matching);
                        for c in &e.control {
                            if !e.reasons.contains(&c.reason) {
                                l.err(file, format!("ECCN `{id}`: control row for `{}` but `{}` is not among its reasons for control", c.reason, c.reason));
                            }
                            if let Some(col) = &c.column {
                                if !CHART_COLUMNS.contains(&col.as_str()) {
                                    l.err(
                                        file,
                                        format!(
                                            "ECCN `{id}`: `{col}` is not a country-chart column"
                                        ),
                                    );
                                }
                            }
                        }
                        let mut items = Vec::new();
                        let mut seen = BTreeSet::new();
                        for it in &e.item {
                            match Eccn::parse(&it.id) {
                                Ok(p) if p.heading() == id.heading() && !p.path().is_empty() => {
                                    if p.to_string() != it.id {
                                        l.err(
                                            file,
                                            format!(
                                                "paragraph id `{}` is not canonical: write `{p}`",
                                                it.id
                                            ),
                                        );
                                    }
                                    if let Some(parent) = p.parent() {
                                        if !parent.path().is_empty() && !seen.contains(&parent) {
                                            l.err(file, format!("paragraph `{p}` comes before (or without) its parent `{parent}`"));
                                        }
                                    }
                                    if !seen.insert(p.clone()) {
                                        l.err(file, format!("duplicate paragraph `{p}`"));
                                    }
                                    check_match(&mut l, file, &it.id, &it.matching);
                                    items.push(p);
                                }
                                Ok(_) => l.err(
                                    file,
                                    format!("paragraph `{}` does not belong to ECCN `{id}`", it.id),
                                ),
                                Err(m) => l.err(file, format!("paragraph id: {m}")),
                            }
                        }
                        if items.len() != e.item.len() {
                            continue;
                        }
                        let citation = e
                            .citation
                            .clone()
                            .unwrap_or_else(|| format!("15 CFR 774, Supp. 1, ECCN {}", id));
                        if ccl.contains_key(&id) {
                            l.err(file, format!("duplicate ECCN `{id}`"));
                            continue;
                        }
                        ccl.insert(
                            id.clone(),
                            CclEntry {
                                id,
                                order,
                                citation,
                                items,
                                raw: e.clone(),
                            },
                        );
                    }
                    ccl_categories.insert(
                        f.category,
                        CclCategory {
                            number: f.category,
                            title: f.title,
                            citation: f.citation,
                            file: file.to_string(),
                            as_of: f.as_of,
                        },
                    );
                }
                ("ccl", "country-chart.toml") => {
                    let Some(f) = l.parse::<RawChart>(file, text) else {
                        continue;
                    };
                    l.date(file, "as_of", &f.as_of);
                    for c in &f.columns {
                        if !CHART_COLUMNS.contains(&c.as_str()) {
                            l.err(file, format!("`{c}` is not a country-chart column"));
                        }
                    }
                    for r in f.country {
                        for x in &r.x {
                            if !f.columns.contains(x) {
                                l.err(
                                    file,
                                    format!(
                                        "country `{}`: column `{x}` is not in `columns`",
                                        r.code
                                    ),
                                );
                            }
                        }
                        if let Some(country) = l.country(file, "chart row", &r.code) {
                            let row = ChartRow {
                                country,
                                name: r.name,
                                x: r.x.into_iter().collect(),
                                footnotes: r.footnotes,
                                embargoed: r.embargoed,
                            };
                            if chart.insert(country, row).is_some() {
                                l.err(file, format!("country `{country}` has two rows"));
                            }
                        }
                    }
                    chart_columns = f.columns;
                    chart_citation = f.citation;
                }
                ("ccl", "country-groups.toml") => {
                    let Some(f) = l.parse::<RawGroups>(file, text) else {
                        continue;
                    };
                    l.date(file, "as_of", &f.as_of);
                    for g in f.group {
                        let mut members = BTreeSet::new();
                        for m in &g.members {
                            if let Some(c) = l.country(file, &format!("group `{}`", g.id), m) {
                                members.insert(c);
                            }
                        }
                        if groups.insert(g.id.clone(), members).is_some() {
                            l.err(file, format!("group `{}` defined twice", g.id));
                        }
                        group_titles.insert(g.id, g.title);
                    }
                }
                ("ccl", "license-exceptions.toml") => {
                    match super::exceptions::LicenseExceptions::parse(text) {
                        Ok(x) => license_exceptions = Some(x),
                        Err(m) => l.err(file, m),
                    }
                }
                _ => l.err(
                    file,
                    "unexpected data file: see docs/DATA.md for the file layout",
                ),
            }
        }

        // Cross-references.
        if manifest.is_none() {
            l.err(
                "data/manifest.toml",
                "missing: every data set needs a manifest with its `as_of` date",
            );
        }
        for (id, e) in &usml {
            if let Some(parent) = id.parent() {
                if !parent.path().is_empty() && !usml.contains_key(&parent) {
                    l.err(
                        &format!("data/usml/cat-{}", id.category_roman()),
                        format!("entry `{id}` has no parent entry `{parent}`"),
                    );
                }
            }
            let _ = e;
        }
        for ex in supp1.iter().chain(&supp2) {
            for u in &ex.usml {
                let known = if u.path().is_empty() {
                    usml_categories.contains_key(&u.category())
                } else {
                    usml.contains_key(u)
                };
                if !known && !usml.is_empty() {
                    l.err(
                        "data/usml (exclusions)",
                        format!(
                            "row `{}` refers to `{u}`, which is not in the USML data",
                            ex.raw.id
                        ),
                    );
                }
            }
        }
        let chart_known: BTreeSet<&str> = chart_columns.iter().map(String::as_str).collect();
        for e in ccl.values() {
            for c in &e.raw.control {
                if let Some(col) = &c.column {
                    if !chart.is_empty() && !chart_known.contains(col.as_str()) {
                        l.err(
                            &format!("data/ccl/cat-{}.toml", e.id.category()),
                            format!(
                                "ECCN `{}`: column `{col}` is not in the country chart",
                                e.id
                            ),
                        );
                    }
                }
                for d in &c.destinations {
                    if d != "worldwide"
                        && !groups.contains_key(d)
                        && Country::parse(d).is_none()
                        && !groups.is_empty()
                    {
                        l.err(&format!("data/ccl/cat-{}.toml", e.id.category()), format!("ECCN `{}`: destination `{d}` is neither a country group nor a country code", e.id));
                    }
                }
            }
        }

        Problems::check("data set", l.problems)?;
        Ok(Catalog {
            manifest: manifest.expect("checked above"),
            usml_categories,
            usml,
            ccl_categories,
            ccl,
            chart_columns,
            chart,
            chart_citation,
            groups,
            group_titles,
            proscribed,
            supp1,
            supp2,
            license_exceptions,
            hash,
        })
    }

    /// The data set's `as_of` date.
    pub fn as_of(&self) -> &str {
        &self.manifest.raw.as_of
    }

    /// The ECCN heading entry for any ECCN (heading or paragraph).
    pub fn eccn_entry(&self, e: &Eccn) -> Option<&CclEntry> {
        self.ccl.get(&e.heading_eccn())
    }

    /// True when the ECCN exists at exactly that level (heading or listed paragraph).
    pub fn eccn_exists(&self, e: &Eccn) -> bool {
        self.eccn_entry(e)
            .is_some_and(|entry| e.path().is_empty() || entry.items.contains(e))
    }

    /// True when `country` is in country group `group` (`D:5`).
    pub fn in_group(&self, country: Country, group: &str) -> bool {
        self.groups.get(group).is_some_and(|g| g.contains(&country))
    }

    /// True when the chart marks `column` for `country`.
    pub fn chart_x(&self, country: Country, column: &str) -> Option<bool> {
        self.chart.get(&country).map(|r| r.x.contains(column))
    }

    /// Kinds a USML entry covers (hardware when the data lists none).
    pub fn usml_kinds(entry: &UsmlEntry) -> Vec<Kind> {
        if entry.raw.kinds.is_empty() {
            vec![Kind::Hardware, Kind::Software]
        } else {
            entry.raw.kinds.clone()
        }
    }
}
