"""Misspelt chemical names linked through the name one edit away."""

import pytest

from pipeline.lexicon import load_lexicon
from pipeline.spelling import SpellingLinker, edits


def test_edits_are_one_step_away():
    forms = edits("abc")
    assert {"bc", "bac", "xbc", "abcd", "a bc"} <= forms
    assert "abc" not in forms and "cba" not in forms


@pytest.fixture(scope="module")
def respell(lexicon_dir):
    lexicon = load_lexicon(lexicon_dir)
    linker = SpellingLinker(lexicon)

    def curie(name, label="Chemical"):
        found = linker(name, label)
        return lexicon.concepts[found[0]].curie if found else None

    return curie


def test_misspelt_and_glued_names(respell):
    assert respell("amphothericin B") == "MESH:D000666"  # a letter too many
    assert respell("apomophine") == "MESH:D001058"  # one missing
    assert respell("ethinylestradiol") == "MESH:D004997"  # a space missing
    assert respell("tri-iodo-thyronine") == "MESH:D014284"  # hyphens in a one-word name


def test_short_names_codes_and_other_types_are_never_respelt(respell):
    assert respell("cocaie") is None  # under eight letters
    assert respell("SR 48,969") is None  # digits: another code, not a typo
    assert respell("apomophine", "Disease") is None  # no disease of that spelling


def test_the_pipeline_links_a_misspelt_drug(process):
    doc = process("Apomophine (2 mg/kg) reversed the akinesia.")
    ents = {e.text: e._.concept for e in doc.ents}
    assert ents.get("Apomophine") == "MESH:D001058"


def test_an_unknown_type_to_respell_is_an_error():
    import spacy

    import pipeline.normaliser  # noqa: F401  (registers the factory)

    with pytest.raises(ValueError, match="unknown entity types"):
        spacy.blank("en").add_pipe("medlink_normaliser", config={"respell": ["Chemicals"]})
