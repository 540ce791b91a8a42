"""The cached document text (``pipeline.extensions.doc_text``) is always the Doc's text,
and ``SpanValues`` reads and writes what ``span._`` does."""

import pickle

import spacy
from spacy.tokens import Doc

from pipeline.extensions import TEXT_KEY, SpanValues, doc_text
from pipeline.ingest import InputDoc, make_doc
from pipeline.tokenizer import make_tokenizer

TEXT = "Cisplatin-induced nephrotoxicity (CIN)  was\nnot seen.\n\nHasta  iyileşti. "


def _nlp():
    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    return nlp


def test_doc_text_is_cached_and_equals_doc_text():
    nlp = _nlp()
    doc = make_doc(nlp, InputDoc("t", "test", TEXT))
    assert doc.user_data[TEXT_KEY] is TEXT
    assert doc_text(doc) is TEXT
    assert doc_text(doc) == doc.text


def test_doc_text_of_a_doc_not_made_by_make_doc():
    doc = _nlp()(TEXT)
    assert TEXT_KEY not in doc.user_data
    assert doc_text(doc) == TEXT
    assert doc_text(doc) is doc_text(doc)  # built once
    assert doc_text(_nlp()("")) == ""


def test_doc_text_survives_copies_and_serialisation():
    nlp = _nlp()
    doc = make_doc(nlp, InputDoc("t", "test", TEXT))
    copies = [
        doc.copy(),
        Doc(nlp.vocab).from_bytes(doc.to_bytes()),
        pickle.loads(pickle.dumps(doc)),
    ]
    for other in copies:
        assert doc_text(other) == other.text == TEXT


def test_cache_copied_onto_another_text_is_rebuilt():
    doc = make_doc(_nlp(), InputDoc("t", "test", TEXT))
    for span in (doc[2:9], doc[1:], doc[:-1]):
        part = span.as_doc(copy_user_data=True)
        assert part.user_data[TEXT_KEY] == TEXT  # spaCy copied the cache along
        assert doc_text(part) == part.text == span.text_with_ws


def test_pipeline_records_use_the_doc_text(nlp):
    text = "Haloperidol-induced dyskinesia (HID) in a patient.\n\nNo HID recurred. "
    from_make_doc = nlp(make_doc(nlp, InputDoc("t", "test", text)))._.record
    from_text = nlp(text)._.record
    assert from_make_doc["text"] == from_text["text"] == text
    assert from_make_doc["entities"] == from_text["entities"]
    for ent in from_text["entities"]:
        assert text[ent["start"] : ent["end"]] == ent["text"]


def test_span_values_are_the_values_of_span_underscore():
    """SpanValues relies on spaCy's user_data key for span extensions: a spaCy that
    keys them otherwise must fail here, not silently lose values."""
    from spacy.tokens import Span

    if not Span.has_extension("medlink_test_list"):
        Span.set_extension("medlink_test_list", default=[])
    doc = make_doc(_nlp(), InputDoc("d", "", TEXT))
    span, same_offsets = doc[0:3], Span(doc, 0, 3, label="Chemical")
    span._.concept = "MESH:D002945"
    assert SpanValues(same_offsets).get("concept") == "MESH:D002945"
    SpanValues(doc[4:5]).set("match_kind", "abbreviation")
    assert doc[4:5]._.match_kind == "abbreviation"
    assert SpanValues(doc[1:2]).get("ids") is None  # the registered default
    values = SpanValues(doc[1:2])
    values.get("medlink_test_list").append("x")  # a mutable default is kept, as by spaCy
    assert doc[1:2]._.medlink_test_list == ["x"]


def test_span_values_refuse_an_unregistered_name():
    import pytest

    doc = make_doc(_nlp(), InputDoc("d", "", TEXT))
    with pytest.raises(AttributeError):
        SpanValues(doc[0:1]).get("no_such_extension")
