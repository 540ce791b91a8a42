"""Mentions of names the followed guideline's corpus rarely annotates, dropped.

The dictionary already skips the (name, type) pairs that the training corpora, pooled,
rarely mark (``corpus_stop_terms.tsv``). The corpora disagree on some names: BC5CDR
marks none of the 11 dictionary matches of "lipid" on its training split, BioRED all 7
of its own, so pooled it stays, and the model, which sees both corpora, marks it under
either guideline. ``medlink train terms`` writes the pairs each guideline's own corpus
marks less than a quarter of the time (``pipeline/data/guideline_stop_terms.tsv``);
under the guideline the model followed (:func:`pipeline.guideline_features.doc_guideline`)
a mention of one, from any stage, is not an entity. Without a guideline (no model, the
fast profile) nothing changes.
"""

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.data import data_lines
from pipeline.guideline_features import GUIDELINES, doc_guideline
from pipeline.lexicon import term_key
from pipeline.stage import BatchStage


def load_guideline_stops() -> dict[str, frozenset[tuple[str, str]]]:
    """{guideline: the (term key, type) pairs its corpus rarely annotates}."""
    pairs: dict[str, set[tuple[str, str]]] = {}
    for line in data_lines("guideline_stop_terms.tsv"):
        guideline, key, etype = line.split("\t")[:3]
        if guideline not in GUIDELINES:
            raise ValueError(f"guideline_stop_terms.tsv: unknown guideline {guideline!r}")
        pairs.setdefault(guideline, set()).add((key, etype))
    return {g: frozenset(p) for g, p in pairs.items()}


# mention texts recur across documents: each is normalised once
_key = lru_cache(maxsize=1 << 16)(term_key)


def drop_stopped(doc: Doc, stops: frozenset[tuple[str, str]]) -> Doc:
    """`doc` without the mentions whose (term key, type) is in `stops`."""
    found = doc.ents  # rebuilt on every access
    ents = [e for e in found if (_key(e.text), e.label_) not in stops]
    if len(ents) < len(found):
        doc.ents = ents
    return doc


@Language.factory("medlink_guideline_stops")
def make_guideline_stops(nlp: Language, name: str):
    """Drops, under the followed guideline, the names its corpus rarely annotates."""
    stops = load_guideline_stops()

    def stage(doc: Doc) -> Doc:
        if (pairs := stops.get(doc_guideline(doc))) is None:
            return doc
        return drop_stopped(doc, pairs)

    return BatchStage(stage)
