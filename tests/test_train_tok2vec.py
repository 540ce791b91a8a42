"""`medlink train pretrain` and `train model --init-tok2vec`: a tok2vec pretrained on text."""

import spacy
from spacy.training import Example
from test_train import DOCS, NCBI_TRAIN, pubtator

from pipeline.cli import main
from pipeline.train import blank_model, load_tok2vec

TEXT = "Cisplatin caused nephrotoxicity."
GOLD = {"entities": [(0, 9, "Chemical"), (17, 31, "Disease")]}


def initialized(seed: int):
    spacy.util.fix_random_seed(seed)
    nlp = blank_model()
    nlp.initialize(lambda: [Example.from_dict(nlp.make_doc(TEXT), GOLD)])
    return nlp


def test_load_tok2vec_replaces_the_initial_weights(tmp_path):
    """The weights file is what spaCy pretrain writes: the tok2vec model's bytes."""
    pretrained = initialized(1).get_pipe("tok2vec").model.to_bytes()
    (tmp_path / "tok2vec.bin").write_bytes(pretrained)
    nlp = initialized(0)
    assert nlp.get_pipe("tok2vec").model.to_bytes() != pretrained
    load_tok2vec(nlp, tmp_path / "tok2vec.bin")
    assert nlp.get_pipe("tok2vec").model.to_bytes() == pretrained
    assert nlp(TEXT)  # the ner's listener reads the loaded layer


def test_train_from_pretrained_tok2vec(tmp_path, lexicon_dir):
    weights = tmp_path / "tok2vec.bin"
    weights.write_bytes(initialized(1).get_pipe("tok2vec").model.to_bytes())
    from conftest import write_test_splits

    data = tmp_path / "data"
    write_test_splits(data)
    (data / NCBI_TRAIN).write_text(pubtator(DOCS), encoding="utf-8")
    out = tmp_path / "ner"
    args = ["train", "--data", str(data), "--out", str(out), "--lexicon", str(lexicon_dir)]
    args += ["--corpora", NCBI_TRAIN, "--max-epochs", "1"]
    assert main(args + ["--init-tok2vec", str(weights)]) == 0
    assert spacy.load(out).get_pipe("ner").labels == ("Disease",)
    assert main(args + ["--init-tok2vec", str(tmp_path / "absent.bin")]) == 2


SENTENCES = [
    "Cisplatin and carboplatin caused nephrotoxicity in the treated rats.",
    "The patient received carboplatin after cisplatin induced renal failure.",
    "Bortezomib with dexamethasone was given for multiple myeloma.",
]


def test_pretrain_is_reproducible_and_loads_into_the_model(tmp_path):
    """`medlink train pretrain`: same texts and seed, same weights; they fit the model."""
    from pipeline.train import pretrain_tok2vec

    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    result = pretrain_tok2vec(SENTENCES * 10, first, epochs=1, log=lambda m: None)
    assert result["words_per_epoch"] == 10 * sum(len(s.split()) + 1 for s in SENTENCES)
    pretrain_tok2vec(SENTENCES * 10, second, epochs=1, log=lambda m: None)
    assert first.read_bytes() == second.read_bytes()
    nlp = initialized(0)
    load_tok2vec(nlp, first)
    assert nlp.get_pipe("tok2vec").model.to_bytes() == first.read_bytes()


def test_pretrain_needs_text(tmp_path):
    assert main(["train", "pretrain", "--data", str(tmp_path)]) == 2
    assert main(["train", "terms", "--data", str(tmp_path), "--init-tok2vec", "x.bin"]) == 2
