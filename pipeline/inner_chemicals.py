"""The chemical inside a class or target name, as the followed guideline marks it.

"Calcium channel blockers", "selective serotonin reuptake inhibitors", "creatine
kinase", "reactive oxygen species": MeSH has concepts for these classes and enzymes, and
the dictionary finds them whole. BC5CDR marks the chemical alone ("[calcium] channel
blockers": 51 of the 61 such names on its training split), BioRED mostly the whole name
(19 of 34). Under a guideline in ``inner_under`` (the one the NER model followed, see
:func:`pipeline.guideline_features.doc_guideline`), a Chemical mention made of a
chemical's name and the words of ``pipeline/data/class_words.txt`` around it (one
"after" word at least, besides receptor subtypes such as "D2" or "II") becomes the
longest chemical name inside it that the lexicon knows; so does one that a "subclass"
word begins, "neuroactive [steroids]", "tricyclic [antidepressants]", "HDL [cholesterol]"
(BC5CDR train: outside the mention 13 times in 13). Where the name ends in a "target"
word, an enzyme's or a receptor's, the short forms the document defines for it go:
"creatine kinase (CK)" names the enzyme, and BC5CDR marks no such short form.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.data import data_lines
from pipeline.extensions import SpanValues
from pipeline.guideline_features import GUIDELINES, doc_guideline
from pipeline.lexicon import Lexicon, load_lexicon
from pipeline.stage import BatchStage


def _words(kind: str) -> frozenset[str]:
    return frozenset(
        r[1].lower() for ln in data_lines("class_words.txt") if (r := ln.split("\t"))[0] == kind
    )


BEFORE, SUBCLASS, TARGET = _words("before"), _words("subclass"), _words("target")
AFTER = _words("after") | TARGET
LEADING = BEFORE | SUBCLASS
# receptor subtypes and punctuation that may sit among the "after" words: "D2", "H2",
# "A2A", "II", "5-HT3"'s pieces, "alpha", the hyphen of "angiotensin-converting"
FILLER = re.compile(r"[-/()]|[A-Z]{0,2}\d+[A-Za-z]?|I{1,3}|IV|alpha|beta", re.IGNORECASE)


def _chemical_candidates(lexicon: Lexicon, text: str):
    cands = lexicon.candidates(text)
    if any(lexicon.concepts[i].type == "Chemical" for i, _ in cands):
        return cands
    return None


def inner_chemical(ent: Span, lexicon: Lexicon) -> tuple[Span, tuple] | None:
    """The chemical `ent` names a class or target of, with its candidates, or None."""
    tokens = [t.text.lower() for t in ent]
    first, subclass = 0, False
    while first < len(tokens) - 1 and tokens[first] in LEADING:
        subclass |= tokens[first] in SUBCLASS
        first += 1
        if subclass and tokens[first] == "-" and first < len(tokens) - 1:
            first += 1  # "HDL-cholesterol"
    for end in range(len(tokens) if subclass else len(tokens) - 1, first, -1):
        rest = tokens[end:]
        if not all(t in AFTER or FILLER.fullmatch(t) for t in rest):
            break
        if not subclass and not any(t in AFTER for t in rest):
            continue
        inner = ent[first:end]
        if inner.text[-1:] == "-":
            continue
        if (cands := _chemical_candidates(lexicon, inner.text)) is not None:
            return inner, cands
    return None


def inner_chemicals(doc: Doc, lexicon: Lexicon, guidelines: frozenset[str]) -> Doc:
    if doc_guideline(doc) not in guidelines:
        return doc
    ents, targets = list(doc.ents), set()
    changed = False
    for i, ent in enumerate(ents):
        if ent.label_ != "Chemical" or len(ent) < 2:
            continue
        if (found := inner_chemical(ent, lexicon)) is None:
            continue
        inner, cands = found
        span = Span(doc, inner.start, inner.end, label="Chemical")
        SpanValues(span).set("candidates", cands)
        ents[i], changed = span, True
        if ent[-1].lower_ in TARGET:
            targets.add(ent.text)
    if targets:  # "CK" for "creatine kinase" names the enzyme, not creatine
        ents = [e for e in ents if not _short_form_of(e, targets)]
    if changed:
        doc.ents = ents
    return doc


def _short_form_of(ent: Span, long_forms: set[str]) -> bool:
    values = SpanValues(ent)
    return values.get("match_kind") == "abbreviation" and values.get("long_form") in long_forms


@Language.factory(
    "medlink_inner_chemicals", default_config={"inner_under": [], "lexicon_dir": None}
)
def make_inner_chemicals(nlp: Language, name: str, inner_under: list[str], lexicon_dir: str | None):
    """`inner_under`: the guidelines that mark the chemical inside a class name."""
    if unknown := set(inner_under) - set(GUIDELINES):
        raise ValueError(f"unknown guidelines {sorted(unknown)}; choose from {GUIDELINES}")
    lexicon, guidelines = load_lexicon(lexicon_dir), frozenset(inner_under)
    return BatchStage(lambda doc: inner_chemicals(doc, lexicon, guidelines))
