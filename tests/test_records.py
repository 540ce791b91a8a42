import copy

import pytest

from pipeline.records import RecordError, validate_record

TEXT = (
    "Abstract\nA 35-year-old woman with multiple myeloma (MM) received bortezomib and "
    "dexamethasone. MM relapsed.\n Özet\nMultipl myelom tanılı hastaya bortezomib ve deksametazon verildi.\n"
)


@pytest.fixture(scope="module")
def record(process):
    return process(TEXT, "rec-1")._.record


def test_record_is_schema_valid_and_offsets_hold(record):
    validate_record(record)
    assert record["id"] == "rec-1" and record["text"] == TEXT
    assert len(record["text_sha256"]) == 64
    for e in record["entities"]:
        assert TEXT[e["start"] : e["end"]] == e["text"]
        sent = record["sentences"][e["sentence"]]
        assert sent["start"] <= e["start"] and e["end"] <= sent["end"]
        sec = record["sections"][e["section"]]
        assert sec["start"] <= e["start"] < sec["end"]


def test_sections_languages_and_sentences(record):
    assert [(s["name"], s["language"]) for s in record["sections"]] == [
        ("Abstract", "en"),
        ("Özet", "tr"),
    ]
    tr_entities = [e for e in record["entities"] if e["language"] == "tr"]
    assert {e["text"] for e in tr_entities} >= {"bortezomib"}
    assert len(record["sentences"]) >= 4


def test_concept_summary_counts_mentions(record):
    summary = {c["concept"]: c for c in record["concepts"]}
    mm = summary["MESH:D009101"]
    # the Turkish "Multipl myelom" is linked too (medlink_turkish_ner)
    assert mm["mentions"] == 4 and set(mm["texts"]) == {"multiple myeloma", "MM", "Multipl myelom"}
    assert "PUBCHEM.COMPOUND:387447" in summary["MESH:D000069286"]["ids"]
    assert summary["MESH:D000069286"]["mentions"] == 2


def test_validation_rejects_bad_offsets_and_ids(record):
    bad = copy.deepcopy(record)
    bad["entities"][0]["start"] += 1
    with pytest.raises(RecordError, match="offsets"):
        validate_record(bad)
    bad = copy.deepcopy(record)
    bad["entities"][0]["ids"] = ["mesh:D009101"]
    with pytest.raises(RecordError, match="schema"):
        validate_record(bad)
