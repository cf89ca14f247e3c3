//! Part 740 license exceptions as data (`data/ccl/license-exceptions.toml`).
//!
//! The shape is owned by the licensing-plan stage; this module only parses it.

use serde::{Deserialize, Serialize};

/// The parsed file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseExceptions {
    /// Data format version (1).
    pub schema: u32,
    /// `15 CFR 740`.
    pub citation: String,
    /// Currency (`YYYY-MM-DD`).
    pub as_of: String,
    /// The exceptions.
    #[serde(default)]
    pub exception: Vec<LicenseException>,
}

/// One license exception.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseException {
    /// Symbol (`LVS`).
    pub code: String,
    /// Section (`15 CFR 740.3`).
    pub section: String,
    /// Short title in our own words.
    pub title: String,
    /// The ECCN entry must list the exception (`LVS: $5000`, `GBS: Yes`, `STA` ...)
    /// for it to be available.
    #[serde(default)]
    pub entry_listed: bool,
    /// Country groups the destination must belong to (any of them); empty means any
    /// destination not excluded.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Country groups where the exception is never available (e.g. `E:1`, `E:2`).
    #[serde(default)]
    pub excluded_groups: Vec<String>,
    /// Kinds of item it covers (`hardware`, `software`, `technology`); empty means all.
    #[serde(default)]
    pub kinds: Vec<crate::model::Kind>,
    /// Reasons for control it can overcome; empty means any the code allows.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// ECCN headings it is limited to (ENC); empty means any.
    #[serde(default)]
    pub eccns: Vec<String>,
    /// Conditions the exporter must meet, in our own words, each with its paragraph.
    #[serde(default)]
    pub conditions: Vec<String>,
    /// Records and reports it requires, in our own words.
    #[serde(default)]
    pub records: Vec<String>,
}

impl LicenseExceptions {
    /// The exception with symbol `code`.
    pub fn get(&self, code: &str) -> Option<&LicenseException> {
        self.exception.iter().find(|e| e.code == code)
    }

    /// Parses the TOML text.
    pub fn parse(text: &str) -> Result<LicenseExceptions, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}
