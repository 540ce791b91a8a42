"""The two seed documents in ../shared/seeds (skipped when ../shared is absent)."""

import re

import pytest
from conftest import shared_path

from pipeline.ingest import read_text_file


@pytest.fixture(scope="module")
def case_report(nlp):
    from pipeline.ingest import make_doc

    item = read_text_file(shared_path("seeds", "004_fceec56f15590a81.txt"), "004")
    return nlp(make_doc(nlp, item))._.record


@pytest.fixture(scope="module")
def summary_page(nlp):
    from pipeline.ingest import make_doc

    item = read_text_file(shared_path("seeds", "000_3dfc9e1fc1748592.txt"), "000")
    return nlp(make_doc(nlp, item))._.record


def concepts_by_text(record, section=None):
    out = {}
    for e in record["entities"]:
        if section and record["sections"][e["section"]]["name"] != section:
            continue
        out.setdefault(e["text"].lower().replace("\n", " "), set()).update(e["ids"])
    return out


@pytest.mark.parametrize(
    "mention,ids",
    [
        ("multiple myeloma", {"MESH:D009101", "MONDO:0009693"}),
        ("leukocytoclastic vasculitis", {"MESH:D018366"}),
        ("metastatic pulmonary calcification", {"MESH:D002114"}),
        ("bortezomib", {"MESH:D000069286", "PUBCHEM.COMPOUND:387447"}),
        ("dexamethasone", {"MESH:D003907", "PUBCHEM.COMPOUND:5743"}),
        ("melphalan", {"MESH:D008558"}),
        ("zoledronic acid", {"MESH:D000077211"}),
        ("vincristine", {"MESH:D014750"}),
        # Adriamycin is a trade name of doxorubicin: same MeSH and PubChem ids.
        ("adriamycin", {"MESH:D004317", "PUBCHEM.COMPOUND:31703"}),
        ("cyclophosphamide", {"MESH:D003520", "PUBCHEM.COMPOUND:2907"}),
        ("busulphan", {"MESH:D002066"}),
        ("fludarabine", {"MESH:C024352"}),
    ],
)
def test_case_report_entities(case_report, mention, ids):
    found = concepts_by_text(case_report)
    assert mention in found, f"{mention!r} not found"
    assert ids <= found[mention]


def test_case_report_offsets_and_languages(case_report):
    text = case_report["text"]
    for e in case_report["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]
    langs = {s["name"]: s["language"] for s in case_report["sections"]}
    assert langs["Abstract"] == "en"
    assert langs["Özet"] == "tr"
    names = [s["name"] for s in case_report["sections"]]
    for expected in (
        "Abstract",
        "Özet",
        "Introduction",
        "Case Report",
        "Discussion",
        "Figure Caption",
    ):
        assert expected in names


def linked_block(text: str, kind: str) -> list[tuple[str, str]]:
    """(name, identifier) pairs from the page's 'Linked entities' block."""
    block = text.split("## Linked entities", 1)[1].split("##", 1)[0]
    line = next(ln for ln in block.splitlines() if ln.startswith(f"- **{kind}:**"))
    return re.findall(r"([\w\- ]+?) \((?:PubChem CID (\d+)|(MONDO:\d+))\)", line.split(":**", 1)[1])


# PubChem keeps several records for some drugs. Our vocabularies reach cisplatin's
# CID through ChEBI (CHEBI:27899 -> CID 441203, the cis-isomer record); the page
# uses CID 5460033, another record for the same compound.
EQUIVALENT_CIDS = {"5460033": "441203"}


def test_summary_page_linked_chemicals_found_in_abstract(summary_page):
    text = shared_path("seeds", "000_3dfc9e1fc1748592.txt").read_text(encoding="utf-8")
    found = concepts_by_text(summary_page, section="Abstract")
    chemicals = linked_block(text, "Chemicals")
    assert len(chemicals) == 7
    for name, cid, _ in chemicals:
        want = f"PUBCHEM.COMPOUND:{EQUIVALENT_CIDS.get(cid, cid)}"
        assert want in found.get(name.strip().lower(), set()), (name, want)


def test_summary_page_linked_diseases_found_in_abstract(summary_page):
    text = shared_path("seeds", "000_3dfc9e1fc1748592.txt").read_text(encoding="utf-8")
    abstract_ids = {
        i for ids in concepts_by_text(summary_page, section="Abstract").values() for i in ids
    }
    diseases = linked_block(text, "Diseases")
    assert len(diseases) == 3
    for name, _, mondo in diseases:
        assert mondo in abstract_ids, (name, mondo)


def test_summary_page_abbreviation_linked(summary_page):
    mm = [e for e in summary_page["entities"] if e["text"] == "MM"]
    assert mm and all(
        e["concept"] == "MESH:D009101" and e["long_form"] == "multiple myeloma" for e in mm
    )
