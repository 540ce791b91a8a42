"""Cheaper lexeme attribute getters, with exactly spaCy's values.

spaCy computes every lexical attribute of a word the first time the vocabulary
sees it, by calling about twenty Python getters (``Vocab.lex_attr_getters``). On
a fresh worker, one abstract brings about twenty new words, and those calls were
half of the tokenizer's time. Each getter here answers the common cases (a word of
letters, a word of lower-case letters, no "." or "@" in it) with one string method
and hands every other string to spaCy's own getter, so the values never differ;
tests/test_lexemes.py compares them on a large word sample and edge cases.
"""

from collections.abc import Callable

from spacy import attrs
from spacy.lang import lex_attrs as base
from spacy.lang.en import lex_attrs as english

# spaCy keeps these as lists (a linear scan per call)
_ENGLISH_NUMBER_WORDS = frozenset(english._num_words) | frozenset(english._ordinal_words)


def _like_num_en(text: str) -> bool:
    # a word of letters has no digits, sign, "/" or ordinal digits: only number words
    if text.isalpha():
        return text.lower() in _ENGLISH_NUMBER_WORDS
    return english.like_num(text)


def _like_url(text: str) -> bool:
    # without a ".", only the scheme prefixes make a URL (and "www." has a ".")
    if text and "." not in text:
        return text.startswith(("http://", "https://"))
    return base.like_url(text)


def _like_email(text: str) -> bool:
    return "@" in text and base.like_email(text)


def _word_shape(text: str) -> str:
    n = len(text)
    if 0 < n < 100 and text.isalpha():
        if text.islower():
            return "x" * min(n, 4)
        if text[0].isupper() and (n == 1 or text[1:].islower()):
            return "X" + "x" * min(n - 1, 4)
    return base.word_shape(text)


def _is_ascii(text: str) -> bool:
    return text.isascii()


def _not_if_alnum(getter: Callable[[str], bool]) -> Callable[[str], bool]:
    """A getter true only for strings of punctuation (or currency) characters: a
    non-empty string of letters and digits has none."""

    def fast(text: str) -> bool:
        return False if text.isalnum() else getter(text)

    return fast


_FAST = {
    english.like_num: (attrs.LIKE_NUM, _like_num_en),
    base.like_url: (attrs.LIKE_URL, _like_url),
    base.like_email: (attrs.LIKE_EMAIL, _like_email),
    base.word_shape: (attrs.SHAPE, _word_shape),
    base.is_ascii: (attrs.IS_ASCII, _is_ascii),
    base.is_punct: (attrs.IS_PUNCT, _not_if_alnum(base.is_punct)),
    base.is_currency: (attrs.IS_CURRENCY, _not_if_alnum(base.is_currency)),
    # tuples of quote and bracket characters, scanned one by one for every new word
    base.is_bracket: (attrs.IS_BRACKET, _not_if_alnum(base.is_bracket)),
    base.is_quote: (attrs.IS_QUOTE, _not_if_alnum(base.is_quote)),
    base.is_left_punct: (attrs.IS_LEFT_PUNCT, _not_if_alnum(base.is_left_punct)),
    base.is_right_punct: (attrs.IS_RIGHT_PUNCT, _not_if_alnum(base.is_right_punct)),
}


def speed_up_getters(vocab) -> None:
    """Replace, in `vocab`, the getters that have a faster equivalent here; getters of
    other languages or set by the user are left alone."""
    getters = vocab.lex_attr_getters
    for attr, getter in list(getters.items()):
        fast = _FAST.get(getter)
        if fast is not None and fast[0] == attr:
            getters[attr] = fast[1]
