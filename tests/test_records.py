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


def _mutations(record):
    """Copies of a valid record, each changed in a nullable (oneOf with null) field."""
    entity = next(e for e in record["entities"] if e["concept"])
    i = record["entities"].index(entity)
    for concept in (None, "mesh:D009101", 7, {"id": "MESH:D009101"}):
        bad = copy.deepcopy(record)
        bad["entities"][i]["concept"] = concept
        yield bad
    patient = {"age": 35, "age_unit": "year", "sex": "female", "text": "x", "start": 0, "end": 1}
    for value in (None, patient, {**patient, "age": -1}, {"age": 35}, [], "35F"):
        bad = copy.deepcopy(record)
        bad.setdefault("case", {}).update(
            {"patient": value, "labs": [], "treatments": [], "regimens": []}
        )
        bad["case"].update({"procedures": [], "outcomes": []})
        yield bad


def test_validation_agrees_with_reference_jsonschema(record):
    """jsonschema-rs must accept and reject exactly what the reference Python
    implementation does, nullable and nested fields included."""
    import jsonschema

    from pipeline.records import _validator, record_schema

    reference = jsonschema.validators.validator_for(record_schema())(record_schema())
    verdicts = []
    for candidate in _mutations(record):
        ok = _validator().is_valid(candidate)
        assert ok == reference.is_valid(candidate)
        verdicts.append(ok)
    assert True in verdicts and False in verdicts


def test_schema_error_names_the_failing_path(record):
    bad = copy.deepcopy(record)
    bad["entities"][1]["start"] = -1
    with pytest.raises(RecordError, match=r"schema: entities/1/start: -1 is less than"):
        validate_record(bad)


def test_record_line_is_the_json_module_text(record):
    """The writer's orjson line is byte for byte what json.dumps gives (UTF-8 kept,
    compact), also for NumPy scalars and non-string keys."""
    import json

    import numpy as np

    from pipeline.writer import dumps

    extra = {"score": np.float64(0.25), "n": np.int64(3), 7: "seven", "ö": ["İ", None, 1.5]}
    for obj in (record, {**record, "metadata": extra}):
        plain = json.loads(json.dumps(obj, ensure_ascii=False, default=lambda x: x.item()))
        assert dumps(obj) == json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


def test_record_names_the_model_that_produced_it(record, lexicon_dir):
    """The statistical NER's weights are part of what made a record: their digest is in
    it (the config digest alone misses retrained weights); no model, no digest."""
    from pipeline.ingest import InputDoc, make_doc
    from pipeline.model_ner import resolve_model_dir
    from pipeline.nlp import load_pipeline
    from pipeline.resources.sources import sha256_tree

    assert record["pipeline"]["model_sha256"] == sha256_tree(resolve_model_dir("models/ner"))
    fast = load_pipeline(lexicon_dir=lexicon_dir, profile="fast")
    doc = fast(make_doc(fast, InputDoc("rec-2", "test", TEXT)))
    assert "model_sha256" not in doc._.record["pipeline"]
    broken = copy.deepcopy(record)
    broken["pipeline"]["model_sha256"] = "not a digest"
    with pytest.raises(RecordError):
        validate_record(broken)
