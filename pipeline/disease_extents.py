"""Words around a disease name that the followed guideline puts inside the mention.

Runs after every stage that makes mentions (the model, the dictionary, the
abbreviations), so that "SJS type 2" grows whichever stage found "SJS".

* **A type after the name**: "spinocerebellar ataxia type 3", "Mucolipidosis type III"
  (inside the mention 14 times in 14 on NCBI-disease train, 16 in 16 on BioRED train;
  BC5CDR has no case either way). The dictionary's growth over a type *before* a name,
  "type IID von Willebrand disease", is :func:`pipeline.entity_matcher.grow_over_prefixes`.
* **A head noun after a short form**: "HPT-JT syndrome", "G6PD deficiency" (inside the
  mention 157 times in 158 on the three corpora's training splits), where a stage found
  the short form alone; the mention keeps the short form's identifiers.
* **Modifiers one guideline includes**: the corpora disagree on some words before a
  disease name. NCBI-disease draws "sporadic" inside the mention ("[sporadic breast
  cancer]") 17 times in 26 on its training split, BioRED 1 time in 9. The model learns
  each guideline's conventions from a feature (:mod:`pipeline.guideline_features`) but
  follows the majority for words it sees rarely. Under the guideline the model followed
  (:func:`pipeline.guideline_features.doc_guideline`), a disease mention grows leftwards
  over the words ``pipeline/data/guideline_modifiers.tsv`` lists for it, where no other
  entity holds them ("bilateral sporadic aniridia" keeps "bilateral" out). The words of
  ``pipeline/data/disease_modifiers.txt`` apply under every guideline, in the dictionary.

A grown mention keeps the identifiers its core was matched with.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.data import data_lines
from pipeline.entity_matcher import TYPE_NUMBER
from pipeline.extensions import grown_span
from pipeline.guideline_features import GUIDELINES, doc_guideline
from pipeline.stage import BatchStage


def load_guideline_modifiers() -> dict[str, frozenset[str]]:
    """{guideline: the modifier words it puts inside a disease mention}."""
    words: dict[str, set[str]] = {}
    for line in data_lines("guideline_modifiers.tsv"):
        guideline, word = line.split("\t")[:2]
        if guideline not in GUIDELINES:
            raise ValueError(f"guideline_modifiers.tsv: unknown guideline {guideline!r}")
        words.setdefault(guideline, set()).add(word.strip().lower())
    return {g: frozenset(ws) for g, ws in words.items()}


def _type_after(doc: Doc, end: int) -> bool:
    """ "type 3" (two words, the first after a space) right after token `end` - 1."""
    return (
        end + 2 <= len(doc)
        and bool(doc[end - 1].whitespace_)
        and doc[end].lower_ == "type"
        and bool(doc[end].whitespace_)
        and TYPE_NUMBER.fullmatch(doc[end + 1].text) is not None
    )


# "HPT-JT", "G6PD", "SJS": capitals and digits, hyphens between
SHORT_FORM = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
HEADS = frozenset({"syndrome", "disease", "disorder", "deficiency"})


def _head_after(doc: Doc, ent: Span) -> bool:
    """A short form, then "syndrome" (or "disease", "disorder", "deficiency")."""
    end = ent.end
    return (
        end < len(doc)
        and bool(doc[end - 1].whitespace_)
        and SHORT_FORM.fullmatch(ent.text) is not None
        and doc[end].lower_ in HEADS
    )


def extend_diseases(
    doc: Doc, modifiers: frozenset[str], type_after: bool, head_after: bool = False
) -> Doc:
    """Disease mentions grown over the `modifiers` before them and, with `type_after`,
    over a type after them; with `head_after`, a short form over a head noun after it."""
    ents = list(doc.ents)
    occupied = {i for e in ents for i in range(e.start, e.end)}
    changed = False
    for n, ent in enumerate(ents):
        if ent.label_ != "Disease":
            continue
        start, end = ent.start, ent.end
        while start > 0 and start - 1 not in occupied and doc[start - 1].lower_ in modifiers:
            start -= 1
        if head_after and _head_after(doc, ent) and end not in occupied:
            end += 1
        if type_after and _type_after(doc, end) and occupied.isdisjoint((end, end + 1)):
            end += 2
        if (start, end) == (ent.start, ent.end):
            continue
        occupied.update(range(start, end))
        ents[n], changed = grown_span(ent, start, end), True
    if changed:
        doc.ents = ents
    return doc


@Language.factory(
    "medlink_disease_extents", default_config={"type_after": False, "head_after": False}
)
def make_disease_extents(nlp: Language, name: str, type_after: bool, head_after: bool):
    """`type_after`: mentions grow over a type after them ("ataxia type 3");
    `head_after`: a short form over a head noun after it ("HPT-JT syndrome"); the
    guideline's modifiers come from pipeline/data/guideline_modifiers.tsv."""
    modifiers = load_guideline_modifiers()
    nothing: frozenset[str] = frozenset()

    def stage(doc: Doc) -> Doc:
        words = modifiers.get(doc_guideline(doc), nothing)
        return extend_diseases(doc, words, type_after, head_after)

    return BatchStage(stage)
