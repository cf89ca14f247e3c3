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
}

impl LicenseExceptions {
    /// Parses the TOML text.
    pub fn parse(text: &str) -> Result<LicenseExceptions, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}
