"""Names the followed guideline's corpus rarely annotates are dropped, from any stage."""

import pytest

from pipeline.guideline_stops import drop_stopped, load_guideline_stops


def test_the_data_file_names_known_guidelines_only():
    stops = load_guideline_stops()
    assert set(stops) <= {"bc5cdr", "ncbi_disease", "biored"}
    # BC5CDR marks none of its "lipid" matches on its training split, BioRED all
    assert ("lipid", "Chemical") in stops["bc5cdr"]
    assert ("lipid", "Chemical") not in stops.get("biored", frozenset())


@pytest.fixture(scope="module")
def blank():
    import spacy

    return spacy.blank("en")


def test_drop_stopped_matches_the_term_key_and_type(blank):
    doc = blank("Serum Lipids and lipid peroxidation; lipid nephrosis.")
    spans = (((6, 12), "Chemical"), ((17, 22), "Chemical"), ((37, 52), "Disease"))
    doc.ents = [doc.char_span(start, end, label=label) for (start, end), label in spans]
    drop_stopped(doc, frozenset({("lipid", "Chemical"), ("lipids", "Chemical")}))
    assert [(e.text, e.label_) for e in doc.ents] == [("lipid nephrosis", "Disease")]


def test_only_under_the_guideline_whose_corpus_stops_it(blank):
    import pipeline.guideline_stops  # noqa: F401  (registers the factory)
    from pipeline.guideline_features import set_guideline

    stage = blank.add_pipe("medlink_guideline_stops")
    kept = {}
    for guideline in ("bc5cdr", "biored", None):
        doc = blank.make_doc("Serum lipid levels rose.")
        doc.ents = [doc.char_span(6, 11, label="Chemical")]
        if guideline:
            set_guideline(doc, guideline)
        kept[guideline] = [e.text for e in stage(doc).ents]
    assert kept == {"bc5cdr": [], "biored": ["lipid"], None: ["lipid"]}


def test_the_pipeline_under_bc5cdr_marks_no_lipid(process):
    doc = process("Dietary lipid intake and serum lipid levels were measured in 40 rats.")
    assert [e.text for e in doc.ents if e.label_ == "Chemical"] == []
