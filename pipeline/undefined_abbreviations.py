"""Abbreviations used without a definition ("ASA", "PTZ", "cAMP"; "VHL", "HNPCC").

Papers write a handful of chemicals and diseases by abbreviation without ever spelling
them out; MeSH has no entry term for most ("ASA" for aspirin), so a statistical-model
mention "ASA" would stay unlinked. Like the element symbols (pipeline/elements.py) they
are link-only: the normaliser uses them for mentions of the table's type already
found, written with the listed case, and they never create mentions.
"""

from __future__ import annotations

from pipeline.data import data_lines
from pipeline.elements import concepts_named

TABLES = {"Chemical": "chemical_abbreviations.tsv", "Disease": "disease_abbreviations.tsv"}


def load_abbreviations(etype: str) -> dict[str, str]:
    """Abbreviation -> MeSH descriptor name (pipeline/data/<type>_abbreviations.tsv)."""
    rows = (line.split("\t") for line in data_lines(TABLES[etype]))
    return {abbr: name.strip() for abbr, name in rows}


class AbbreviationLinker:
    """Abbreviation mention -> concept index of its chemical or disease in a lexicon."""

    def __init__(self, lexicon, etype: str = "Chemical"):
        self.index = concepts_named(lexicon, load_abbreviations(etype), etype)

    def __call__(self, text: str) -> int | None:
        return self.index.get(text)
