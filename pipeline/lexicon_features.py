"""Dictionary matches as input features of the statistical NER model.

The dictionary knows names the training corpora never show; the model knows how the
corpora draw mentions (boundaries, words marked in some contexts only). Given the
dictionary's matches as features, the model learns when to follow them. Each token
gets one tag: outside any match, or the first or an inner token of a match of a kind
(chemical, pharmacological class, disease, species). The NER reads the tags through a
small embedding beside the shared tok2vec (``medlink.LexiconAwareTok2Vec.v1``), so the
pretrained tok2vec weights still fit. The tags are computed by the model stage
(pipeline/model_ner.py) and by ``medlink train`` with the same lexicon and stop pairs.
"""

import warnings

import numpy
import spacy
from spacy.tokens import Doc
from thinc.api import Embed, Model, chain, concatenate, with_array

from pipeline.affix_features import affix_embedding
from pipeline.entity_matcher import dictionary_matches, select_longest, token_bounds
from pipeline.guideline_features import guideline_embedding, has_layer
from pipeline.lexicon import Lexicon

KINDS = ("Chemical", "Class", "Disease", "Species")
N_TAGS = 1 + 2 * len(KINDS)  # outside, then first/inner token of each kind
_FIRST = {kind: 1 + 2 * i for i, kind in enumerate(KINDS)}
_TYPES = {"Chemical", "Disease", "Species"}
USER_DATA_KEY = "medlink.lexicon_tags"


def lexicon_tags(doc: Doc, lexicon: Lexicon, stop=frozenset()) -> numpy.ndarray:
    """One tag per token from the longest non-overlapping dictionary matches (the
    dictionary stage's selection, without its growing rules)."""
    tags = numpy.zeros(len(doc), dtype=numpy.int32)
    chosen = select_longest(dictionary_matches(doc, lexicon, _TYPES, stop)[0])
    if not chosen:
        return tags
    firsts, afters = token_bounds(doc, [m.start for m in chosen], [m.end for m in chosen])
    for m, start, end in zip(chosen, firsts, afters, strict=True):
        if start < 0 or end < 0:
            continue
        concept = m.candidates[0][0]
        kind = "Class" if concept in lexicon.classes else lexicon.concepts[concept].type
        tags[start] = _FIRST[kind]
        tags[start + 1 : end] = _FIRST[kind] + 1
    return tags


def set_lexicon_tags(doc: Doc, lexicon: Lexicon, stop=frozenset()) -> Doc:
    doc.user_data[USER_DATA_KEY] = lexicon_tags(doc, lexicon, stop)
    return doc


class TagsMissing(UserWarning):
    """A Doc reached a model that reads dictionary tags without them (the model was
    run on its own, e.g. with ``spacy.load``): it sees every token as outside."""


def _tags_forward(model: Model, docs: list[Doc], is_train: bool):
    ops = model.ops
    if any(USER_DATA_KEY not in doc.user_data for doc in docs):
        warnings.warn(
            "this NER model reads the dictionary's matches, which these Docs lack: run "
            "it in the medlink pipeline (stage medlink_model_ner), or call "
            "pipeline.lexicon_features.set_lexicon_tags on each Doc first",
            TagsMissing,
            stacklevel=2,
        )
    tags = [
        ops.asarray1i(doc.user_data.get(USER_DATA_KEY, numpy.zeros(len(doc), dtype="i")))
        for doc in docs
    ]
    return tags, lambda d_tags: []


@spacy.registry.architectures("medlink.LexiconAwareTok2Vec.v1")
def lexicon_aware_tok2vec(width: int, tag_width: int = 16, upstream: str = "*") -> Model:
    """The shared tok2vec's vectors (a listener) concatenated with an embedding of each
    token's dictionary tag: width + tag_width features per token for the NER."""
    return lexicon_aware_tok2vec_v2(width, tag_width, affixes=None, upstream=upstream)


@spacy.registry.architectures("medlink.LexiconAwareTok2Vec.v2")
def lexicon_aware_tok2vec_v2(
    width: int,
    tag_width: int = 16,
    affixes: list[int] | None = None,
    affix_width: int = 16,
    upstream: str = "*",
) -> Model:
    """v1, plus `affix_width` features for each of the word's `affixes` (n > 0: its first
    n characters, n < 0: its last -n; pipeline.affix_features)."""
    return lexicon_aware_tok2vec_v3(width, tag_width, affixes, affix_width, 0, upstream)


@spacy.registry.architectures("medlink.LexiconAwareTok2Vec.v3")
def lexicon_aware_tok2vec_v3(
    width: int,
    tag_width: int = 16,
    affixes: list[int] | None = None,
    affix_width: int = 16,
    guideline_width: int = 0,
    upstream: str = "*",
) -> Model:
    """v2, plus `guideline_width` features for the annotation guideline of the token's
    document (pipeline.guideline_features; 0 for none)."""
    from spacy.pipeline.tok2vec import Tok2VecListener

    tags = chain(Model("lexicon_tags", _tags_forward), with_array(Embed(tag_width, N_TAGS)))
    parts = [Tok2VecListener(upstream_name=upstream, width=width), tags]
    if affixes:
        parts.append(affix_embedding(tuple(affixes), affix_width))
    if guideline_width:
        parts.append(guideline_embedding(guideline_width))
    model = concatenate(*parts)
    model.name = "lexicon_aware_tok2vec"
    return model


def uses_lexicon_tags(nlp) -> bool:
    """Whether a loaded model reads the tags (built with the architecture above)."""
    return has_layer(nlp, "lexicon_tags")
