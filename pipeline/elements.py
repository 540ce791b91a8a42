"""Chemical element symbols ("Na", "Ca2+", "K(+)") linked to their MeSH descriptors.

MeSH names the elements ("Sodium") but has no entry term for their symbols, so a
statistical-model mention "Na" would stay unlinked. The symbols are link-only: the
normaliser uses them for Chemical mentions already found; they never create mentions,
since single letters and symbols such as "As" or "In" are also words.
"""

from __future__ import annotations

import re
from importlib import resources

# a symbol, optionally with a charge: Na+, Ca2+, Ca(2+), Cl-, K(+)
_SYMBOL = re.compile(r"([A-Z][a-z]?)(?:\(?\d?[+-]\)?)?")


def load_symbols() -> dict[str, str]:
    """Symbol -> MeSH descriptor name (pipeline/data/element_symbols.tsv)."""
    text = resources.files("pipeline.data").joinpath("element_symbols.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {symbol: name.strip() for symbol, name in rows}


class ElementLinker:
    """Symbol mention -> concept index of the element in a lexicon."""

    def __init__(self, lexicon):
        by_name = {name.lower(): symbol for symbol, name in load_symbols().items()}
        self.index: dict[str, int] = {}
        for i, concept in enumerate(lexicon.concepts):
            symbol = by_name.get(concept.name.lower())
            if symbol is not None and concept.type == "Chemical":
                self.index.setdefault(symbol, i)

    def __call__(self, text: str) -> int | None:
        m = _SYMBOL.fullmatch(text)
        return self.index.get(m.group(1)) if m else None
