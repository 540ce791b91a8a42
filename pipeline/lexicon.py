"""The compiled lexicon: concepts, their identifiers, and a token-key term index.

Terms are keyed by their folded word tokens joined with single spaces, so
"Non-Hodgkin's lymphoma" and "non-hodgkin 's lymphoma" share a key. The index is
a memory-mapped trie (:mod:`pipeline.term_index`), and matching looks up n-grams of
the text's tokens, longest first, bounded by the longest term that starts with each
token.
"""

from __future__ import annotations

import json
import marshal
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from pipeline.term_index import FILE as TERM_INDEX_FILE
from pipeline.term_index import TermIndex
from pipeline.textnorm import (
    FoldedText,
    normalise_surface,
    normalise_term,
    surface_char,
    surface_text,
)

PREFERRED = 1
CASE_SENSITIVE = 2
SUPPLEMENTARY = 4
SECONDARY = 8
CURATED = 16
VARIANT = 32

TOKEN_RE = re.compile(r"[^\W_]+|[^\w\s]|_")
# the on-disk layout (2: the term index is a trie). Not part of the lexicon's version,
# which names its content: a rebuild in a new layout keeps the version the model knows.
LEXICON_FORMAT = 2


class LexiconMissing(RuntimeError):
    """No compiled lexicon where one was expected."""


def key_tokens(text: str) -> list[str]:
    """Word tokens of an already normalised term (letters/digits runs, single symbols)."""
    return TOKEN_RE.findall(text)


def term_key(text: str) -> str:
    """A term as the lexicon indexes it: normalised (case, spelling), tokens joined."""
    return " ".join(key_tokens(normalise_term(text)))


def corpus_curie(ident: str, etype: str) -> str:
    """The CURIE of a corpus's gold identifier: an NCBI taxid for a species, a MeSH UI
    otherwise (the form the data files derived from the corpora keep)."""
    return f"NCBITaxon:{ident}" if etype == "Species" else f"MESH:{ident}"


def default_home() -> Path:
    """Where medlink keeps downloaded sources and the compiled lexicon."""
    env = os.environ.get("MEDLINK_HOME")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "medlink"


def default_lexicon_dir() -> Path:
    return Path(os.environ.get("MEDLINK_LEXICON") or default_home() / "lexicon")


@dataclass(frozen=True)
class Concept:
    curie: str
    type: str
    name: str
    ids: tuple[str, ...]


class TermMatch(NamedTuple):
    """A lexicon hit: original-text offsets and candidate (concept index, flags) pairs
    (a named tuple: a document makes dozens, and a tuple is the cheapest to make)."""

    start: int
    end: int
    key: str
    candidates: tuple[tuple[int, int], ...]


class Lexicon:
    def __init__(self, directory: Path):
        self.directory = directory
        manifest = directory / "manifest.json"
        if not manifest.exists():
            raise LexiconMissing(f"no lexicon in {directory}: run `medlink resources build` first")
        self.manifest = json.loads(manifest.read_text())
        if self.manifest.get("format") != LEXICON_FORMAT:
            raise LexiconMissing(
                f"the lexicon in {directory} is in an older layout: run `medlink resources "
                "build` again"
            )
        try:
            rows = marshal.loads((directory / "concepts.marshal").read_bytes())
            index = marshal.loads((directory / "terms.marshal").read_bytes())
            self.terms = TermIndex(directory / TERM_INDEX_FILE)
        except (OSError, EOFError, ValueError, TypeError, RuntimeError) as exc:
            # a file missing or cut short (a copy interrupted, a full disk)
            raise LexiconMissing(
                f"the lexicon in {directory} is damaged ({exc}): run `medlink resources "
                "build --force`"
            ) from exc
        self.concepts = [Concept(*r) for r in rows]
        self.first: dict[str, int] = index["first"]
        self.prefixes: set[str] = index["prefixes"]  # term prefixes of 2..prefix_tokens
        self.prefix_tokens: int = index["prefix_tokens"]
        self.classes: set[int] = index["classes"]  # pharmacological-action class concepts
        self._by_curie: dict[str, int] | None = None

    @property
    def version(self) -> str:
        return self.manifest.get("version", "unknown")

    def index_of(self, curie: str) -> int | None:
        """Index of the concept whose primary or secondary identifier is `curie`."""
        if self._by_curie is None:
            index: dict[str, int] = {}
            for i, c in enumerate(self.concepts):
                for cid in c.ids:
                    index.setdefault(cid, i)
            self._by_curie = index
        return self._by_curie.get(curie)

    def by_curie(self, curie: str) -> Concept | None:
        """Concept whose primary or secondary identifier is `curie`."""
        i = self.index_of(curie)
        return None if i is None else self.concepts[i]

    def candidates(self, term: str) -> tuple[tuple[int, int], ...]:
        """(concept index, flags) candidates for a whole term, best first."""
        entries = self.terms.get(term_key(term), ())
        if not any(f & CASE_SENSITIVE for _, f, _ in entries):
            return tuple((i, f) for i, f, _ in entries)
        surface = " ".join(key_tokens(normalise_surface(term)))
        return tuple(
            (i, f) for i, f, original in entries if not f & CASE_SENSITIVE or original == surface
        )

    def lookup(self, term: str) -> list[tuple[Concept, int]]:
        """Concepts a whole term names, best first."""
        return [(self.concepts[i], f) for i, f in self.candidates(term)]

    def match(self, text: str, folded: FoldedText) -> list[TermMatch]:
        """All longest-at-each-start lexicon hits in `text` (overlaps not yet resolved).

        Every token and every pair of adjacent tokens is looked up at once (``map``
        runs the lookups in C); only the few starts with a one- or two-token term, or
        whose pair begins a longer term (`prefixes`), reach the Python loop, where the
        n-gram grows as long as it begins some longer term: by the prefix set up to
        `prefix_tokens` tokens, beyond that (long chemical names) up to the longest
        term of its first token (`first`). Longer keys are slices of one space-joined
        string of the tokens, much cheaper than joining a list for every n-gram."""
        strs = TOKEN_RE.findall(folded.text)
        if not strs:
            return []
        terms_get, prefixes = self.terms.lookup, self.prefixes
        unigrams = list(map(terms_get, strs))
        pairs = list(map(" ".join, zip(strs, strs[1:], strict=False)))
        bigrams = list(map(terms_get, pairs))
        bigrams.append(None)
        if self.prefix_tokens >= 2:
            grows = list(map(prefixes.__contains__, pairs))
        else:  # every pair may begin a longer term
            grows = [True] * len(pairs)
        grows.append(False)
        hits = [
            i
            for i, (one, two, grow) in enumerate(zip(unigrams, bigrams, grows, strict=True))
            if one is not None or two is not None or grow
        ]
        if not hits:
            return []
        # token offsets: only whitespace lies between tokens (TOKEN_RE takes every
        # other character), so each token is the next occurrence of its string; much
        # cheaper than a match object per token
        starts = []
        at, find = 0, folded.text.find
        for tok in strs:
            at = find(tok, at)
            starts.append(at)
            at += len(tok)
        joined = " ".join(strs)
        # the key of tokens i..j-1 is joined[begins[i] : stops[j]]
        ends = list(accumulate(map(len, strs), initial=0))
        first_get, depth, n = self.first.get, self.prefix_tokens, len(strs)
        out: list[TermMatch] = []
        for i in hits:
            found = [] if unigrams[i] is None else [(i + 1, unigrams[i])]
            if bigrams[i] is not None:
                found.append((i + 2, bigrams[i]))
            if grows[i]:
                begin = ends[i] + i
                j, limit = i + 2, min(n, i + first_get(strs[i], 0))
                while j < limit and (j - i > depth or joined[begin : ends[j] + j - 1] in prefixes):
                    j += 1
                    if (entries := terms_get(joined[begin : ends[j] + j - 1])) is not None:
                        found.append((j, entries))
            for j, entries in reversed(found):  # longest first
                cands = self._case_filter(text, strs, starts, i, j, folded, entries)
                if cands:
                    key = strs[i] if j == i + 1 else joined[ends[i] + i : ends[j] + j - 1]
                    start, end = starts[i], starts[j - 1] + len(strs[j - 1])
                    if folded.offsets is not None:
                        start, end = folded.original_span(start, end)
                    out.append(TermMatch(start, end, key, cands))
                    break
        return out

    @staticmethod
    def _case_filter(text, strs, starts, i, j, folded, entries) -> tuple[tuple[int, int], ...]:
        """The (concept, flags) of `entries` that tokens i..j-1 may name: a
        case-sensitive term only with its own case."""
        surface = None
        kept = []
        for idx, flags, original in entries:
            if flags & CASE_SENSITIVE:
                if surface is None:
                    surface = " ".join(
                        _unfold_token(text, folded, starts[k], starts[k] + len(strs[k]))
                        for k in range(i, j)
                    )
                if surface != original:
                    continue
            kept.append((idx, flags))
        return tuple(kept)


def _unfold_token(text: str, folded: FoldedText, s: int, e: int) -> str:
    """The original characters of a folded token, with dashes folded but case kept."""
    if folded.offsets is None:  # the folded text has the original's offsets
        return surface_text(text[s:e])
    return "".join(surface_char(text[folded.orig(j)]) for j in range(s, e))


@lru_cache(maxsize=4)
def load_lexicon(directory: str | None = None) -> Lexicon:
    """Load (once per process) the lexicon in `directory` or the default location."""
    return Lexicon(Path(directory) if directory else default_lexicon_dir())
