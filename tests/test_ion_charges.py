"""An ion's charge in or out of its mention, by the guideline the NER model follows."""

import pytest
from conftest import assert_offsets


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
    assert_offsets(TEXT, doc)


def test_a_guideline_that_keeps_the_charge(biored):
    assert chemicals(biored(TEXT))[0] == ("Ca(2+)", "MESH:D002118")


def test_unknown_guidelines_are_refused(nlp):
    from spacy.lang.en import English

    from pipeline import ion_charges  # noqa: F401

    with pytest.raises(ValueError, match="unknown guidelines"):
        English().add_pipe("medlink_ion_charges", config={"charge_outside": ["pubtator"]})


def test_evaluate_scores_each_type_under_its_own_guideline(lexicon_dir, tmp_path):
    """`--guideline Chemical=biored`: chemicals as BioRED draws them, diseases under the
    config's guideline, from one gold file."""
    import json

    from pipeline.cli import main
    from pipeline.model_ner import GuidelineCoverage

    text = "Intracellular Ca(2+) rose in hypertension."
    gold = tmp_path / "gold.txt"
    gold.write_text(
        f"1|t|{text}\n1|a|\n1\t14\t20\tCa(2+)\tChemical\tD002118\n"
        "1\t29\t41\thypertension\tDisease\tD006973\n",
        encoding="utf-8",
    )
    base = ["evaluate", "--gold", str(gold), "--lexicon", str(lexicon_dir), "--json"]
    assert main([*base, str(tmp_path / "config.json")]) == 0
    with pytest.warns(GuidelineCoverage):
        assert main([*base, str(tmp_path / "typed.json"), "--guideline", "Chemical=biored"]) == 0
    config = json.loads((tmp_path / "config.json").read_text())
    typed = json.loads((tmp_path / "typed.json").read_text())
    assert config["Chemical"]["ner"]["f1"] == 0.0  # "Ca" under bc5cdr
    assert typed["Chemical"]["ner"]["f1"] == 1.0
    assert typed["Disease"] == config["Disease"]
    assert main([*base, str(tmp_path / "x.json"), "--guideline", "Gene=biored"]) == 2
