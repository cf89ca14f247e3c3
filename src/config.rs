//! `exportctl.toml`: the project configuration.
//!
//! The file is parsed once into a TOML table; each stage reads its own section with
//! [`Config::section`], so the config format grows with the stages without a central
//! struct that every stage edits. Discovery (the current directory and its parents)
//! is done by the binary.

use serde::de::DeserializeOwned;

use crate::diag::{Location, Problem, Problems};

/// A parsed configuration file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it was read from (for messages), empty when defaulted.
    pub source: String,
    table: toml::Table,
}

impl Config {
    /// Parses configuration text.
    pub fn parse(source: &str, text: &str) -> Result<Config, Problems> {
        match text.parse::<toml::Table>() {
            Ok(table) => Ok(Config {
                source: source.to_string(),
                table,
            }),
            Err(e) => {
                let loc = e
                    .span()
                    .map(|s| {
                        let before = &text[..s.start.min(text.len())];
                        let line = before.matches('\n').count() + 1;
                        let col = before
                            .rfind('\n')
                            .map_or(before.len(), |p| before.len() - p - 1)
                            + 1;
                        Location::at(source, line, Some(col))
                    })
                    .unwrap_or_else(|| Location::file(source));
                Err(Problems {
                    subject: format!("config {source}"),
                    problems: vec![Problem::new(loc, e.message().to_string())],
                    truncated: 0,
                })
            }
        }
    }

    /// Deserializes section `name` (a table or an array of tables) into `T`;
    /// `Ok(None)` when the section is absent.
    pub fn section<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Problems> {
        let Some(v) = self.table.get(name) else {
            return Ok(None);
        };
        v.clone().try_into::<T>().map(Some).map_err(|e| Problems {
            subject: format!("config {}", self.source),
            problems: vec![Problem::new(
                Location::file(&self.source),
                format!("section `{name}`: {}", e.message()),
            )],
            truncated: 0,
        })
    }

    /// True when the file has a top-level key `name`.
    pub fn has(&self, name: &str) -> bool {
        self.table.contains_key(name)
    }
}
