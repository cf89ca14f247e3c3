//! The shipment context shared by `plan` and `check`: destination, recipient, date,
//! end use and purpose from the flags, parties, held authorizations, attestations and
//! `[plan]` settings from exportctl.toml. One place, so a ruling record's plan entry is
//! built exactly as `exportctl plan` builds it.

use anyhow::bail;
use exportctl::context::{Date, PlanConfig, Purpose, ShipmentContext};
use exportctl::model::Country;

use crate::app::Ctx;

/// The flags that describe a shipment.
pub struct ShipmentFlags<'a> {
    /// `--to CC`.
    pub to: &'a str,
    /// `--party NAME`.
    pub party: Option<&'a str>,
    /// `--as-of YYYY-MM-DD`; `None` uses the data set's as-of date (never the clock).
    pub as_of: Option<&'a str>,
    /// `--end-use TEXT`.
    pub end_use: Option<&'a str>,
    /// `--purpose temporary|replacement`.
    pub purpose: Option<&'a str>,
}

/// Builds the shipment context from the flags and exportctl.toml.
pub fn context(ctx: &Ctx, flags: &ShipmentFlags<'_>) -> anyhow::Result<ShipmentContext> {
    let Some(dest) = Country::parse(flags.to) else {
        bail!(
            "`--to {}` is not an ISO 3166-1 alpha-2 country code\nhint: write e.g. `--to AU`",
            flags.to
        );
    };
    let config = ctx.config()?;
    let pc = PlanConfig::from_config(&config)?;
    let as_of = match flags.as_of {
        Some(d) => Date::parse(d).map_err(|m| anyhow::anyhow!("`--as-of`: {m}"))?,
        // Today (UTC) at the edge: judging held authorizations against the data's
        // older as-of date would keep an expired authorization alive.
        None => Date::parse(&crate::commands::ledger::today_utc())
            .map_err(|m| anyhow::Error::new(crate::exit::Internal(format!("clock: {m}"))))?,
    };
    let mut sc = ShipmentContext::new(dest, as_of);
    if let Some(name) = flags.party {
        let Some(p) = pc.party(name) else {
            let known: Vec<&str> = pc.parties.iter().map(|p| p.name.as_str()).collect();
            bail!(
                "party `{name}` is not defined in {}\nhint: add a `[[party]]` with `name = \"{name}\"`; defined: {}",
                if config.source.is_empty() { "exportctl.toml (none found)" } else { &config.source },
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            );
        };
        sc.party = Some(p.clone());
    }
    sc.end_use = flags.end_use.map(str::to_string);
    if let Some(p) = flags.purpose {
        sc.purpose = Some(Purpose::parse(p).ok_or_else(|| {
            anyhow::anyhow!("`--purpose {p}` is not known\nhint: use `temporary` or `replacement`")
        })?);
    }
    sc.authorizations = pc.authorizations;
    sc.attestations = pc.attestations;
    sc.settings = pc.settings;
    Ok(sc)
}
