"""Identifier parsing: whatever a corpus or page writes -> a checked CURIE.

Accepts bare MeSH UIs (``D009101``, BC5CDR), CURIEs in any case
(``MESH:D009101``, ``MONDO:0009693``, ``PUBCHEM.COMPOUND:387447``,
``NCBITaxon:9606``), prose forms of summary pages (``PubChem CID 387447``,
``taxon 9606``) and bare taxids on species mentions. ``-``/``-1`` mean "not
normalised".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MISSING = {"", "-", "-1", "none", "null", "n/a"}

PREFIXES = {
    "mesh": "MESH",
    "mondo": "MONDO",
    "pubchem.compound": "PUBCHEM.COMPOUND",
    "pubchem": "PUBCHEM.COMPOUND",
    "cid": "PUBCHEM.COMPOUND",
    "ncbitaxon": "NCBITaxon",
    "taxon": "NCBITaxon",
    "ncbitaxonomy": "NCBITaxon",
    "taxonomy": "NCBITaxon",
}
CHECKED = {"MESH", "MONDO", "PUBCHEM.COMPOUND", "NCBITaxon"}
LOCAL_FORM = {
    "MESH": re.compile(r"^[DC]\d{6}(\d{3})?$"),
    "MONDO": re.compile(r"^\d{7}$"),
    "PUBCHEM.COMPOUND": re.compile(r"^[1-9]\d{0,9}$"),
    "NCBITaxon": re.compile(r"^[1-9]\d{0,7}$"),
}
_PROSE = re.compile(r"^(?:pubchem\s+)?(cid|taxon|taxid|ncbi\s+taxon)[\s:#]*(\S+)$", re.I)


@dataclass(frozen=True)
class ParsedId:
    raw: str
    prefix: str  # canonical prefix, "" when unknown
    local: str
    well_formed: bool

    @property
    def curie(self) -> str:
        return f"{self.prefix}:{self.local}" if self.prefix else self.raw

    @property
    def checked(self) -> bool:
        return self.prefix in CHECKED


def parse_id(raw: str, entity_type: str = "") -> ParsedId | None:
    """Parse one identifier; None when it says "not normalised"."""
    value = raw.strip()
    if value.lower() in MISSING:
        return None
    m = _PROSE.match(value)
    if m:
        kind = m.group(1).lower()
        prefix = "PUBCHEM.COMPOUND" if kind == "cid" else "NCBITaxon"
        return _checked(raw, prefix, m.group(2))
    if ":" in value:
        prefix, _, local = value.partition(":")
        canon = PREFIXES.get(prefix.strip().lower())
        if canon is None:
            return ParsedId(raw, prefix.strip().upper(), local.strip(), True)
        return _checked(raw, canon, local.strip())
    if re.match(r"^[DC]\d+$", value):
        return _checked(raw, "MESH", value)
    if value.isdigit() and entity_type == "Species":
        return _checked(raw, "NCBITaxon", value)
    return ParsedId(raw, "", value, False)


def _checked(raw: str, prefix: str, local: str) -> ParsedId:
    return ParsedId(raw, prefix, local, bool(LOCAL_FORM[prefix].match(local)))
