"""Abbreviated binomials: "E. coli" after "Escherichia coli".

Papers name a species in full once and abbreviate its genus afterwards
("B. burgdorferi", "P. aeruginosa"); the species corpora annotate every such
mention, and a dictionary of full names finds none of them. Each Species entity
named by a binomial defines its abbreviated form, and every occurrence of that form
in the document (with or without a space after the full stop) becomes a Species
entity of the same concept. A form two species of the document share ("S. aureus"
after Staphylococcus aureus and Streptococcus aureus) is left alone. A form the
document does not define ("L. monocytogenes" alone) is linked when exactly one species of
the lexicon abbreviates to it. With the NCBI Taxonomy several often do ("C. elegans":
Caenorhabditis, Crocus): limiting the count to the organisms MeSH files links more
such forms, but the species corpora's training splits gain less than they lose
(BENCHMARKS.md, session 20). Such a form is linked, though, when the document names
the genus: "S. aureus" in an abstract about "Staphylococcus epidermidis" or
"Staphylococcus" infections is Staphylococcus aureus, if the lexicon knows that name
and no other genus of the document's with the same initial gives one.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.entity_matcher import untaken
from pipeline.extensions import SpanValues, doc_text
from pipeline.lexicon import Lexicon, load_lexicon
from pipeline.stage import BatchStage

# "Escherichia coli": genus and epithet (the whole name: not "Borrelia burgdorferi sensu
# lato", which the lexicon's own binomial may still give)
BINOMIAL = re.compile(r"([A-Z][a-z]{2,})\s+([a-z]{3,})\b")
# "Measles virus" is no binomial
NOT_EPITHETS = {"virus", "viruses"}
# a genus name: "Staphylococcus"
GENUS = re.compile(r"[A-Z][a-z]{2,}")
# "E. coli", "E.coli", "E. coli-induced": genus initial and epithet
ABBREVIATED = re.compile(r"(?<![\w.])([A-Z])\.\s?([a-z]{3,})\b")


def _binomial(name: str):
    m = BINOMIAL.fullmatch(name)
    return m if m and m.group(2) not in NOT_EPITHETS else None


def abbreviated_forms(ents) -> dict[tuple[str, str], Span | None]:
    """(genus initial, epithet) -> the full-name entity it abbreviates (None when two
    entities of different concepts share it)."""
    forms: dict[tuple[str, str], Span | None] = {}
    concept: dict[tuple[str, str], object] = {}
    for ent in ents:
        if ent.label_ != "Species" or not (m := _binomial(ent.text)):
            continue
        key = (m.group(1)[0], m.group(2))
        cands = SpanValues(ent).get("candidates")
        top = cands[0][0] if cands else ent.text
        if key not in forms:
            forms[key], concept[key] = ent, top
        elif concept[key] != top:
            forms[key] = None
    return forms


def lexicon_forms(lexicon: Lexicon) -> dict[tuple[str, str], int]:
    """(genus initial, epithet) -> the one Species concept whose name abbreviates to it."""
    forms: dict[tuple[str, str], int | None] = {}
    for i, concept in enumerate(lexicon.concepts):
        if concept.type == "Species" and (m := _binomial(concept.name)):
            key = (m.group(1)[0], m.group(2))
            forms[key] = None if key in forms else i
    return {k: i for k, i in forms.items() if i is not None}


def genera(ents) -> set[str]:
    """The genus names of a document's Species entities: "Staphylococcus" of
    "Staphylococcus epidermidis", or of "Staphylococcus" alone."""
    found = set()
    for ent in ents:
        if ent.label_ == "Species":
            word = ent.text.split(maxsplit=1)[0] if ent.text.strip() else ""
            if GENUS.fullmatch(word):
                found.add(word)
    return found


def in_named_genus(
    form: tuple[str, str], names: set[str], lexicon: Lexicon
) -> tuple[str, tuple] | None:
    """(full name, candidates) of the one species "Genus epithet" that the lexicon knows
    for a genus the document names with the form's initial."""
    initial, epithet = form
    found = []
    for genus in names:
        if genus[0] == initial:
            full = f"{genus} {epithet}"
            cands = [
                c for c in lexicon.candidates(full) if lexicon.concepts[c[0]].type == "Species"
            ]
            if cands:
                found.append((full, tuple(cands)))
    return found[0] if len(found) == 1 else None


def species_abbreviations(doc: Doc, known: dict[tuple[str, str], int], lexicon: Lexicon) -> Doc:
    ents = list(doc.ents)  # Doc.ents rebuilds its spans on every access
    defined = abbreviated_forms(ents)  # ambiguous ones too: not from the lexicon
    forms = {k: v for k, v in defined.items() if v is not None}
    named: dict[tuple[str, str], tuple[str, tuple] | None] = {}  # forms of the genera
    names: set[str] | None = None  # the document's genera, found when first needed
    matches = []
    for m in ABBREVIATED.finditer(doc_text(doc)):
        form = m.groups()
        if form in forms or (form in known and form not in defined):
            matches.append(m)
        elif form not in defined:
            if form not in named:
                names = genera(ents) if names is None else names
                named[form] = in_named_genus(form, names, lexicon)
            if named[form] is not None:
                matches.append(m)
    if not matches:
        return doc
    for m, start, end in untaken(doc, matches, ents):
        span = Span(doc, start, end, label="Species")
        values = SpanValues(span)
        if (full := forms.get(m.groups())) is not None:
            values.set("candidates", SpanValues(full).get("candidates"))
            values.set("long_form", full.text)
        elif m.groups() in known and m.groups() not in defined:
            concept = known[m.groups()]
            values.set("candidates", ((concept, 0),))
            values.set("long_form", lexicon.concepts[concept].name)
        else:
            name, cands = named[m.groups()]
            values.set("candidates", cands)
            values.set("long_form", name)
        values.set("match_kind", "abbreviation")
        ents.append(span)
    doc.ents = sorted(ents, key=lambda s: s.start)
    return doc


@Language.factory("medlink_species_abbreviations", default_config={"lexicon_dir": None})
def make_species_abbreviations(nlp: Language, name: str, lexicon_dir: str | None):
    lexicon = load_lexicon(lexicon_dir)
    known = lexicon_forms(lexicon)
    return BatchStage(lambda doc: species_abbreviations(doc, known, lexicon))
