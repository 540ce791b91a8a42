"""In-domain static vectors for the NER model (``medlink train vectors``).

No biomedical word vectors are on the package registries, so we train our own:
floret (fastText with hashed subwords) over unlabelled biomedical text the user names
(PubMed XML, PMC JATS, BioC, JSON Lines, text: any format our readers take) plus the
*text* of the NER training splits (never a test split). floret keeps the table small
(a fixed number of hashed rows covers every word, so unseen chemical names still get
a vector from their character n-grams) and spaCy loads it natively (mode "floret").

Tokens are the medlink tokenizer's, lower-cased (the table is keyed on LOWER), so the
vectors see exactly the units the model does.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

# annotated splits whose text (not labels) joins the unlabelled text: training splits only
TEXT_SPLITS = (
    "bc5cdr/CDR_TrainingSet.PubTator.txt",
    "ncbi_disease/NCBItrainset_corpus.txt",
    "biored/Train.PubTator",
)
# floret settings (the ones measured in BENCHMARKS.md; about 45 min on one busy core
# for 8.7M tokens); spaCy's floret mode reads minn/maxn/hashCount from the table
FLORET = {
    "model": "cbow",
    "dim": 96,
    "bucket": 40000,
    "minn": 3,
    "maxn": 6,
    "hashCount": 2,
    "epoch": 6,
    "minCount": 3,
    "neg": 10,
    "ws": 5,
    "lr": 0.05,
}


def unlabelled_texts(paths: Iterable[Path], max_bytes: int = 5_000_000) -> Iterator[str]:
    """Document texts of the named files/directories, read by our format readers."""
    from pipeline.ingest import InputDoc, expand_inputs
    from pipeline.readers import InputFile, read_file

    for path, doc_id in expand_inputs(list(paths)):
        for item in read_file(InputFile(path, doc_id), max_bytes):
            if isinstance(item, InputDoc) and item.text.strip():
                yield item.text


def training_texts(data_dir: Path, corpora: Iterable[str]) -> Iterator[str]:
    """Texts of annotated training splits (their labels are not used here), without the
    documents of any test split (BioRED's training split holds BC5CDR test abstracts)."""
    from pipeline.formats.pubtator import iter_pubtator
    from pipeline.held_out import test_document_ids

    held_out = test_document_ids(data_dir)
    for rel in corpora:
        for doc in iter_pubtator(data_dir / rel, errors=[]):
            if doc.id not in held_out:
                yield doc.text


def write_corpus(texts: Iterable[str], out: Path) -> int:
    """One lower-cased, medlink-tokenized document per line; returns the token count."""
    from spacy.lang.en import English

    from pipeline.tokenizer import make_tokenizer

    nlp = English()
    nlp.tokenizer = make_tokenizer(nlp)
    n_tokens = 0
    with out.open("w", encoding="utf-8") as fh:
        for doc in nlp.tokenizer.pipe(texts, batch_size=256):
            words = [t.lower_ for t in doc if not t.is_space]
            n_tokens += len(words)
            fh.write(" ".join(words) + "\n")
    return n_tokens


def train_vectors(
    texts: Iterable[str],
    out: Path,
    log: Callable[[str], None] = print,
) -> dict:
    """Train floret vectors on `texts`; write a blank spaCy pipeline holding the table
    (what ``[initialize] vectors`` of a training config points at). One thread: fastText
    training is only repeatable single-threaded."""
    import floret
    from spacy.lang.en import English
    from spacy.training.initialize import convert_vectors

    work = Path(tempfile.mkdtemp(prefix="medlink-vectors-"))
    try:
        corpus = work / "corpus.txt"
        n_tokens = write_corpus(texts, corpus)
        log(f"vectors: {n_tokens:,} tokens; training floret {FLORET}")
        model = floret.train_unsupervised(str(corpus), mode="floret", thread=1, verbose=0, **FLORET)
        vec_file = work / "vectors.floret"
        model.save_floret_vectors(str(vec_file))
        nlp = English()
        convert_vectors(nlp, vec_file, truncate=0, prune=-1, mode="floret", attr="LOWER")
        nlp.to_disk(work / "nlp")
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(work / "nlp", out)
        return {"tokens": n_tokens, "shape": list(nlp.vocab.vectors.shape)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
