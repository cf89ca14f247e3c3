//! Problems in input files, with locations, collected and reported together.
//!
//! Used by BOM ingest, data loading and config parsing. A [`Problems`] value is an
//! error listing every problem found (up to [`Problems::LIMIT`]), so a user fixes a
//! file in one pass.

use std::fmt;

/// A place in an input file. Lines and columns are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Location {
    /// File path as given by the user (or a data-relative path).
    pub file: String,
    /// Line, when known.
    pub line: Option<usize>,
    /// Column, when known.
    pub column: Option<usize>,
}

impl Location {
    /// A location in `file` with no line.
    pub fn file(file: impl Into<String>) -> Location {
        Location {
            file: file.into(),
            line: None,
            column: None,
        }
    }

    /// A location at `line` (and optional `column`).
    pub fn at(file: impl Into<String>, line: usize, column: Option<usize>) -> Location {
        Location {
            file: file.into(),
            line: Some(line),
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        Ok(())
    }
}

/// One problem: where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Where.
    pub location: Location,
    /// What is wrong (values in backticks, no trailing period).
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Problem {
    /// A problem without a hint.
    pub fn new(location: Location, message: impl Into<String>) -> Problem {
        Problem {
            location,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// A non-empty list of problems found in one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    /// What was being read (e.g. `BOM fixtures/x.csv`).
    pub subject: String,
    /// The problems, in the order found, at most [`Problems::LIMIT`].
    pub problems: Vec<Problem>,
    /// How many more were found beyond the limit.
    pub truncated: usize,
}

impl Problems {
    /// Most problems kept per input.
    pub const LIMIT: usize = 50;

    /// Collects problems; returns `Ok(())` when there are none.
    pub fn check(subject: impl Into<String>, mut problems: Vec<Problem>) -> Result<(), Problems> {
        if problems.is_empty() {
            return Ok(());
        }
        let truncated = problems.len().saturating_sub(Self::LIMIT);
        problems.truncate(Self::LIMIT);
        Err(Problems {
            subject: subject.into(),
            problems,
            truncated,
        })
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len() + self.truncated;
        write!(
            f,
            "{} has {n} problem{}:",
            self.subject,
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n{p}")?;
        }
        if self.truncated > 0 {
            write!(f, "\n... and {} more not shown", self.truncated)?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}
