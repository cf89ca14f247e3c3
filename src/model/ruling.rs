//! The classification of one line: jurisdiction, code, basis, evidence, citations.
//!
//! This is the contract between the classification engine and everything after it
//! (taint, de minimis, plan, CI checks). It holds results only; it decides nothing.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ClassCode;

/// Which regime a line falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Jurisdiction {
    /// State Department, USML (22 CFR 120-130).
    Itar,
    /// Commerce, CCL or EAR99 (15 CFR 730-774).
    Ear,
    /// The tool could not decide; a person must.
    Review,
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Jurisdiction::Itar => "ITAR",
            Jurisdiction::Ear => "EAR",
            Jurisdiction::Review => "REVIEW",
        })
    }
}

/// How the classification was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// A declared code that survived the checks.
    Declared,
    /// Matched against the control lists.
    Matched,
    /// Released from "specially designed" (22 CFR 120.41(b), 15 CFR 772.1(b)).
    Released,
    /// Taken from another line (e.g. a kit inheriting its parent's code).
    Inherited,
    /// No basis: the line is REVIEW.
    None,
}

/// A CFR citation, e.g. `22 CFR 121.1, Category XI(c)(1)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Citation(pub String);

impl Citation {
    /// Wraps a citation string.
    pub fn new(s: impl Into<String>) -> Citation {
        Citation(s.into())
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A candidate classification with its score and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The candidate code.
    pub code: ClassCode,
    /// Score in [0, 1].
    pub score: f64,
    /// Matched terms, parameters and thresholds, in words.
    pub evidence: Vec<String>,
}

/// The ruling for one BOM line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ruling {
    /// The line id.
    pub id: String,
    /// ITAR, EAR or REVIEW.
    pub jurisdiction: Jurisdiction,
    /// The classification; `None` for REVIEW.
    pub classification: Option<ClassCode>,
    /// How it was reached.
    pub basis: Basis,
    /// Confidence in [0, 1].
    pub confidence: f64,
    /// CFR citations supporting the ruling.
    pub citations: Vec<Citation>,
    /// The decision path, one step per entry, in order.
    pub explanation: Vec<String>,
    /// Candidates considered (always present for REVIEW; top few otherwise).
    pub candidates: Vec<Candidate>,
    /// Stable kebab-case finding codes raised on this line (`declared-conflict`,
    /// `unclassified`, `heading-only`...).
    pub findings: Vec<String>,
}

impl Ruling {
    /// A REVIEW ruling with one explanation step.
    pub fn review(id: impl Into<String>, why: impl Into<String>) -> Ruling {
        Ruling {
            id: id.into(),
            jurisdiction: Jurisdiction::Review,
            classification: None,
            basis: Basis::None,
            confidence: 0.0,
            citations: Vec::new(),
            explanation: vec![why.into()],
            candidates: Vec::new(),
            findings: vec!["unclassified".into()],
        }
    }

    /// A ruling with the given code, jurisdiction derived from the code.
    pub fn classified(
        id: impl Into<String>,
        code: ClassCode,
        basis: Basis,
        citation: Citation,
    ) -> Ruling {
        let jurisdiction = if code.is_usml() {
            Jurisdiction::Itar
        } else {
            Jurisdiction::Ear
        };
        Ruling {
            id: id.into(),
            jurisdiction,
            classification: Some(code),
            basis,
            confidence: 1.0,
            citations: vec![citation],
            explanation: Vec::new(),
            candidates: Vec::new(),
            findings: Vec::new(),
        }
    }
}
