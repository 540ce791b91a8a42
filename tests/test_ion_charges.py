"""An ion's charge in or out of its mention, by the guideline the NER model follows."""

import pytest


def chemicals(doc):
    return [(e.text, e._.concept) for e in doc.ents if e.label_ == "Chemical"]


TEXT = "Intracellular [Ca(2+)](i) rose while K(+) and Na+ fell; Ca2+ stayed high."


def test_the_default_guideline_leaves_the_charge_out(process):
    doc = process(TEXT)
    assert chemicals(doc) == [
        ("Ca", "MESH:D002118"),
        ("K", "MESH:D011188"),
        ("Na", "MESH:D012964"),
        ("Ca2+", "MESH:D002118"),  # one token "Ca2": nothing to trim to
    ]
    for ent in doc.ents:
        assert TEXT[ent.start_char : ent.end_char] == ent.text


@pytest.fixture(scope="module")
def biored(lexicon_dir):
    from pipeline.ingest import InputDoc, make_doc
    from pipeline.model_ner import GuidelineCoverage
    from pipeline.nlp import load_pipeline

    with pytest.warns(GuidelineCoverage):  # biored was learnt for chemicals only
        nlp = load_pipeline(lexicon_dir=lexicon_dir, guideline="biored")
    return lambda text: nlp(make_doc(nlp, InputDoc("t", "test", text)))


def test_a_guideline_that_keeps_the_charge(biored):
    assert chemicals(biored(TEXT))[0] == ("Ca(2+)", "MESH:D002118")


def test_unknown_guidelines_are_refused(nlp):
    from spacy.lang.en import English

    from pipeline import ion_charges  # noqa: F401

    with pytest.raises(ValueError, match="unknown guidelines"):
        English().add_pipe("medlink_ion_charges", config={"charge_outside": ["pubtator"]})
