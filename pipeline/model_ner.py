"""Statistical NER stage: the CPU model trained by ``medlink train`` (models/ner).

It runs before the dictionary stage, which keeps the model's entities and fills the
gaps with lexicon matches; the normaliser then links the model's mentions (match
kind "model" when the lexicon has no entry for the mention as written). The model
shares the medlink tokenizer, so its sub-pipeline runs on the pipeline's own Doc.
"""

import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import extensions, guideline_features, lexicon_features, tokenizer  # noqa: F401

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_DIR = "models/ner"  # relative to the repository root
# BC5CDR's: the one corpus of the defaults that annotates chemicals and diseases alike
DEFAULT_GUIDELINE = "bc5cdr"


class ModelMissing(RuntimeError):
    """The configured model directory does not exist."""


class TagSourceMismatch(UserWarning):
    """The model reads dictionary tags from another lexicon or stop list than it was
    trained with: it runs, but less accurately than measured."""


def check_tag_source(meta: dict, path: Path, lexicon_version: str, stop: str) -> None:
    trained = meta.get("medlink", {})
    for key, running in (("lexicon_version", lexicon_version), ("corpus_stop", stop)):
        if trained.get(key) not in (None, running):
            warnings.warn(
                f"{path}: the model learnt its dictionary tags with {key} {trained[key]}, "
                f"this pipeline has {running}; retrain it (`medlink train model "
                "--lexicon-tags`) with this lexicon for the measured accuracy",
                TagSourceMismatch,
                stacklevel=3,
            )


def resolve_model_dir(model_dir: str) -> Path:
    path = Path(model_dir)
    return path if path.is_absolute() else REPO_ROOT / path


# words and separators a mention neither begins nor ends with ("breast milk, and to")
EDGE_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}
)
SEPARATORS = frozenset({",", ";", ":", ".", "/", "-", "--"})
OPENING, CLOSING = "([{", ")]}"


def _edge(token) -> bool:
    # in lower case only: "A-T", "AT", "vitamin A" are names
    return token.text in EDGE_WORDS or token.text in SEPARATORS


def tidy(ent: Span) -> Span | None:
    """The span without a trailing bracket left open ("visual halos or blurring (6%")
    and without function words or separators at its edges; None when a closing bracket
    has no opening one in it ("HPRT) deficiency") or nothing is left. The model's
    spans are cut at tokens, not at sense: such a span is no mention as drawn."""
    start, end, depth = ent.start, ent.end, []
    for token in ent:
        if token.text in OPENING:
            depth.append(token.i)
        elif token.text in CLOSING:
            if not depth:
                return None
            depth.pop()
    if depth:
        end = depth[0]  # everything from the first bracket left open
    doc = ent.doc
    while start < end and _edge(doc[start]):
        start += 1
    while end > start and _edge(doc[end - 1]):
        end -= 1
    if start == end:
        return None
    return ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, ent.label)


class GuidelineCoverage(UserWarning):
    """The guideline followed was learnt from a corpus that annotates only some of the
    stage's labels (NCBI-disease: diseases): the others follow no guideline the model
    saw annotate them (BENCHMARKS.md, session 13)."""


class ModelNER:
    def __init__(
        self,
        nlp: Language,
        model_dir: str,
        labels: list[str],
        lexicon_dir: str | None = None,
        guideline: str = DEFAULT_GUIDELINE,
    ):
        path = resolve_model_dir(model_dir)
        if not (path / "config.cfg").exists():
            raise ModelMissing(
                f"no NER model in {path}: run `medlink train` or use `--profile fast` "
                "(lexicon-only)"
            )
        self.model = spacy.load(path)
        self.labels = set(labels)
        for _, proc in self.model.pipeline:  # the model sets all its labels on the Doc
            for label in getattr(proc, "labels", ()):
                nlp.vocab.strings.add(label)
        if self.model.vocab.vectors.shape[0]:
            # the model reads its static vectors from the Doc's vocab: share its table
            nlp.vocab.vectors = self.model.vocab.vectors
        self.tagger = None  # a model trained with dictionary features reads them on the Doc
        if lexicon_features.uses_lexicon_tags(self.model):
            from pipeline.entity_matcher import load_corpus_stop, stop_fingerprint
            from pipeline.lexicon import load_lexicon

            lexicon, stop = load_lexicon(lexicon_dir), load_corpus_stop()
            check_tag_source(self.model.meta, path, lexicon.version, stop_fingerprint(stop))
            self.tagger = lambda doc: lexicon_features.set_lexicon_tags(doc, lexicon, stop)
        self.guideline = None  # a model trained with guideline features follows the one named
        if guideline_features.uses_guideline(self.model):
            known = self.model.meta.get("medlink", {}).get("guidelines", [])
            if guideline not in known:
                raise guideline_features.UnknownGuideline(
                    f"{path}: the model learnt the guidelines {', '.join(known)}, not {guideline!r}"
                )
            self.guideline = guideline
            if unlearnt := sorted(self.labels - set(known[guideline])):
                warnings.warn(
                    f"{path}: the model learnt the {guideline} guideline for "
                    f"{', '.join(known[guideline])} only, not {', '.join(unlearnt)}",
                    GuidelineCoverage,
                    stacklevel=3,
                )

    def _finish(self, doc: Doc) -> Doc:
        # an English model: no entities in sections identified as another language
        foreign = [
            (s.start, s.end) for s in doc._.sections or () if s.language not in ("en", "und")
        ]
        ents = [
            tidied
            for e in doc.ents
            if e.label_ in self.labels
            and not any(s <= e.start_char < end for s, end in foreign)
            and (tidied := tidy(e)) is not None
        ]
        for ent in ents:
            ent._.match_kind = "model"
        doc.ents = ents
        return doc

    def _prepare(self, doc: Doc) -> Doc:
        if self.tagger is not None:
            doc = self.tagger(doc)
        if self.guideline is not None:
            doc = guideline_features.set_guideline(doc, self.guideline)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        doc = self._prepare(doc)
        for _, proc in self.model.pipeline:
            doc = proc(doc)
        return self._finish(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        stream: Iterable[Doc] = map(self._prepare, docs)
        for _, proc in self.model.pipeline:
            stream = proc.pipe(stream, batch_size=batch_size)
        for doc in stream:
            yield self._finish(doc)


@Language.factory(
    "medlink_model_ner",
    default_config={
        "model_dir": DEFAULT_MODEL_DIR,
        "labels": ["Chemical", "Disease"],
        "lexicon_dir": None,
        "guideline": DEFAULT_GUIDELINE,
    },
)
def make_model_ner(
    nlp: Language,
    name: str,
    model_dir: str,
    labels: list[str],
    lexicon_dir: str | None,
    guideline: str,
) -> ModelNER:
    """`lexicon_dir`: the lexicon whose matches a model trained with ``--lexicon-tags``
    reads (the dictionary stage's; default: the built cache). `guideline`: the
    annotation guideline a model trained with ``--guidelines`` follows."""
    return ModelNER(nlp, model_dir, labels, lexicon_dir, guideline)
