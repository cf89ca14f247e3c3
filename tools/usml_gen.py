"""Generates data/usml/cat-NN-<ROMAN>.toml from the reference (see docs/DATA-USML.md).

Structure, SME/MT marks and reserved flags come from the reference; titles are
condensed (at most 9 words) or hand-written; matcher terms are extracted from the
item nouns plus hand-curated knowledge in usml_curated.py. Run from the crate root:

    python3 tools/usml_gen.py
"""
import json
import re
import sys

sys.path.insert(0, "tools")
import usml_parse as up  # noqa: E402
from usml_curated import CAT_TITLES, CURATED, CHANGES, REMOVED, ADDED_FROM_KG, KG_TEXT, SKIP_KG  # noqa: E402
from usml_titles import TITLES  # noqa: E402
from usml_terms import OVERRIDE, curate  # noqa: E402

AS_OF = "2025-10-02"
AMEND = "90 FR 5601 (2025-01-17) and 90 FR 41784 (2025-08-27), effective 2025-09-15"

GENERIC = {
    "system", "systems", "equipment", "part", "parts", "component", "components", "accessory",
    "accessories", "attachment", "attachments", "article", "articles", "item", "items", "device",
    "devices", "material", "materials", "software", "technical data", "defense service",
    "defense services", "any", "other", "assembly", "assemblies", "unit", "units", "product",
    "commodity", "commodities", "technology", "apparatus", "tool", "tooling", "machinery",
    "vessel", "vehicle", "aircraft", "hardware", "module", "modules", "subsystem", "subsystems",
    "related equipment", "associated equipment", "test equipment", "test sets", "test set",
    "support equipment", "ground equipment", "engine", "engines", "government", "chemical",
}
STOP_ACR = {"cas", "ear", "dod", "usg", "nij", "mt", "cwc", "usml", "eccn", "ce90", "tso",
            "faa", "rf", "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiv", "xv",
            "xix", "xx", "xxi", "le90", "gsd", "nmi", "rpm", "gnss", "pnt", "hz"}


def clean(text):
    t = text.replace("*", "").replace("“", "").replace("”", "").replace("\u2019", "'")
    t = re.sub(r"\((see|MT|e\.g\.|i\.e\.|CAS|CWC|other than|except|including|excluding|reference)[^()]*(\([^()]*\)[^()]*)*\)", "", t)
    t = re.sub(r"\s+", " ", t).strip()
    return t


CUTS = [" as follows", ":", ";", " that ", " which ", " having ", " not otherwise", " not elsewhere",
        " directly related", " capable of", ", and specially designed", " specially designed",
        " used in ", " designed ", " when ", " for use ", " employing ", " incorporating ", " with a ",
        " with an ", ", excluding", " excluding ", " except ", ", other than", " whose ", " where "]


def head_phrase(text):
    t = clean(text)
    low = t.lower()
    cut = len(t)
    for c in CUTS:
        i = low.find(c)
        if 0 < i < cut:
            cut = i
    return t[:cut].strip(" ,.;:")


def shorten(phrase, n=9):
    w = phrase.split()
    if len(w) > n:
        w = w[:n]
        while w and w[-1].lower().strip(",") in ("and", "or", "of", "the", "for", "to", "a", "an", "in", "with", "by", "on"):
            w.pop()
        return " ".join(w).rstrip(",") + " ..."
    return " ".join(w)


def title_for(cid, text, parent_title):
    t = clean(text)
    low = t.lower()
    if "[reserved]" in low or not t:
        return "Reserved"
    if low.startswith("technical data"):
        return "Technical data and defense services for this category"
    if low.startswith("commodities, software, and techn"):
        return "EAR-controlled items used in or with this category's articles"
    if low.startswith("any part, component, accessory, attachment, equipment, or system that") or low.startswith("any article enumerated in this category that") or low.startswith("any component, part, accessory, attachment, equipment, or system that"):
        return "Classified articles or articles developed with classified data"
    if low.startswith("is classified"):
        return "Article that is classified"
    if low.startswith("contains classified software"):
        return "Article holding classified software"
    if low.startswith("is being developed using classified"):
        return "Article under development with classified information"
    if low.startswith("parts, components, accessories, and attachments specially designed for") or \
            low.startswith("parts, components, accessories, attachments") or low.startswith("parts and components specially designed") or \
            low.startswith("parts, components, accessories, or attachments"):
        if low.endswith(":") or "as follows" in low:
            return "Parts, components, accessories and attachments (listed)"
        return "Specially designed parts and components"
    h = head_phrase(text)
    if len(h.split()) < 2:
        h = re.sub(r",? as follows", "", clean(text)).rstrip(".;:")
    h = shorten(h)
    h = limit_tokens(h)
    for _ in range(3):
        h = re.sub(r"[\s,;:]*(\b(and|or|such as|that|with|including|in paragraphs?|paragraphs?)\b)?[\s,;:]*$", "", h)
    if len(h) > 80:
        # long chemical names: keep the leading designation and the first synonym
        cut = h.find(" or ", 20)
        if 0 < cut < 80:
            h = h[:cut]
        if len(h) > 80:
            h = h[:77].rsplit(" ", 1)[0] + " ..."
        if h.count("(") > h.count(")"):
            h += ")"
    return h


TOKEN = re.compile(r"[a-z0-9]+")


def limit_tokens(h, n=8):
    """Keeps a title within n word tokens (as the verbatim checker counts them)."""
    if len(TOKEN.findall(h.lower())) <= n:
        return h
    if "(" in h and TOKEN.findall(h.split("(")[0].lower()):
        h = h.split("(")[0].strip(" ,")
        if len(TOKEN.findall(h.lower())) <= n:
            return h
    out = []
    for w in h.split():
        if len(TOKEN.findall(" ".join(out + [w]).lower())) > n:
            break
        out.append(w)
    return (" ".join(out).rstrip(",;") + " ...") if out else h[:30]


def is_catch_all(cid, text):
    low = clean(text).lower()
    if low.startswith("commodities, software, and techn"):
        return True
    if low.rstrip().endswith(":") or "as follows" in low:
        return False
    starts = ("parts, components", "parts and components", "parts or components specially designed for", "components, parts",
              "specially designed parts", "any part, component", "parts, components, or accessories specially designed for",
              "components and parts", "other parts", "accessories or attachments specially designed", "parts specially designed")
    return low.startswith(starts) and "specially designed" in low


def singular(w):
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is", "ics", "gas")) and len(w) > 3:
        return w[:-1]
    return w


VERBISH = {"have", "has", "having", "are", "is", "be", "employ", "employing", "incorporate", "incorporating",
           "contain", "contains", "containing", "implement", "specially", "transmit", "designed", "capable", "with",
           "a", "an", "any", "operating", "provide", "providing", "maintain", "detect", "determine", "form",
           "operate", "meet", "meeting", "that", "which", "used", "using", "in", "for", "of", "single",
           "output", "peak", "fractional", "sound", "forming", "dynamic", "volumetric", "mass", "rated",
           "greater", "less", "more", "at", "autonomously", "conduct", "withstand", "fusing", "enumerated",
           "identified", "described", "directly", "excluded", "in-production", "documented", "developmental",
           "applied", "being", "the", "all", "other", "not", "includes", "including", "to", "or", "and"}
GENERIC1 = {"radar", "antenna", "laser", "sensor", "camera", "computer", "receiver", "transmitter", "display",
            "interface", "router", "classification", "recognition", "identification", "designed", "rated",
            "certified", "projector", "simulator", "battery", "network", "mixture", "explosive", "propellant",
            "fuel", "additive", "precursor", "binder", "oxidizer", "filter", "lens", "mirror", "optic",
            "trainer", "training", "vaccine", "agent", "toxin", "antibody", "generator", "motor"}


JUNK = {"such as", "mixtures thereof", "corresponding alkylated", "protonated salt", "end item",
        "observability", "ground", "derivative", "electro-optical", "guidance", "coating",
        "pyrotechnic", "titanium iv", "bite", "dash", "jem", "lnf", "alic", "tepb", "tihn",
        "magnesium", "zirconium", "beryllium", "aluminum", "boron", "ammonium", "salts", "salt",
        "polymer", "polymers", "detection", "protection", "performance", "operation", "signature",
        "capability", "ability", "range", "design", "production", "testing", "inspection",
        "surface", "biological", "switching", "arming", "compartment", "vessels armed",
        "combined with nano-particle", "damage electronic circuitry", "conditioning", "energy storage",
        "thermal management", "data signal", "transmit voice", "implement active", "otherwise specified",
        "interface", "classification", "recognition", "identification", "low frequency"}


def auto_terms(text):
    t = clean(text)
    first_word = (t.split() or [""])[0].lower().strip(",.;:")
    if first_word in VERBISH:
        return []
    h = head_phrase(text).lower()
    h = re.sub(r"\([^)]*\)", "", h)
    pieces = re.split(r",|\bor\b|\band\b|/", h)
    out = []
    for p in pieces:
        p = re.sub(r"^(the|a|an|any|all|other|military|specially|following|u\.s\.|us)\s+", "", p.strip())
        p = re.sub(r"\s+", " ", p).strip(" .;:-")
        if not p or len(p) < 4:
            continue
        words = p.split()
        if len(words) > 4:
            continue
        words[-1] = singular(words[-1])
        term = " ".join(words)
        if term in GENERIC or all(w in GENERIC for w in words):
            continue
        if re.search(r"\d", term) and not re.search(r"[a-z]{3}", term):
            continue
        if "category" in term or "paragraph" in term or "subchapter" in term:
            continue
        if any(ch in term for ch in "%[]=<>") or re.search(r"\d\s", term):
            continue
        if len(words) == 1 and (term in GENERIC1 or len(term) < 5 or term.endswith(("ic", "al", "ing", "ed", "ive", "ous", "ary", "ar", "ly"))):
            continue
        if words[0] in VERBISH or words[-1] in VERBISH:
            continue
        out.append(term)
    for acr in re.findall(r"\(([A-Z][A-Za-z0-9/-]{2,12})s?\)", text):
        a = acr.lower().rstrip("s") if acr.endswith("s") and acr[:-1].isupper() else acr.lower()
        if a not in STOP_ACR and not a.isdigit() and len(a) >= 3:
            out.append(a)
    seen = []
    # chemical-style entries: leading designation plus the first name in parentheses
    raw = text.replace("*", "").strip()
    m = re.match(r"^([A-Z][A-Za-z0-9-]{1,15})\s*\(([^;()]{3,80})", raw)
    if m and (m.group(1).isupper() or re.search(r"\d", m.group(1))):
        seen.append(m.group(1).lower())
        inner = re.split(r",| or |;", m.group(2))[0].strip().lower()
        if 1 <= len(inner.split()) <= 4 and not re.search(r"\b(cas|mt)\b", inner):
            seen.append(inner)
    for x in out:
        if re.match(r"^\d", x) or re.search(r"-\d+$", x) or re.search(r"\d,\d", x):
            continue  # fragments of systematic chemical names
        if x not in seen and x not in JUNK and len(x) > 3 and x.count("(") == x.count(")"):
            seen.append(x)
    return seen[:8]


def mt_kind(text):
    if "(MT)" in text:
        return "full"
    if re.search(r"\(MT (if|for|when|in)", text) or "MT for" in text or "(MT" in text:
        return "partial"
    return None


def kinds_for(text):
    low = clean(text).lower()
    if low.startswith("technical data"):
        return ["technology", "service"]
    if low.startswith("commodities, software, and techn"):
        return ["hardware", "software", "technology"]
    if low.startswith(("contains", "contain ", "is ", "are ")):
        return []
    if low.startswith("software") or re.match(r"^[a-z ,-]*software(,| and technical data| as follows|;|\.)", low) and "equipment" not in low.split("software")[0]:
        if "technical data" in low.split("as follows")[0] or "and technical data" in low:
            return ["software", "technology"]
        return ["software"]
    if "technical data" in low[:40] and not low.startswith("parts"):
        return ["technology"]
    return []


def q(s):
    return json.dumps(s, ensure_ascii=False)


def build():
    md = up.parse_markdown()
    kg = up.parse_csv()
    cats = {}
    for c in up.ROMANS:
        kgd = {p: (t, s, m, r) for p, t, s, m, r in kg.get(c, []) if p}
        rows = []
        for p, t, s, m, r in md[c]:
            cid = up.fmt(c, p)
            if cid in REMOVED:
                continue
            src = "md"
            if cid in KG_TEXT and p in kgd:
                t2, s2, m2, r2 = kgd[p]
                t, s, r = t2, s2, r2
                m = m or m2
                src = "kg"
            rows.append([cid, p, t, s, r, src])
            # insert KG-only additions right after their parent or previous sibling
            for add in ADDED_FROM_KG.get(cid, []):
                ap = tuple(re.findall(r"\(([^)]+)\)", add))
                t2, s2, m2, r2 = kgd[ap]
                rows.append([add, ap, t2, s2, r2, "kg-new"])
        # order: additions are listed after the anchor; re-sort children after their parent's subtree
        cats[c] = rows
    return cats


def emit(c, rows):
    n = up.ROMANS.index(c) + 1
    lines = []
    lines.append(f"# USML Category {c}: {CAT_TITLES[c]}")
    lines.append("# Schema 1 (see docs/DATA.md and docs/DATA-USML.md). Facts only: ids, marks, flags, terms;")
    lines.append("# titles are short and in our own words (machine-condensed, then curated where it matters).")
    lines.append("# Source: 22 CFR 121.1 as amended through 2025-10-02 (ECTI compilation via itar-kg-2025-10),")
    lines.append("# structure cross-checked with the eCFR text in force 2025-08-28.")
    ch = CHANGES.get(c)
    if ch:
        lines.append("# Changed by the USML targeted revisions (eff. 2025-09-15):")
        for x in ch:
            lines.append(f"#   - {x}")
    else:
        lines.append("# Targeted revisions (eff. 2025-09-15): no change found in this category.")
    lines.append("")
    lines.append("schema = 1")
    lines.append(f"category = {q(c)}")
    lines.append(f"title = {q(CAT_TITLES[c])}")
    lines.append(f"citation = {q('22 CFR 121.1, Category ' + c)}")
    lines.append(f"as_of = {q(AS_OF)}")
    lines.append(f"last_amendment = {q(AMEND)}")
    seen_override = set()
    stats = {"n": 0, "sme": 0, "mt": 0, "mtp": 0, "catch": 0, "res": 0}
    titles = {}
    texts_by_id = {cid: t for cid, p, t, s, r, src in rows}
    for cid, p, t, s, r, src in rows:
        cur = CURATED.get(cid, {})
        parent = up.fmt(c, p[:-1]) if len(p) > 1 else None
        title = cur.get("title") or TITLES.get(cid) or title_for(cid, t, titles.get(parent))
        catalog_item = re.match(r"^XIV\(g\)\(([234])\)\([ivxl]+\)$", cid)
        if catalog_item and not reserved:
            code = clean(t).split()[0].rstrip(";,")
            kind = {"2": "assay kit", "3": "PCR reagent", "4": "antibody"}[catalog_item.group(1)]
            title = f"{code} ({kind})"
            cur = dict(cur, terms=[code.lower()])
        interp = parent is not None and parent in texts_by_id and texts_by_id[parent].lstrip("* ").startswith("The following interpretations")
        titles[cid] = title
        reserved = bool(r) or "[Reserved]" in t
        mk = None if reserved else mt_kind(t)
        mt = cur.get("mt", mk is not None)
        catch = cur.get("catch_all", (not reserved) and is_catch_all(cid, t))
        kinds = cur.get("kinds", [] if reserved else kinds_for(t))
        terms = [] if (reserved or catch or interp) else cur.get("terms", auto_terms(t))
        terms = terms + [x for x in cur.get("extra_terms", []) if x not in terms]
        if "terms" not in cur:
            terms = sorted(terms)
        if not (reserved or catch or interp):
            terms = curate(cid, terms)
            seen_override.add(cid)
        note = cur.get("note")
        if mk == "partial" and "mt" not in cur:
            note = (note + " " if note else "") + "MT applies only to the subset the paragraph names."
        if src in ("kg", "kg-new") and not cur.get("no_rev_note"):
            rev = "New in the 2025 targeted revisions." if src == "kg-new" else "Wording revised by the 2025 targeted revisions."
            note = (rev + " " + note) if note else rev
        lines.append("")
        lines.append("[[entry]]")
        lines.append(f"id = {q(cid)}")
        lines.append(f"title = {q(title)}")
        if s and not reserved and cur.get("sme") is not False:
            lines.append("sme = true")
            stats["sme"] += 1
        if mt:
            lines.append("mt = true")
            stats["mt"] += 1
            if mk == "partial":
                stats["mtp"] += 1
        if catch:
            lines.append("catch_all = true")
            stats["catch"] += 1
        if reserved:
            lines.append("reserved = true")
            stats["res"] += 1
        if kinds:
            lines.append(f"kinds = {q(kinds)}")
        if note:
            lines.append(f"note = {q(note)}")
        if terms:
            lines.append(f"terms = {q(terms)}")
        for k in ("patterns", "exclude"):
            if cur.get(k):
                lines.append(f"{k} = {q(cur[k])}")
        if cur.get("thresholds"):
            th = ", ".join("{ param = %s, op = %s, value = %s }" % (q(a), q(o), repr(float(v))) for a, o, v in cur["thresholds"])
            lines.append(f"thresholds = [{th}]")
        if cur.get("threshold_mode"):
            lines.append(f"threshold_mode = {q(cur['threshold_mode'])}")
        stats["n"] += 1
    missing = [k for k in OVERRIDE if k.startswith(c + "(") and k not in seen_override]
    assert not missing, f"OVERRIDE ids not in data (or catch-all/reserved): {missing}"
    return "\n".join(lines) + "\n", stats


def main():
    cats = build()
    tot = {}
    for c, rows in cats.items():
        n = up.ROMANS.index(c) + 1
        text, st = emit(c, rows)
        open(f"data/usml/cat-{n:02d}-{c}.toml", "w", encoding="utf-8").write(text)
        print(c, st)
        for k, v in st.items():
            tot[k] = tot.get(k, 0) + v
    print("total", tot)


if __name__ == "__main__":
    main()
