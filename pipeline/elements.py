"""Chemical element symbols ("Na", "Ca2+", "K(+)") linked to their MeSH descriptors.

MeSH names the elements ("Sodium") but has no entry term for their symbols, so a
statistical-model mention "Na" would stay unlinked. The symbols are link-only: the
normaliser uses them for Chemical mentions already found; they never create mentions,
since single letters and symbols such as "As" or "In" are also words.
"""

from __future__ import annotations

import re
from collections import defaultdict

from pipeline.data import data_lines

# a symbol, optionally with a charge: Na+, Ca2+, Ca(2+), Cl-, K(+)
_SYMBOL = re.compile(r"([A-Z][a-z]?)(?:\(?\d?[+-]\)?)?")


def load_symbols() -> dict[str, str]:
    """Symbol -> MeSH descriptor name (pipeline/data/element_symbols.tsv)."""
    rows = (line.split("\t") for line in data_lines("element_symbols.tsv"))
    return {symbol: name.strip() for symbol, name in rows}


def concepts_named(lexicon, names: dict[str, str], etype: str = "Chemical") -> dict[str, int]:
    """Key -> index of the lexicon's concept of `etype` named `names[key]` (case aside)."""
    keys = defaultdict(list)
    for key, name in names.items():
        keys[name.lower()].append(key)
    index: dict[str, int] = {}
    for i, concept in enumerate(lexicon.concepts):
        if concept.type == etype:
            for key in keys.get(concept.name.lower(), ()):
                index.setdefault(key, i)
    return index


class ElementLinker:
    """Symbol mention -> concept index of the element in a lexicon."""

    def __init__(self, lexicon):
        self.index = concepts_named(lexicon, load_symbols())

    def __call__(self, text: str) -> int | None:
        m = _SYMBOL.fullmatch(text)
        return self.index.get(m.group(1)) if m else None
