"""Accuracy floors on the first 50 BC5CDR dev abstracts (skipped without ../shared).

The lexicon-only profile (`--profile fast`) is scored: the shipped NER model was
trained on BC5CDR train+dev, so the default pipeline's dev figures would flatter
it. The floors sit a little under the measured figures (chemical NER 0.875, concept
0.824; disease NER 0.839, concept 0.857) so that a change that costs accuracy fails.
"""

import pytest
from conftest import shared_path

FLOORS = {
    "Chemical": {"ner": 0.85, "concept": 0.80},
    "Disease": {"ner": 0.81, "concept": 0.83},
}


@pytest.fixture(scope="module")
def fast_nlp(lexicon_dir):
    from pipeline.nlp import load_pipeline

    return load_pipeline(lexicon_dir=lexicon_dir, profile="fast")


def test_bc5cdr_dev_slice_floors(fast_nlp):
    from pipeline.evaluate import evaluate

    gold = shared_path("data", "bc5cdr", "CDR_DevelopmentSet.PubTator.txt")
    report = evaluate(fast_nlp, gold, limit=50)
    for etype, floors in FLOORS.items():
        for measure, floor in floors.items():
            got = report[etype][measure]["f1"]
            assert got >= floor, f"{etype} {measure} F1 {got:.3f} fell below {floor}"


def test_default_pipeline_runs_the_model_and_links_its_mentions(nlp):
    """The default config puts the trained model before the dictionary stage."""
    from pipeline.ingest import InputDoc, make_doc

    assert nlp.pipe_names.index("medlink_model_ner") < nlp.pipe_names.index("medlink_lexicon_ner")
    text = "Cisplatin-induced nephrotoxicity was seen in patients with breast and ovarian cancer."
    doc = nlp(make_doc(nlp, InputDoc("r", "test", text)))
    found = {(e.text, e.label_): e for e in doc.ents}
    assert ("Cisplatin", "Chemical") in found
    assert ("nephrotoxicity", "Disease") in found
    composite = found[("breast and ovarian cancer", "Disease")]
    assert {"MESH:D001943", "MESH:D010051"} <= set(composite._.ids)
    for e in doc.ents:
        assert text[e.start_char : e.end_char] == e.text
