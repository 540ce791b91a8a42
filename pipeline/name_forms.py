"""Other ways to write a name, for lookups in the lexicon.

A mention is often written in a form no vocabulary lists: plural, "cancer of the
breast", "familial" where the name says "hereditary", "type IID" before the name where
MeSH puts "Type 2" after it, "prostate carcinoma" where MeSH files "Prostatic
Neoplasms". These functions give the forms to try, best first; pipeline/normaliser.py
decides when to try them. The word lists are data files beside the code.
"""

import re

from pipeline.data import data_lines, word_list

_COMPOSITE = re.compile(r"^(.+?)\s*(?:,\s*|\s+(?:and|or|and/or)\s+)(.+)$", re.IGNORECASE)


def composite_parts(ent) -> list[str]:
    """The names a composite mention stands for besides its last one: "breast and
    ovarian cancer" -> ["breast cancer"] (the conjuncts borrow the last one's head)."""
    if len(ent) < 4 or not any(t.lower_ in ("and", "or") for t in ent):
        return []
    words = ent.text.split()
    head = words[-1]
    parts = []
    rest = " ".join(words[:-1])
    while (m := _COMPOSITE.match(rest)) is not None:
        parts.append(f"{m.group(1).split()[-1]} {head}")
        rest = m.group(2)
    return parts


_OF = re.compile(r"^(\w+) of (?:the )?(\w+)$", re.IGNORECASE)
_CONJ = re.compile(r"(?:,|\band/or\b|\band\b|\bor\b)", re.IGNORECASE)
CONJUNCTION_WORD = re.compile(r"\b(?:and|or)\b", re.IGNORECASE)


def singular(word: str) -> str:
    low = word.lower()
    if low.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if low.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


NEOPLASM_HEADS = word_list("neoplasm_heads.txt")
HEREDITY_WORDS = tuple(ln.strip().lower() for ln in data_lines("heredity_words.txt"))
_LONGEST_FIRST = sorted(HEREDITY_WORDS, key=len, reverse=True)


def neoplasm_forms(text: str) -> list[str]:
    """ "prostate carcinoma" -> "prostate neoplasms", "prostate neoplasm": MeSH names
    tumours by site ("Prostatic Neoplasms") where MONDO keeps the kind of tumour."""
    words = text.split()
    if len(words) < 2 or words[-1].lower() not in NEOPLASM_HEADS:
        return []
    site = " ".join(words[:-1])
    return [f"{site} neoplasms", f"{site} neoplasm"]


def heredity_swaps(text: str) -> list[str]:
    """ "familial X" -> "hereditary X", "inherited X", "genetic X"…; "autosomal
    dominant X" likewise (heredity_words.txt)."""
    low = text.lower()
    for words in _LONGEST_FIRST:
        if low.startswith(words + " ") and len(text) > len(words) + 1:
            rest = text[len(words) + 1 :]
            return [f"{other} {rest}" for other in HEREDITY_WORDS if other != words]
    return []


_TYPE_BEFORE = re.compile(r"^type\s+([IVX]+|\d+)([A-Za-z]?)\s+(.+)$", re.IGNORECASE)
_TYPE_AFTER = re.compile(r"^(.+?),?\s+type\s+([IVX]+|\d+)([A-Za-z]?)$", re.IGNORECASE)
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}


def type_forms(text: str) -> list[str]:
    """ "type IID von Willebrand disease" -> "von Willebrand disease, type 2" and the
    other ways MeSH and MONDO write a type: after the name, with or without a comma,
    in Roman or Arabic numerals, with or without its subtype letter."""
    if m := _TYPE_BEFORE.match(text):
        number, letter, name = m.groups()
    elif m := _TYPE_AFTER.match(text):
        name, number, letter = m.groups()
    else:
        return []
    arabic = str(_ROMAN.get(number.lower(), number))
    numbers = dict.fromkeys([number + letter, arabic + letter, number, arabic])
    forms = [f"{name}{sep} type {n}" for n in numbers for sep in ("", ",")]
    forms += [f"type {n} {name}" for n in numbers]
    return [f for f in dict.fromkeys(forms) if f.lower() != text.lower()]


CONDITION_HEADS = word_list("condition_heads.txt")


def site_heading_forms(text: str) -> list[str]:
    """ "brain abnormalities" -> "brain diseases", "brain disorders"…: the MeSH heading
    of the site's conditions (condition_heads.txt)."""
    words = text.split()
    if len(words) < 2 or words[-1].lower() not in CONDITION_HEADS:
        return []
    site = " ".join(words[:-1])
    forms = [f"{site} {head}" for head in ("diseases", "disease", "disorders", "disorder")]
    return [f for f in forms if f.lower() != text.lower()]


def whole_name_forms(text: str) -> list[str]:
    """Forms of the whole mention that keep every word's meaning: another heredity
    word, the type written otherwise."""
    if " " not in text:  # every form here has two words or more (asked for every entity)
        return []
    return heredity_swaps(text) + (type_forms(text) if "type" in text.lower() else [])


def variant_forms(text: str) -> list[str]:
    """Other ways to write a mention the lexicon may know: another heredity word
    ("familial X" -> "hereditary X") or way to write a type, the site's heading
    ("brain abnormalities" -> "brain diseases"), its last conjunct ("breast and ovarian
    cancer" -> "ovarian cancer"), singular, "cancer of the breast" -> "breast cancer",
    then shorter heads ("acute renal injury" -> "renal injury")."""
    whole = whole_name_forms(text)
    full = [text, *whole]
    if len(text.split()) > 2 and _CONJ.search(text):
        full.append(" ".join(_CONJ.split(text)[-1].split()))
    m = _OF.match(text)
    if m:
        full.append(f"{m.group(2)} {m.group(1)}")
    full += [" ".join([*f.split()[:-1], singular(f.split()[-1])]) for f in full if f.split()]
    full += [f.replace("-", " ") for f in full if "-" in f]
    forms = list(full)
    for form in full:
        w = form.split()
        if " of " not in f" {form} ":
            forms += [" ".join(w[i:]) for i in range(1, len(w))]
    # after the whole-name forms, and never shortened ("diseases" alone says nothing)
    forms[1 + len(whole) : 1 + len(whole)] = site_heading_forms(text)
    return [f for f in dict.fromkeys(forms) if f and f != text]
