"""Link-only names from the training corpora (pipeline/data/corpus_links.tsv).

Some names the annotators link to one concept are marked in some places only: "lead"
is the metal (Lead, 9 gold chemical mentions in the train+dev splits) where a text is
about it, and far more often a verb; "overdose" is a disease in some abstracts only.
As dictionary terms they would match every occurrence; as link-only names (like the
element symbols and undefined abbreviations) they give an identifier to the mentions
of the listed type that another stage, the statistical model, found. ``medlink train
terms`` derives the file (pipeline/corpus_terms.py).
"""

from __future__ import annotations

from pipeline.data import data_lines
from pipeline.lexicon import term_key

TABLE = "corpus_links.tsv"


class CorpusLinker:
    """Mention text -> concept index in a lexicon, for mentions of the name's type."""

    def __init__(self, lexicon, rows: list[list[str]] | None = None):
        if rows is None:
            rows = [line.split("\t") for line in data_lines(TABLE)]
        self.index: dict[tuple[str, str], int] = {}
        for name, etype, ui, *_ in rows:
            idx = lexicon.index_of(f"MESH:{ui}")
            # a concept the lexicon lacks (its tree excluded, retired from MeSH) is no link
            if idx is not None and lexicon.concepts[idx].type == etype:
                self.index[(term_key(name), etype)] = idx

    def __call__(self, text: str, etype: str) -> int | None:
        return self.index.get((term_key(text), etype))
