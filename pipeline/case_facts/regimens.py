"""Chemotherapy regimen acronyms ("VAD", "VDT-PACE") expanded to their drugs.

The acronym table is curated data (``data/regimens.tsv``); drug identifiers come
from the lexicon so that a regimen's components carry the same MeSH/PubChem ids
as the drugs named in running text.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Regimen:
    acronym: str
    drugs: tuple[dict, ...]  # {"name", "concept", "ids"}
    note: str


@lru_cache(maxsize=1)
def _table() -> list[tuple[str, list[tuple[str, str | None]], str]]:
    text = resources.files("pipeline.data").joinpath("regimens.tsv").read_text("utf-8")
    rows = []
    for ln in text.splitlines():
        if ln.strip() and not ln.startswith("#"):
            acronym, comps, note = (ln.split("\t") + [""])[:3]
            drugs = []
            for c in comps.split(","):
                m = re.fullmatch(r"\s*([^\[]+?)\s*(?:\[([^\]]+)\])?\s*", c)
                drugs.append((m.group(1), m.group(2)))
            rows.append((acronym, drugs, note))
    return rows


def load_regimens(lexicon=None) -> dict[str, Regimen]:
    out = {}
    for acronym, drugs, note in _table():
        items = []
        for name, fallback in drugs:
            hits = [c for c, _f in lexicon.lookup(name)] if lexicon is not None else []
            hits = [c for c in hits if c.type == "Chemical"] or hits
            if hits:
                items.append({"name": name, "concept": hits[0].curie, "ids": list(hits[0].ids)})
            else:
                ids = [fallback] if fallback else []
                items.append({"name": name, "concept": fallback, "ids": ids})
        out[acronym] = Regimen(acronym, tuple(items), note)
    return out


def regimen_regex(regimens: dict[str, Regimen]) -> re.Pattern:
    """Whole-word, case-sensitive acronyms; hyphen or en dash inside accepted."""
    alts = sorted(regimens, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\-", "[-–]") for a in alts)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")
