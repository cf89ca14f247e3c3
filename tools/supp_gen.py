"""Writes data/usml/supp1-126.toml and supp2-126.toml (own-word summaries; flags checked by hand,
see docs/DATA-USML.md). Row order follows the supplement."""
import json

q = lambda s: json.dumps(s, ensure_ascii=False)
ALL = ["*"]
T = ["technology", "service"]
SW = ["software"]
UNCONF = "Flags taken from the parser-rebuilt table (itar-kg-2025-10 SUPP1-{k}); no note or section text confirms them."

# (kg row, usml, summary, CA, AS, UK, notes, kinds, caveat, terms)
S1 = [
    ("001", ALL, "Classified defense articles and services", 1, 1, 1, [1], [], "Fixed: the parsed table showed CA+UK only; Note 1 bars classified items from the Canadian exemption and (absent a DoD request) from both treaty exemptions, so AS is set too.", []),
    ("002", ALL, "Items on the MTCR Annex (the USML (MT) items)", 1, 1, 1, [], [], UNCONF, []),
    ("003", ALL, "U.S.-origin items for marketing not previously licensed", 0, 1, 1, [], [], "AS+UK confirmed by 126.16(g)(1)/126.17(g)(1) (marketing only of types already licensed); CA blank as parsed.", ["marketing"]),
    ("004", ALL, "Data/services for items excluded from the Canadian exemption", 1, 0, 0, [], T, "CA-only follows from the row's own wording (it refers to the Canadian exemption).", []),
    ("005", ALL, "Transactions needing congressional notification (123.15, 124.11)", 1, 0, 0, [17], [], "Note 17 sends treaty users to 126.16(o)/126.17(o) for notified cases; the CA-only flags could not be checked against a clean table.", []),
    ("006", ALL, "Developmental systems without DoD Milestone B approval", 0, 1, 1, [], [], "AS+UK confirmed by 126.16(g)(4)/126.17(g)(4); CA blank as parsed.", ["developmental", "pre-milestone b"]),
    ("007", ALL, "Nuclear weapons strategic delivery systems and their parts", 1, 0, 0, [], [], UNCONF, ["strategic delivery system", "icbm", "slbm"]),
    ("008", ALL, "Items or data revealing government-directed anti-tamper measures", 0, 1, 1, [], [], "AS+UK confirmed by 126.16(g)(2)/126.17(g)(2); CA blank as parsed.", ["anti-tamper", "antitamper"]),
    ("009", ALL, "Reduced-observable or counter-low-observable items, any spectrum", 0, 1, 1, [2], [], "AS+UK consistent with Note 2 and the embedded-ESA-radar example in 126.16(g)(5)/126.17(g)(5); CA blank as parsed.", ["low observable", "stealth", "signature reduction", "radar absorbing", "counter low observable"]),
    ("010", ALL, "Multi-sensor fusion beyond display or ID correlation", 0, 1, 1, [3], [], UNCONF, ["sensor fusion", "data fusion"]),
    ("011", ALL, "Automatic target acquisition/cueing of multiple autonomous unmanned systems", 0, 1, 1, [], [], UNCONF, ["swarm", "autonomous target acquisition", "multi-vehicle autonomy"]),
    ("012", ALL, "Military nuclear power or propulsion equipment", 0, 1, 0, [], [], UNCONF + " The row text continues with a cross-reference to 123.20.", ["nuclear reactor", "nuclear propulsion"]),
    ("013", ALL, "Military parametric technical databases (libraries)", 0, 1, 0, [13], ["technology"], "Row text truncated in the reference; " + UNCONF, ["parametric database", "threat library", "mission data library"]),
    ("014", ALL, "Data/services for applied research, design methodology, engineering analysis or manufacturing know-how", 1, 0, 0, [12], T, "CA flag matches Note 12; AS/UK blank as parsed.", []),
    ("015", ALL, "Defense services beyond quotes/bids requested by U.S. or Canadian governments", 1, 0, 0, [14], ["service"], "CA flag consistent with Note 14; AS/UK blank as parsed.", []),
    ("016", ["I"], "Firearms, close assault weapons, combat shotguns", 1, 0, 0, [], [], UNCONF, ["firearm", "rifle", "pistol", "shotgun", "carbine"]),
    ("017", ["II(k)"], "Source code for II(c), II(d) or II(i) articles", 0, 1, 1, [4], SW, "Fixed: UK added; Note 4 bars source code from both treaty exemptions.", ["source code"]),
    ("018", ["II(k)"], "Manufacturing know-how for II(d)", 1, 1, 1, [5], T, "Fixed: UK added per Note 5; CA flag as parsed (consistent with Note 12).", ["manufacturing know-how"]),
    ("019", ["III"], "Ammunition for Category I firearms", 1, 0, 0, [], [], UNCONF, ["ammunition", "cartridge"]),
    ("020", ["III"], "Ammunition and fuze-setting devices for Category II guns", 0, 1, 0, [], [], "Row text truncated in the reference; " + UNCONF, ["fuze setter", "fuse setting device"]),
    ("021", ["III(e)"], "Manufacturing know-how for III(d)(1)-(2)", 1, 1, 1, [5], T, "Fixed: UK added per Note 5; CA flag as parsed.", ["manufacturing know-how"]),
    ("022", ["III(e)"], "Source code for III(d)(1)-(2)", 0, 1, 1, [4], SW, "Fixed: UK added per Note 4.", ["source code"]),
    ("023", ["IV"], "MANPADS items and services", 1, 1, 0, [6], [], UNCONF + " UK blank as parsed; MANPADS are also on the AUKUS list.", ["manpads", "man-portable air defense"]),
    ("024", ["IV"], "Non-military rockets under 300 km (not MTCR)", 0, 1, 0, [], [], UNCONF, ["sounding rocket"]),
    ("025", ["IV"], "Torpedoes", 0, 1, 0, [], [], UNCONF, ["torpedo"]),
    ("026", ["IV"], "Anti-personnel landmines", 1, 1, 0, [15], [], UNCONF, ["anti-personnel mine", "anti-personnel landmine"]),
    ("027", ["IV"], "Cluster munitions", 1, 1, 0, [], [], UNCONF, ["cluster munition", "submunition"]),
    ("028", ["IV(i)"], "Source code for IV(a), (b), (c) or (g)", 0, 1, 1, [4], SW, "Fixed: UK added per Note 4.", ["source code"]),
    ("029", ["IV(i)"], "Manufacturing know-how for IV(a), (b), (d) or (g)", 1, 1, 1, [5], T, "Fixed: UK added per Note 5; CA flag as parsed.", ["manufacturing know-how"]),
    ("030", ["V"], "Listed energetic materials (TATB, V(a)(38) explosives, fine iron powder ...)", 0, 1, 0, [], [], "Row lists several substances; only the first ones were readable. " + UNCONF, ["tatb", "triaminotrinitrobenzene"]),
    ("031", ["V(a)(13)"], "ANF and ANAzF (V(a)(13)(iii)-(iv))", 0, 1, 0, [], [], UNCONF, ["anf", "anazf"]),
    ("032", ["V(a)(23)"], "Difluoraminated RDX derivative", 0, 1, 0, [], [], "Row text truncated in the reference; " + UNCONF, []),
    ("033", ["V(c)(7)"], "Military IR-signature pyrotechnics and pyrophorics", 0, 1, 0, [], [], UNCONF, ["ir decoy flare", "pyrophoric"]),
    ("034", ["V(d)(3)"], "BDNPN", 0, 1, 0, [], [], UNCONF, ["bdnpn"]),
    ("035", ["V(i)"], "DoD-funded developmental energetics", 1, 1, 0, [], [], "Row text truncated in the reference; " + UNCONF, []),
    ("036", ["VI"], "Vehicle-installed military cryogenic equipment (Cat VI)", 0, 1, 0, [], [], UNCONF, ["cryogenic"]),
    ("037", ["VI"], "Vehicle-installed superconductive machinery (Cat VI)", 0, 0, 1, [], [], UNCONF, ["superconductive", "superconducting motor"]),
    ("038", ["VI"], "Naval acoustic spectrum control and awareness (Cat VI)", 0, 1, 0, [10], [], UNCONF, ["acoustic signature", "acoustic quieting"]),
    ("039", ["VI(a)"], "Nuclear powered surface vessels", 1, 1, 0, [], [], UNCONF, ["nuclear powered"]),
    ("040", ["VI(e)"], "Naval nuclear propulsion equipment", 1, 1, 0, [7], [], UNCONF, ["naval nuclear propulsion"]),
    ("041", ["VI(g)"], "Source code for VI(a) or VI(c)", 0, 1, 1, [4], SW, "Fixed: UK added per Note 4.", ["source code"]),
    ("042", ["VII"], "Vehicle-installed military cryogenic equipment (Cat VII)", 0, 1, 0, [], [], UNCONF, ["cryogenic"]),
    ("043", ["VII"], "Vehicle-installed superconductive machinery (Cat VII)", 0, 1, 0, [], [], UNCONF, ["superconductive"]),
    ("044", ["VIII"], "Vehicle-installed military cryogenic equipment (Cat VIII)", 0, 1, 0, [], [], UNCONF, ["cryogenic"]),
    ("045", ["VIII"], "Vehicle-installed superconductive machinery (Cat VIII)", 0, 0, 1, [], [], UNCONF, ["superconductive"]),
    ("046", ["VIII(a)"], "All VIII(a) aircraft", 0, 1, 0, [], [], UNCONF, []),
    ("047", ["VIII(f)"], "Developmental aircraft parts under VIII(f)", 1, 0, 0, [], [], UNCONF, []),
    ("048", ["VIII(i)"], "Manufacturing know-how for VIII(a) or VIII(e)", 0, 1, 1, [5], T, "AS+UK consistent with Note 5; CA blank as parsed.", ["manufacturing know-how"]),
    ("049", ["VIII(i)"], "Source code for VIII(a) or VIII(e)", 0, 1, 1, [4], SW, "AS+UK per Note 4; CA blank as parsed.", ["source code"]),
    ("050", ["IX"], "MANPADS training or simulation equipment", 0, 1, 1, [6], [], UNCONF, ["manpads trainer", "manpads simulator"]),
    ("051", ["IX(e)"], "Source code for IX(a) or IX(b)", 0, 1, 1, [4], SW, "AS+UK per Note 4; CA blank as parsed.", ["source code"]),
    ("052", ["IX(e)"], "Military operational-scenario modeling/simulation software", 0, 0, 1, [], SW, UNCONF, ["wargaming software", "mission simulation software"]),
    ("053", ["X(e)"], "Manufacturing know-how for X(a)(1)-(2)", 0, 1, 1, [5], T, "Rebuilt: the parser merged this row with the next one (SUPP1-053/054); AS+UK per Note 5, CA unknown.", ["manufacturing know-how"]),
    ("054", ["XI(a)", "XI(c)", "XI(d)"], "Countermeasures and counter-countermeasures (Cat XI)", 0, 1, 1, [9], [], "Rebuilt from merged rows SUPP1-053/054; AS+UK per Note 9, CA unknown.", ["countermeasure", "counter-countermeasure", "eccm"]),
    ("055", ["XI(a)"], "High-frequency and phased-array microwave radars", 0, 1, 1, [16], [], "Rebuilt from merged rows SUPP1-055/056; Note 16 scopes it to XI(a)(3)(i)-(v). " + UNCONF.format(k="055"), ["phased array radar", "aesa", "hf radar"]),
    ("056", ["XI(a)", "XI(c)", "XI(d)"], "Naval acoustic spectrum control and awareness (Cat XI)", 0, 1, 0, [10], [], "Rebuilt from merged rows SUPP1-055/056; flags not confirmed.", ["acoustic signature", "acoustic vector sensor"]),
    ("057", ["XI(a)", "XI(c)", "XI(d)"], "Items specific to XI(b) (e.g. COMSEC, TEMPEST)", 0, 1, 0, [], [], "Rebuilt from merged rows SUPP1-056/057; the parsed row has no flags. AS set provisionally (fail closed); CA/UK unknown.", ["comsec", "tempest"]),
    ("058", ["XI(d)"], "Source code for XI(a)", 0, 1, 1, [4], SW, "Fixed: UK added per Note 4.", ["source code"]),
    ("059", ["XI(d)"], "Manufacturing know-how for XI(a)(3)-(4)", 1, 1, 1, [5], T, "Fixed: UK added per Note 5; CA flag as parsed.", ["manufacturing know-how"]),
    ("060", ["XII"], "Countermeasures and counter-countermeasures (Cat XII)", 0, 1, 1, [9], [], "Fixed: UK added per Note 9.", ["countermeasure", "counter-countermeasure"]),
    ("061", ["XII"], "XII(c) imaging items, except Gen 1/Gen 2 image intensification", 1, 0, 0, [], [], "Row text truncated in the reference; " + UNCONF, ["night vision", "thermal imager", "image intensifier"]),
    ("062", ["XII"], "Night vision data/services beyond operation, maintenance, training", 1, 1, 1, [], T, UNCONF + " Treaty use is allowed under a DoD solicitation or contract.", ["night vision"]),
    ("063", ["XII(f)"], "Manufacturing know-how for XII(d)", 1, 1, 1, [5], T, "Fixed: UK added per Note 5; CA flag as parsed.", ["manufacturing know-how"]),
    ("064", ["XII(f)"], "Source code for XII(a)-(d)", 0, 1, 1, [4], SW, "Fixed: UK added per Note 4.", ["source code"]),
    ("065", ["XIII(b)"], "XIII(b) information security and crypto items", 0, 1, 0, [], [], UNCONF, ["cryptographic", "comsec"]),
    ("066", ["XIII(d)"], "3-D reinforced carbon/carbon billets and preforms", 0, 1, 0, [], [], UNCONF, ["carbon/carbon", "carbon-carbon preform"]),
    ("067", ["XIII(e)"], "Military-standard armor plate", 0, 1, 0, [11], [], UNCONF, ["armor plate", "armour plate"]),
    ("068", ["XIII(g)"], "Concealment and deception equipment and materials", 0, 1, 0, [], [], UNCONF, ["camouflage", "decoy"]),
    ("069", ["XIII(h)"], "Energy conversion devices other than fuel cells", 0, 1, 0, [], [], UNCONF, ["thermal battery", "thermionic"]),
    ("070", ["XIII(j)"], "Signature measurement or modification hardware", 0, 1, 0, [2], [], UNCONF, ["signature measurement"]),
    ("071", ["XIII(l)"], "Source code for XIII(a)", 0, 1, 1, [4], SW, "Fixed: UK added per Note 4. XIII(a) is reserved in the current USML.", ["source code"]),
    ("072", ["XIV"], "Toxicological agents and associated equipment", 1, 1, 0, [], [], "Rebuilt from merged rows SUPP1-072/073; " + UNCONF.format(k="072"), ["chemical agent", "biological agent"]),
    ("073", ["XIV(a)", "XIV(b)", "XIV(d)", "XIV(e)", "XIV(f)"], "Listed chemical and biological agents and related equipment", 0, 0, 0, [], [], "Rebuilt from merged rows SUPP1-072/073; the parsed row has no flags and could not be confirmed. Flags left unset; the XIV row above applies.", []),
    ("074", ["XV(a)"], "Spacecraft and satellites (CA allowed for pure comsats)", 1, 1, 0, [], [], UNCONF, ["satellite", "spacecraft"]),
    ("075", ["XV(b)"], "Spacecraft TT&C ground control stations", 0, 1, 1, [], [], UNCONF, ["tt&c", "satellite control"]),
    ("076", ["XV(c)"], "GPS/PPS security modules", 0, 1, 1, [], [], UNCONF + " XV(c) is reserved in the current USML; the items now sit in XII(e)(10).", ["saasm", "gps security module"]),
    ("077", ["XV(c)"], "XV(c) articles except for Canadian federal end use", 1, 0, 0, [], [], UNCONF + " XV(c) is reserved in the current USML.", []),
    ("078", ["XV(e)"], "Adaptive-nulling anti-jam systems", 1, 0, 0, [], [], UNCONF, ["anti-jam", "adaptive nulling"]),
    ("079", ["XV(e)(1)"], "Large, low-sidelobe or specified space antennas", 1, 0, 0, [], [], "Row text truncated in the reference; " + UNCONF, ["spacecraft antenna"]),
    ("080", ["XV(e)(12)"], "On-orbit propulsion above 0.1 g acceleration", 1, 0, 0, [], [], UNCONF, ["satellite propulsion"]),
    ("081", ["XV(e)(10)"], "Spacecraft pointing control better than 0.02 deg/axis", 1, 0, 0, [], [], UNCONF, ["attitude control"]),
    ("082", ["XV(e)"], "Parts for XV(a) spacecraft, except comsat-specific", 1, 0, 0, [], [], UNCONF, []),
    ("083", ["XV(e)"], "Spacecraft, TT&C and their subsystems and parts", 0, 1, 1, [], [], "Row text truncated in the reference; " + UNCONF, []),
    ("084", ["XV(f)"], "Data/services for excluded Cat XV articles", 1, 1, 1, [], T, "Row text truncated in the reference; " + UNCONF, []),
    ("085", ["XVI"], "Nuclear weapon design and testing", 1, 1, 1, [], [], UNCONF, []),
    ("086", ["XVII"], "Classified articles, data and services not enumerated elsewhere", 1, 1, 1, [1], [], "Consistent with Note 1 (classified and Category XVII).", []),
    ("087", ["XVIII"], "Directed energy weapon systems", 0, 1, 1, [], [], "Rebuilt from merged rows SUPP1-087/088; " + UNCONF.format(k="087"), ["directed energy weapon", "high energy laser"]),
    ("088", ["XIX(e)", "XIX(f)(1)", "XIX(f)(2)", "XIX(g)"], "Gas turbine hot sections and FADEC/DEEC", 0, 1, 1, [8], [], "Rebuilt from merged rows SUPP1-087/088; the parsed row has no flags. AS+UK set provisionally (fail closed); Note 8 lets complete engines go under the treaties.", ["fadec", "deec", "hot section"]),
    ("089", ["XIX(g)"], "Data/services for engine hot sections (no hardware)", 1, 1, 1, [8], T, "CA consistent with Note 8; AS/UK as parsed.", ["hot section"]),
    ("090", ["XX"], "Submersible and oceanographic vessels and equipment", 1, 1, 1, [], [], UNCONF, ["submersible", "submarine"]),
    ("091", ["XX"], "Naval acoustic spectrum control and awareness (Cat XX)", 0, 1, 1, [10], [], UNCONF, ["acoustic signature"]),
    ("092", ["XX"], "Vehicle-installed military cryogenic equipment (Cat XX)", 0, 0, 1, [], [], UNCONF, ["cryogenic"]),
    ("093", ["XX"], "Vehicle-installed superconductive machinery (Cat XX)", 0, 0, 1, [], [], UNCONF, ["superconductive"]),
    ("094", ["XX(a)"], "Nuclear powered submersibles", 0, 1, 1, [], [], UNCONF, ["nuclear powered"]),
    ("095", ["XX(b)"], "Naval nuclear propulsion (Cat XX)", 0, 1, 1, [7], [], UNCONF, ["naval nuclear propulsion"]),
    ("096", ["XX(c)"], "Submarine combat control systems", 0, 1, 1, [], [], UNCONF, ["combat control system"]),
    ("097", ["XX(d)"], "Source code for XX(a)", 0, 1, 1, [4], SW, "AS+UK per Note 4; CA blank as parsed.", ["source code"]),
    ("098", ["XXI"], "Category XXI articles, data and services", 0, 1, 1, [], [], UNCONF, []),
]

S2 = [
    (["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XX"], "MTCR (MT) articles except VIII(h)(12), with their data and services", ["mtcr"], None),
    ([str(x) for x in ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]], "Uninstalled anti-tamper articles under a DoD program protection plan", ["anti-tamper", "program protection"], None),
    (["II(k)", "III(e)", "IV(i)", "X(e)", "XIX(g)"], "Manufacturing know-how for listed II, III, IV, X and XIX articles", ["manufacturing know-how"], None),
    (["II(j)(9)", "II(j)(10)", "II(j)(11)", "II(k)"], "II(j)(9)-(11) articles not part of a weapon or platform", [], None),
    (["III(a)(9)", "III(e)", "IV(a)(5)", "IV(a)(6)", "IV(b)(2)", "IV(c)", "IV(g)", "IV(h)", "IV(i)", "VI(f)(6)", "VI(g)", "VIII(h)(6)", "VIII(i)", "XI(c)", "XI(d)", "XII(a)", "XII(d)", "XII(e)", "XII(f)", "XX(c)", "XX(d)"], "Cluster munitions and articles specially designed for them", ["cluster munition", "submunition"], "Scope column and text were split in the wrong place by the parser (SUPP2-005); rebuilt by reading both cells together."),
    (["IV(a)(3)", "IV(a)(9)", "IV(a)(10)", "IV(a)(11)", "IV(b)(2)", "IV(h)(5)", "IV(i)"], "MANPADS, land/helicopter/naval mines, MANPADS launchers", ["manpads", "land mine", "naval mine"], "Scope cell split by the parser (SUPP2-006); rebuilt."),
    (["V(a)(13)(iii)", "V(a)(13)(iv)", "V(a)(23)(iii)", "V(d)(3)", "V(i)", "V(j)"], "Listed energetics (ANF, ANAzF, RDX derivative, BDNPN) and non-propellant V(i)", [], "Scope cell split by the parser (SUPP2-007); rebuilt."),
    (["VI(e)", "VI(f)(5)", "VI(g)", "XX(b)(1)", "XX(c)", "XX(d)"], "Naval nuclear propulsion and related articles", ["naval nuclear propulsion"], None),
    (["VIII(a)(2)", "VIII(h)(1)", "VIII(i)"], "F-22 and F-22-unique articles", ["f-22"], None),
    (["X(a)(7)(ii)", "X(d)(2)", "X(d)(3)", "X(e)"], "X(a)(7)(ii) laser eye protection and articles for it", [], None),
    (["XI(a)(1)(i)", "XI(a)(1)(ii)", "XI(d)"], "Underwater acoustic arrays and single acoustic sensors", ["acoustic array", "sonar"], None),
    (["XI(a)(2)", "XI(c)(1)", "XI(c)(2)", "XI(c)(3)", "XI(d)"], "Classified underwater acoustic countermeasures (not decoys)", [], None),
    (["XI(a)(3)(xviii)", "XI(c)(1)", "XI(c)(2)", "XI(c)(3)", "XI(d)"], "Classified radar electronic protection (ECCM)", [], None),
    (["XI(a)(4)(i)", "XI(c)(1)", "XI(c)(2)", "XI(c)(3)", "XI(d)"], "Classified electronic support (ES) equipment", [], None),
    (["XI(a)(4)(iii)", "XI(c)(1)", "XI(c)(2)", "XI(c)(3)", "XI(d)"], "Classified countermeasure and ECCM equipment", [], None),
    (["XI(a)(5)(iii)", "XI(c)(1)", "XI(c)(2)", "XI(c)(3)", "XI(c)(18)", "XI(d)"], "Classified C3/C4ISR ECCM articles", [], None),
    (["XI(b)", "XI(d)"], "Classified SIGINT/intelligence electronics", [], None),
    (["XI(c)", "XI(d)"], "XI(c)/(d) items for underwater acoustic systems; classified XI(c)", [], "Second clause of the row was cut in the reference."),
    (["XIII(b)", "XIII(l)"], "Classified information security and crypto articles", [], None),
    (["XIII(d)(2)", "XIII(l)"], "3-D carbon/carbon billets and preforms", ["carbon/carbon"], None),
    (["XIV(a)", "XIV(b)", "XIV(c)(5)", "XIV(f)(1)", "XIV(i)", "XIV(m)"], "Chemical and biological agents and listed XIV equipment", ["chemical agent", "biological agent"], None),
    (["XV(a)", "XV(e)", "XV(f)"], "Classified spacecraft and spacecraft parts", [], None),
    (["XVI"], "All Category XVI nuclear weapons articles", [], None),
    (["XVIII"], "Classified directed energy items for counter-space", [], None),
    (["XIX(e)", "XIX(f)(1)", "XIX(f)(2)", "XIX(f)(7)", "XIX(f)(12)", "XIX(g)"], "Classified uninstalled engine hot-section/FADEC items", [], "Second clause of the row was cut in the reference."),
    (["XX(b)(2)", "XX(c)", "XX(d)"], "XX(b)(2) submarine motors and articles for them", [], None),
    (["XX(d)"], "Design methodology, analysis and know-how for crewed submersibles", [], "Row text cut in the reference."),
    (["XXI"], "Category XXI items unless the determination allows 126.7", [], None),
]


def emit1():
    out = ["# Supplement No. 1 to 22 CFR part 126 (schema 1): what may not ship under the Canada",
           "# exemption (126.5) or the two defense trade treaty exemptions (126.16 AU, 126.17 UK).",
           "# Source: itar-kg-2025-10 nodes_SupplementEntry.csv (ITAR as amended through 2025-10-02),",
           "# parser-rebuilt. Flags were CHECKED against Notes 1-17 to the supplement; rows whose flags",
           "# no note confirms carry a `caveat` (method in docs/DATA-USML.md). Summaries are our own words.",
           "# An item excluded by any row is excluded even if another row would allow it.",
           "", "schema = 1", 'citation = "22 CFR 126, Supp. 1"', 'as_of = "2025-10-02"']
    for i, (k, usml, summ, ca, au, uk, notes, kinds, cav, terms) in enumerate(S1, 1):
        confirmed = cav is None or cav.startswith(("Fixed", "AS+UK", "CA-only", "Consistent", "CA flag matches", "CA flag consistent", "CA consistent", "Rebuilt from merged rows SUPP1-053"))
        if not confirmed and au != uk:
            # The parser lost the second treaty column on every row we could check against a
            # note (14 rows, always UK); treat the other treaty column as excluded too.
            au = uk = 1
            cav += " Fail closed: the missing treaty column was set as well, since the parser dropped a treaty flag on every row a note could confirm."
        if k == "073":
            ca, au, uk = 1, 1, 1
            cav += " Fail closed: all three columns set."
        out += ["", "[[row]]", f'id = "S1-{i:03d}"', f"usml = {q(usml)}", f"summary = {q(summ)}"]
        if kinds:
            out.append(f"kinds = {q(kinds)}")
        for name, v in (("canada", ca), ("australia", au), ("uk", uk)):
            if v:
                out.append(f"{name} = true")
        if notes:
            out.append(f"notes = {q(notes)}")
        if cav:
            out.append(f"caveat = {q(cav.format(k=k))}")
        if terms:
            out.append(f"terms = {q(terms)}")
    open("data/usml/supp1-126.toml", "w").write("\n".join(out) + "\n")


def emit2():
    out = ["# Supplement No. 2 to 22 CFR part 126: the AUKUS Excluded Technology List (126.7). Schema 1.",
           "# Source: itar-kg-2025-10 nodes_SupplementEntry.csv SUPP2-001..028 (the 2024 IFR list).",
           "# The 2025-12-30 final rule (FR 2025-23998) did not change the list according to the",
           "# secondary sources in regs/ (law-firm alerts); the rule text itself was not available.",
           "# Rows generally cover the articles and their directly related technical data and services.",
           "", "schema = 1", 'citation = "22 CFR 126, Supp. 2"', 'as_of = "2025-12-30"']
    for i, (usml, summ, terms, cav) in enumerate(S2, 1):
        out += ["", "[[row]]", f'id = "S2-{i:03d}"', f"usml = {q(usml)}", f"summary = {q(summ)}"]
        if cav:
            out.append(f"caveat = {q(cav)}")
        if terms:
            out.append(f"terms = {q(terms)}")
    open("data/usml/supp2-126.toml", "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    emit1()
    emit2()
    print(len(S1), len(S2))
