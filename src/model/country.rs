//! Country codes: ISO 3166-1 alpha-2, checked against a fixed table.
//!
//! This module knows which codes exist and their short names; it does not know
//! which lists (country groups, 126.1) a country belongs to — that is data.

use std::fmt;

use serde::{Deserialize, Serialize};

#[path = "country_table.rs"]
mod table;

pub use table::COUNTRIES;

/// An ISO 3166-1 alpha-2 country code (upper case), e.g. `GB`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Country([u8; 2]);

impl Country {
    /// Parses a code, case-insensitively. Returns `None` for codes not in ISO 3166-1
    /// (plus `XK`).
    pub fn parse(code: &str) -> Option<Country> {
        let code = code.trim();
        let b = code.as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        let up = [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()];
        let s = std::str::from_utf8(&up).ok()?;
        COUNTRIES
            .binary_search_by(|(c, _)| (*c).cmp(s))
            .ok()
            .map(|_| Country(up))
    }

    /// The two-letter code.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The short English name.
    pub fn name(&self) -> &'static str {
        COUNTRIES
            .binary_search_by(|(c, _)| (*c).cmp(self.code()))
            .map(|i| COUNTRIES[i].1)
            .unwrap_or("?")
    }

    /// The United States.
    pub const US: Country = Country(*b"US");
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Country {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Country::parse(&s).ok_or_else(|| format!("unknown ISO 3166-1 alpha-2 country code `{s}`"))
    }
}

impl From<Country> for String {
    fn from(c: Country) -> String {
        c.code().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        for w in COUNTRIES.windows(2) {
            assert!(w[0].0 < w[1].0, "{} !< {}", w[0].0, w[1].0);
        }
    }

    #[test]
    fn parses_known_codes_case_insensitively() {
        assert_eq!(Country::parse("gb").unwrap().code(), "GB");
        assert_eq!(Country::parse(" AU ").unwrap().name(), "Australia");
        assert!(
            Country::parse("UK").is_none(),
            "UK is not ISO 3166-1; GB is"
        );
        assert!(Country::parse("XX").is_none());
        assert!(Country::parse("USA").is_none());
    }
}
