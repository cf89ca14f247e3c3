//! Licensing plan rule tests on the pinned mini catalog `fixtures/catalogs/plan/` and
//! the parties and authorizations of `fixtures/plan/exportctl.toml`, plus the CLI.
//! Every row cites the paragraph it checks. BOM lines carry DECLARED codes.

use std::path::Path;

use exportctl::config::Config;
use exportctl::context::{Date, PlanConfig, ShipmentContext};
use exportctl::data::Catalog;
use exportctl::exemptions::{Eligibility, ExemptionId};
use exportctl::model::{Bom, ClassCode, Country, Item, Jurisdiction, Kind};
use exportctl::plan::{plan_bom, AuthType, Plan};

fn catalog() -> Catalog {
    let files = exportctl::data::read_dir(Path::new("fixtures/catalogs/plan")).unwrap();
    Catalog::from_files(&files).unwrap()
}

fn plan_config() -> PlanConfig {
    let text = std::fs::read_to_string("fixtures/plan/exportctl.toml").unwrap();
    let c = Config::parse("fixtures/plan/exportctl.toml", &text).unwrap();
    PlanConfig::from_config(&c).unwrap()
}

/// One BOM line: id, declared code, kind, quantity, unit value, description.
type L<'a> = (&'a str, &'a str, Kind, f64, Option<f64>, &'a str);

fn item(l: &L<'_>) -> Item {
    let (id, code, kind, qty, value, desc) = *l;
    let mut it = Item::new(id, desc);
    let c = ClassCode::parse(code).unwrap();
    if c.is_usml() {
        it.declared_usml = Some(c);
    } else {
        it.declared_eccn = Some(c);
    }
    it.kind = kind;
    it.quantity = qty;
    it.unit_value = value;
    it
}

/// Context: destination, party name, held authorization ids, attestations on/off.
fn context(dest: &str, party: Option<&str>, held: &[&str], attest: bool) -> ShipmentContext {
    let pc = plan_config();
    let mut ctx = ShipmentContext::new(
        Country::parse(dest).unwrap(),
        Date::parse("2026-11-21").unwrap(),
    );
    ctx.party = party.map(|p| pc.party(p).unwrap_or_else(|| panic!("party {p}")).clone());
    ctx.authorizations = held
        .iter()
        .map(|id| {
            pc.authorizations
                .iter()
                .find(|a| a.id == *id)
                .unwrap_or_else(|| panic!("authorization {id}"))
                .clone()
        })
        .collect();
    if attest {
        ctx.attestations = pc.attestations.clone();
    }
    ctx.settings = pc.settings;
    ctx
}

fn check(lines: &[L<'_>], ctx: &ShipmentContext) -> Plan {
    let cat = catalog();
    let bom = Bom::new("test.csv", lines.iter().map(item).collect()).unwrap();
    let rulings = exportctl::classify::classify_bom(&bom, &cat);
    plan_bom(&bom, &rulings, &cat, ctx)
}

const SCM: &str = "Southern Cross Maritime Systems";
const OUTBACK: &str = "Outback Marine Electronics";
const ALBION: &str = "Albion Sensor Works";
const MAPLE: &str = "Maple Ridge Avionics";
const RHEIN: &str = "Rheinwerk Industrietechnik";
const PEARL: &str = "Pearl River Components";
const HW: Kind = Kind::Hardware;
const TD: Kind = Kind::Technology;

#[test]
fn itar_single_line_rules() {
    // (rule and citation, line, destination, party, held, attested, expected, basis)
    #[allow(clippy::type_complexity)]
    let rows: &[(&str, L<'_>, &str, Option<&str>, &[&str], bool, AuthType, Option<&str>)] = &[
        ("22 CFR 126.5(b): ASIC to a Canadian-registered person, all-category rows attested",
            ("1", "XI(c)(1)", HW, 2.0, Some(1000.0), "programmed ASIC"), "CA", Some(MAPLE), &[], true, AuthType::Exemption, Some("126.5")),
        ("22 CFR 126.5(b) + supp. 1 row S1-016: Category I firearm excluded for Canada → DSP-5",
            ("1", "I(b)", HW, 1.0, Some(4000.0), "automatic rifle"), "CA", Some(MAPLE), &[], true, AuthType::Dsp5, Some("Category I")),
        ("22 CFR 126.5 fail closed: supp. 1 all-category rows not attested → REVIEW",
            ("1", "XI(c)(1)", HW, 1.0, Some(1000.0), "programmed ASIC"), "CA", Some(MAPLE), &[], false, AuthType::Review, None),
        ("22 CFR 126.7(a), (b)(2)(iii): Authorized User in Australia",
            ("1", "XI(c)(1)", HW, 4.0, Some(12000.0), "programmed ASIC"), "AU", Some(SCM), &[], true, AuthType::Exemption, Some("126.7")),
        ("22 CFR 126.7(b)(3) + supp. 2 row S2-011: acoustic array excluded; 126.16 supp. 1 S1-056 too → DSP-5",
            ("1", "XI(a)(1)(i)", HW, 1.0, Some(850000.0), "towed acoustic array"), "AU", Some(SCM), &[], true, AuthType::Dsp5, Some("Category XI")),
        ("22 CFR 126.7(b)(2): recipient not an Authorized User, not in the treaty community → DSP-5",
            ("1", "XI(c)(1)", HW, 1.0, Some(12000.0), "programmed ASIC"), "AU", Some(OUTBACK), &[], true, AuthType::Dsp5, Some("Category XI")),
        ("22 CFR 126.17(d), (e): UK treaty community member, end use identified",
            ("1", "XI(c)(1)", HW, 1.0, Some(12000.0), "radar processor ASIC"), "GB", Some(ALBION), &[], true, AuthType::Exemption, Some("126.17")),
        ("22 CFR 126.7(b)(2) fail closed: no party named → REVIEW",
            ("1", "XI(c)(1)", HW, 1.0, Some(12000.0), "programmed ASIC"), "AU", None, &[], true, AuthType::Review, None),
        ("22 CFR 126.1(d)(1): China is proscribed → PROHIBITED",
            ("1", "XI(c)(1)", HW, 1.0, Some(12000.0), "programmed ASIC"), "CN", Some(PEARL), &[], true, AuthType::Prohibited, Some("126.1")),
        ("22 CFR 126.1(l): Russia is proscribed → PROHIBITED",
            ("1", "XI(d)", TD, 1.0, Some(1.0), "drawings"), "RU", None, &[], true, AuthType::Prohibited, Some("126.1")),
        ("22 CFR 124.1(a): technical data to Germany, nothing held → TAA",
            ("1", "XI(d)", TD, 1.0, Some(20000.0), "integration data"), "DE", Some(RHEIN), &[], true, AuthType::Taa, Some("Category XI")),
        ("22 CFR 123.1(a): hardware to Germany, nothing held → DSP-5",
            ("1", "XI(c)(1)", HW, 1.0, Some(20000.0), "programmed ASIC"), "DE", Some(RHEIN), &[], true, AuthType::Dsp5, Some("Category XI")),
        ("22 CFR 124.1: held TAA in scope and in date covers the technical data",
            ("1", "XI(d)", TD, 1.0, Some(20000.0), "integration data"), "DE", Some(RHEIN), &["TA-1234-24"], true, AuthType::Blanket, Some("TA-1234-24")),
        ("22 CFR 124.1: held TAA expired on 2026-01-31 → TAA to apply for",
            ("1", "XI(d)", TD, 1.0, Some(20000.0), "integration data"), "DE", Some(RHEIN), &["TA-0999-21"], true, AuthType::Taa, Some("Category XI")),
        ("22 CFR 123.1: a held TAA does not cover hardware → DSP-5",
            ("1", "XI(c)(1)", HW, 1.0, Some(20000.0), "programmed ASIC"), "DE", Some(RHEIN), &["TA-1234-24"], true, AuthType::Dsp5, Some("Category XI")),
    ];
    for (name, line, dest, party, held, attest, want, basis) in rows {
        let ctx = context(dest, *party, held, *attest);
        let p = check(std::slice::from_ref(line), &ctx);
        let l = &p.lines[0];
        assert_eq!(l.authorization, *want, "{name}: {:#?}", l.reasons);
        if let Some(b) = basis {
            assert_eq!(l.basis.as_deref(), Some(*b), "{name}");
        }
        assert!(!l.citations.is_empty(), "{name}: no citation");
        assert!(
            l.license_exceptions.is_empty(),
            "{name}: ITAR line got EAR exceptions"
        );
    }
}

#[test]
fn ear_single_line_rules() {
    #[allow(clippy::type_complexity)]
    let rows: &[(&str, L<'_>, &str, Option<&str>, &[&str], AuthType, Option<&str>)] = &[
        ("15 CFR 738.4: 3A001.a.7 to the UK — no X in NS2/AT1 → NLR",
            ("1", "3A001.a.7", HW, 10.0, Some(950.0), "FPGA"), "GB", Some(ALBION), &[], AuthType::Nlr, Some("NLR")),
        ("15 CFR 738.4: EAR99 to Australia → NLR",
            ("1", "EAR99", HW, 1.0, Some(300.0), "power supply"), "AU", Some(SCM), &[], AuthType::Nlr, Some("NLR")),
        ("15 CFR 740.3(d): 3A001.c below the $1,500 LVS limit to Brazil",
            ("1", "3A001.c", HW, 1.0, Some(1499.99), "SAW filter"), "BR", None, &[], AuthType::LicenseException, Some("LVS")),
        ("15 CFR 740.3(d): 3A001.c at the $1,500 LVS limit to Brazil",
            ("1", "3A001.c", HW, 3.0, Some(500.0), "SAW filter"), "BR", None, &[], AuthType::LicenseException, Some("LVS")),
        ("15 CFR 740.3(d): 3A001.c above the LVS limit to Brazil, no GBS/STA → BIS license",
            ("1", "3A001.c", HW, 1.0, Some(1500.01), "SAW filter"), "BR", None, &[], AuthType::BisLicense, Some("3A001")),
        ("15 CFR 740.3: missing unit value where LVS matters → REVIEW",
            ("1", "3A001.c", HW, 1.0, None, "SAW filter"), "BR", None, &[], AuthType::Review, None),
        ("15 CFR 740.4: 3A001.a.7 (GBS: Yes) to Brazil above any LVS limit",
            ("1", "3A001.a.7", HW, 10.0, Some(900.0), "FPGA"), "BR", None, &[], AuthType::LicenseException, Some("GBS")),
        ("15 CFR 740.20(c)(2): 3A001.c NS only to Singapore (A:6) above LVS → STA",
            ("1", "3A001.c", HW, 2.0, Some(4000.0), "SAW filter"), "SG", Some("Lion City Instruments"), &[], AuthType::LicenseException, Some("STA")),
        ("15 CFR 740.2(a)(5): 3A001.a.1 is coarser than the MT row (3A001.a.1.a) → no exception can be decided, REVIEW",
            ("1", "3A001.a.1", HW, 1.0, Some(100.0), "rad-hard IC"), "SG", Some("Lion City Instruments"), &[], AuthType::Review, None),
        ("15 CFR 740.20(b)(2) + entry: STA excluded for 3A001.b.2 (NS1/RS1) to Singapore → BIS license",
            ("1", "3A001.b.2", HW, 1.0, Some(9000.0), "MMIC amplifier"), "SG", None, &[], AuthType::BisLicense, Some("3A001")),
        ("15 CFR 738.4, 742.4: 3A001.a.7 to China (NS2 X), no exception → BIS license",
            ("1", "3A001.a.7", HW, 10.0, Some(950.0), "FPGA"), "CN", Some(PEARL), &[], AuthType::BisLicense, Some("3A001")),
        ("15 CFR 750: held BIS license for 3A001.a to China covers it",
            ("1", "3A001.a.7", HW, 10.0, Some(950.0), "FPGA"), "CN", Some(PEARL), &["D1234567"], AuthType::Blanket, Some("D1234567")),
        ("15 CFR 740.2(a)(5): MT-controlled 3A001.a.1.a to Germany → no exception, BIS license",
            ("1", "3A001.a.1.a", HW, 1.0, Some(100.0), "rad-hard IC"), "DE", None, &[], AuthType::BisLicense, Some("3A001")),
        ("15 CFR 740.17: 5A002.a (NS1 + EI) to a German commercial firm → ENC",
            ("1", "5A002.a", HW, 5.0, Some(2000.0), "encrypting network appliance"), "DE", Some(RHEIN), &[], AuthType::LicenseException, Some("ENC")),
        ("15 CFR 740.17(b)(2) fail closed: recipient's government status unknown → REVIEW",
            ("1", "5A002.a", HW, 5.0, Some(2000.0), "encrypting network appliance"), "DE", None, &[], AuthType::Review, None),
        ("15 CFR 746, 740.2(a)(6): EAR99 to Cuba (E:2) → BIS license, no exceptions",
            ("1", "EAR99", HW, 1.0, Some(10.0), "cable"), "CU", None, &[], AuthType::BisLicense, Some("EAR99")),
    ];
    for (name, line, dest, party, held, want, basis) in rows {
        let ctx = context(dest, *party, held, true);
        let p = check(std::slice::from_ref(line), &ctx);
        let l = &p.lines[0];
        assert_eq!(l.authorization, *want, "{name}: {:#?}", l.reasons);
        if let Some(b) = basis {
            assert_eq!(l.basis.as_deref(), Some(*b), "{name}");
        }
        assert!(
            l.exemptions.is_empty(),
            "{name}: EAR line got ITAR exemptions"
        );
        assert!(!l.citations.is_empty(), "{name}: no citation");
    }
}

#[test]
fn tmp_and_gov_need_shipment_facts_15_cfr_740_9_740_11() {
    use exportctl::context::Purpose;
    // 3A001.c above the LVS limit to Brazil: BIS license, unless declared temporary (740.9).
    let mut ctx = context("BR", Some("Paulista Telecom"), &[], true);
    let line = (
        "1",
        "3A001.c",
        HW,
        1.0,
        Some(9000.0),
        "SAW filter demo unit",
    );
    assert_eq!(
        check(&[line], &ctx).lines[0].authorization,
        AuthType::BisLicense
    );
    ctx.purpose = Some(Purpose::Temporary);
    let p = check(&[line], &ctx);
    assert_eq!(p.lines[0].basis.as_deref(), Some("TMP"));
    // 3A001.b.2 (NS1, RS1) to a German government agency: GOV (740.11(b)).
    let mut ctx = context("DE", Some(RHEIN), &[], true);
    let line = ("1", "3A001.b.2", HW, 1.0, Some(9000.0), "MMIC amplifier");
    assert_eq!(
        check(&[line], &ctx).lines[0].authorization,
        AuthType::BisLicense
    );
    ctx.party.as_mut().unwrap().government = Some(true);
    let p = check(&[line], &ctx);
    assert_eq!(
        p.lines[0].basis.as_deref(),
        Some("GOV"),
        "{:#?}",
        p.lines[0]
    );
}

#[test]
fn uk_nlr_explains_the_2024_bis_aukus_rule() {
    // FR Doc. 2024-08446: NS1/RS1/MT1 chart requirements removed for AU and GB.
    let ctx = context("GB", Some(ALBION), &[], true);
    let p = check(
        &[("1", "3A001.b.2", HW, 1.0, Some(9000.0), "MMIC amplifier")],
        &ctx,
    );
    assert_eq!(p.lines[0].authorization, AuthType::Nlr);
    assert!(p.lines[0]
        .citations
        .iter()
        .any(|c| c == "FR Doc. 2024-08446"));
}

#[test]
fn held_taa_value_limit_is_drawn_down_across_lines_22_cfr_124_1() {
    // TA-1234-24 has $200,000 left: line 1 draws $120,000, line 2 ($120,000) no
    // longer fits and needs its own TAA; line 3 ($60,000) fits the remaining $80,000.
    let ctx = context("DE", Some(RHEIN), &["TA-1234-24"], true);
    let p = check(
        &[
            (
                "1",
                "XI(d)",
                TD,
                1.0,
                Some(120000.0),
                "build-to-print package A",
            ),
            (
                "2",
                "XI(d)",
                TD,
                1.0,
                Some(120000.0),
                "build-to-print package B",
            ),
            (
                "3",
                "XI(d)",
                Kind::Service,
                1.0,
                Some(60000.0),
                "integration support",
            ),
        ],
        &ctx,
    );
    let auths: Vec<AuthType> = p.lines.iter().map(|l| l.authorization).collect();
    assert_eq!(auths, [AuthType::Blanket, AuthType::Taa, AuthType::Blanket]);
    assert!(p.lines[1]
        .flags
        .contains(&"held-exhausted:TA-1234-24".to_string()));
    let h = &p.held[0];
    assert_eq!(h.lines, ["1", "3"]);
    assert_eq!(h.value_remaining, Some(20000.0));
    assert!(h.flags.contains(&"exhausted".to_string()));
    assert!(
        h.flags.contains(&"nearly-exhausted".to_string()),
        "{:?}",
        h.flags
    );
    // One TAA application for the line that did not fit.
    assert_eq!(p.applications.len(), 1);
    assert_eq!(p.applications[0].authorization, AuthType::Taa);
    assert_eq!(p.applications[0].lines, ["2"]);
}

#[test]
fn held_dsp5_expiring_and_quantity_limit_22_cfr_123_1() {
    // 050123456 expires 2026-12-15: 24 days after the as-of date → flagged.
    // Quantity 100 left: 60 + 60 exhausts it on the second line.
    let ctx = context("DE", Some(RHEIN), &["050123456"], true);
    let p = check(
        &[
            ("1", "XI(c)(1)", HW, 60.0, Some(100.0), "ASIC lot 1"),
            ("2", "XI(c)(1)", HW, 60.0, Some(100.0), "ASIC lot 2"),
        ],
        &ctx,
    );
    assert_eq!(p.lines[0].authorization, AuthType::Blanket);
    assert!(p.lines[0]
        .flags
        .contains(&"held-expiring:050123456".to_string()));
    assert_eq!(p.lines[1].authorization, AuthType::Dsp5);
    assert!(p.findings.iter().any(|f| f.code == "held-expiring"));
}

#[test]
fn missing_value_against_a_held_value_limit_is_review() {
    let ctx = context("DE", Some(RHEIN), &["TA-1234-24"], true);
    let p = check(&[("1", "XI(d)", TD, 1.0, None, "data")], &ctx);
    assert_eq!(p.lines[0].authorization, AuthType::Review);
    assert!(p.lines[0].flags.contains(&"value-missing".to_string()));
}

/// 22 CFR 126.5(b): a line classified more coarsely than an SME paragraph (`XI(a)`
/// holds SME XI(a)(3)) is not known not to be SME, so the exemption keeps the
/// non-transfer and use assurance condition.
#[test]
fn canada_keeps_the_sme_condition_for_a_coarse_line_22_cfr_126_5_b() {
    let ctx = context("CA", Some(MAPLE), &[], true);
    let p = check(&[("1", "XI(a)", HW, 1.0, Some(10.0), "sonar system")], &ctx);
    let c = &p.lines[0].exemptions[0];
    assert_eq!(c.exemption, ExemptionId::Canada);
    assert!(
        c.conditions
            .iter()
            .any(|x| x.contains("non-transfer and use assurances")),
        "{:#?}",
        c.conditions
    );
}

/// 15 CFR 740.3(a)(1): the LVS limit applies to the net value of the order's items
/// controlled under the same ECCN entry (`3A001`), not per paragraph.
#[test]
fn lvs_counts_every_paragraph_of_the_same_entry_15_cfr_740_3() {
    let ctx = context("BR", None, &[], true);
    let p = check(
        &[
            ("1", "3A001.c", HW, 1.0, Some(1000.0), "SAW filter"),
            ("2", "3A001.a.7", HW, 1.0, Some(1000.0), "FPGA"),
        ],
        &ctx,
    );
    // $2,000 of 3A001 exceeds the $1,500 LVS limit of 3A001.c.
    assert_ne!(
        p.lines[0].basis.as_deref(),
        Some("LVS"),
        "{:#?}",
        p.lines[0].reasons
    );
    assert_eq!(p.lines[0].authorization, AuthType::BisLicense);
}

#[test]
fn prohibited_beats_a_held_authorization_22_cfr_126_1() {
    let mut ctx = context("DE", Some(RHEIN), &["050123456"], true);
    ctx.destination = Country::parse("CN").unwrap();
    ctx.authorizations[0].countries.push(ctx.destination);
    let p = check(&[("1", "XI(c)(1)", HW, 1.0, Some(1.0), "ASIC")], &ctx);
    assert_eq!(p.lines[0].authorization, AuthType::Prohibited);
    assert!(p.has_blockers());
}

#[test]
fn exemption_checks_report_reasons_and_conditions() {
    // 126.7 eligible and 126.16 considered for the same line (22 CFR 126.7, 126.16).
    let ctx = context("AU", Some(SCM), &[], true);
    let p = check(&[("1", "XI(c)(1)", HW, 4.0, Some(12000.0), "ASIC")], &ctx);
    let l = &p.lines[0];
    let ids: Vec<(ExemptionId, Eligibility)> = l
        .exemptions
        .iter()
        .map(|c| (c.exemption, c.status))
        .collect();
    assert_eq!(
        ids,
        [
            (ExemptionId::Aukus, Eligibility::Eligible),
            // S1-056 (naval acoustic, Australia column) is feature-based and not
            // attested in the fixture: the treaty stays undecided (fail closed).
            (ExemptionId::AustraliaTreaty, Eligibility::Unknown)
        ]
    );
    assert!(l.exemptions[1].reasons.iter().any(|r| r.contains("S1-056")));
    let claim = &p.exemptions[0];
    assert_eq!(claim.basis, "126.7");
    assert!(claim.markings.iter().any(|m| m.contains("123.9(b)")));
    assert!(claim.attested.contains(&"S2-001".to_string()));
    // The treaty marking is listed on the 126.16 check.
    assert!(l.exemptions[1]
        .markings
        .iter()
        .any(|m| m.contains("//RESTRICTED USML//REL AUS and USA Treaty Community//")));
}

/// The structured view of the exclusion rows (22 CFR 126.7(b)(3), supp. 2; 126.16,
/// supp. 1): rows that exclude a line and rows to confirm are listed per exemption,
/// every row to attest appears once in `attestations_needed` with the lines it keeps
/// open, and attesting exactly those rows is enough to lift the REVIEW.
#[test]
fn attestations_needed_lists_each_open_row_once_and_suffices() {
    use exportctl::context::Attestation;
    let lines: &[L<'_>] = &[
        ("1", "XI(c)(1)", HW, 4.0, Some(12000.0), "programmed ASIC"),
        ("2", "XI(d)", TD, 1.0, Some(5000.0), "integration data"),
        (
            "3",
            "XI(a)(1)(i)",
            HW,
            1.0,
            Some(850000.0),
            "towed acoustic array",
        ),
    ];
    let mut ctx = context("AU", Some(SCM), &[], false);
    let p = check(lines, &ctx);
    let auths: Vec<AuthType> = p.lines.iter().map(|l| l.authorization).collect();
    assert_eq!(auths, [AuthType::Review, AuthType::Review, AuthType::Dsp5]);
    // Line 3: supp. 2 row S2-011 excludes the array; it is not "to confirm".
    let aukus3 = &p.lines[2].exemptions[0];
    assert_eq!(aukus3.exemption, ExemptionId::Aukus);
    let ex: Vec<&str> = aukus3.excluded_by.iter().map(|r| r.row.as_str()).collect();
    assert_eq!(ex, ["S2-011"]);
    assert!(aukus3.excluded_by[0].why == "paragraph");
    // Each row once, sorted; the DSP-5 line is not listed (attesting changes nothing).
    let rows: Vec<&str> = p
        .attestations_needed
        .iter()
        .map(|a| a.row.as_str())
        .collect();
    let mut sorted = rows.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(rows, sorted);
    assert!(!rows.is_empty());
    for a in &p.attestations_needed {
        assert!(!a.lines.contains(&"3".to_string()), "{a:?}");
        assert!(!a.title.is_empty() && !a.exemptions.is_empty());
    }
    // The line reasons are one compact entry per exemption, not one per row.
    let l1 = &p.lines[0];
    assert!(l1
        .reasons
        .iter()
        .all(|r| r.matches("supp. 1 row").count() == 0));
    assert_eq!(
        l1.reasons
            .iter()
            .filter(|r| r.starts_with("22 CFR 126.") && r.contains(" exemption) "))
            .count(),
        l1.exemptions.len()
    );
    assert_eq!(l1.verdict, *l1.reasons.last().unwrap());
    assert!(
        l1.verdict.contains("may apply once the open rows"),
        "{}",
        l1.verdict
    );
    // Attest exactly the listed rows: lines 1 and 2 now get the AUKUS exemption.
    ctx.attestations = p
        .attestations_needed
        .iter()
        .map(|a| Attestation {
            row: a.row.clone(),
            reason: "checked: does not apply".into(),
            by: None,
        })
        .collect();
    let p2 = check(lines, &ctx);
    let auths: Vec<AuthType> = p2.lines.iter().map(|l| l.authorization).collect();
    assert_eq!(
        auths,
        [AuthType::Exemption, AuthType::Exemption, AuthType::Dsp5]
    );
    assert!(p2.attestations_needed.is_empty());
    assert!(p2.lines[0]
        .verdict
        .starts_with("eligible for the AUKUS exemption"));
}

#[test]
fn program_bom_to_australia() {
    let pc = plan_config();
    let cat = catalog();
    let text = std::fs::read_to_string("fixtures/plan/program-bom.csv").unwrap();
    let n = text.lines().count() - 1;
    let ctx = context("AU", Some(SCM), &[], true);
    let _ = pc;
    // Same lines as the CSV, built here so the test does not depend on ingest.
    let p = check(
        &[
            (
                "1",
                "XI(c)(1)",
                HW,
                4.0,
                Some(12000.0),
                "Sonar signal processor ASIC",
            ),
            (
                "2",
                "XI(d)",
                TD,
                1.0,
                Some(5000.0),
                "Interface control document",
            ),
            (
                "3",
                "XI(a)(1)(i)",
                HW,
                1.0,
                Some(850000.0),
                "Towed acoustic array sensing system",
            ),
            (
                "4",
                "3A001.a.7",
                HW,
                20.0,
                Some(950.0),
                "Radiation-tolerant FPGA",
            ),
            ("5", "EAR99", HW, 2.0, Some(300.0), "bench power supply"),
        ],
        &ctx,
    );
    assert_eq!(p.lines.len(), n);
    let got: Vec<AuthType> = p.lines.iter().map(|l| l.authorization).collect();
    assert_eq!(
        got,
        [
            AuthType::Exemption,
            AuthType::Exemption,
            AuthType::Dsp5,
            AuthType::Nlr,
            AuthType::Nlr
        ]
    );
    let _ = cat;
}

mod cli {
    use assert_cmd::Command;

    fn plan(format: &str) -> assert_cmd::assert::Assert {
        Command::cargo_bin("exportctl")
            .unwrap()
            .env_clear()
            .env("NO_COLOR", "1")
            .args([
                "plan",
                "fixtures/plan/program-bom.csv",
                "--to",
                "AU",
                "--party",
                "Southern Cross Maritime Systems",
                "--as-of",
                "2026-11-21",
                "--config",
                "fixtures/plan/exportctl.toml",
                "--data",
                "fixtures/catalogs/plan",
                "--format",
                format,
            ])
            .assert()
    }

    #[test]
    fn markdown_checklist_is_actionable() {
        let out = plan("markdown").success();
        let md = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(
            md.contains("# Export licensing plan — Australia (AU)"),
            "{md}"
        );
        assert!(
            md.contains("- [ ] File one DSP-5 permanent export license covering lines 3"),
            "{md}"
        );
        assert!(
            md.contains("- [ ] Claim 22 CFR 126.7 (AUKUS exemption) for lines 1, 2"),
            "{md}"
        );
        assert!(
            md.contains("Marking: destination control statement"),
            "{md}"
        );
        assert!(md.contains("**4** `3A001.a.7` — NLR"), "{md}");
    }

    #[test]
    fn markdown_snapshot_program_bom() {
        let out = plan("markdown").success();
        let md = String::from_utf8(out.get_output().stdout.clone())
            .unwrap()
            .replace(exportctl::TOOL_VERSION, "[VERSION]");
        insta::assert_snapshot!("plan_program_bom_au_markdown", md);
    }

    #[test]
    fn json_validates_against_the_schema() {
        let out = plan("json").success();
        let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string("docs/schema/plan.schema.json").unwrap())
                .unwrap();
        let compiled = jsonschema::JSONSchema::compile(&schema).unwrap();
        if let Err(errors) = compiled.validate(&v) {
            let msgs: Vec<String> = errors
                .map(|e| format!("{e} at {}", e.instance_path))
                .collect();
            panic!("schema errors: {msgs:#?}");
        };
        assert_eq!(v["schema"], 1);
        assert_eq!(v["lines"][2]["authorization"], "DSP5");
    }

    #[test]
    fn unknown_party_is_a_usage_error() {
        Command::cargo_bin("exportctl")
            .unwrap()
            .env_clear()
            .args([
                "plan",
                "fixtures/plan/program-bom.csv",
                "--to",
                "AU",
                "--party",
                "Nobody",
                "--config",
                "fixtures/plan/exportctl.toml",
                "--data",
                "fixtures/catalogs/plan",
            ])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("party `Nobody` is not defined"));
    }
}

#[test]
fn license_exception_data_matches_the_part_740_catalogue() {
    // 15 CFR 740: each symbol sits in the section the reference catalogue gives it.
    let reference = Path::new("../shared/reference/regs/ear-740-license-exceptions.md");
    let text = std::fs::read_to_string(reference).unwrap_or_else(|e| {
        panic!(
            "reference file {} is missing ({e}); tests need ../shared beside the crate",
            reference.display()
        )
    });
    let data = std::fs::read_to_string("data/ccl/license-exceptions.toml").unwrap();
    let x = exportctl::data::exceptions::LicenseExceptions::parse(&data).unwrap();
    for code in exportctl::plan::ear::KNOWN_EXCEPTIONS {
        let e = x
            .get(code)
            .unwrap_or_else(|| panic!("{code} missing from the data"));
        let section = e.section.trim_start_matches("15 CFR ");
        let row = format!("| § {section} | {code} |");
        assert!(text.contains(&row), "{code}: `{row}` not in the catalogue");
        for g in e.groups.iter().chain(&e.excluded_groups) {
            assert!(
                text.contains(g) || ["A:1", "A:5", "A:6", "D:5"].contains(&g.as_str()),
                "{code}: group {g}"
            );
        }
    }
    // The built-in data set loads with it.
    let cat = exportctl::data::embedded().unwrap();
    assert!(cat.license_exceptions.is_some());
}

#[test]
fn prohibited_plan_exits_1() {
    // 22 CFR 126.1(d)(1): a USML line to China blocks the plan (exit 1).
    let dir = tempfile::tempdir().unwrap();
    let bom = dir.path().join("bom.csv");
    std::fs::write(
        &bom,
        "id,part_number,description,quantity,unit_value,kind,usml\n1,P-1,ASIC,1,10,hardware,XI(c)(1)\n",
    )
    .unwrap();
    assert_cmd::Command::cargo_bin("exportctl")
        .unwrap()
        .env_clear()
        .args([
            "plan",
            bom.to_str().unwrap(),
            "--to",
            "CN",
            "--as-of",
            "2026-11-21",
        ])
        .args([
            "--config",
            "fixtures/plan/exportctl.toml",
            "--data",
            "fixtures/catalogs/plan",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("\"PROHIBITED\""));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    const LINES: &[L<'static>] = &[
        ("a", "XI(c)(1)", HW, 4.0, Some(12000.0), "ASIC"),
        ("b", "XI(d)", TD, 1.0, Some(5000.0), "interface data"),
        (
            "c",
            "XI(a)(1)(i)",
            HW,
            1.0,
            Some(850000.0),
            "towed acoustic array",
        ),
        ("d", "3A001.a.7", HW, 20.0, Some(950.0), "FPGA"),
        ("e", "3A001.c", HW, 1.0, Some(900.0), "SAW filter"),
        ("f", "EAR99", HW, 2.0, None, "power supply"),
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// Row order never changes a line's authorization when no held authorization
        /// is drawn down (drawdown is in input order by design).
        #[test]
        fn row_order_does_not_change_decisions(perm in Just((0..LINES.len()).collect::<Vec<_>>()).prop_shuffle(),
                                               dest in prop::sample::select(vec!["AU", "GB", "CA", "DE", "BR", "CN"])) {
            let ctx = context(dest, None, &[], true);
            let base = check(LINES, &ctx);
            let shuffled: Vec<L<'static>> = perm.iter().map(|&i| LINES[i]).collect();
            let other = check(&shuffled, &ctx);
            for l in &base.lines {
                let o = other.lines.iter().find(|x| x.id == l.id).unwrap();
                prop_assert_eq!(l.authorization, o.authorization, "line {}", l.id);
                prop_assert_eq!(&l.basis, &o.basis);
            }
        }

        /// An ITAR line never reaches "no license required" or an EAR license
        /// exception, whatever the destination, recipient, held authorizations or
        /// attestations; an exemption always carries its 22 CFR citation
        /// (22 CFR 120.11: the ITAR governs USML items; 22 CFR 126.5/126.7/126.16/126.17).
        #[test]
        fn itar_lines_need_a_cited_exemption_or_an_authorization(
            dest in prop::sample::select(vec!["AU", "GB", "CA", "DE", "BR", "CN", "SG", "RU", "CU"]),
            party in prop::sample::select(vec![
                None,
                Some("Southern Cross Maritime Systems"),
                Some("Outback Marine Electronics"),
                Some("Albion Sensor Works"),
                Some("Maple Ridge Avionics"),
                Some("Rheinwerk Industrietechnik"),
            ]),
            held in prop::sample::subsequence(vec!["TA-1234-24", "TA-0999-21", "050123456", "D1234567"], 0..=4),
            attest in any::<bool>(),
        ) {
            let ctx = context(dest, party, &held, attest);
            let plan = check(LINES, &ctx);
            for l in plan.lines.iter().filter(|l| l.jurisdiction == Jurisdiction::Itar) {
                prop_assert!(
                    !matches!(l.authorization, AuthType::Nlr | AuthType::LicenseException | AuthType::BisLicense),
                    "ITAR line {} got {:?}", l.id, l.authorization
                );
                if l.authorization == AuthType::Exemption {
                    prop_assert!(l.citations.iter().any(|c| c.starts_with("22 CFR 126.")), "line {}: {:?}", l.id, l.citations);
                }
            }
        }
    }
}
