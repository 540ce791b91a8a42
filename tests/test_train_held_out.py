"""`medlink train --corpora biored/...`: BioRED is selectable, never by default, and its
documents that are also in a dev or test split (BioRED reuses BC5CDR and NCBI-disease
abstracts) are left out when it is loaded."""

import pytest

from pipeline.held_out import DEV_SPLITS, TEST_SPLITS
from pipeline.train import TRAIN_CORPORA, blank_model, load_corpora, select_corpora

BIORED_TRAIN = "biored/Train.PubTator"
BIORED_DEV = "biored/Dev.PubTator"


def pubtator(pmids) -> str:
    """Made-up abstracts, one Disease mention each, numbered by PMID."""
    blocks = []
    for pmid in pmids:
        title, abstract = f"Case {pmid} of asthma.", "The patient recovered."
        mention = f"{pmid}\t{title.index('asthma')}\t{title.index('asthma') + 6}\tasthma"
        blocks.append(f"{pmid}|t|{title}\n{pmid}|a|{abstract}\n{mention}\tDisease\tD001249\n")
    return "\n".join(blocks)


@pytest.fixture
def data(tmp_path):
    """BioRED train 1-4 and dev 5-6; 2 is a BC5CDR dev document, 3 an NCBI-disease test
    document and 5 a BioRED test document."""
    splits = {split: ["900"] for split in DEV_SPLITS + TEST_SPLITS}
    splits["bc5cdr/CDR_DevelopmentSet.PubTator.txt"] = ["2"]
    splits["ncbi_disease/NCBItestset_corpus.txt"] = ["3"]
    splits["biored/Test.PubTator"] = ["5"]
    splits[BIORED_TRAIN] = ["1", "2", "3", "4"]
    splits[BIORED_DEV] = ["2", "5", "6"]
    for rel, pmids in splits.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(pubtator(pmids), encoding="utf-8")
    return tmp_path


def test_biored_trains_chemicals_by_default_and_all_its_labels_when_named():
    assert TRAIN_CORPORA[BIORED_TRAIN] == TRAIN_CORPORA[BIORED_DEV] == ("Chemical",)
    assert select_corpora([BIORED_TRAIN]) == {BIORED_TRAIN: ("Chemical", "Disease")}
    assert select_corpora([BIORED_DEV + ":Disease"]) == {BIORED_DEV: ("Disease",)}


def titles(data, corpus) -> list[str]:
    examples = load_corpora(blank_model(), select_corpora([corpus]), data)
    return [eg.reference.text.split(" of ")[0] for eg in examples]


def test_train_split_drops_dev_and_test_documents(data):
    assert titles(data, BIORED_TRAIN) == ["Case 1", "Case 4"]


def test_dev_split_drops_test_documents_only(data):
    """A train+dev model may train on another corpus's dev documents, never a test one."""
    assert titles(data, BIORED_DEV) == ["Case 2", "Case 6"]


def test_missing_held_out_split_is_an_error(data):
    (data / "biored/Test.PubTator").unlink()
    with pytest.raises(FileNotFoundError):
        titles(data, BIORED_TRAIN)


def test_default_corpora_drop_test_documents(data):
    """BC5CDR's training split holds BioRED test abstracts: the default model never
    trains on them."""
    bc5cdr_train = "bc5cdr/CDR_TrainingSet.PubTator.txt"
    (data / bc5cdr_train).write_text(pubtator(["5", "7"]), encoding="utf-8")
    assert bc5cdr_train in TRAIN_CORPORA
    assert titles(data, bc5cdr_train) == ["Case 7"]
