"""Normalisation: give every entity its concept, identifiers and canonical name.

The concept is the best lexicon candidate of the entity's type (candidates are
ranked at build time: MeSH descriptor names and entry terms first, then
supplementary concepts, MONDO/taxonomy synonyms and generated variants).
Entities without lexicon candidates (e.g. from a statistical model) are looked
up by their text, then by variant forms of it (singular, last conjunct, "X of
the Y" -> "Y X", shorter heads), and chemical element symbols ("Na", "Ca2+")
through the element's name. Composite mentions ("breast and ovarian cancer")
get the identifiers of every part. ``match_kind`` says how the link was made.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.chemical_abbreviations import AbbreviationLinker
from pipeline.data import data_lines, word_list
from pipeline.elements import ElementLinker
from pipeline.extensions import SpanValues
from pipeline.lexicon import CURATED, PREFERRED, SECONDARY, VARIANT, load_lexicon
from pipeline.stage import BatchStage


def match_kind(flags: int) -> str:
    if flags & VARIANT:
        return "variant"
    if flags & PREFERRED and not flags & SECONDARY:
        return "exact"
    if flags & CURATED:
        return "curated"
    return "synonym"


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
_CONJ_WORD = re.compile(r"\b(?:and|or)\b", re.IGNORECASE)


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


def neoplasm_forms(text: str) -> list[str]:
    """ "prostate carcinoma" -> "prostate neoplasms", "prostate neoplasm": MeSH names
    tumours by site ("Prostatic Neoplasms") where MONDO keeps the kind of tumour."""
    words = text.split()
    if len(words) < 2 or words[-1].lower() not in NEOPLASM_HEADS:
        return []
    site = " ".join(words[:-1])
    return [f"{site} neoplasms", f"{site} neoplasm"]


def heredity_swaps(text: str) -> list[str]:
    """ "familial X" -> "hereditary X", "inherited X", "genetic X" (heredity_words.txt)."""
    first, _, rest = text.partition(" ")
    if not rest or first.lower() not in HEREDITY_WORDS:
        return []
    return [f"{word} {rest}" for word in HEREDITY_WORDS if word != first.lower()]


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


def whole_name_forms(text: str) -> list[str]:
    """Forms of the whole mention that keep every word's meaning: another heredity
    word, the type written otherwise."""
    return heredity_swaps(text) + type_forms(text)


def variant_forms(text: str) -> list[str]:
    """Other ways to write a mention the lexicon may know: another heredity word
    ("familial X" -> "hereditary X") or way to write a type, its last conjunct ("breast and ovarian cancer" ->
    "ovarian cancer"), singular, "cancer of the breast" -> "breast cancer", then
    shorter heads ("acute renal injury" -> "renal injury")."""
    full = [text, *whole_name_forms(text)]
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
    return [f for f in dict.fromkeys(forms) if f and f != text]


@Language.factory(
    "medlink_normaliser", default_config={"lexicon_dir": None, "drop_unlinked_model": False}
)
def make_normaliser(nlp: Language, name: str, lexicon_dir: str | None, drop_unlinked_model: bool):
    """`drop_unlinked_model`: remove model mentions that no lexicon form links (their
    precision is low, and an entity without an identifier is of little use downstream)."""
    lexicon = load_lexicon(lexicon_dir)
    concepts = lexicon.concepts
    elements = ElementLinker(lexicon)  # "Na", "Ca2+": link-only element symbols
    abbreviations = AbbreviationLinker(lexicon)  # "ASA", "PTZ": link-only, undefined

    def best_of_type(cands, label: str) -> tuple[int, int] | None:
        """The first (best) candidate whose concept has the entity's type."""
        for cand in cands:  # a loop, not next() over a generator: called for every mention
            if concepts[cand[0]].type == label:
                return cand
        return None

    def whole_name(name: str, label: str) -> tuple[int, int] | None:
        """The concept of a name with a heredity word or a type, as written or in
        another form of it."""
        forms = whole_name_forms(name)
        for form in [name, *forms] if forms else ():
            if (cand := best_of_type(lexicon.candidates(form), label)) is not None:
                return cand
        return None

    def mesh_heading(name: str) -> list[str]:
        """The MeSH identifiers of the site's neoplasm heading or of another form of the
        name (a type without its subtype letter), if the lexicon has one."""
        for form in neoplasm_forms(name) + whole_name_forms(name):
            if (cand := best_of_type(lexicon.candidates(form), "Disease")) is not None:
                mesh = [i for i in concepts[cand[0]].ids if i.startswith("MESH:")]
                if mesh:
                    return mesh
        return []

    def normaliser(doc: Doc) -> Doc:
        for ent in doc.ents:
            ext = SpanValues(ent)
            label = ent.label_
            cands = ext.get("candidates")
            via_variant = False
            if cands is not None:
                # a match grown over a heredity word or a type keeps its core's
                # candidates: the whole name may be known written otherwise ("familial"
                # + "breast and ovarian cancer" is "hereditary breast and ovarian
                # cancer", "type IID" + "von Willebrand disease" is its type 2)
                best = whole_name(ent.text, label) or best_of_type(cands, label)
            else:
                # a short form whose long form came from the model is looked up by the long form
                name = ext.get("long_form") or ent.text
                best = best_of_type(lexicon.candidates(name), label)
                if best is None:
                    for form in variant_forms(name):
                        best = best_of_type(lexicon.candidates(form), label)
                        if best is not None:
                            via_variant = True
                            break
                if best is None and label == "Chemical" and (el := elements(name)) is not None:
                    best, via_variant = (el, CURATED), True
                undefined = label == "Chemical" and not ext.get("long_form")
                if best is None and undefined and (ab := abbreviations(ent.text)) is not None:
                    best, via_variant = (ab, CURATED), True
            if best is None:
                ext.set("ids", [])
                ext.set("match_kind", ext.get("match_kind") or "unlinked")
                continue
            idx, flags = best
            concept = concepts[idx]
            ext.set("concept", concept.curie)
            ids = list(concept.ids)
            if label == "Disease" and not any(i.startswith("MESH:") for i in ids):
                ids += mesh_heading(ext.get("long_form") or ent.text)
            # a concept named with the conjunction ("Hereditary Breast and Ovarian Cancer
            # Syndrome") is the whole mention's, not one conjunct's
            parts = [] if _CONJ_WORD.search(concept.name) else composite_parts(ent)
            for part in parts:
                if (other := best_of_type(lexicon.candidates(part), label)) is not None:
                    ids += [c for c in concepts[other[0]].ids if c not in ids]
            ext.set("ids", ids)
            ext.set("canonical", concept.name)
            kind = ext.get("match_kind")
            if via_variant and kind == "model":
                pass  # the model found it; the lexicon knows only another form of it
            elif kind != "abbreviation":
                ext.set("match_kind", match_kind(flags))
        if drop_unlinked_model:
            doc.ents = [e for e in doc.ents if e._.ids or e._.match_kind != "model"]
        return doc

    return BatchStage(normaliser)
