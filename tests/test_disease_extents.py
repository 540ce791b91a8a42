"""Disease mentions grown over a type after them and over their guideline's modifiers."""

import pytest
from conftest import assert_offsets

from pipeline.disease_extents import extend_diseases, load_guideline_modifiers
from pipeline.extensions import SpanValues

TEXT = "We studied 40 patients with sporadic aniridia and 12 with sporadic colorectal cancer."


def diseases(doc):
    return [(e.text, e._.concept) for e in doc.ents if e.label_ == "Disease"]


def test_the_default_guideline_leaves_sporadic_out(process):
    """No modifier grows a mention under bc5cdr (the model may still draw one itself:
    BC5CDR has no "sporadic" either way)."""
    found = diseases(process(TEXT))
    assert found[0] == ("aniridia", "MESH:D015783")
    assert [concept for _, concept in found] == ["MESH:D015783", "MESH:D015179"]
    assert "bc5cdr" not in load_guideline_modifiers()


def test_ncbi_disease_puts_sporadic_inside(process_under):
    doc = process_under("ncbi_disease")(TEXT)
    assert diseases(doc) == [
        ("sporadic aniridia", "MESH:D015783"),  # the core's identifiers kept
        ("sporadic colorectal cancer", "MESH:D015179"),
    ]
    assert_offsets(TEXT, doc)


def test_a_type_after_the_name_under_every_guideline(process, process_under):
    text = "The child had Ehlers-Danlos syndrome type 7 and ataxia type 12."
    for doc in (process(text), process_under("ncbi_disease")(text)):
        assert diseases(doc)[-1] == ("ataxia type 12", "MESH:D001259")


def make(nlp_blank, text, spans):
    doc = nlp_blank(text)
    ents = []
    for (s, e), label in spans:
        span = doc.char_span(s, e, label=label)
        SpanValues(span).set("candidates", [("D1", 1.0)])
        ents.append(span)
    doc.ents = ents
    return doc


@pytest.fixture(scope="module")
def nlp_blank():
    import spacy

    return spacy.blank("en")


def test_growth_stops_at_other_entities_and_needs_a_number(nlp_blank):
    text = "ataxia type 3 gene; myopathy type unknown; sporadic tumour"
    doc = make(
        nlp_blank,
        text,
        [((0, 6), "Disease"), ((20, 28), "Disease"), ((52, 58), "Disease")],
    )
    grown = extend_diseases(doc, frozenset({"sporadic"}), type_after=True)
    assert [e.text for e in grown.ents] == ["ataxia type 3", "myopathy", "sporadic tumour"]
    assert grown.ents[0]._.candidates == [("D1", 1.0)] and grown.ents[0]._.grown
    # a word another entity holds stays with it; a chemical does not grow
    doc = make(nlp_blank, "sporadic tumour type 2", [((0, 8), "Chemical"), ((9, 15), "Disease")])
    grown = extend_diseases(doc, frozenset({"sporadic"}), type_after=False)
    assert [e.text for e in grown.ents] == ["sporadic", "tumour"]


def test_a_short_form_grows_over_the_head_noun_after_it(nlp_blank):
    text = "HPT-JT syndrome and Parkinson disease; FAP polyps"
    doc = make(nlp_blank, text, [((0, 6), "Disease"), ((20, 29), "Disease"), ((39, 42), "Disease")])
    grown = extend_diseases(doc, frozenset(), type_after=False, head_after=True)
    # a name that is no short form, and a short form before another word, stay
    assert [e.text for e in grown.ents] == ["HPT-JT syndrome", "Parkinson", "FAP"]
    doc = make(nlp_blank, text, [((0, 6), "Disease")])
    assert [e.text for e in extend_diseases(doc, frozenset(), type_after=True).ents] == ["HPT-JT"]


def test_the_modifier_table_names_known_guidelines():
    modifiers = load_guideline_modifiers()
    assert "sporadic" in modifiers["ncbi_disease"]
    assert "bc5cdr" not in modifiers


def test_a_made_up_guideline_in_the_table_is_an_error(monkeypatch):
    import pipeline.disease_extents as extents

    monkeypatch.setattr(extents, "data_lines", lambda name: ["made_up\tsporadic"])
    with pytest.raises(ValueError, match="unknown guideline 'made_up'"):
        extents.load_guideline_modifiers()
