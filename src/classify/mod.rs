//! Classification: order of review, declared-code checks, matching, explanations.
//!
//! Baseline until the engine lands: a declared code is taken as declared, anything
//! else is REVIEW. It never returns EAR99 without a declaration.

use crate::data::Catalog;
use crate::model::{Basis, Bom, Citation, ClassCode, Ruling};

/// Classifies every line of `bom`, in input order.
pub fn classify_bom(bom: &Bom, catalog: &Catalog) -> Vec<Ruling> {
    let _ = catalog;
    bom.items()
        .iter()
        .map(|it| {
            match it
                .declared_usml
                .clone()
                .or_else(|| it.declared_eccn.clone())
            {
                Some(code) => {
                    let cite = match &code {
                        ClassCode::Usml(u) => format!("22 CFR 121.1, Category {u}"),
                        ClassCode::Eccn(e) => format!("15 CFR 774, Supp. 1, ECCN {e}"),
                        ClassCode::Ear99 => "15 CFR 734.3(c)".to_string(),
                    };
                    Ruling::classified(&it.id, code, Basis::Declared, Citation::new(cite))
                }
                None => Ruling::review(&it.id, "no declared code and no matcher yet"),
            }
        })
        .collect()
}
