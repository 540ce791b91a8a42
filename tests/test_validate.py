"""`medlink validate`: identifier registry, readers, every check, reports and CLI.

Most tests run on a small vocabulary written for them (tests/fixtures/validate/vocab),
compiled with the real lexicon builder; the seed test uses the full lexicon and the
pipeline, and ../shared's summary page.
"""

import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import FIXTURES, shared_path

from pipeline.cli import main
from pipeline.lexicon import load_lexicon
from pipeline.resources.build import build_lexicon
from pipeline.resources.registry import REGISTRY_FILE, IdRegistry
from pipeline.resources.sources import DirectorySource
from pipeline.validate import spans
from pipeline.validate.checks import Context
from pipeline.validate.identifiers import parse_id
from pipeline.validate.markdown_page import parse_entry, read_page
from pipeline.validate.readers import read_documents, sniff
from pipeline.validate.validator import validate

HERE = FIXTURES / "validate"


def _build(vocab: Path, out: Path) -> Context:
    build_lexicon(DirectorySource(vocab), out, force=True, log=lambda _m: None)
    return Context(load_lexicon(out), IdRegistry(out))


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Context]:
    out = tmp_path_factory.mktemp("lexicon") / "lexicon"
    return out, _build(HERE / "vocab", out)


def by_label(results) -> dict[str, set[str]]:
    out = defaultdict(set)
    for r in results:
        for f in r.findings:
            out[f.text].add(f.code)
    return out


@pytest.mark.parametrize(
    "raw, kind, curie, ok",
    [
        ("D009101", "Disease", "MESH:D009101", True),
        ("MESH:D000069286", "Chemical", "MESH:D000069286", True),
        ("mesh:C537514", "Disease", "MESH:C537514", True),
        ("PubChem CID 387447", "Chemical", "PUBCHEM.COMPOUND:387447", True),
        ("taxon 9606", "Species", "NCBITaxon:9606", True),
        ("9606", "Species", "NCBITaxon:9606", True),
        ("MONDO:0009693", "Disease", "MONDO:0009693", True),
        ("MONDO:12", "Disease", "MONDO:12", False),
        ("MESH:X12", "Disease", "MESH:X12", False),
        ("9606", "Disease", "9606", False),
    ],
)
def test_parse_id(raw, kind, curie, ok):
    pid = parse_id(raw, kind)
    assert pid.curie == curie and pid.well_formed is ok


@pytest.mark.parametrize("raw", ["-", "-1", " "])
def test_missing_ids(raw):
    assert parse_id(raw) is None


def test_other_vocabularies_are_kept_but_not_checked():
    pid = parse_id("OMIM:254500", "Disease")
    assert pid.prefix == "OMIM" and not pid.checked


def test_page_entries():
    assert parse_entry("bortezomib (PubChem CID 387447)") == ("bortezomib", ["PubChem CID 387447"])
    assert parse_entry("Homo sapiens (human, species) [taxon 9606]") == (
        "Homo sapiens",
        ["taxon 9606"],
    )
    assert parse_entry("VDT (-)") == ("VDT", ["-"])
    assert parse_entry("IL-6 (interleukin)") == ("IL-6 (interleukin)", [])


def test_read_page():
    doc = read_page(HERE / "page.md")
    assert sniff(HERE / "page.md") == "markdown"
    labels = [(a.text, a.type, a.block) for a in doc.annotations]
    assert ("cisplatin", "Chemical", "Linked entities") in labels
    assert ("-Associated Renal Disease", "Disease", "Full-text entities") in labels
    assert ("Homo sapiens", "Species", "Full-text entities") in labels
    assert len(doc.annotations) == 15
    # the checked text is the prose before the entity blocks, not the blocks themselves
    assert "received thalidomide" in doc.text and "PubChem" not in doc.text
    assert "Not part of the checked text" not in doc.text
    assert doc.meta["title"].startswith("Thalidomide-Associated")


def test_boundaries():
    text = "Skin-Associated Secondary Plasmacytomas were seen."
    problems, better = spans.boundary_problems(text, 4, 39)
    assert problems[0] == "starts with '-'" and better == "Skin-Associated Secondary Plasmacytomas"
    assert spans.boundary_problems("Cisplatin-induced toxicity", 0, 9) == ([], None)
    problems, better = spans.boundary_problems("severe hypertension", 9, 19)
    assert problems == ["cuts the word 'hypertension'"] and better == "hypertension"
    # located mentions prefer whole words and accept a plural ending
    located = spans.locate("plasmacytomas and a plasmacytoma", "plasmacytoma")
    assert (located.start, located.count) == (20, 2)
    assert spans.locate("two plasmacytomas", "plasmacytoma").start == 4
    assert spans.clean("two plasmacytomas", 4, 16, inflected=True)
    assert not spans.clean("two plasmacytomas", 4, 16, inflected=False)


def test_registry_from_directory(small):
    _, ctx = small
    reg = ctx.registry
    assert reg.meta == {"mondo_obsoletes": True, "taxonomy": True}
    assert reg.mesh("C537514").headings == ("D010954",)
    assert reg.mesh("D003643").type == ""  # Death: no Disease/Chemical tree
    assert reg.mesh("D006801").type == "Species"
    assert reg.mondo("0099999").obsolete and reg.mondo("0099999").replaced_by == "0009693"
    assert reg.pubchem("441203") == (("D002945",), ("cisplatin",))  # via ChEBI
    assert reg.taxon("10090") == ("Mus musculus", "house mouse")


def test_up_to_date_lexicon_gets_its_registry(tmp_path):
    out = tmp_path / "lexicon"
    _build(HERE / "vocab", out)
    (out / REGISTRY_FILE).unlink()
    built = (out / "manifest.json").read_text()
    logged = []
    build_lexicon(DirectorySource(HERE / "vocab"), out, log=logged.append)
    assert (out / "manifest.json").read_text() == built  # the lexicon was not rebuilt
    assert IdRegistry(out).counts() == {"mesh": 8, "mondo": 4, "pubchem": 2, "taxon": 2}
    assert any("identifier registry" in m for m in logged)


def test_page_findings(small):
    _, ctx = small
    _, docs = read_documents(HERE / "page.md")
    codes = by_label(validate(list(docs), ctx))
    assert "ML003" in codes["plasmacytoma"]  # obsolete MONDO
    assert "ML005" in codes["cisplatin"]  # another PubChem record than the vocabularies'
    assert "ML001" in codes["myelomatosis"]  # MONDO:123
    assert {"ML031", "ML011"} <= codes["-Associated Renal Disease"]
    assert "ML020" in codes["myeloma"]  # a chemical id on a disease
    assert "ML021" in codes["death"]
    assert "ML050" in codes["TC"]
    assert "ML007" in codes["Mus musculus"]
    assert {"ML041", "ML100"} <= codes["thalidomide"]
    assert "ML040" in codes["kidney disease"]  # MONDO:0005240 vs MESH:D010954
    assert codes["MM"] == {"ML100"}  # acronym of Multiple Myeloma
    assert codes["multiple myeloma"] == {"ML100"}


def test_obsolete_mondo_without_obsolete_list(small, tmp_path):
    vocab = tmp_path / "vocab"
    shutil.copytree(HERE / "vocab", vocab)
    (vocab / "mondo_obsoletes.tsv").unlink()
    ctx = _build(vocab, tmp_path / "lexicon")
    _, docs = read_documents(HERE / "page.md")
    found = [f for r in validate(list(docs), ctx) for f in r.findings if f.text == "plasmacytoma"]
    unknown = [f for f in found if f.code == "ML004"]
    assert unknown and "rebuild" in unknown[0].message


def test_pubtator_findings(small):
    _, ctx = small
    _, docs = read_documents(HERE / "doc.pubtator")
    results = validate(list(docs), ctx)
    first = {f.code for f in results[0].findings}
    assert first == {"ML100"}  # document 1001 is clean
    got = {(f.start, f.code) for f in results[1].findings}
    assert (16, "ML020") in got  # Cisplatin's id on "plasmacytoma"
    assert (30, "ML012") in got  # D999999 is not in MeSH; the label names D013792
    assert (45, "ML030") in got  # offsets that do not give the mention
    assert (62, "ML031") in got  # "cytoma; Pl"
    assert (70, "ML050") in got  # Platinol without id
    suggestion = next(f.suggestion for f in results[1].findings if f.code == "ML050")
    assert "MESH:D002945" in suggestion


def test_bioc_and_records_inputs(small, tmp_path):
    _, ctx = small
    text = "Thalidomide and plasmacytoma."
    bioc = tmp_path / "doc.xml"
    bioc.write_text(
        '<?xml version="1.0"?><collection><source>test</source><document><id>7</id>'
        '<passage><infon key="type">title</infon><offset>0</offset>'
        f"<text>{text}</text>"
        '<annotation id="1"><infon key="type">Chemical</infon>'
        '<infon key="identifier">MESH:D013792</infon>'
        '<location offset="0" length="11"/><text>Thalidomide</text></annotation>'
        '<annotation id="2"><infon key="type">Disease</infon>'
        '<infon key="identifier">MESH:D010954</infon>'
        '<location offset="16" length="11"/><text>plasmacytom</text></annotation>'
        "</passage></document></collection>",
        encoding="utf-8",
    )
    kind, docs = read_documents(bioc)
    assert kind == "bioc"
    results = validate(list(docs), ctx)
    assert {(f.start, f.code) for f in results[0].findings} >= {(0, "ML100"), (16, "ML031")}
    records = tmp_path / "records.jsonl"
    entity = {"text": "plasmacytoma", "start": 16, "end": 28, "type": "Disease"}
    records.write_text(
        json.dumps({"id": "r1", "text": text, "entities": [{**entity, "ids": ["MONDO:0099999"]}]})
        + "\n",
        encoding="utf-8",
    )
    kind, docs = read_documents(records)
    assert kind == "records"
    assert [f.code for r in validate(list(docs), ctx) for f in r.findings] == ["ML003"]


def test_text_option(small, tmp_path):
    _, ctx = small
    body = tmp_path / "full.txt"
    body.write_text("Results. Cases of Thalidomide-Associated Renal Disease, TC and death.")
    _, docs = read_documents(HERE / "page.md", body.read_text())
    (result,) = validate(list(docs), ctx)
    damaged = next(f for f in result.findings if f.code == "ML031")
    assert (damaged.start, damaged.end) == (29, 54)
    found = {f.text for f in result.findings if f.code == "ML032"}
    assert "death" not in found and "TC" not in found and "cisplatin" in found


def test_cli_reports_and_exit_status(small, tmp_path):
    lexicon, _ = small
    out_json, out_html = tmp_path / "f.jsonl", tmp_path / "r.html"
    args = ["--lexicon", str(lexicon), "--no-pipeline", "--json", str(out_json)]
    assert main(["validate", str(HERE / "page.md"), *args, "--html", str(out_html)]) == 1
    findings = [json.loads(x) for x in out_json.read_text(encoding="utf-8").splitlines()]
    assert {"ML003", "ML005", "ML031", "ML050"} <= {f["code"] for f in findings}
    assert all(f["severity"] in ("error", "warning", "info") and f["message"] for f in findings)
    page = out_html.read_text(encoding="utf-8")
    assert "<script src" not in page and "<link" not in page and "-Associated Renal" in page
    clean = tmp_path / "clean.pubtator"
    text = (HERE / "doc.pubtator").read_text(encoding="utf-8")
    clean.write_text(text.split("\n\n")[0] + "\n", encoding="utf-8")
    assert main(["validate", str(clean), *args]) == 0
    assert main(["validate", str(tmp_path / "missing.txt"), *args]) == 2


@pytest.fixture(scope="module")
def full(lexicon_dir) -> Context:
    """The default lexicon; a cache built before the registry existed gets it added."""
    if not (lexicon_dir / REGISTRY_FILE).exists():
        from pipeline.lexicon import default_home
        from pipeline.resources.build import _write_registry
        from pipeline.resources.sources import open_source

        _write_registry(open_source(None, default_home()), lexicon_dir)
    return Context(load_lexicon(lexicon_dir), IdRegistry(lexicon_dir))


def test_seed_page(full, nlp):
    seed = shared_path("seeds", "000_3dfc9e1fc1748592.txt")
    _, docs = read_documents(seed)
    (result,) = validate(list(docs), full, nlp)
    codes = defaultdict(set)
    for f in result.findings:
        codes[(f.text, tuple(f.ids))].add(f.code)
    damaged = next(
        f for f in result.findings if f.code == "ML031" and f.text.startswith("-Associated")
    )
    assert "Skin-Associated Secondary Plasmacytomas" in damaged.suggestion
    assert "ML050" in codes[("VDT", ("-",))]
    linked = [a for a in result.doc.annotations if a.block == "Linked entities"]
    cids = [a for a in linked if a.ids[0].startswith("PubChem CID")]
    mondo = [a for a in linked if a.ids[0].startswith("MONDO:")]
    assert len(cids) == 7 and len(mondo) == 3
    for a in cids + mondo:
        got = codes[(a.text, tuple(a.ids))]
        if a.text == "cisplatin":
            assert "ML005" in got and "ML100" not in got
        else:
            assert "ML100" in got, (a.text, got)
        assert not got & {"ML001", "ML002", "ML003", "ML004", "ML006"}
    note = next(f for f in result.findings if f.code == "ML005")
    assert "441203" in note.message and "several records" in note.message


def test_pipeline_comparison(full, nlp, tmp_path):
    ctx = full
    doc = tmp_path / "cmp.pubtator"
    doc.write_text(
        "1|t|Cisplatin caused nephrotoxicity and hearing loss.\n"
        "1\t0\t9\tCisplatin\tChemical\tD002945\n"
        "1\t10\t16\tcaused\tDisease\tD007674\n\n",
        encoding="utf-8",
    )
    _, docs = read_documents(doc)
    (result,) = validate(list(docs), ctx, nlp)
    got = {(f.code, f.text) for f in result.findings}
    assert ("ML062", "caused") in got
    assert ("ML061", "hearing loss") in got
    assert ("ML100", "Cisplatin") in got and ("ML062", "Cisplatin") not in got
