"""`medlink train --corpora`: a model trained on chosen training corpora only."""

import json

import pytest
import spacy

from pipeline.cli import main
from pipeline.train import TRAIN_CORPORA, select_corpora

NCBI_TRAIN = "ncbi_disease/NCBItrainset_corpus.txt"
BC5CDR_TRAIN = "bc5cdr/CDR_TrainingSet.PubTator.txt"

# made-up abstracts in PubTator form, NCBI-disease's mention types
DOCS = [
    ("1", "Cystic fibrosis in two siblings.", "Both children had cystic fibrosis and asthma."),
    ("2", "Familial breast cancer.", "Breast cancer and ovarian cancer ran in the family."),
]


def pubtator(docs) -> str:
    blocks = []
    for pmid, title, abstract in docs:
        text = f"{title} {abstract}"
        lines = [f"{pmid}|t|{title}", f"{pmid}|a|{abstract}"]
        for name in ("cystic fibrosis", "asthma", "breast cancer", "ovarian cancer"):
            start = text.lower().find(name)
            while start >= 0:
                end = start + len(name)
                lines.append(f"{pmid}\t{start}\t{end}\t{text[start:end]}\tSpecificDisease\t-1")
                start = text.lower().find(name, end)
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def test_select_corpora():
    assert select_corpora([NCBI_TRAIN]) == {NCBI_TRAIN: ("Disease",)}
    assert select_corpora([BC5CDR_TRAIN + ":Chemical", NCBI_TRAIN]) == {
        BC5CDR_TRAIN: ("Chemical",),
        NCBI_TRAIN: ("Disease",),
    }
    named = [f"{rel}:{','.join(labels)}" for rel, labels in TRAIN_CORPORA.items()]
    assert select_corpora(named) == TRAIN_CORPORA
    with pytest.raises(ValueError, match="unknown corpus"):
        select_corpora(["ncbi_disease/NCBItestset_corpus.txt"])  # never a test split
    with pytest.raises(ValueError, match="annotates Disease"):
        select_corpora([NCBI_TRAIN + ":Chemical"])


def test_train_on_one_corpus(tmp_path, lexicon_dir):
    """Only the named corpus is read (the others are absent from --data) and the model
    learns its labels only; NCBI-disease's chemicals are missing, not outside."""
    from conftest import write_test_splits

    data = tmp_path / "data"
    write_test_splits(data)
    (data / NCBI_TRAIN).write_text(pubtator(DOCS), encoding="utf-8")
    out = tmp_path / "ner"
    args = ["train", "--data", str(data), "--out", str(out), "--lexicon", str(lexicon_dir)]
    assert main(args + ["--corpora", NCBI_TRAIN, "--max-epochs", "1"]) == 0
    assert spacy.load(out).get_pipe("ner").labels == ("Disease",)


def test_unknown_corpus_is_a_usage_error(tmp_path):
    assert main(["train", "--data", str(tmp_path), "--corpora", "bc5cdr/nope.txt"]) == 2


def test_corpora_only_for_the_model(tmp_path):
    assert main(["train", "terms", "--data", str(tmp_path), "--corpora", NCBI_TRAIN]) == 2


def test_same_data_and_seed_give_the_same_model(tmp_path, lexicon_dir):
    """`medlink train model` is reproducible: same corpora, seed and lexicon, the same
    weights byte for byte (and the same provenance in meta.json)."""
    from conftest import write_test_splits

    data = tmp_path / "data"
    write_test_splits(data)
    (data / NCBI_TRAIN).write_text(pubtator(DOCS), encoding="utf-8")
    args = ["train", "--data", str(data), "--lexicon", str(lexicon_dir), "--corpora", NCBI_TRAIN]
    args += ["--max-epochs", "2", "--lexicon-tags"]
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        assert main([*args, "--out", str(out)]) == 0
    for part in ("ner/model", "tok2vec/model", "meta.json"):
        assert (outs[0] / part).read_bytes() == (outs[1] / part).read_bytes(), part
    assert main([*args, "--out", str(tmp_path / "c"), "--seed", "1"]) == 0
    assert (tmp_path / "c" / "ner/model").read_bytes() != (outs[0] / "ner/model").read_bytes()


def test_the_model_saved_is_the_moving_average_of_its_weights(tmp_path, lexicon_dir):
    """Training keeps a moving average of the weights and saves it, not the last update's
    weights: the same seed and data without averaging give other weights."""
    from conftest import write_test_splits

    from pipeline.train import train

    data = tmp_path / "data"
    write_test_splits(data)
    (data / NCBI_TRAIN).write_text(pubtator(DOCS), encoding="utf-8")
    corpora = select_corpora([NCBI_TRAIN])
    for averages in (True, False):
        out = tmp_path / str(averages)
        train(
            out,
            corpora=corpora,
            data_dir=data,
            max_epochs=2,
            lexicon_dir=lexicon_dir,
            averages=averages,
            log=lambda _: None,
        )
        meta = json.loads((out / "meta.json").read_text())
        assert meta["medlink"]["weight_averages"] is averages
        assert spacy.load(out).config["training"]["optimizer"]["use_averages"] is averages
    last = (tmp_path / "False" / "ner" / "model").read_bytes()
    assert (tmp_path / "True" / "ner" / "model").read_bytes() != last
