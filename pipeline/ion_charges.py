"""An ion's charge inside or outside its mention, as the followed guideline has it.

The corpora write the same ion two ways: BC5CDR marks the element alone, "[[Ca]](2+)",
"[[K]](+)" (32 such mentions on its train and dev splits, none with the charge), while
BioRED marks the charge too, "[[Ca(2+)]]" (28, none without). The dictionary matches the
whole ion, so under a guideline that leaves the charge out the mention is trimmed to
the element, keeping what the dictionary said of it. The guideline is the one the NER
model followed on the document (:func:`pipeline.guideline_features.doc_guideline`);
without a model, mentions keep their charge.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extensions import SPAN_ATTRS, SpanValues
from pipeline.guideline_features import GUIDELINES, doc_guideline
from pipeline.stage import BatchStage

# an element symbol and its charge written apart from it: "Ca(2+)", "K(+)", "Cl(-)", "Na+"
ION = re.compile(r"([A-Z][a-z]?)(?:\(\d?[+-]\)|[+-])")


def without_charges(doc: Doc, guidelines: frozenset[str]) -> Doc:
    if doc_guideline(doc) not in guidelines:
        return doc
    ents, trimmed = list(doc.ents), False
    for i, ent in enumerate(ents):
        if ent.label_ != "Chemical" or not (m := ION.fullmatch(ent.text)):
            continue
        element = doc.char_span(ent.start_char, ent.start_char + len(m.group(1)))
        if element is None:  # "Ca2+": one token "Ca2", nothing to trim to
            continue
        element = Span(doc, element.start, element.end, label=ent.label_)
        old, new = SpanValues(ent), SpanValues(element)
        for name in SPAN_ATTRS:
            if (value := old.get(name)) is not None:
                new.set(name, value)
        ents[i], trimmed = element, True
    if trimmed:
        doc.ents = ents
    return doc


@Language.factory("medlink_ion_charges", default_config={"charge_outside": []})
def make_ion_charges(nlp: Language, name: str, charge_outside: list[str]):
    """`charge_outside`: the guidelines whose mentions of an ion leave its charge out."""
    if unknown := set(charge_outside) - set(GUIDELINES):
        raise ValueError(f"unknown guidelines {sorted(unknown)}; choose from {GUIDELINES}")
    guidelines = frozenset(charge_outside)
    return BatchStage(lambda doc: without_charges(doc, guidelines))
