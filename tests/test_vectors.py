"""Static vectors: floret trained on our own small text, loaded as a spaCy table."""

import pytest

floret = pytest.importorskip("floret")

SENTENCES = [
    "Cisplatin and carboplatin caused nephrotoxicity in the treated rats.",
    "The patient received carboplatin after cisplatin induced renal failure.",
    "Bortezomib with dexamethasone was given for multiple myeloma.",
    "Dexamethasone lowered the inflammation seen after bortezomib.",
]


def test_train_vectors_writes_a_floret_table(tmp_path):
    from spacy.lang.en import English

    from pipeline.vectors import FLORET, train_vectors

    out = tmp_path / "vectors"
    result = train_vectors(SENTENCES * 25, out, log=lambda m: None)
    assert result["tokens"] == 25 * sum(len(s.split()) + 1 for s in SENTENCES)  # words + "."
    nlp = English().from_disk(out)
    vectors = nlp.vocab.vectors
    assert vectors.mode == "floret" and vectors.shape == (FLORET["bucket"], FLORET["dim"])
    # keyed on LOWER, and an unseen word still gets a vector from its subwords
    assert (nlp.vocab["Cisplatin"].vector == nlp.vocab["cisplatin"].vector).all()
    assert nlp.vocab["oxaliplatin"].vector.any()
