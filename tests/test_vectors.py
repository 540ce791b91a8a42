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


def test_model_with_static_vectors_runs_on_the_pipelines_docs(tmp_path):
    """The model reads static vectors from the Doc's vocab, which is the pipeline's."""
    import numpy
    from spacy.lang.en import English
    from spacy.training import Example

    from pipeline.model_ner import ModelNER
    from pipeline.train import blank_model

    table = English()
    for word in ("Cisplatin", "caused", "nephrotoxicity", "."):
        table.vocab.set_vector(word, numpy.ones(8, dtype="float32"))
    table.to_disk(tmp_path / "vectors")
    model = blank_model(vectors=tmp_path / "vectors")
    text = "Cisplatin caused nephrotoxicity."
    gold = {"entities": [(0, 9, "Chemical"), (17, 31, "Disease")]}
    model.initialize(lambda: [Example.from_dict(model.make_doc(text), gold)])
    model.to_disk(tmp_path / "ner")

    pipeline_nlp = English()  # another vocab, without vectors, as in load_pipeline()
    ner = ModelNER(pipeline_nlp, str(tmp_path / "ner"), ["Chemical", "Disease"])
    doc = ner(pipeline_nlp.make_doc(text))
    assert all(e.label_ in ("Chemical", "Disease") for e in doc.ents)
    assert pipeline_nlp.vocab.vectors.shape == model.vocab.vectors.shape
