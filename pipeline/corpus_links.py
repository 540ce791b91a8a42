"""Link-only names from the training corpora (pipeline/data/corpus_links.tsv).

Some names the annotators link to one concept are marked in some places only: "lead"
is the metal (Lead, 9 gold chemical mentions in the train+dev splits) where a text is
about it, and far more often a verb; "overdose" is a disease in some abstracts only.
As dictionary terms they would match every occurrence; as link-only names (like the
element symbols and undefined abbreviations) they give an identifier to the mentions
of the listed type that another stage, the statistical model, found. ``medlink train
terms`` derives the file (pipeline/corpus_terms.py).

``guideline_links.tsv`` holds the names the corpora link to different concepts, each as
one guideline's corpus does ("alcohol": Ethanol in BC5CDR, Alcohols in BioRED); such a
name links only under the guideline the model followed
(:func:`pipeline.guideline_features.doc_guideline`).
"""

from __future__ import annotations

from pipeline.data import data_lines
from pipeline.guideline_features import GUIDELINES
from pipeline.lexicon import corpus_curie, term_key

TABLE = "corpus_links.tsv"
GUIDELINE_TABLE = "guideline_links.tsv"


class CorpusLinker:
    """Mention text -> concept index in a lexicon, for mentions of the name's type (and
    of the guideline's names under a guideline)."""

    def __init__(
        self,
        lexicon,
        rows: list[list[str]] | None = None,
        guideline_rows: list[list[str]] | None = None,
    ):
        if rows is None:
            rows = [line.split("\t") for line in data_lines(TABLE)]
        if guideline_rows is None:
            guideline_rows = [line.split("\t") for line in data_lines(GUIDELINE_TABLE)]
        self.index: dict[tuple[str | None, str, str], int] = {}
        for guideline, (name, etype, ui, *_) in [(None, r) for r in rows] + [
            (r[0], r[1:]) for r in guideline_rows
        ]:
            if guideline is not None and guideline not in GUIDELINES:
                raise ValueError(f"{GUIDELINE_TABLE}: unknown guideline {guideline!r}")
            idx = lexicon.index_of(corpus_curie(ui, etype))
            # a concept the lexicon lacks (its tree excluded, retired from MeSH) is no link
            if idx is not None and lexicon.concepts[idx].type == etype:
                self.index[(guideline, term_key(name), etype)] = idx

    def __call__(self, text: str, etype: str, guideline: str | None = None) -> int | None:
        key = term_key(text)
        found = self.index.get((None, key, etype))
        if found is None and guideline is not None:
            found = self.index.get((guideline, key, etype))
        return found
