"""Tokenizer whose word boundaries are exactly the lexicon's (letter/digit runs and
single symbols), so every dictionary match and every abbreviation aligns with tokens."""

import re

from spacy.tokenizer import Tokenizer
from spacy.util import registry

_PUNCT = r"[^\w\s]|_"


def make_tokenizer(nlp):
    return Tokenizer(
        nlp.vocab,
        rules={},
        prefix_search=re.compile(rf"^(?:{_PUNCT})").search,
        suffix_search=re.compile(rf"(?:{_PUNCT})$").search,
        infix_finditer=re.compile(_PUNCT).finditer,
    )


@registry.tokenizers("medlink.tokenizer.v1")
def create_tokenizer():
    return make_tokenizer
