"""The document ids that training data must never come from.

BioRED reuses BC5CDR and NCBI-disease abstracts: its training split holds 53 BC5CDR
test abstracts (and one NCBI-disease test abstract), BC5CDR's training split 10 BioRED
test ones. A split's own name therefore does not keep its documents out of another
corpus's test set: every consumer of training data (corpus terms, models) drops the
documents whose id is in ANY corpus's test split, and a train-only derivation (for
experiments scored on dev) those of every dev split too.

The ids are read from the split files when asked, so the exclusion follows the files;
a missing split file is an error (FileNotFoundError), never a silent leak.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.formats.pubtator import iter_pubtator

# the evaluation splits by display name, relative to the corpora directory (../shared/data)
TEST_CORPORA = {
    "BC5CDR test": "bc5cdr/CDR_TestSet.PubTator.txt",
    "NCBI-disease test": "ncbi_disease/NCBItestset_corpus.txt",
    "BioRED test": "biored/Test.PubTator",
    "NLM-Chem test": "nlmchem/NLMchem_Test.PubTator",
    "LINNAEUS test": "species_corpora/Linnaeus_Test.PubTator",
    "SPECIES-800 test": "species_corpora/SPECIES_Test.PubTator",
}
DEV_CORPORA = {
    "BC5CDR dev": "bc5cdr/CDR_DevelopmentSet.PubTator.txt",
    "NCBI-disease dev": "ncbi_disease/NCBIdevelopset_corpus.txt",
    "BioRED dev": "biored/Dev.PubTator",
}
TEST_SPLITS = tuple(TEST_CORPORA.values())
DEV_SPLITS = tuple(DEV_CORPORA.values())


def split_document_ids(data_dir: Path, splits: tuple[str, ...]) -> frozenset[str]:
    """Ids of every document in the `splits` files under `data_dir`."""
    ids = set()
    for rel in splits:
        path = Path(data_dir) / rel
        if not path.is_file():
            raise FileNotFoundError(f"held-out split {path} is missing")
        ids.update(doc.id for doc in iter_pubtator(path, errors=[]))
    return frozenset(ids)


def test_document_ids(data_dir: Path) -> frozenset[str]:
    """Ids of the documents of every corpus's test split."""
    return split_document_ids(data_dir, TEST_SPLITS)


def dev_document_ids(data_dir: Path) -> frozenset[str]:
    """Ids of the documents of every corpus's dev split (held out by train-only derivations)."""
    return split_document_ids(data_dir, DEV_SPLITS)


test_document_ids.__test__ = False  # a data helper, not a pytest test, where imported by name
