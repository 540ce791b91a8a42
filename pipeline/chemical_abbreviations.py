"""Chemical abbreviations used without a definition ("ASA", "PTZ", "cAMP").

Papers write a handful of chemicals by abbreviation without ever spelling them out;
MeSH has no entry term for most ("ASA" for aspirin), so a statistical-model mention
"ASA" would stay unlinked. Like the element symbols (pipeline/elements.py) they are
link-only: the normaliser uses them for Chemical mentions already found, written
with the listed case, and they never create mentions.
"""

from __future__ import annotations

from pipeline.data import data_lines
from pipeline.elements import chemicals_named


def load_abbreviations() -> dict[str, str]:
    """Abbreviation -> MeSH descriptor name (pipeline/data/chemical_abbreviations.tsv)."""
    rows = (line.split("\t") for line in data_lines("chemical_abbreviations.tsv"))
    return {abbr: name.strip() for abbr, name in rows}


class AbbreviationLinker:
    """Abbreviation mention -> concept index of its chemical in a lexicon."""

    def __init__(self, lexicon):
        self.index = chemicals_named(lexicon, load_abbreviations())

    def __call__(self, text: str) -> int | None:
        return self.index.get(text)
