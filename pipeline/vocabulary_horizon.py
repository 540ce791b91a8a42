"""Diseases named as the followed guideline's corpus could name them, by its vocabulary's date.

NCBI-disease was annotated with the disease vocabulary of its time, MeSH and OMIM merged:
its gold (train and dev) never gives a MeSH supplementary record newer than C548028,
and names 455 mentions by OMIM. MeSH has since given many of those diseases records of
their own ("C7 deficiency": C566443, gold OMIM:610102); on NCBI-disease train, 163 of
the OMIM-named mentions are diseases that MeSH 2024 files under a C56… record. Under a
guideline whose corpus names diseases by OMIM, a supplementary record newer than the
newest its gold names (``pipeline/data/vocabulary_horizons.tsv``, written by ``medlink
train terms``) gives way to its OMIM cross-references, where MONDO has some; the MONDO
ids stay. Under the other guidelines (BC5CDR never names a disease by OMIM), and without
a model, identifiers are left as the normaliser gave them.
"""

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.data import data_lines
from pipeline.extensions import SpanValues
from pipeline.guideline_features import doc_guideline
from pipeline.lexicon import Lexicon, load_lexicon
from pipeline.stage import BatchStage


def scr_number(ui: str) -> int:
    """The sequence number of a MeSH supplementary record ("C566443" -> 566443; the
    newer ten-character UIs, "C000606551", continue the sequence)."""
    return int(ui[1:])


def horizons() -> dict[str, int]:
    """Guideline -> the newest supplementary record (its number) its corpus names, for
    the guidelines whose corpus names diseases by OMIM."""
    rows = (ln.split("\t") for ln in data_lines("vocabulary_horizons.tsv"))
    return {g: scr_number(ui) for g, ui, omim in rows if int(omim) > 0}


def newer_record(curie: str, horizon: int) -> bool:
    return curie.startswith("MESH:C") and scr_number(curie.removeprefix("MESH:")) > horizon


def within_horizon(doc: Doc, lexicon: Lexicon, limits: dict[str, int]) -> Doc:
    if (horizon := limits.get(doc_guideline(doc))) is None:
        return doc
    for ent in doc.ents:
        values = SpanValues(ent)
        ids = values.get("ids") or []
        if not any(newer_record(i, horizon) for i in ids):
            continue
        kept = []
        for curie in ids:
            concept = lexicon.by_curie(curie) if newer_record(curie, horizon) else None
            omim = [i for i in concept.ids if i.startswith("OMIM:")] if concept else []
            kept += omim if omim else [curie]
        kept = list(dict.fromkeys(kept))
        if kept != ids:
            values.set("ids", kept)
            if values.get("concept") not in kept:
                values.set("concept", kept[0])
    return doc


@Language.factory("medlink_vocabulary_horizon", default_config={"lexicon_dir": None})
def make_vocabulary_horizon(nlp: Language, name: str, lexicon_dir: str | None):
    lexicon, limits = load_lexicon(lexicon_dir), horizons()
    return BatchStage(lambda doc: within_horizon(doc, lexicon, limits))
