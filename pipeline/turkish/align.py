"""Alignment of Turkish word runs with the entities of a parallel English abstract.

Bilingual papers state the same findings twice. A Turkish run whose words are,
one for one, cognates of an English entity's words (same cognate key, a glossary
translation, or a key within a small edit distance: "lösemi" ~ "leukemia") takes
that entity's concept, so the Turkish abstract is linked like the English one even
where the lexicon alone would not link it.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from spacy.tokens import Span

from pipeline.turkish.cognates import en_keys, tr_key
from pipeline.turkish.matcher import _WORD, TurkishMatch, TurkishMatcher, Word

MIN_FUZZY_LEN = 5
MIN_RATIO = 0.8


class EnglishEntity:
    def __init__(self, span: Span):
        self.words = [w.lower() for w in _WORD.findall(span.text)]
        self.keys = [set(en_keys(w)) | {w} for w in self.words]
        self.candidates = span._.candidates
        self.label = span.label_


def english_entities(spans: list[Span]) -> list[EnglishEntity]:
    """Distinct (by lower-cased text) English entities that carry lexicon candidates."""
    seen: dict[str, EnglishEntity] = {}
    for span in spans:
        key = span.text.lower()
        if span._.candidates and key not in seen:
            seen[key] = EnglishEntity(span)
    return list(seen.values())


def _word_aligns(word: Word, english: list[str], keys: set[str], m: TurkishMatcher) -> bool:
    if word.folded in m.stop:
        return False
    if word.folded.isdigit() or len(word.folded) == 1:
        return word.folded in keys
    for stem in word.stems:
        if set(m.glossary.get(stem, ())) & keys or tr_key(stem) in keys:
            return True
    for stem in word.stems:
        k = tr_key(stem)
        if len(k) < MIN_FUZZY_LEN:
            continue
        for e in keys:
            if _similar(k, e):
                return True
    return False


def _similar(a: str, b: str) -> bool:
    """Cognate keys within a small edit distance; cheap bounds first (a cognate
    starts with the same letter and has about the same length)."""
    if len(b) < MIN_FUZZY_LEN or a[0] != b[0]:
        return False
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < MIN_RATIO:
        return False
    sm = SequenceMatcher(None, a, b)
    return sm.quick_ratio() >= MIN_RATIO and sm.ratio() >= MIN_RATIO


def align_run(
    run: list[Word], entities: list[EnglishEntity], matcher: TurkishMatcher
) -> list[TurkishMatch]:
    """The longest English entity each word of the run starts an alignment with."""
    out = []
    for i in range(len(run)):
        best = None
        for ent in entities:
            n = len(ent.words)
            if n == 0 or i + n > len(run) or (best and n <= best.words):
                continue
            words = run[i : i + n]
            if all(
                _word_aligns(w, ent.words, keys, matcher)
                for w, keys in zip(words, ent.keys, strict=True)
            ):
                best = TurkishMatch(words[0].start, words[-1].end, ent.candidates, "aligned", n)
        if best:
            out.append(best)
    return out
