//! Serde shapes of the files in `data/` (schema version 1), exactly as written on disk.
//!
//! Every struct denies unknown fields so a typo in a data file is an error, not a
//! silently ignored key. `docs/DATA.md` documents these shapes for data maintainers.
//! Validation and id parsing happen in [`super::catalog`], not here.

use serde::{Deserialize, Serialize};

use crate::model::Kind;

/// `data/manifest.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawManifest {
    /// Data format version (1).
    pub schema: u32,
    /// The date of the latest regulation change the data reflects (`YYYY-MM-DD`).
    pub as_of: String,
    /// The latest Federal Register rule reflected, e.g. `90 FR 12345 (2025-12-30)`.
    pub latest_rule: String,
    /// Known gaps and caveats, one sentence each.
    #[serde(default)]
    pub gaps: Vec<String>,
    /// Where each file's facts came from.
    #[serde(default)]
    pub source: Vec<RawSource>,
}

/// One provenance line of the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Data file (relative to `data/`) or glob such as `ccl/cat-*.toml`.
    pub files: String,
    /// What it was built from.
    pub from: String,
    /// Currency of that source (`YYYY-MM-DD`).
    pub as_of: String,
}

/// A technical threshold, e.g. `{ param = "freq_ghz", op = ">", value = 31.8 }`.
///
/// Parameter names carry their unit (`freq_ghz`, `power_w`); the vocabulary is in
/// `docs/DATA.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThreshold {
    /// Parameter name with unit.
    pub param: String,
    /// One of `>`, `>=`, `<`, `<=`, `=`.
    pub op: String,
    /// The threshold value in the parameter's unit.
    pub value: f64,
}

/// Matching knowledge shared by USML and CCL entries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMatch {
    /// Lower-case words or phrases whose presence in a description is evidence.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Regular expressions (case-insensitive) over the description, manufacturer and MPN.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Terms whose presence argues against this entry (e.g. `commercial` for a military paragraph).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Parameter thresholds; all must hold (or any, see `threshold_mode`).
    #[serde(default)]
    pub thresholds: Vec<RawThreshold>,
    /// `all` (default) or `any`.
    #[serde(default)]
    pub threshold_mode: Option<String>,
}

/// `data/usml/cat-NN-<roman>.toml`: one USML category.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUsmlFile {
    /// Data format version (1).
    pub schema: u32,
    /// Roman numeral, e.g. `XI`.
    pub category: String,
    /// Short title in our own words.
    pub title: String,
    /// `22 CFR 121.1, Category XI`.
    pub citation: String,
    /// Currency of this file's facts (`YYYY-MM-DD`).
    pub as_of: String,
    /// Latest amendment reflected (FR citation), if any.
    #[serde(default)]
    pub last_amendment: Option<String>,
    /// Paragraphs in regulation order.
    #[serde(default)]
    pub entry: Vec<RawUsmlEntry>,
}

/// One USML paragraph.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUsmlEntry {
    /// Canonical id, e.g. `XI(c)(1)`. The parent is derived from the id.
    pub id: String,
    /// Short title in our own words.
    pub title: String,
    /// Significant Military Equipment (the asterisk).
    #[serde(default)]
    pub sme: bool,
    /// MTCR designation `(MT)`.
    #[serde(default)]
    pub mt: bool,
    /// A "specially designed" catch-all (parts, components, accessories, attachments),
    /// reviewed after the enumerated paragraphs.
    #[serde(default)]
    pub catch_all: bool,
    /// `[Reserved]` in the regulation.
    #[serde(default)]
    pub reserved: bool,
    /// Kinds this paragraph covers; empty means hardware (and software where the
    /// category says so). Technical data / defense service paragraphs list
    /// `technology` and `service`.
    #[serde(default)]
    pub kinds: Vec<Kind>,
    /// Override of the default citation (`22 CFR 121.1, Category XI(c)(1)`).
    #[serde(default)]
    pub citation: Option<String>,
    /// Short note (own words), e.g. what changed in a recent rule.
    #[serde(default)]
    pub note: Option<String>,
    /// Matcher knowledge.
    #[serde(default, flatten)]
    pub matching: RawMatch,
}

/// `data/ccl/cat-N.toml`: one CCL category.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCclFile {
    /// Data format version (1).
    pub schema: u32,
    /// Category digit 0-9.
    pub category: u8,
    /// Short title in our own words.
    pub title: String,
    /// `15 CFR 774, Supp. 1, Category 3`.
    pub citation: String,
    /// Currency of this file's facts (`YYYY-MM-DD`).
    pub as_of: String,
    /// ECCNs in regulation order.
    #[serde(default)]
    pub eccn: Vec<RawEccn>,
}

/// One ECCN.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEccn {
    /// Heading, e.g. `3A001`.
    pub id: String,
    /// Short title in our own words.
    pub title: String,
    /// Reasons for control as listed (`NS`, `MT`, `NP`, `CB`, `CW`, `RS`, `CC`, `AT`,
    /// `FC`, `EI`, `SS`, `SL`, `UN`...).
    #[serde(default)]
    pub reasons: Vec<String>,
    /// The Control(s) / Country Chart rows.
    #[serde(default)]
    pub control: Vec<RawControl>,
    /// List-based license exceptions named in the entry.
    #[serde(default)]
    pub exception: Vec<RawEntryException>,
    /// The entry is a pointer to the ITAR (items "subject to the ITAR"), e.g. 0A002.
    #[serde(default)]
    pub itar_pointer: bool,
    /// `[Reserved]` or removed.
    #[serde(default)]
    pub reserved: bool,
    /// Override of the default citation (`15 CFR 774, Supp. 1, ECCN 3A001`).
    #[serde(default)]
    pub citation: Option<String>,
    /// Short note (own words).
    #[serde(default)]
    pub note: Option<String>,
    /// Item paragraphs (`3A001.a`, `3A001.a.1`, ...), in order.
    #[serde(default)]
    pub item: Vec<RawCclItem>,
    /// Matcher knowledge for the heading as a whole.
    #[serde(default, flatten)]
    pub matching: RawMatch,
}

/// One Control(s) row: a reason, the chart column, and what part of the entry it covers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawControl {
    /// Reason code (`NS`).
    pub reason: String,
    /// Country-chart column (`NS2`); `None` when the row points elsewhere (e.g. a
    /// worldwide requirement or a part 742/746 section).
    #[serde(default)]
    pub column: Option<String>,
    /// Paragraphs the row applies to; empty means the entire entry.
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Paragraphs excepted from the row.
    #[serde(default)]
    pub except: Vec<String>,
    /// Destination scope when not a chart column: `worldwide`, or a list of country
    /// groups / codes (e.g. `["D:1", "D:4", "D:5", "AE"]`).
    #[serde(default)]
    pub destinations: Vec<String>,
    /// Destinations carved out of `destinations` (e.g. `["A:5", "A:6"]`).
    #[serde(default)]
    pub except_destinations: Vec<String>,
    /// Where the row sends the reader (e.g. `15 CFR 742.6(a)(6)(iii)(A)`).
    #[serde(default)]
    pub see: Option<String>,
    /// The row's scope carries conditions beyond paragraph lists (end use, "when
    /// usable in", parameters of another ECCN...): an engine must not decide it from
    /// `paragraphs`/`except` alone.
    #[serde(default)]
    pub qualified: bool,
}

/// A license exception as the entry states it (LVS value, GBS yes/no, STA limits...).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntryException {
    /// Symbol: `LVS`, `GBS`, `STA`, `ENC`, `TSR`, `APR`, `AIA`, `ACM`, `LPP`, `HBM`...
    pub code: String,
    /// `yes`, `no` (N/A), or `partial` (only for the listed paragraphs / conditions).
    pub status: String,
    /// LVS value limit in USD.
    #[serde(default)]
    pub value_usd: Option<u64>,
    /// Paragraphs the status applies to (for `partial`).
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Paragraphs explicitly excluded.
    #[serde(default)]
    pub excluded: Vec<String>,
    /// Short note (own words), e.g. `not for MT-controlled items`.
    #[serde(default)]
    pub note: Option<String>,
}

/// One item paragraph of an ECCN.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCclItem {
    /// Full id, e.g. `3A001.a.7`.
    pub id: String,
    /// Short title in our own words.
    pub title: String,
    /// `[Reserved]`.
    #[serde(default)]
    pub reserved: bool,
    /// The thresholds were written by hand: `data import --ecfr` keeps them instead of
    /// replacing them with the ones it extracts from the paragraph text.
    #[serde(default)]
    pub thresholds_curated: bool,
    /// Short note (own words).
    #[serde(default)]
    pub note: Option<String>,
    /// Matcher knowledge.
    #[serde(default, flatten)]
    pub matching: RawMatch,
}

/// `data/ccl/country-chart.toml`: the Commerce Country Chart.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChart {
    /// Data format version (1).
    pub schema: u32,
    /// `15 CFR 738, Supp. 1`.
    pub citation: String,
    /// Currency (`YYYY-MM-DD`).
    pub as_of: String,
    /// Column codes in order (`CB1`, ..., `AT2`).
    pub columns: Vec<String>,
    /// One row per country.
    pub country: Vec<RawChartRow>,
    /// The chart's footnotes, summarised in our own words.
    #[serde(default)]
    pub footnote: Vec<RawChartFootnote>,
}

/// One footnote of the Commerce Country Chart.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChartFootnote {
    /// Footnote number as printed.
    pub number: u32,
    /// What it says, in our own words.
    pub summary: String,
}

/// One country row of the chart.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChartRow {
    /// ISO code.
    pub code: String,
    /// Name as the chart prints it.
    pub name: String,
    /// Columns marked with an X.
    #[serde(default)]
    pub x: Vec<String>,
    /// Footnote numbers.
    #[serde(default)]
    pub footnotes: Vec<u32>,
    /// Embargoed or special destination (part 746): the chart alone does not decide.
    #[serde(default)]
    pub embargoed: bool,
    /// Short note (own words), e.g. that the row is read through another country's row.
    #[serde(default)]
    pub note: Option<String>,
}

/// `data/ccl/country-groups.toml`: supp. 1 to part 740.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroups {
    /// Data format version (1).
    pub schema: u32,
    /// `15 CFR 740, Supp. 1`.
    pub citation: String,
    /// Currency (`YYYY-MM-DD`).
    pub as_of: String,
    /// The groups.
    pub group: Vec<RawGroup>,
}

/// One country group, e.g. `D:5`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    /// `A:1` ... `E:2`.
    pub id: String,
    /// Short title in our own words.
    pub title: String,
    /// ISO codes of the members.
    pub members: Vec<String>,
}

/// `data/usml/itar-126-1.toml`: the 22 CFR 126.1 proscribed destinations.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItarCountries {
    /// Data format version (1).
    pub schema: u32,
    /// `22 CFR 126.1`.
    pub citation: String,
    /// Currency (`YYYY-MM-DD`).
    pub as_of: String,
    /// The countries.
    pub country: Vec<RawItarCountry>,
}

/// One 126.1 country.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItarCountry {
    /// ISO code.
    pub code: String,
    /// Name.
    pub name: String,
    /// 1 = Table 1 to 126.1(d)(1) (policy of denial), 2 = Table 2 to 126.1(d)(2).
    pub table: u8,
    /// The paragraph with the country's specific policy, e.g. `22 CFR 126.1(l)`.
    pub paragraph: String,
    /// Short note in our own words (exceptions to the policy, e.g. case-by-case items).
    #[serde(default)]
    pub note: Option<String>,
}

/// `data/usml/supp1-126.toml` or `data/usml/supp2-126.toml`: exemption exclusions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExclusions {
    /// Data format version (1).
    pub schema: u32,
    /// `22 CFR 126, Supp. 1` or `Supp. 2`.
    pub citation: String,
    /// Currency (`YYYY-MM-DD`).
    pub as_of: String,
    /// The rows.
    pub row: Vec<RawExclusion>,
}

/// One exclusion row.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExclusion {
    /// Stable row id (`S1-001`, `S2-001`).
    pub id: String,
    /// USML ids the row covers (a category such as `XII`, or a paragraph); `["*"]`
    /// for all categories.
    pub usml: Vec<String>,
    /// Short description in our own words.
    pub summary: String,
    /// Kinds the row covers; empty means every kind.
    #[serde(default)]
    pub kinds: Vec<Kind>,
    /// Supp. 1 only: excluded from the Canadian exemption (126.5).
    #[serde(default)]
    pub canada: bool,
    /// Supp. 1 only: excluded from the Australia treaty exemption (126.16).
    #[serde(default)]
    pub australia: bool,
    /// Supp. 1 only: excluded from the UK treaty exemption (126.17).
    #[serde(default)]
    pub uk: bool,
    /// Notes to the supplement that qualify the row (numbers).
    #[serde(default)]
    pub notes: Vec<u32>,
    /// The row could be read only partly from the reference, or its flags were checked
    /// by hand: say how (own words).
    #[serde(default)]
    pub caveat: Option<String>,
    /// Matching knowledge for exclusions described by item features rather than ids.
    #[serde(default, flatten)]
    pub matching: RawMatch,
}
