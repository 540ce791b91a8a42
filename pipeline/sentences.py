"""Sentence splitting for biomedical report text.

Rules: a sentence ends at '.', '!' or '?' (plus closing quotes/brackets) followed
by whitespace and an upper-case letter, a digit or an opening bracket, unless the
word before the period is a known abbreviation ("Fig.", "et al.", "Bkz.") or a
single capital (an initial). Decimals never split (no space after the period),
a blank line always does, and single line breaks inside a paragraph do not
(PDF-extracted text breaks lines mid-sentence). Section boundaries are sentence
boundaries and a header line is a sentence of its own.
"""

import re

import numpy
from spacy.attrs import IS_SPACE, LENGTH, SENT_START, SPACY
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.data import word_list
from pipeline.extensions import doc_text
from pipeline.stage import BatchStage

_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-ZÇĞİÖŞÜ0-9])")
_BLANK = re.compile(r"\n[ \t\r]*\n\s*")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*$")
# Turkish writes ordinals as a number and a period ("3. kür", "2. Basamak")
_ORDINAL = re.compile(r"(?:^|\s)\d{1,4}\.$")
_NUMBERED = re.compile(r"(?:şekil|tablo|resim|grafik|figure|fig|table)\s+\d{1,4}\.$", re.I)


class SentenceSplitter:
    def __init__(self, abbreviations: set[str]):
        self.abbreviations = abbreviations

    def _is_abbreviation(self, text: str, period: int) -> bool:
        if text[period] != ".":
            return False
        m = _WORD_BEFORE.search(text, max(0, period - 30), period + 1)
        if not m:
            return False
        word = m.group(1).rstrip(".").lower()
        if word in self.abbreviations or word.split(".")[-1] in self.abbreviations:
            return True
        before = text[max(0, period - 7) : period].lower()
        if before.endswith("et al"):
            return True
        # single capital initial ("J. Smith") or inner periods ("e.g", "U.S")
        return (len(word) == 1 and word.isalpha() and text[period - 1].isupper()) or "." in word

    def boundaries(self, text: str, start: int, end: int, language: str = "und") -> list[int]:
        """Sentence start offsets within text[start:end] (always includes the first).
        In Turkish text a period after a bare number is an ordinal, not an end."""
        cuts = {start}
        for m in _BLANK.finditer(text, start, end):
            cuts.add(m.end())
        for m in _END.finditer(text, start, end):
            if self._is_abbreviation(text, m.start()):
                continue
            if (
                language == "tr"
                and m.group(0) == "."
                and _ORDINAL.search(text, max(start, m.start() - 5), m.start() + 1)
                and not _NUMBERED.search(text, max(start, m.start() - 12), m.start() + 1)
            ):
                continue
            j = m.end()
            while j < end and text[j].isspace():
                j += 1
            cuts.add(j)
        return sorted(c for c in cuts if c < end)


def _token_offsets(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(character offset, is whitespace) of every token, read as arrays: a Token
    object per word (``tok.idx``) cost more than the sentence rules themselves."""
    lengths, spaces, is_space = doc.to_array([LENGTH, SPACY, IS_SPACE]).T.astype(numpy.int64)
    widths = lengths + spaces
    return numpy.cumsum(widths) - widths, is_space.astype(bool)


def set_sentence_starts(doc: Doc, cuts: list[int]) -> None:
    """Start a sentence at the first non-space token at or after each cut character
    offset (and at the first token); every other token starts none."""
    if not len(doc):
        return
    if doc.has_annotation("DEP"):  # as Token.is_sent_start refuses to
        raise ValueError(Errors.E043)
    offsets, is_space = _token_offsets(doc)
    words = numpy.flatnonzero(~is_space)  # token indices
    first = numpy.searchsorted(offsets[words], cuts)  # positions in `words`
    sent_start = numpy.full(len(doc), -1, dtype=numpy.int64)  # -1: not a start
    sent_start[words[first[first < len(words)]]] = 1
    sent_start[0] = 1
    doc.from_array([SENT_START], sent_start.view(numpy.uint64))


@Language.factory("medlink_sentences")
def make_sentences(nlp: Language, name: str):
    splitter = SentenceSplitter(set(word_list("abbreviations.txt")))

    def sentences(doc: Doc) -> Doc:
        text = doc_text(doc)
        cuts: set[int] = set()
        for s in doc._.sections or []:
            cuts.add(s.start)
            if s.header_end > s.start:
                cuts.add(s.header_end)
            cuts.update(splitter.boundaries(text, s.header_end, s.end, s.language))
        set_sentence_starts(doc, sorted(cuts))
        return doc

    return BatchStage(sentences)
