"""Normalisation: give every entity its concept, identifiers and canonical name.

The concept is the best lexicon candidate of the entity's type (candidates are
ranked at build time: MeSH descriptor names and entry terms first, then
supplementary concepts, MONDO/taxonomy synonyms and generated variants).
Entities without lexicon candidates (e.g. from a statistical model) are looked
up by their text. ``match_kind`` says how the link was made.
"""

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions  # noqa: F401
from pipeline.lexicon import CURATED, PREFERRED, SECONDARY, VARIANT, load_lexicon


def match_kind(flags: int) -> str:
    if flags & VARIANT:
        return "variant"
    if flags & PREFERRED and not flags & SECONDARY:
        return "exact"
    if flags & CURATED:
        return "curated"
    return "synonym"


@Language.factory("medlink_normaliser", default_config={"lexicon_dir": None})
def make_normaliser(nlp: Language, name: str, lexicon_dir: str | None):
    lexicon = load_lexicon(lexicon_dir)

    def normaliser(doc: Doc) -> Doc:
        for ent in doc.ents:
            cands = ent._.candidates
            if cands is None:
                cands = lexicon.candidates(ent.text)
            typed = [(i, f) for i, f in cands if lexicon.concepts[i].type == ent.label_]
            if not typed:
                ent._.ids = []
                ent._.match_kind = ent._.match_kind or "unlinked"
                continue
            idx, flags = typed[0]
            concept = lexicon.concepts[idx]
            ent._.concept = concept.curie
            ent._.ids = list(concept.ids)
            ent._.canonical = concept.name
            if ent._.match_kind != "abbreviation":
                ent._.match_kind = match_kind(flags)
        return doc

    return normaliser
