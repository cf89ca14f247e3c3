//! The domain model: BOM lines and trees, classification codes, countries, rulings.
//!
//! Plain data with checked constructors. No I/O and no regulatory decisions here.

mod bom;
mod codes;
mod country;
mod item;
mod ruling;

pub(crate) use bom::IdIndex;
pub use bom::{Bom, TreeError};
pub use codes::{category_number, roman, ClassCode, Eccn, UsmlId};
pub use country::{Country, COUNTRIES};
pub use item::{Item, Kind, ParamValue, SourceSpan};
pub use ruling::{Basis, Candidate, Citation, Jurisdiction, Ruling};
