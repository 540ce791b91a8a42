"""The annotation guideline of a document as a model feature: the layer, training with
it, and choosing the guideline the pipeline follows."""

import numpy
import pytest
from spacy.training import Example
from test_lexicon_features import GOLD, TEXT
from test_train import DOCS, NCBI_TRAIN, pubtator

from pipeline.cli import main
from pipeline.guideline_features import (
    GUIDELINES,
    USER_DATA_KEY,
    UnknownGuideline,
    corpus_guideline,
    set_guideline,
)
from pipeline.lexicon_features import USER_DATA_KEY as TAGS_KEY
from pipeline.model_ner import GuidelineCoverage
from pipeline.train import AFFIXES, TRAIN_CORPORA, blank_model, guideline_labels


def test_each_training_corpus_has_its_guideline():
    assert corpus_guideline("bc5cdr/CDR_TrainingSet.PubTator.txt") == "bc5cdr"
    assert corpus_guideline(NCBI_TRAIN) == "ncbi_disease"
    with pytest.raises(ValueError, match="no annotation guideline"):
        corpus_guideline("nlmchem/test.txt")
    assert guideline_labels(TRAIN_CORPORA) == {
        "bc5cdr": ["Chemical", "Disease"],
        "biored": ["Chemical"],
        "ncbi_disease": ["Disease"],
    }
    doc = blank_model().make_doc(TEXT)
    assert set_guideline(doc, "ncbi_disease").user_data[USER_DATA_KEY] == 2
    with pytest.raises(UnknownGuideline):
        set_guideline(doc, "craft")


def test_the_guideline_adds_its_own_columns_to_the_ner_input():
    """8 columns after the tags and affixes, the same for every token of a document and
    different between guidelines; the columns before them do not change."""
    nlp = blank_model(lexicon_tags=True, guidelines=True)

    def doc(guideline):
        d = set_guideline(nlp.make_doc(TEXT), guideline)
        d.user_data[TAGS_KEY] = numpy.zeros(len(d), dtype="i")
        return d

    nlp.initialize(lambda: [Example.from_dict(doc("bc5cdr"), GOLD)])
    features = next(
        n for n in nlp.get_pipe("ner").model.walk() if n.name == "lexicon_aware_tok2vec"
    )
    docs = [doc(g) for g in GUIDELINES[:2]]
    for d in docs:
        nlp.get_pipe("tok2vec")(d)
    bc5cdr, ncbi = features.predict(docs)
    own = 64 + 16 + 16 * len(AFFIXES)
    assert bc5cdr.shape[1] == ncbi.shape[1] == own + 8
    numpy.testing.assert_array_equal(bc5cdr[:, :own], ncbi[:, :own])
    assert (bc5cdr[:, own:] == bc5cdr[0, own:]).all()
    assert (bc5cdr[0, own:] != ncbi[0, own:]).any()


def test_guidelines_come_with_the_dictionary_tags(tmp_path):
    assert main(["train", "--data", str(tmp_path), "--guidelines"]) == 2


def test_a_model_follows_the_guideline_the_pipeline_names(tmp_path, lexicon_dir):
    """Trained on NCBI-disease with guidelines, the model knows that guideline only: the
    pipeline runs it with that one (warning that it learnt diseases only) and refuses
    another, with a usage error in `medlink evaluate`."""
    from conftest import write_test_splits

    from pipeline.ingest import InputDoc, make_doc
    from pipeline.nlp import DEFAULT_CONFIG, load_pipeline

    data = tmp_path / "data"
    write_test_splits(data)
    (data / NCBI_TRAIN).write_text(pubtator(DOCS), encoding="utf-8")
    out = tmp_path / "ner"
    args = ["train", "--data", str(data), "--out", str(out), "--lexicon", str(lexicon_dir)]
    args += ["--corpora", NCBI_TRAIN, "--max-epochs", "1", "--lexicon-tags", "--guidelines"]
    assert main(args) == 0
    config = DEFAULT_CONFIG.read_text().replace('model_dir = "models/ner"', f'model_dir = "{out}"')
    cfg = tmp_path / "pipeline.cfg"
    cfg.write_text(config, encoding="utf-8")
    with pytest.warns(GuidelineCoverage, match="ncbi_disease guideline for Disease only"):
        nlp = load_pipeline(cfg, lexicon_dir, guideline="ncbi_disease")
    doc = nlp(make_doc(nlp, InputDoc("t", "test", TEXT)))
    assert doc.user_data[USER_DATA_KEY] == 1 + GUIDELINES.index("ncbi_disease")
    with pytest.raises(UnknownGuideline, match="learnt the guidelines ncbi_disease"):
        load_pipeline(cfg, lexicon_dir)  # the config's guideline: bc5cdr
    gold = tmp_path / "gold.txt"
    gold.write_text(pubtator(DOCS), encoding="utf-8")
    evaluate = ["evaluate", "--gold", str(gold), "--config", str(cfg)]
    evaluate += ["--lexicon", str(lexicon_dir)]
    assert main(evaluate) == 2
    with pytest.warns(GuidelineCoverage):
        assert main([*evaluate, "--guideline", "ncbi_disease"]) == 0
