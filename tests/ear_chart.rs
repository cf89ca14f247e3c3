//! The country-chart step (15 CFR 738.4) on the REAL built-in data: a few cells a
//! compliance engineer knows by heart, through `exportctl::ear::chart_license_required`.

use exportctl::ear::chart_license_required;
use exportctl::model::{ClassCode, Country};

#[test]
fn real_chart_cells_15_cfr_738_supp_1() {
    let cat = exportctl::data::embedded().unwrap();
    // (code, destination, license required by the chart?, why)
    let rows: &[(&str, &str, Option<bool>, &str)] = &[
        (
            "3A001.a.7",
            "CN",
            Some(true),
            "3A001 NS2 row; China has NS2 X",
        ),
        ("3A001.a.7", "IN", Some(false), "India has NS1 but no NS2 X"),
        ("3A001.a.7", "GB", Some(false), "UK: only CB1 marked"),
        (
            "3A001.b.2",
            "IN",
            Some(true),
            "3A001.b.2 MMICs are NS1; India has NS1 X",
        ),
        ("EAR99", "CU", Some(true), "Cuba is embargoed (part 746)"),
        (
            "EAR99",
            "DE",
            Some(false),
            "EAR99: no chart reason (734.3(c))",
        ),
        (
            "XI(c)(1)",
            "GB",
            None,
            "USML: the ITAR applies, not the chart",
        ),
    ];
    for (code, dest, want, why) in rows {
        let d = chart_license_required(
            &cat,
            &ClassCode::parse(code).unwrap(),
            Country::parse(dest).unwrap(),
        );
        assert_eq!(d.license_required, *want, "{code} to {dest}: {why}; {d:?}");
    }
}
