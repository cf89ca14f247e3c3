//! Classification codes: USML paragraphs (`XI(c)(1)`), ECCNs (`3A001.a.7`) and `EAR99`.
//!
//! Each code is parsed once into a newtype with a canonical spelling. Parsing accepts
//! the spellings BOMs use (`Cat. XI(c)(1)`, `XI.c.1`, `USML 11(c)(1)`, `3a001.A.7`,
//! `EAR 99`); it does not check that the code exists in the control lists — that is
//! the catalog's job.

use std::fmt;

use serde::{Deserialize, Serialize};

const ROMANS: [&str; 21] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII", "XVIII", "XIX", "XX", "XXI",
];

/// Roman numeral of a USML category number (1..=21).
pub fn roman(n: u8) -> Option<&'static str> {
    ROMANS.get(usize::from(n).checked_sub(1)?).copied()
}

/// A USML category number (1..=21) from its Roman or Arabic spelling.
pub fn category_number(s: &str) -> Option<u8> {
    let up = s.trim().to_ascii_uppercase();
    if let Ok(n) = up.parse::<u8>() {
        return (1..=21).contains(&n).then_some(n);
    }
    ROMANS
        .iter()
        .position(|r| *r == up)
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// A USML paragraph or category, e.g. `XI`, `XI(c)`, `XI(c)(1)`, `XII(c)(2)(ii)`.
///
/// Canonical form: Roman category, then each level in parentheses. Level 1 is a
/// lowercase letter, level 2 a number, level 3 a lowercase Roman numeral, level 4 an
/// uppercase letter, deeper levels as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UsmlId {
    category: u8,
    path: Vec<String>,
}

impl UsmlId {
    /// Parses any accepted spelling. Errors say what was expected.
    pub fn parse(input: &str) -> Result<UsmlId, String> {
        let mut s = input.trim();
        for prefix in ["USML", "CATEGORY", "CAT.", "CAT"] {
            if s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix) {
                s = s[prefix.len()..].trim_start();
            }
        }
        // Some PLM exports write `Cat. XI` as `CAT.XI` or with a trailing period.
        s = s.trim_start_matches('.').trim();
        let head_end = s.find(['(', '.', ' ']).unwrap_or(s.len());
        let (head, mut rest) = s.split_at(head_end);
        let category = category_number(head).ok_or_else(|| {
            format!("`{input}` is not a USML category or paragraph: expected a category I-XXI such as `XI(c)(1)`")
        })?;
        let mut path = Vec::new();
        rest = rest.trim();
        if rest.starts_with('(') {
            let mut r = rest;
            while !r.is_empty() {
                let Some(inner) = r.strip_prefix('(') else {
                    return Err(format!("`{input}`: expected `(` at `{r}`"));
                };
                let close = inner
                    .find(')')
                    .ok_or_else(|| format!("`{input}`: unclosed parenthesis"))?;
                path.push(inner[..close].trim().to_string());
                r = inner[close + 1..].trim_start();
            }
        } else if let Some(dotted) = rest.strip_prefix('.') {
            for part in dotted.split('.') {
                path.push(part.trim().to_string());
            }
        } else if !rest.is_empty() {
            return Err(format!(
                "`{input}`: unexpected `{rest}` after the category; write paragraphs as `XI(c)(1)` or `XI.c.1`"
            ));
        }
        for (depth, p) in path.iter_mut().enumerate() {
            *p = normalize_level(depth, p).ok_or_else(|| {
                format!(
                    "`{input}`: paragraph `{p}` is not valid at level {}",
                    depth + 1
                )
            })?;
        }
        Ok(UsmlId { category, path })
    }

    /// Category number 1..=21.
    pub fn category(&self) -> u8 {
        self.category
    }

    /// Roman numeral of the category.
    pub fn category_roman(&self) -> &'static str {
        roman(self.category).unwrap_or("?")
    }

    /// Paragraph labels below the category (`["c", "1"]` for `XI(c)(1)`).
    pub fn path(&self) -> &[String] {
        &self.path
    }

    /// The enclosing paragraph, or `None` for a category.
    pub fn parent(&self) -> Option<UsmlId> {
        if self.path.is_empty() {
            return None;
        }
        Some(UsmlId {
            category: self.category,
            path: self.path[..self.path.len() - 1].to_vec(),
        })
    }

    /// The category itself (`XI` for `XI(c)(1)`).
    pub fn category_id(&self) -> UsmlId {
        UsmlId {
            category: self.category,
            path: Vec::new(),
        }
    }

    /// True when `self` is `other` or lies below it.
    pub fn is_within(&self, other: &UsmlId) -> bool {
        self.category == other.category && self.path.starts_with(&other.path)
    }
}

fn normalize_level(depth: usize, p: &str) -> Option<String> {
    if p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    match depth {
        0 => (p.len() == 1 && p.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| p.to_ascii_lowercase()),
        1 => p.chars().all(|c| c.is_ascii_digit()).then(|| p.to_string()),
        2 => p
            .chars()
            .all(|c| matches!(c.to_ascii_lowercase(), 'i' | 'v' | 'x' | 'l'))
            .then(|| p.to_ascii_lowercase()),
        3 => (p.len() == 1 && p.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| p.to_ascii_uppercase()),
        _ => Some(p.to_string()),
    }
}

impl fmt::Display for UsmlId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.category_roman())?;
        for p in &self.path {
            write!(f, "({p})")?;
        }
        Ok(())
    }
}

impl TryFrom<String> for UsmlId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        UsmlId::parse(&s)
    }
}

impl From<UsmlId> for String {
    fn from(u: UsmlId) -> String {
        u.to_string()
    }
}

/// An ECCN heading or paragraph, e.g. `3A001`, `3A001.a.7`, `9A610.x`, `5A992.c`.
///
/// Canonical form: the five-character heading in upper case (`3A001`), then
/// dot-separated paragraph labels in lower case (letters) or as written (numbers).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Eccn {
    heading: String,
    path: Vec<String>,
}

impl Eccn {
    /// Parses `3A001.a.7`, `3a001.A.7`, `ECCN 3A001.a.7`. `EAR99` is not an ECCN:
    /// use [`ClassCode::parse`] for declared codes.
    pub fn parse(input: &str) -> Result<Eccn, String> {
        let mut s = input.trim();
        if s.len() >= 4 && s[..4].eq_ignore_ascii_case("ECCN") {
            s = s[4..].trim_start_matches([':', ' ']);
        }
        let s = s.trim_end_matches('.');
        let mut parts = s.split('.');
        let head = parts.next().unwrap_or("").trim();
        let hb = head.as_bytes();
        let ok = hb.len() == 5
            && hb[0].is_ascii_digit()
            && matches!(hb[1].to_ascii_uppercase(), b'A'..=b'E')
            && hb[2..].iter().all(u8::is_ascii_digit);
        if !ok {
            return Err(format!(
                "`{input}` is not an ECCN: expected a category digit, a product group A-E and three digits, such as `3A001.a.7`"
            ));
        }
        let mut path = Vec::new();
        for p in parts {
            let p = p.trim();
            if p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(format!(
                    "`{input}`: paragraph label `{p}` must be letters or digits, as in `3A001.a.7`"
                ));
            }
            path.push(if p.chars().all(|c| c.is_ascii_digit()) {
                p.to_string()
            } else {
                p.to_ascii_lowercase()
            });
        }
        Ok(Eccn {
            heading: head.to_ascii_uppercase(),
            path,
        })
    }

    /// The five-character heading (`3A001`).
    pub fn heading(&self) -> &str {
        &self.heading
    }

    /// The CCL category digit.
    pub fn category(&self) -> u8 {
        self.heading.as_bytes()[0] - b'0'
    }

    /// The product group letter (`A`..`E`).
    pub fn product_group(&self) -> char {
        char::from(self.heading.as_bytes()[1])
    }

    /// Paragraph labels below the heading.
    pub fn path(&self) -> &[String] {
        &self.path
    }

    /// The heading alone (`3A001` for `3A001.a.7`).
    pub fn heading_eccn(&self) -> Eccn {
        Eccn {
            heading: self.heading.clone(),
            path: Vec::new(),
        }
    }

    /// The enclosing paragraph, or `None` for a heading.
    pub fn parent(&self) -> Option<Eccn> {
        if self.path.is_empty() {
            return None;
        }
        Some(Eccn {
            heading: self.heading.clone(),
            path: self.path[..self.path.len() - 1].to_vec(),
        })
    }

    /// True for the 600 series (`xY6zz`).
    pub fn is_600_series(&self) -> bool {
        self.heading.as_bytes()[2] == b'6'
    }

    /// True for the 9x515 entries (`9A515`, `9B515`, ...).
    pub fn is_9x515(&self) -> bool {
        self.heading.starts_with('9') && self.heading.ends_with("515")
    }

    /// True for the 0Y521 series (`0A521` ... `0E521`, also `1A521` etc.).
    pub fn is_y521(&self) -> bool {
        self.heading.ends_with("521")
    }

    /// True when `self` is `other` or lies below it.
    pub fn is_within(&self, other: &Eccn) -> bool {
        self.heading == other.heading && self.path.starts_with(&other.path)
    }
}

impl fmt::Display for Eccn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.heading)?;
        for p in &self.path {
            write!(f, ".{p}")?;
        }
        Ok(())
    }
}

impl TryFrom<String> for Eccn {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Eccn::parse(&s)
    }
}

impl From<Eccn> for String {
    fn from(e: Eccn) -> String {
        e.to_string()
    }
}

/// Any classification: a USML paragraph, an ECCN, or EAR99.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ClassCode {
    /// Subject to the ITAR under this USML paragraph.
    Usml(UsmlId),
    /// Subject to the EAR under this ECCN.
    Eccn(Eccn),
    /// Subject to the EAR, not on the CCL.
    Ear99,
}

impl ClassCode {
    /// Parses `EAR99`, an ECCN or a USML id. USML ids must carry a prefix or a
    /// Roman category here (`XI(c)`), since `3A001` could not be a USML id anyway.
    pub fn parse(input: &str) -> Result<ClassCode, String> {
        let t = input.trim();
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.eq_ignore_ascii_case("EAR99") {
            return Ok(ClassCode::Ear99);
        }
        if let Ok(e) = Eccn::parse(t) {
            return Ok(ClassCode::Eccn(e));
        }
        UsmlId::parse(t).map(ClassCode::Usml).map_err(|_| {
            format!("`{input}` is not a classification: expected `EAR99`, an ECCN such as `3A001.a.7`, or a USML paragraph such as `XI(c)(1)`")
        })
    }

    /// True for USML codes.
    pub fn is_usml(&self) -> bool {
        matches!(self, ClassCode::Usml(_))
    }
}

impl fmt::Display for ClassCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClassCode::Usml(u) => u.fmt(f),
            ClassCode::Eccn(e) => e.fmt(f),
            ClassCode::Ear99 => f.write_str("EAR99"),
        }
    }
}

impl TryFrom<String> for ClassCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ClassCode::parse(&s)
    }
}

impl From<ClassCode> for String {
    fn from(c: ClassCode) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usml_spellings_normalize() {
        for (input, want) in [
            ("XI(c)(1)", "XI(c)(1)"),
            ("Cat. XI(c)(1)", "XI(c)(1)"),
            ("XI.c.1", "XI(c)(1)"),
            ("USML 11(c)(1)", "XI(c)(1)"),
            ("usml xi(C)(1)", "XI(c)(1)"),
            ("Category XII", "XII"),
            ("XII(c)(2)(II)", "XII(c)(2)(ii)"),
            ("VIII(h)(1)(i)(a)", "VIII(h)(1)(i)(A)"),
        ] {
            assert_eq!(UsmlId::parse(input).unwrap().to_string(), want, "{input}");
        }
    }

    #[test]
    fn usml_rejects_malformed() {
        for bad in ["XXII(a)", "XI(1)", "XI(c)(x)", "XI(c", "Q(a)", "", "XI c"] {
            assert!(UsmlId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn usml_parent_and_within() {
        let id = UsmlId::parse("XI(c)(1)").unwrap();
        assert_eq!(id.parent().unwrap().to_string(), "XI(c)");
        assert!(id.is_within(&UsmlId::parse("XI").unwrap()));
        assert!(!id.is_within(&UsmlId::parse("XI(a)").unwrap()));
    }

    #[test]
    fn eccn_spellings_normalize() {
        for (input, want) in [
            ("3A001.a.7", "3A001.a.7"),
            ("3a001.A.7", "3A001.a.7"),
            ("ECCN 5A002", "5A002"),
            ("9A610.x", "9A610.x"),
            ("0A501.y.7", "0A501.y.7"),
        ] {
            assert_eq!(Eccn::parse(input).unwrap().to_string(), want, "{input}");
        }
        for bad in ["3F001", "3A01", "EAR99", "3A001..a", "3A001.a-b"] {
            assert!(Eccn::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn series_predicates() {
        assert!(Eccn::parse("9A610.x").unwrap().is_600_series());
        assert!(Eccn::parse("9A515.a").unwrap().is_9x515());
        assert!(!Eccn::parse("3A001").unwrap().is_600_series());
        assert!(Eccn::parse("0A521").unwrap().is_y521());
    }

    #[test]
    fn class_codes() {
        assert_eq!(ClassCode::parse("ear 99").unwrap(), ClassCode::Ear99);
        assert!(matches!(
            ClassCode::parse("5A992.c").unwrap(),
            ClassCode::Eccn(_)
        ));
        assert!(matches!(
            ClassCode::parse("XI(c)(1)").unwrap(),
            ClassCode::Usml(_)
        ));
        assert!(ClassCode::parse("banana").is_err());
    }
}
