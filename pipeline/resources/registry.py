"""Identifier registry: every id the vocabularies know, for "does this id exist" checks.

The lexicon keeps only concepts the pipeline links to (Disease/Chemical/Species,
no MONDO obsoletes), so validating someone else's annotations needs the rest too:
every MeSH descriptor and supplementary concept (name, entry terms, entity type),
every MONDO term (obsolete flag and replacement when the source has the obsolete
list), the PubChem CIDs the cross-walks mention, and NCBI taxids with names. It is
written as ``ids.marshal`` beside the lexicon by ``medlink resources build``.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.resources import vocabularies as vocab
from pipeline.resources.sources import VocabularySource

REGISTRY_FILE = "ids.marshal"
REGISTRY_VERSION = 1


def build_id_registry(source: VocabularySource, type_of) -> dict:
    """Collect the registry from `source`; `type_of(trees)` gives a descriptor's entity type."""
    desc = vocab.read_mesh_descriptors(source)
    supp = vocab.read_mesh_supplementary(source)
    mesh: dict[str, tuple] = {}
    taxa: dict[str, tuple[str, str]] = {}
    for rec in desc.values():
        kind = "Species" if rec.taxids else (type_of(rec.trees) or "")
        mesh[rec.ui] = (rec.name, tuple(rec.terms), kind, ())
        for taxid in rec.taxids:
            taxa.setdefault(taxid, (rec.name, ""))
    for rec in supp.values():
        kinds = {mesh[h][2] for h in rec.headings if h in mesh} - {""}
        kind = next((k for k in ("Disease", "Chemical", "Species") if k in kinds), "")
        mesh[rec.ui] = (rec.name, tuple(rec.terms), kind, tuple(rec.headings))
    mondo = {
        t.id: (t.name, tuple(t.synonyms), _mesh_uis(t.mesh), t.obsolete, t.replaced_by or "")
        for t in vocab.read_mondo(source).values()
    }
    chebi_names = {v: k for k, v in vocab.read_chebi_names(source).items()}
    pubchem: dict[str, tuple[list, list]] = {}
    for ui, links in vocab.read_pubchem_links(source).items():
        for cid, _how in links:
            pubchem.setdefault(cid, ([], []))[0].append(ui)
    for chebi, cids in vocab.read_chebi_pubchem(source).items():
        name = chebi_names.get(chebi)
        for cid in cids:
            entry = pubchem.setdefault(cid, ([], []))
            if name and name not in entry[1]:
                entry[1].append(name)
    for taxon in vocab.read_taxonomy(source):
        taxa[taxon.taxid] = (taxon.scientific_name, taxon.common_name)
    return {
        "version": REGISTRY_VERSION,
        "mesh": mesh,
        "mondo": mondo,
        "pubchem": {k: (tuple(dict.fromkeys(m)), tuple(n)) for k, (m, n) in pubchem.items()},
        "taxon": taxa,
        "meta": {
            "mondo_obsoletes": source.find("mondo_obsoletes.tsv") is not None,
            "taxonomy": source.find("ncbi_taxonomy_subset.tsv") is not None
            or source.taxon_db() is not None,
        },
    }


def _mesh_uis(ids: list[str]) -> tuple[str, ...]:
    """MeSH UIs without any prefix (SSSOM files write "mesh:D009101")."""
    return tuple(dict.fromkeys(i.rpartition(":")[2] for i in ids))


def write_id_registry(source: VocabularySource, directory: Path, type_of) -> dict[str, int]:
    """Write ``ids.marshal`` into `directory` (atomically); returns counts per vocabulary."""
    data = build_id_registry(source, type_of)
    fd, tmp = tempfile.mkstemp(prefix=".ids-", dir=directory)
    with os.fdopen(fd, "wb") as fh:
        fh.write(marshal.dumps(data))
    os.chmod(tmp, 0o644)
    os.replace(tmp, directory / REGISTRY_FILE)
    return {k: len(data[k]) for k in ("mesh", "mondo", "pubchem", "taxon")}


@dataclass(frozen=True)
class MeshEntry:
    ui: str
    name: str
    terms: tuple[str, ...]
    type: str  # "Disease", "Chemical", "Species" or "" (other MeSH trees)
    headings: tuple[str, ...]  # supplementary concepts: the descriptors they map to


@dataclass(frozen=True)
class MondoEntry:
    id: str
    name: str
    synonyms: tuple[str, ...]
    mesh: tuple[str, ...]
    obsolete: bool
    replaced_by: str


class RegistryMissing(RuntimeError):
    """The lexicon directory has no identifier registry."""


class IdRegistry:
    """Read-only view of ``ids.marshal``; ids are given without their CURIE prefix."""

    def __init__(self, directory: Path):
        path = Path(directory) / REGISTRY_FILE
        if not path.exists():
            raise RegistryMissing(
                f"no identifier registry in {directory}: run `medlink resources build`"
            )
        data = marshal.loads(path.read_bytes())
        self._mesh = data["mesh"]
        self._mondo = data["mondo"]
        self._pubchem = data["pubchem"]
        self._taxon = data["taxon"]
        self.meta = data["meta"]

    def mesh(self, ui: str) -> MeshEntry | None:
        row = self._mesh.get(ui)
        return None if row is None else MeshEntry(ui, *row)

    def mondo(self, mondo_id: str) -> MondoEntry | None:
        row = self._mondo.get(mondo_id)
        return None if row is None else MondoEntry(mondo_id, *row)

    def pubchem(self, cid: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """(MeSH UIs, ChEBI names) a CID is linked to, or None if no cross-walk has it."""
        return self._pubchem.get(cid)

    def taxon(self, taxid: str) -> tuple[str, str] | None:
        """(scientific name, common name) of a taxid."""
        return self._taxon.get(taxid)

    def counts(self) -> dict[str, int]:
        return {
            "mesh": len(self._mesh),
            "mondo": len(self._mondo),
            "pubchem": len(self._pubchem),
            "taxon": len(self._taxon),
        }
