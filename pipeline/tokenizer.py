"""Tokenizer whose word boundaries are exactly the lexicon's (letter/digit runs and
single symbols), so every dictionary match and every abbreviation aligns with tokens."""

import re

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

from pipeline.lexemes import speed_up_getters

_PUNCT = r"[^\w\s]|_"

# One token per match: a letter/digit run or a symbol, with the one space after it
# (group 2) as its trailing whitespace; any further whitespace is a token of its own.
_PIECE = re.compile(rf"([^\W_]+|{_PUNCT}|\s+)((?<=\S) )?")


class LexiconTokenizer(Tokenizer):
    """spaCy's Tokenizer with the affix rules below, but tokenizing in one regex
    pass: spaCy tries the prefix, suffix and infix patterns piece by piece through
    Python callbacks, which costs several times more for the same tokens. The rules
    stay on the object for serialisation and `explain`."""

    def __call__(self, text: str) -> Doc:
        pieces = _PIECE.findall(text)
        return Doc(
            self.vocab,
            words=[word for word, _ in pieces],
            spaces=[bool(space) for _, space in pieces],
        )


def make_tokenizer(nlp):
    speed_up_getters(nlp.vocab)  # new words get their attributes sooner
    return LexiconTokenizer(
        nlp.vocab,
        rules={},
        prefix_search=re.compile(rf"^(?:{_PUNCT})").search,
        suffix_search=re.compile(rf"(?:{_PUNCT})$").search,
        infix_finditer=re.compile(_PUNCT).finditer,
    )


@registry.tokenizers("medlink.tokenizer.v1")
def create_tokenizer():
    return make_tokenizer
