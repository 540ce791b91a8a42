"""MeSH records newer than a guideline's vocabulary give way to OMIM under that guideline."""

import pytest
from conftest import assert_offsets

TEXT = "Complement C7 deficiency was seen in two sisters, and APRT deficiency in a cousin."


def diseases(doc):
    return [(e.text, e._.concept, e._.ids) for e in doc.ents if e.label_ == "Disease"]


def test_the_default_guideline_keeps_mesh_with_omim_cross_references(process):
    (c7, c7_concept, c7_ids), (aprt, _, aprt_ids) = diseases(process(TEXT))
    # the model may draw "Complement" in ("Complement" is no chemical of its own)
    assert c7 in ("C7 deficiency", "Complement C7 deficiency") and c7_concept == "MESH:C566443"
    assert c7_ids[0] == "MESH:C566443" and "OMIM:610102" in c7_ids
    assert aprt_ids[0] == "MESH:C538228"


@pytest.fixture(scope="module")
def ncbi(process_under):
    return process_under("ncbi_disease")


def test_a_record_newer_than_the_corpus_vocabulary_gives_way_to_omim(ncbi):
    doc = ncbi(TEXT)
    (_, c7_concept, c7_ids), (_, aprt_concept, aprt_ids) = diseases(doc)
    assert c7_concept == "OMIM:610102"
    assert not any(i.startswith("MESH:") for i in c7_ids) and "MONDO:0012412" in c7_ids
    # C538228 is older than the newest record NCBI-disease's gold names: it stays
    assert aprt_concept == "MESH:C538228" and aprt_ids[0] == "MESH:C538228"
    assert_offsets(TEXT, doc)


def test_horizons_only_for_corpora_that_name_diseases_by_omim():
    from pipeline.vocabulary_horizon import horizons, newer_record, scr_number

    limits = horizons()
    assert "bc5cdr" not in limits  # BC5CDR never names a disease by OMIM
    assert limits["ncbi_disease"] == scr_number("C548028")
    assert newer_record("MESH:C566443", limits["ncbi_disease"])
    assert not newer_record("MESH:D009101", limits["ncbi_disease"])
    assert scr_number("C000606551") > scr_number("C582180")  # ten-character UIs come later
