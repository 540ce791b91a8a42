"""The annotation guideline a document follows, as an input feature of the NER model.

The training corpora draw mentions by different guidelines: NCBI-disease annotates no
chemicals, and the corpora disagree on modifiers ("sporadic" is in the disease mention
17 times in 26 on NCBI-disease train, 1 in 9 on BioRED train). Given each training
document's guideline as a feature, one model learns them side by side instead of their
average: BioRED's chemicals, which cost BC5CDR's figures when simply added, gain with
it (BENCHMARKS.md, session 13). At run time the pipeline names the guideline to follow
(``[components.medlink_model_ner] guideline``). The feature is a small embedding of the
document's guideline beside every token's features (``medlink.LexiconAwareTok2Vec.v3``).
"""

import numpy
from spacy.tokens import Doc
from thinc.api import Embed, Model, chain, with_array

# index 0 is "none given"; the names are those of the training corpora's directories
GUIDELINES = ("bc5cdr", "ncbi_disease", "biored")
USER_DATA_KEY = "medlink.guideline"


class UnknownGuideline(ValueError):
    """A guideline the model was not trained with (or no corpus of ours follows)."""


def corpus_guideline(rel: str) -> str:
    """The guideline of a corpus file named by its path under the data directory."""
    name = rel.split("/", 1)[0]
    if name not in GUIDELINES:
        raise ValueError(f"no annotation guideline known for {rel}")
    return name


def set_guideline(doc: Doc, guideline: str) -> Doc:
    if guideline not in GUIDELINES:
        raise UnknownGuideline(
            f"unknown guideline {guideline!r}; choose from {', '.join(GUIDELINES)}"
        )
    doc.user_data[USER_DATA_KEY] = 1 + GUIDELINES.index(guideline)
    return doc


def doc_guideline(doc: Doc) -> str | None:
    """The guideline the model stage followed on `doc` (None: no model, or one without
    guideline features), for the stages after it that apply the same conventions."""
    index = doc.user_data.get(USER_DATA_KEY, 0)
    return GUIDELINES[index - 1] if index else None


def guideline_embedding(width: int) -> Model:
    """`width` features per token: an embedding of its document's guideline."""

    def forward(model: Model, docs: list[Doc], is_train: bool):
        ids = [
            model.ops.asarray1i(numpy.full(len(doc), doc.user_data.get(USER_DATA_KEY, 0), "i"))
            for doc in docs
        ]
        return ids, lambda d_ids: []

    return chain(Model("guideline", forward), with_array(Embed(width, 1 + len(GUIDELINES))))


def has_layer(nlp, name: str) -> bool:
    """Whether a loaded model's components hold a layer of that name (the feature
    layers here and in pipeline.lexicon_features name themselves)."""
    return any(
        node.name == name
        for _, proc in nlp.pipeline
        if isinstance(getattr(proc, "model", None), Model)
        for node in proc.model.walk()
    )


def uses_guideline(nlp) -> bool:
    """Whether a loaded model reads the guideline."""
    return has_layer(nlp, "guideline")
