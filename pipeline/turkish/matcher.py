"""Find disease and chemical mentions in Turkish text and link them to lexicon concepts.

A mention is a run of up to ``MAX_WORDS`` words. Each word is reduced to candidate
stems (suffixes stripped, :mod:`pipeline.turkish.morphology`); a run is linked when
(1) its stems form a row of ``data/turkish_terms.tsv`` (Turkish term -> MeSH UI),
or (2) translating each word into English — through ``data/turkish_glossary.tsv``
or the cognate keys (:mod:`pipeline.turkish.cognates`) — gives a lexicon term of a
wanted type, or (3) it aligns with an entity of the parallel English abstract
(:mod:`pipeline.turkish.align`). The mention keeps the whole inflected words
("multipl myelomda"): a Turkish word is a single token, and the suffix is part
of what the text says.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cached_property

from pipeline.data import data_lines
from pipeline.lexicon import CASE_SENSITIVE, SUPPLEMENTARY, Lexicon
from pipeline.turkish.cognates import CognateIndex
from pipeline.turkish.morphology import fold, stems, stopwords

MAX_WORDS = 5
MAX_ALTERNATIVES = 8
MAX_COMBINATIONS = 256
_WORD = re.compile(r"[^\W_]+")
_JOIN = re.compile(r"^(?:\s+|\s*-\s*)$")  # what may separate the words of one mention
_APOSTROPHES = "'’"


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def stems(self) -> tuple[str, ...]:
        return stems(self.folded)


@dataclass(frozen=True)
class TurkishMatch:
    start: int
    end: int
    candidates: tuple[tuple[int, int], ...]
    how: str  # "table", "translation" or "aligned"
    words: int = 1


def word_runs(text: str, start: int, end: int) -> list[list[Word]]:
    """Words of text[start:end] in runs that a mention may span (separated only by
    spaces or a hyphen). A word right after an apostrophe is a suffix ("KOAH'lı")
    and ends the run."""
    runs: list[list[Word]] = []
    run: list[Word] = []
    prev_end = None
    for m in _WORD.finditer(text, start, end):
        gap = text[prev_end : m.start()] if prev_end is not None else ""
        prev_end = m.end()
        if gap and gap[-1:] in _APOSTROPHES:
            if run:
                runs.append(run)
            run = []
            continue
        if run and not _JOIN.match(gap):
            runs.append(run)
            run = []
        run.append(Word(m.start(), m.end(), m.group(0)))
    if run:
        runs.append(run)
    return runs


def load_glossary() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for ln in data_lines("turkish_glossary.tsv"):
        tr, en = ln.split("\t")
        table.setdefault(fold(tr.strip()), []).extend(e.strip().lower() for e in en.split("|"))
    return table


def load_terms() -> dict[str, str]:
    table = {}
    for ln in data_lines("turkish_terms.tsv"):
        tr, ui = ln.split("\t")[:2]
        table[" ".join(fold(tr).split())] = "MESH:" + ui.strip()
    return table


class TurkishMatcher:
    def __init__(
        self, lexicon: Lexicon, index: CognateIndex, types: set[str], term_table: bool = True
    ):
        self.lexicon = lexicon
        self.index = index
        self.types = types
        self.glossary = load_glossary()
        self.stop = stopwords()
        wanted = set(load_terms().items()) if term_table else set()
        curie_idx: dict[str, int] = {}
        curies = {c for _, c in wanted}
        for i, concept in enumerate(lexicon.concepts):
            for cid in concept.ids:
                if cid in curies and cid not in curie_idx:
                    curie_idx[cid] = i
        # rows whose concept the lexicon lacks are ignored
        self.terms = {
            tr: ((curie_idx[c], 0),)
            for tr, c in wanted
            if c in curie_idx and lexicon.concepts[curie_idx[c]].type in types
        }
        self.max_term_words = max((len(t.split()) for t in self.terms), default=1)

    def english(self, word: Word) -> list[str]:
        """English renderings of a Turkish word, most literal first."""
        if word.folded in self.stop:  # "akut", "tip": only their glossary sense
            return list(self.glossary.get(word.folded, ()))
        if word.folded.isdigit() or len(word.folded) == 1:
            return [word.folded]
        out: list[str] = []
        for stem in word.stems:
            alts = list(self.glossary.get(stem, ()))
            alts += self.index.english(stem)
            if len(stem) >= 4 and stem in self.index.words:
                alts.append(stem)
            for a in alts:
                if a not in out:
                    out.append(a)
        return out[:MAX_ALTERNATIVES]

    def _lexicon_candidates(self, phrase: str) -> tuple[tuple[int, int], ...]:
        entries = self.lexicon.terms.get(phrase, ())
        return tuple(
            (i, f)
            for i, f, _original in entries
            if not f & CASE_SENSITIVE and self.lexicon.concepts[i].type in self.types
        )

    def _table(self, words: list[Word]):
        if len(words) > self.max_term_words:
            return None
        forms = [(w.folded,) if i < len(words) - 1 else w.stems for i, w in enumerate(words)]
        for combo in itertools.islice(itertools.product(*forms), MAX_COMBINATIONS):
            cands = self.terms.get(" ".join(combo))
            if cands:
                return cands
        return None

    def _translation(self, words: list[Word], alternatives: list[list[str]]):
        if any(not alts for alts in alternatives):
            return None
        for combo in itertools.islice(itertools.product(*alternatives), MAX_COMBINATIONS):
            phrase = " ".join(combo)  # glossary renderings may be two words ("low back")
            if self.lexicon.first.get(phrase.split(" ", 1)[0], 0) < phrase.count(" ") + 1:
                continue
            cands = self._lexicon_candidates(phrase)
            if any(a != w.folded for a, w in zip(combo, words, strict=True)):
                # a transformed word may land on any of MeSH's ~200k supplementary
                # chemical names ("verildi" -> "Veryl"); only real descriptors count
                cands = tuple((i, f) for i, f in cands if not f & SUPPLEMENTARY)
            if cands:
                return cands
        return None

    def match_run(self, run: list[Word]) -> list[TurkishMatch]:
        """The longest table or translation match at each word of a run."""
        alternatives = [self.english(w) for w in run]
        out = []
        for i in range(len(run)):
            if run[i].folded in self.stop and not alternatives[i]:
                continue
            for n in range(min(MAX_WORDS, len(run) - i), 0, -1):
                words = run[i : i + n]
                cands = self._table(words)
                how = "table"
                if cands is None and (n > 1 or words[0].folded not in self.stop):
                    cands = self._translation(words, alternatives[i : i + n])
                    how = "translation"
                if cands:
                    out.append(TurkishMatch(words[0].start, words[-1].end, cands, how, n))
                    break
        return out
