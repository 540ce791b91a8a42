"""Format readers and sniffing, on small files written for these tests (plus broken ones)."""

import gzip
import shutil

import pytest
from conftest import FIXTURES, shared_path

from pipeline.formats.bioc import iter_bioc
from pipeline.ingest import Deletion, InputDoc, InputError
from pipeline.readers import InputFile, read_file, sniff
from pipeline.readers.xmlchunks import iter_chunks

R = FIXTURES / "readers"


def items(path, max_bytes=1 << 20, doc_id=None):
    return list(read_file(InputFile(path, doc_id or path.stem, path.stat().st_size), max_bytes))


def docs(found):
    return [i for i in found if isinstance(i, InputDoc)]


def errors(found):
    return {(e.record_id, e.reason) for e in found if isinstance(e, InputError)}


def check_passages(doc):
    for p in doc.extra.get("passages", []):
        assert 0 <= p["start"] < p["end"] <= len(doc.text)


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("pubmed_sample.xml", "pubmed"),
        ("article.nxml", "jats"),
        ("bioc_sample.xml", "bioc"),
        ("bioc_sample.json", "bioc"),
        ("bioc_lines.json", "bioc"),
        ("pubtator_sample.txt", "pubtator"),
        ("docs.jsonl", "jsonl"),
        ("note.txt", "text"),
    ],
)
def test_sniffing_uses_content_not_extension(tmp_path, name, fmt):
    src = R / name
    assert sniff(InputFile(src, "x")) == fmt
    renamed = tmp_path / "input.dat"
    with open(src, "rb") as fh, gzip.open(renamed, "wb") as gz:
        shutil.copyfileobj(fh, gz)
    assert sniff(InputFile(renamed, "x")) == fmt


def test_pubmed_structured_abstract_other_abstract_and_deletions():
    found = items(R / "pubmed_sample.xml")
    got = docs(found)
    assert [d.id for d in got] == ["90000001", "90000002", "90000005"]
    first = got[0]
    assert first.text == (
        "Cisplatin nephrotoxicity in children.\n\n"
        "BACKGROUND: Cisplatin may cause acute kidney injury.\n"
        "RESULTS: Twelve patients developed hypomagnesemia."
    )
    assert first.extra["journal"] == "Journal of Invented Examples"
    assert first.extra["doi"] == "10.9999/example.1" and first.extra["year"] == "2021"
    labels = [p.get("label") for p in first.extra["passages"]]
    assert labels == [None, "BACKGROUND", "RESULTS"]
    second = got[1]
    other = [p for p in second.extra["passages"] if p["type"] == "other_abstract"]
    assert [p["language"] for p in other] == ["tur", "tur"]
    assert (
        second.text[other[0]["start"] : other[0]["end"]] == "AMAÇ: Aspirin inme sıklığını azalttı."
    )
    assert second.text.endswith(
        "\n\nAMAÇ: Aspirin inme sıklığını azalttı.\nSONUÇ: Hastalarda kanama görülmedi."
    )
    assert got[2].extra["pmid_version"] == "2"
    for d in got:
        check_passages(d)
    assert errors(found) == {("90000003", "malformed_xml"), ("90000004", "empty")}
    assert [i.id for i in found if isinstance(i, Deletion)] == ["80000001", "80000002"]


def test_pubmed_gzip_truncated_and_bad_encoding(tmp_path):
    data = (R / "pubmed_sample.xml").read_bytes()
    gz = tmp_path / "pubmed26n0001.xml.gz"
    gz.write_bytes(gzip.compress(data))
    assert [d.id for d in docs(items(gz))] == ["90000001", "90000002", "90000005"]
    bad = tmp_path / "bad.xml"
    cut = b"<PubmedArticle><MedlineCitation><PMID>90000009</PMID><Article><ArticleTitle>Cut"
    bad.write_bytes(data.replace(b"Twelve", b"Tw\xe9lve").replace(b"</PubmedArticleSet>", cut))
    found = items(bad)
    assert [d.id for d in docs(found)] == ["90000002", "90000005"]
    assert {("90000001", "encoding"), ("90000009", "malformed_xml")} <= errors(found)


def test_pubmed_oversized_record_is_skipped_and_the_next_one_read(tmp_path):
    data = (R / "pubmed_sample.xml").read_bytes()
    big = tmp_path / "big.xml"
    big.write_bytes(data.replace(b"acute kidney injury.", b"acute kidney injury. " + b"x" * 5000))
    found = items(big, max_bytes=2000)
    assert ("90000001", "oversized") in errors(found)
    assert [d.id for d in docs(found)] == ["90000002", "90000005"]


def test_chunker_bounds_memory_and_recovers_from_an_unclosed_record():
    import io

    stream = io.BytesIO(b"<set><a>1</a><a>2<a>3</a>" + b"<a>" + b"y" * 300 + b"</a><a>4</a></set>")
    chunks = list(iter_chunks(stream, ("a",), max_bytes=100))
    assert [(c.data[:5], c.problem) for c in chunks] == [
        (b"<a>1<", None),
        (b"<a>2", "unclosed"),
        (b"<a>3<", None),
        (b"<a>yy", None),  # complete in one buffer: the reader checks its size
        (b"<a>4<", None),
    ]


def test_jats_sections_captions_and_metadata():
    (doc,) = items(R / "article.nxml")
    assert doc.id == "PMC9000010"
    assert doc.text.split("\n\n") == [
        "Lithium toxicity in an elderly patient",
        "Abstract",
        "Background",
        "Lithium is used for bipolar disorder.",
        "Conclusion",
        "Monitor serum levels.",
        "Introduction",
        "Lithium toxicity causes tremor [1].",
        "Case",
        "A 78-year-old woman had confusion.",
        "Figure 1: Serum lithium over time.",
        "Table 1: Laboratory values.",
        "Discussion",
        "Dehydration raised the level .",
    ]
    assert doc.extra["pmid"] == "90000010" and doc.extra["journal"] == "Invented Clinical Reports"
    caps = [p for p in doc.extra["passages"] if p["type"].endswith("caption")]
    assert [(p["type"], p["section"]) for p in caps] == [
        ("fig_caption", "Case"),
        ("table_caption", "Case"),
    ]
    check_passages(doc)
    (err,) = items(R / "broken.nxml")
    assert isinstance(err, InputError) and err.reason == "malformed_xml"
    assert err.record_id == "broken"


def test_bioc_xml_offsets_and_an_isolated_broken_document():
    found = items(R / "bioc_sample.xml")
    got = docs(found)
    assert [d.id for d in got] == ["1001", "1003"]
    assert (
        got[0].text
        == "Haloperidol and fever. A patient given haloperidol developed neuroleptic malignant syndrome."
    )
    assert got[1].text == "Valproate and liver. Hepatotoxicity was seen."
    assert errors(found) == {("1002", "malformed_xml")}


def test_iter_bioc_annotations_xml_and_json():
    (d1, _, d3) = [d for d in _bioc_without_broken()]
    assert d1.id == "1001" and d1.meta["collection"]["source"] == "medlink-tests"
    ann = d1.annotations
    assert [(a.start, a.end, a.type, a.ids) for a in ann] == [
        (0, 11, "Chemical", ["D006220"]),
        (39, 50, "Chemical", ["D006220"]),
        (61, 91, "Disease", ["MESH:D009459", "D005334"]),
    ]
    assert ann[2].locations == [(61, 11), (83, 8)]
    for a in ann:
        for off, n in a.locations:
            assert d1.text[off : off + n] in a.text
    assert d1.meta["relations"][0]["nodes"][0] == {"refid": "0", "role": "Chemical"}
    assert [p.label for p in d3.passages] == ["title"]
    j1, j2 = iter_bioc(R / "bioc_sample.json")
    assert j1.text == "Warfarin bleeding.  Bleeding followed warfarin."
    assert [j1.text[a.start : a.end] for a in j1.annotations] == ["Warfarin", "warfarin"]
    assert j2.id == "2002"
    assert [d.text for d in iter_bioc(R / "bioc_lines.json")] == ["Per-line BioC.", "Another one."]


def _bioc_without_broken(tmp=None):
    from pipeline.formats.bioc import iter_bioc_xml

    text = (R / "bioc_sample.xml").read_text().replace("<b>markup.", "markup.")
    import io

    return list(iter_bioc_xml("mem", io.BytesIO(text.encode())))


def test_iter_bioc_on_the_biored_dev_file():
    path = shared_path("data", "biored", "Dev.BioC.XML")
    got = list(iter_bioc(path))
    assert len(got) == 100
    for d in got:
        for a in d.annotations:
            assert d.text[a.start : a.end] == a.text


def test_pubtator_jsonl_and_text():
    found = items(R / "pubtator_sample.txt")
    assert [d.text for d in docs(found)] == [
        "Amiodarone and thyroid dysfunction. Hypothyroidism developed after amiodarone.",
        "Second title. Second abstract text.",
    ]
    found = items(R / "docs.jsonl")
    got = docs(found)
    assert [d.id for d in got] == ["j1", "j2", "docs:7"]
    assert got[0].extra == {"journal": "Invented"}
    assert got[1].text == "Statins and myopathy\n\nMyopathy occurred with simvastatin."
    assert got[1].extra["year"] == 2020
    assert errors(found) == {
        ("docs:3", "malformed_json"),
        ("j4", "empty"),
        ("docs:5", "malformed_json"),
    }
    (note,) = items(R / "note.txt")
    assert note.id == "note" and note.text == "Aspirin relieved the headache.\n"


def test_jsonl_bad_line_encoding_and_long_line(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_bytes(
        b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "'
        + b"z" * 500
        + b'"}\n{"id": "c", "text": "ok"}\n'
    )
    found = items(p, max_bytes=200)
    assert [d.id for d in docs(found)] == ["c"]
    assert errors(found) == {("x:1", "encoding"), ("x:2", "oversized")}


def test_unknown_xml_is_reported(tmp_path):
    p = tmp_path / "thing.xml"
    p.write_text("<?xml version='1.0'?><svg><g/></svg>")
    (err,) = items(p)
    assert err.reason == "unsupported_format"


def test_document_ids_drop_gz_and_the_extension(tmp_path):
    from pipeline.ingest import expand_inputs

    (tmp_path / "sub").mkdir()
    for name in ("a.txt.gz", "sub/b.nxml.gz", "sub/c.v2.txt", ".hidden.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert [i for _, i in expand_inputs([tmp_path])] == ["a", "sub/b", "sub/c.v2"]
    assert [i for _, i in expand_inputs([tmp_path / "a.txt.gz"])] == ["a"]


@pytest.mark.parametrize("name", ["pubtator_sample.txt", "bioc_sample.json", "bioc_lines.json"])
def test_gzipped_pubtator_and_bioc_json_read_like_the_plain_files(tmp_path, name):
    plain = items(R / name)
    packed = tmp_path / "input.gz"
    packed.write_bytes(gzip.compress((R / name).read_bytes()))
    assert [(d.id, d.text) for d in docs(items(packed))] == [(d.id, d.text) for d in docs(plain)]
    assert docs(plain)

    truncated = tmp_path / "cut.gz"
    truncated.write_bytes(packed.read_bytes()[: len(packed.read_bytes()) // 2])
    found = items(truncated)
    assert "encoding" in {e.reason for e in found if isinstance(e, InputError)}, found
