"""Matcher-term curation applied by usml_gen.py after the automatic extraction.

The automatic terms (auto_terms) and some early curated lists held words that are not
evidence on their own ("control", "support", "1", "lwir") or describe commercial
commodities that a "specially designed ... for articles in this subchapter" paragraph only
covers by design intent (a plain "thermal camera" or "printed circuit board"). Such
lines must come out REVIEW, not ITAR on one generic word.

- GENERIC_WORDS mirrors src/classify/matcher.rs GENERIC_WORDS: a term made only of these
  is dropped (the engine drops it too; keeping both means the data stays clean).
- DROP: terms removed wherever they appear (junk fragments of the regulation text).
- OVERRIDE: id -> the complete curated term list (technical nouns, our own choice).

Regenerating (python3 tools/usml_gen.py) applies this file, so hand edits to the matcher
fields of data/usml must be made HERE, not in the TOML (see docs/DATA-USML.md).
"""

import re

GENERIC_WORDS = {
    "a", "accessory", "active", "advanced", "airborne", "analysis", "and", "any", "apparatus",
    "article", "assembly", "attachment", "attack", "board", "card", "commodity", "component",
    "control", "controller", "damage", "defense", "degrade", "design", "destroy", "development",
    "device", "disable", "disturb", "electronic", "element", "end", "equipment", "for", "gear",
    "general", "ground", "guard", "hardware", "high", "higher", "hybrid", "item", "kit",
    "low", "machine", "machinery", "maintenance", "material", "military", "model", "module",
    "mount", "naval", "of", "or", "other", "part", "performance", "personnel", "power",
    "prediction", "product", "production", "program", "prototype", "remote", "service", "set",
    "software", "space", "special", "stage", "subsystem", "support", "system", "tactical",
    "technical", "technology", "test", "the", "tool", "treatment", "type", "unit", "weapon",
    "with",
}


def _sing(w):
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith("s"):
        return w[:-1]
    return w


def is_generic(term):
    """Same rule as matcher.rs is_generic_term."""
    if not any(ch.isascii() and ch.isalpha() for ch in term):
        return True
    if sum(ch.isascii() and ch.isalnum() for ch in term) < 2:
        return True
    words = [w for w in re.split(r"[ /-]", term.lower()) if w]
    return all(w in GENERIC_WORDS or _sing(w) in GENERIC_WORDS for w in words)


DROP = {
    # fragments of regulation sentences, not item names
    "across a beach", "ship-to-shore", "maintenance therefor", "special facilities for construction",
    "storage exceeding 30mj", "naval equipment", "whether manned", "components therefor",
    "electrical power", "gauge", "template", "associated database", "test scenario",
    "ground stations therefor", "underwater hardware", "multi-static capability",
    "communications equipment", "autonomous system", "outdoor range", "electronic sensor system",
    "self-localization for geo-locating target", "electronic assembly", "electronic equipment",
    "electro-optical system", "control infrared imaging system", "imaging system",
    "navigation system", "gnss receiving equipment", "integrated circuit", "ancillary equipment",
    "ablative materials fabricated", "semi-fabricated from advanced composite", "carbon",
    "em greater than", "equal to 1.3", "em less than 1.3", "blank", "ferrite", "fiber", "flake",
    "equipment through shaping", "passive technique", "radiofrequency", "software for design",
    "active property", "associated control electronics", "space-based system",
    "associated power conversion system", "electro-optical visible", "near infrared", "fwhm",
    "simulation tool", "explosive devices remotely", "deny area access", "cause lethal effect",
    "blindness", "cause ocular disruption", "shell", "torpedoe", "launch control",
    "effector", "signal modulation lpi capability", "lense", "substrate", "spectacle", "viewer",
    "canopy", "visor", "goggle", "filters for optical sight", "personal protective equipment",
    "recovery equipment", "training equipment", "tracking system", "targeting system",
    "target location system", "electronic warfare", "electronic attack", "electronic combat",
    "ammunition preassembled into link", "billets for weapon", "fixed launch site",
    "missile power plant", "launchers for rocket", "drive system", "flight control system",
    "electrical power generator", "heat exchanger", "optical sensor", "wind sensing",
    "training device", "hifr", "combat identification", "information security",
    "information assurance system", "energy conversion device", "electric motor",
    "propulsion plant",
    # fragments of systematic chemical names (V, XIV)
    "1-n-", "bis-", "tris-1-", "1-amino-3", "1-fluoro-2", "1-picryl-2", "1-picryl-3", "2-oxy-4",
    "4-amino-3", "octohydro-2", "poly-2", "cis-bis", "bis", "poly", "propulsion motor", "lubricant", "grease", "hydraulic fluid",
    "concealment", "deception equipment", "docking", "diffuser", "limiter", "tuner",
}

OVERRIDE = {
    # I: "receiver" and "slide" alone name electronics and hardware too
    "I(g)": ["firearm barrel", "rifle barrel", "lower receiver", "upper receiver", "firearm receiver",
             "bolt carrier", "sear", "pistol slide"],
    "XVII(a)": ["classified article", "classified hardware"],
    # single nouns that also name civil goods
    "I(h)(1)": ["drum magazine", "high-capacity magazine"],
    "II(j)(10)(ii)": [],
    "III(d)(5)": ["sub-munition", "submunition canister"],
    "VII(b)": ["military trailer", "tank transporter"],
    "VII(g)(8)": ["gun stabilization", "turret stabilization"],
    "VII(g)(11)(ii)": [],
    "VIII(h)(14)": ["lift fan", "lift fan clutch", "roll post", "stovl"],
    "XI(c)(6)": ["high-isolation circulator"],
    # a MMIC power amplifier may be a transmit MMIC: its four criteria need review
    "XI(c)(4)": ["transmit/receive module", "t/r module", "trm", "transmit module", "mmic",
                 "transmit mmic", "t/r mmic", "mmic power amplifier"],
    "XI(c)(13)": ["underwater piezoelectric", "piezo ceramic"],
    "XII(e)(20)": [],
    "XII(e)(21)": ["laser resonator", "gain media", "laser drive electronics", "frequency converter"],
    "XV(e)(4)": ["space cryocooler", "space-qualified cryocooler", "cold finger"],
    # II: the parent's nouns are repeated by its children, so the parent keeps none
    "II(a)": [],
    "II(a)(1)": ["artillery", "artillery gun", "cannon", "howitzer"],
    "II(a)(2)": ["mortar"],
    # IV: missiles, rockets and their parts; plain "rocket"/"missile" stays on IV(a) only
    "IV(a)": ["missile", "rocket", "torpedo", "bomb", "grenade", "depth charge", "space launch vehicle"],
    "IV(a)(4)": ["anti-tank missile", "antitank missile", "anti-tank guided missile", "anti-tank rocket",
                 "atgm", "javelin", "tow missile"],
    "IV(b)": ["missile launcher", "rocket launcher", "launch tube"],
    "IV(c)": ["counter-ied", "improvised explosive device", "ied jammer", "ied detection",
              "missile handling equipment", "missile loader", "missile transporter"],
    "IV(d)": [],
    "IV(h)(1)": ["missile guidance", "guidance set", "missile autopilot", "missile flight control"],
    "IV(h)(7)": ["aerospike", "missile nose tip", "nose fairing"],
    "IV(h)(13)": ["rocket motor mount", "missile engine mount"],
    "IV(h)(14)": ["rocket combustion chamber", "thrust chamber"],
    "IV(h)(15)": ["rocket injector", "rocket engine injector"],
    "IV(h)(16)": ["rocket motor igniter", "rocket igniter", "pyrogen igniter"],
    "IV(h)(26)": ["missile liquid propellant tank", "rocket propellant tank"],
    "IV(h)(28)": ["missile control actuation system", "fin actuator", "attitude control thruster"],
    # VI: vessels
    "VI(b)(1)": ["air cushion landing craft", "lcac"],
    "VI(e)": ["naval nuclear propulsion plant"],
    "VI(f)(2)(i)": [],
    "VI(f)(4)": ["uncrewed vessel autonomy", "unmanned surface vessel autonomy", "usv autonomy"],
    "VI(f)(8)": ["mine hunting", "minesweeping", "mine countermeasure system"],
    "VII(a)": ["armored combat ground vehicle", "armored fighting vehicle", "main battle tank"],
    # VIII: aircraft and their parts
    "VIII(a)": ["military aircraft", "combat aircraft", "optionally piloted", "remotely piloted aircraft"],
    "VIII(a)(3)": ["jet trainer", "lead-in fighter trainer"],
    "VIII(a)(5)": ["unmanned aerial vehicle", "unmanned aircraft", "unmanned aircraft system",
                   "unmanned aerial system", "uav", "uas", "drone", "ucav"],
    "VIII(a)(12)": ["in-flight refueling capable", "aerial refueling probe"],
    "VIII(d)": ["aircraft catapult", "uav launcher", "uav recovery system", "arresting hook recovery"],
    "VIII(h)(6)": ["bomb rack", "missile rail", "missile launcher rail", "weapon pylon",
                   "pylon-to-launcher adapter", "ejector release unit"],
    "VIII(h)(7)": ["failure-adaptive flight control system", "damage-adaptive flight control"],
    "VIII(h)(9)": ["non-surface-based flight control system", "fluidic thrust vectoring"],
    "VIII(h)(10)": ["lpi radar altimeter"],
    "VIII(h)(11)": ["air-to-air refueling system", "aerial refueling boom", "hover-in-flight refueling system"],
    "VIII(h)(18)": ["ballistically tolerant drive system", "ballistically tolerant flight control"],
    "VIII(h)(28)": ["thermal management system"],
    "VIII(h)(28)(i)": ["aircraft electrical power generator"],
    "VIII(h)(28)(ii)": ["engine flow path heat exchanger"],
    "VIII(h)(29)(iii)": ["caul plate", "locating fixture"],
    # IX: training
    "IX(a)": ["flight simulator", "training simulator"],
    "IX(a)(1)": ["aerial target", "towed target", "hit scoring system"],
    "IX(a)(4)": ["physiological trainer", "high-g centrifuge trainer"],
    "IX(a)(6)": ["weapon trainer", "crew station trainer"],
    "IX(b)(4)": [],
    "IX(b)(4)(iii)": [],
    # X: personal protective equipment
    "X(a)(7)": ["laser protective eyewear", "laser eye protection", "laser protective visor",
                "laser protective goggle", "laser protective spectacle", "laser safety goggle"],
    "X(d)(2)": ["laser protective lens", "laser protective filter"],
    "X(d)(3)(ii)": ["broadband optical switch", "optical limiter"],
    # XI: electronics
    "XI(a)": [],
    "XI(a)(1)": [],
    "XI(a)(1)(iii)": ["non-acoustic detection", "non-acoustic sensor"],
    "XI(a)(1)(v)": ["submarine communications", "lf/vlf"],
    "XI(a)(1)(vi)": [],
    "XI(a)(3)(i)": ["fire control radar", "airborne tracking radar", "airborne intercept radar"],
    "XI(a)(3)(ii)": ["sar"],
    "XI(a)(3)(xi)": ["rcs measurement radar", "instrumentation radar"],
    "XI(a)(3)(xxiv)": ["lpi radar", "low probability of intercept radar"],
    "XI(a)(3)(xxix)": ["missile laser radar", "missile radar"],
    "XI(a)(4)": [],
    "XI(a)(8)(iv)": [],
    "XI(a)(9)": ["non-acoustic asw sensor", "mine warfare sensor"],
    "XI(a)(10)": ["concealed weapon detection", "standoff weapon detection"],
    "XI(c)(1)": ["asic", "fpga", "cpld"],
    "XI(c)(2)": ["pcb", "cca", "pwb"],
    "XI(c)(3)": ["mcm"],
    "XI(c)(10)": [],
    "XI(c)(14)": ["electronic combat tuner", "sigint tuner"],
    "XI(c)(15)": ["high temperature electronics"],
    # XII: fire control, lasers, imaging, navigation
    "XII(a)": [],
    "XII(a)(5)": ["muzzle flash locator", "hostile fire indicator", "launch detection system"],
    "XII(a)(7)": ["ordnance electro-optical tracking system", "missile tracking camera"],
    "XII(a)(9)(ii)": [],
    "XII(b)": [],
    "XII(b)(2)": ["infrared target illuminator", "ir illuminator", "target illumination system"],
    "XII(b)(4)": ["laser targeting system", "laser target location system"],
    "XII(c)": [],
    "XII(c)(9)": ["calibrated scene projector"],
    "XII(d)": [],
    "XII(d)(1)": ["ins"],
    "XII(d)(2)": [],
    "XII(d)(2)(iii)": [],
    "XII(d)(2)(iv)": [],
    "XII(e)(4)": [],
    "XII(e)(5)": ["fpa"],
    "XII(e)(9)": ["imu"],
    "XII(e)(12)": [],
    "XII(e)(13)": ["missile warning sensor", "laser warning sensor"],
    "XII(e)(16)": [],
    "XII(e)(18)": [],
    "XII(e)(19)": [],
    # XIII: crypto, armor, signature
    "XIII(b)": ["type 1 encryption"],
    "XIII(b)(2)": ["spread spectrum code generator"],
    "XIII(b)(4)": ["cross domain solution", "cross-domain solution"],
    "XIII(b)(5)": [],
    "XIII(d)(1)": ["composite ablative", "ablative nozzle liner"],
    "XIII(d)(2)": ["carbon-carbon billet", "carbon-carbon preform", "3-d carbon-carbon"],
    "XIII(e)(2)(i)": [],
    "XIII(e)(2)(ii)": [],
    "XIII(e)(4)": ["non-transparent ceramic plate"],
    "XIII(g)(1)": ["magnetic loaded polymer", "iron whisker"],
    "XIII(g)(2)": ["multi-layer camouflage system", "camouflage net", "signature management net"],
    "XIII(i)(3)": [],
    "XIII(i)(4)": ["radar cross section prediction", "infrared signature prediction"],
    "XIII(i)(10)": [],
    "XIII(i)(11)": [],
    "XIII(j)": [],
    "XIII(j)(2)": [],
    "XIII(j)(3)": [],
    # XV: spacecraft
    "XV(a)(7)(i)": ["multispectral imaging satellite"],
    "XV(a)(7)(ii)": ["hyperspectral satellite", "hyperspectral imaging satellite"],
    "XV(a)(7)(iii)": ["mwir hyperspectral"],
    "XV(a)(7)(iv)": ["lwir hyperspectral"],
    "XV(a)(12)": ["satellite servicing", "rendezvous and proximity operations", "docking spacecraft"],
    "XV(e)": [],
    "XV(e)(2)(i)": [],
    "XV(e)(5)": ["active vibration suppression", "space vibration isolation"],
    "XV(e)(11)": [],
    "XV(e)(11)(i)": ["space nuclear reactor"],
    "XV(e)(20)": ["separable propulsive module"],
    # XVI, XVIII, XIX, XX
    "XVI(b)": ["nuclear weapons effects code", "nuclear effects modeling"],
    "XVIII(a)(1)(i)": ["high energy laser weapon", "laser weapon system"],
    "XVIII(a)(1)(ii)": ["counter-electronics microwave weapon", "high power microwave weapon"],
    "XVIII(a)(1)(iii)": [],
    "XVIII(a)(1)(iv)": [],
    "XVIII(a)(1)(v)": ["laser dazzler"],
    "XVIII(a)": ["directed energy weapon"],
    # XIV: the agent names go to the family paragraph that lists them
    "XIV(a)(1)": ["nerve agent", "novichok"],
    "XIV(a)(1)(i)": ["o-alkyl alkyl phosphonofluoridate", "sarin", "soman", "cyclosarin"],
    "XIV(a)(1)(ii)": ["n-dialkyl phosphoramidocyanidate", "tabun"],
    "XIV(a)(1)(iii)": ["alkyl phosphonothiolate", "vx"],
    "XIX(a)": ["turbofan", "turbojet", "turbojet engine"],
    "XIX(c)": ["military gas turbine engine", "combat vehicle gas turbine"],
    "XIX(a)(2)": ["exhaust nozzle vectoring", "thrust vectoring nozzle"],
    "XIX(f)(2)": ["turbine blade", "turbine vane", "turbine disk", "combustor liner"],
    "XIX(f)(4)": ["combustor cowl", "combustor dome"],
    "XX(b)": ["submarine propulsion", "submarine propulsion plant"],
    "XX(b)(1)": ["naval nuclear propulsion plant"],
    "XX(b)(2)": ["submarine motor", "submarine propulsion motor"],
}


def curate(cid, terms):
    """Terms for `cid` after the override, the drop list and the generic-word rule."""
    if cid in OVERRIDE:
        terms = list(OVERRIDE[cid])
    out = []
    for t in terms:
        if t in DROP or is_generic(t) or t in out:
            continue
        out.append(t)
    return out
