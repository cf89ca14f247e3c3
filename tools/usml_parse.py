"""Structural parser for the USML reference (22 CFR 121.1).

Reads the clean Markdown (in force 2025-08-28) and the KG CSV (amended through
2025-10-02) and rebuilds canonical paragraph ids from the labels alone (the CSV's
own ids are unreliable).  Only used by tools/usml_gen.py; nothing here is copied
into data/ except identifiers and flags.
"""
import csv
import re

REF = "/work/wt/shared/reference/regs/"
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
          "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI"]


def roman_to_int(s):
    vals = {"i": 1, "v": 5, "x": 10, "l": 50}
    s = s.lower()
    tot = 0
    for i, c in enumerate(s):
        v = vals[c]
        if i + 1 < len(s) and vals[s[i + 1]] > v:
            tot -= v
        else:
            tot += v
    return tot


def int_to_roman(n):
    out = ""
    for v, s in [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]:
        while n >= v:
            out += s
            n -= v
    return out


# level kinds by depth: 0 lower letter, 1 number, 2 lower roman, 3 upper letter, 4 number, 5 lower roman
KINDS = ["lower", "num", "roman", "upper", "num", "roman", "upper"]


def first(kind):
    return {"lower": "a", "num": "1", "roman": "i", "upper": "A"}[kind]


def valid(kind, lab):
    if kind == "lower":
        return len(lab) == 1 and lab.islower()
    if kind == "upper":
        return len(lab) == 1 and lab.isupper()
    if kind == "num":
        return lab.isdigit()
    if kind == "roman":
        return lab != "" and all(c in "ivxl" for c in lab) and int_to_roman(roman_to_int(lab)) == lab
    return False


def succ(kind, lab):
    if kind in ("lower", "upper"):
        return chr(ord(lab) + 1)
    if kind == "num":
        return str(int(lab) + 1)
    return int_to_roman(roman_to_int(lab) + 1)


def expand(kind, a, b):
    out = [a]
    while out[-1] != b and len(out) < 60:
        out.append(succ(kind, out[-1]))
    return out


class Builder:
    """Assigns ids to a sequence of (labels, text) in document order."""

    def __init__(self, cat):
        self.cat = cat
        self.stack = []  # labels
        self.texts = []  # text of each stack level
        self.out = []  # (path tuple, text, raw labels)

    def place(self, lab, text, note_mode=False):
        """Returns the depth where `lab` fits, or None."""
        n = len(self.stack)
        cands = []
        body = text.lstrip("* ")
        if note_mode and body[:1].islower():
            return None  # enumerations inside notes start in lower case
        if lab == "x" and n >= 1 and body.lower().startswith("commodities, software"):
            return 0  # the (x) paragraph may follow any top-level paragraph
        if n < len(KINDS) and lab == first(KINDS[n]) and not note_mode:
            cands.append(n)
        for d in range(n - 1, -1, -1):
            k = KINDS[d]
            if valid(k, lab) and self.stack[d] != lab:
                try:
                    if succ(k, self.stack[d]) == lab:
                        cands.append(d)
                except Exception:
                    pass
        if not cands:
            return None
        if len(cands) > 1 and cands[0] == n and self.texts:
            # a first child only follows a paragraph that introduces a list
            top = self.texts[-1].rstrip()
            if not (top.endswith(":") or "following" in top[-60:] or "as follows" in top):
                cands = cands[1:]
        if len(cands) > 1:
            t = text.lstrip("* ").lower()
            # technical data / EAR (x) paragraphs sit at the top level
            if t.startswith("technical data") or t.startswith("commodities, software, and technical data subject to the ear"):
                return min(cands)
        return cands[0]

    def add(self, labels, text, sme=False, mt=False, note_mode=False):
        """labels: list of labels at the start of the paragraph; a range is ('j','w')."""
        lab0 = labels[0]
        rng = None
        if isinstance(lab0, tuple):
            rng = lab0
            lab0 = lab0[0]
        d = self.place(lab0, text, note_mode)
        if d is None:
            return False
        self.stack = self.stack[:d]
        self.texts = self.texts[:d]
        if rng:
            labs = expand(KINDS[d], rng[0], rng[1])
            for lab in labs:
                self.stack = self.stack[:d] + [lab]
                self.out.append((tuple(self.stack), text, sme, mt, True))
            self.texts = self.texts[:d] + [text]
            return True
        self.stack.append(lab0)
        self.texts.append(text)
        for extra in labels[1:]:
            # combined labels such as (c)(1): each further label is a first child
            self.out.append((tuple(self.stack), "", sme, mt, False))
            self.stack.append(extra)
            self.texts.append(text)
        self.out.append((tuple(self.stack), text, sme, mt, "[Reserved]" in text))
        return True


LABEL_RE = re.compile(r"^\(([A-Za-z0-9]+)\)(?:\s*-\s*\(([A-Za-z0-9]+)\))?")


def split_labels(s):
    labels = []
    while True:
        m = LABEL_RE.match(s)
        if not m:
            break
        if m.group(2):
            labels.append((m.group(1), m.group(2)))
            s = s[m.end():].lstrip()
            break
        labels.append(m.group(1))
        s = s[m.end():]
        if not s.startswith("("):
            break
        # stop combining if the next "(" does not look like a label
        if not LABEL_RE.match(s):
            break
    return labels, s.strip()


def parse_markdown(path=REF + "itar-121.1-usml.md"):
    """Returns {cat: [(path, text, sme, mt, reserved)]}."""
    cats = {}
    cur = None
    b = None
    note = False
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r"^## Category ([IVX]+)\s*[—-]", line)
        if m:
            cur = m.group(1)
            b = Builder(cur)
            cats[cur] = b
            note = False
            continue
        if b is None:
            continue
        if line.startswith("####") or line.startswith("§§"):
            if "Editorial" in line or "Effective" in line or "§§" in line:
                b = None
                continue
        if line.startswith("**Note") or line.startswith("*Note"):
            note = True
            continue
        s = line.strip()
        sme = False
        if re.match(r"^\*\s*\(", s):
            sme = True
            s = s[1:].lstrip()
        if not s.startswith("("):
            continue
        labels, text = split_labels(s)
        if not labels:
            continue
        ok = b.add(labels, text, sme, "(MT)" in text, note_mode=note)
        if ok:
            note = False
    return {c: bb.out for c, bb in cats.items()}


def parse_csv(path=REF + "itar-kg-2025-10/nodes_USMLEntry.csv"):
    cats = {}
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    for r in rows:
        cat = r["category"]
        b = cats.setdefault(cat, Builder(cat))
        lab = r["label"]
        text = r["text"]
        m = re.match(r"^\(?([A-Za-z0-9]+)-\(([A-Za-z0-9]+)$", lab)
        rid = r["usmlentry_id"]
        m2 = re.search(r"\(([A-Za-z0-9]+)-\(([A-Za-z0-9]+)\)?$", rid)
        if m2:
            labels = [(m2.group(1), m2.group(2))]
        else:
            labels = [lab]
        ok = b.add(labels, text, r["significant_military_equipment"] == "yes", r["mtcr_annex"] == "yes")
        if not ok:
            b.out.append((None, text, False, False, False))  # fragment
    return {c: bb.out for c, bb in cats.items()}


def fmt(cat, path):
    return cat + "".join("(%s)" % p for p in path)


if __name__ == "__main__":
    md = parse_markdown()
    kg = parse_csv()
    tot_md = sum(len(v) for v in md.values())
    print("markdown", tot_md)
    for c in ROMANS:
        a = {fmt(c, p) for p, *_ in md.get(c, []) if p}
        bb = {fmt(c, p) for p, *_ in kg.get(c, []) if p}
        frag = [t[:60] for p, t, *_ in kg.get(c, []) if p is None]
        print(c, len(a), len(bb), "md-only:", sorted(a - bb), "kg-only:", sorted(bb - a), "frags:", frag)
