//! "Specially designed" releases: facts on a line that take a part out of a
//! catch-all paragraph (22 CFR 120.41(b); 15 CFR 772.1(b)).
//!
//! Decides only whether a release paragraph applies to the line as written. It
//! never touches enumerated paragraphs: the engine applies a release to catch-all
//! tiers only, so a declared or matched enumerated USML paragraph is never released.

use super::ParamView;

/// A release paragraph that applies to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// (b)(2): fasteners, washers, spacers, insulators, grommets, bushings, springs,
    /// wire, solder — whatever their form or fit. Carries the part word found.
    GeneralHardware(&'static str),
    /// (b)(3): same function, performance and form/fit as an item in production that
    /// is not enumerated (param `commercial_equivalent=yes`).
    CommercialEquivalent,
    /// (b)(5): developed as a general-purpose item (param `general_purpose=yes` or the
    /// words "general purpose" in the description).
    GeneralPurpose,
}

impl Release {
    /// The ITAR and EAR paragraphs that state the release.
    pub fn citations(self) -> [&'static str; 2] {
        match self {
            Release::GeneralHardware(_) => ["22 CFR 120.41(b)(2)", "15 CFR 772.1(b)(2)"],
            Release::CommercialEquivalent => ["22 CFR 120.41(b)(3)", "15 CFR 772.1(b)(3)"],
            Release::GeneralPurpose => ["22 CFR 120.41(b)(5)", "15 CFR 772.1(b)(5)"],
        }
    }

    /// Words for the explanation.
    pub fn describe(self) -> String {
        match self {
            Release::GeneralHardware(w) => format!(
                "the line is a `{w}`, a general hardware part that is not specially designed whatever its form or fit"
            ),
            Release::CommercialEquivalent => "the line states `commercial_equivalent=yes`: same function, performance and form/fit as a non-enumerated item in production".to_string(),
            Release::GeneralPurpose => "the line states it was developed as a general-purpose item".to_string(),
        }
    }

    /// True when the release is fixed by the kind of part itself (b)(2), so it is
    /// positive evidence for EAR99 even when no catch-all matched.
    pub fn is_general_hardware(self) -> bool {
        matches!(self, Release::GeneralHardware(_))
    }
}

/// Part words of (b)(2), singular, lower case.
const PART_WORDS: &[&str] = &[
    "fastener",
    "screw",
    "bolt",
    "nut",
    "nutplate",
    "stud",
    "insert",
    "clip",
    "rivet",
    "pin",
    "washer",
    "spacer",
    "standoff",
    "insulator",
    "grommet",
    "bushing",
    "spring",
    "wire",
    "solder",
];

/// Words that mean the line is more than the bare part (`wire harness`, `PIN diode`).
const NOT_BARE: &[&str] = &[
    "assembly",
    "assy",
    "harness",
    "module",
    "kit",
    "diode",
    "connector",
    "header",
    "board",
    "system",
    "unit",
    "set",
    "actuator",
    "mechanism",
    "tool",
    "gun",
    "driver",
    "sensor",
    "action",
    "rifle",
    "pistol",
    "firearm",
    "receiver",
];

fn singular(w: &str) -> &str {
    if let Some(s) = w.strip_suffix("es") {
        if PART_WORDS.contains(&s) {
            return s;
        }
    }
    w.strip_suffix('s').unwrap_or(w)
}

/// The (b)(2) part word when the description's head noun is one: the first or last
/// word of the text before the first comma, parenthesis or ` for `.
pub fn general_hardware(description: &str) -> Option<&'static str> {
    general_hardware_lower(&description.to_lowercase())
}

/// [`general_hardware`] on lower-case text.
pub fn general_hardware_lower(lower: &str) -> Option<&'static str> {
    if !PART_WORDS.iter().any(|w| lower.contains(w)) {
        return None;
    }
    let head = lower
        .split([',', '(', ';', ':'])
        .next()
        .unwrap_or("")
        .split(" for ")
        .next()
        .unwrap_or("");
    // A part word joined to the next word by a hyphen is a modifier (`bolt-action
    // rifle`, `pin-type connector`), not the head noun.
    let head_owned = PART_WORDS.iter().fold(head.to_string(), |h, w| {
        h.replace(&format!("{w}-"), "modifier-")
    });
    let head = head_owned.as_str();
    let words: Vec<&str> = head
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().all(char::is_alphabetic))
        .collect();
    if words.iter().any(|w| NOT_BARE.contains(&singular(w))) {
        return None;
    }
    let first = words.first().map(|w| singular(w));
    let last = words.last().map(|w| singular(w));
    let nut_plate = head.contains("nut plate");
    if nut_plate {
        return Some("nutplate");
    }
    // English head nouns come last (`hex nut`); BOM style puts them first (`Nut, hex`).
    PART_WORDS
        .iter()
        .find(|p| Some(**p) == last)
        .or_else(|| PART_WORDS.iter().find(|p| Some(**p) == first))
        .copied()
}

/// The release that applies to a line, if any. (b)(2) wins over the others because
/// it needs no further facts.
pub fn release_for(description: &str, params: &ParamView<'_>) -> Option<Release> {
    release_for_lower(&description.to_lowercase(), params)
}

/// [`release_for`] on lower-case text.
pub fn release_for_lower(lower: &str, params: &ParamView<'_>) -> Option<Release> {
    if let Some(w) = general_hardware_lower(lower) {
        return Some(Release::GeneralHardware(w));
    }
    if params.flag("commercial_equivalent") == Some(true) {
        return Some(Release::CommercialEquivalent);
    }
    if params.flag("general_purpose") == Some(true) || states_general_purpose(lower) {
        return Some(Release::GeneralPurpose);
    }
    None
}

/// True when the text says "general purpose" without negating it (`non-general-purpose`,
/// `not general purpose` state the opposite of (b)(5)).
fn states_general_purpose(lower: &str) -> bool {
    ["general purpose", "general-purpose"].iter().any(|phrase| {
        lower.match_indices(phrase).any(|(i, _)| {
            let before = lower[..i].trim_end_matches([' ', '-']);
            !["non", "not", "not a", "not for"]
                .iter()
                .any(|n| before.ends_with(n))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 22 CFR 120.41(b)(5) / 15 CFR 772.1(b)(5): only a statement that the item was
    /// developed as general purpose releases it; a negated one does not.
    #[test]
    fn general_purpose_release_table() {
        let none = std::collections::BTreeMap::new();
        let pv = ParamView::new(&none, &[]);
        for (desc, want) in [
            (
                "general purpose dc-dc converter",
                Some(Release::GeneralPurpose),
            ),
            ("bracket, general-purpose", Some(Release::GeneralPurpose)),
            ("non-general-purpose processor for radar", None),
            ("non general purpose interface card", None),
            ("not general purpose: built for the f-35", None),
            ("housing, not a general-purpose item", None),
        ] {
            assert_eq!(release_for_lower(desc, &pv), want, "{desc}");
        }
    }

    /// 22 CFR 120.41(b)(2) / 15 CFR 772.1(b)(2): the part word is the head noun.
    #[test]
    fn general_hardware_head_noun_table() {
        for (desc, want) in [
            ("Screw, pan head, M3x8, stainless", Some("screw")),
            ("SCREWS, CAPTIVE", Some("screw")),
            ("Stainless steel washer", Some("washer")),
            ("Hex nut M4", Some("nut")),
            (
                "Spacer, 10 mm, aluminium, for XI(c) chassis",
                Some("spacer"),
            ),
            ("Rivet (blind) for VIII(h) panel", Some("rivet")),
            ("Grommet rubber", Some("grommet")),
            ("Nut plate, floating", Some("nutplate")),
            ("Solder wire SAC305", Some("wire")),
            ("Wire harness assembly", None),
            ("PIN diode limiter 2-18 GHz", None),
            ("Bolt carrier assembly", None),
            ("Image intensifier tube", None),
            ("O-ring, fluorocarbon", None),
            ("Connector, SMA", None),
            ("Bolt-action hunting rifle .308 Win", None),
            ("Pin-type terminal lug", None),
        ] {
            assert_eq!(general_hardware(desc), want, "{desc}");
        }
    }
}
