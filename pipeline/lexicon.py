"""The compiled lexicon: concepts, their identifiers, and a token-key term index.

Terms are keyed by their folded word tokens joined with single spaces, so
"Non-Hodgkin's lymphoma" and "non-hodgkin 's lymphoma" share a key. The index is
a plain dict (loaded with :mod:`marshal` in about a second), and matching looks up
n-grams of the text's tokens, longest first, bounded by the longest term that
starts with each token.
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


class LexiconMissing(RuntimeError):
    """No compiled lexicon where one was expected."""


def key_tokens(text: str) -> list[str]:
    """Word tokens of an already normalised term (letters/digits runs, single symbols)."""
    return TOKEN_RE.findall(text)


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


@dataclass(frozen=True)
class TermMatch:
    """A lexicon hit: original-text offsets and candidate (concept index, flags) pairs."""

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
        rows = marshal.loads((directory / "concepts.marshal").read_bytes())
        self.concepts = [Concept(*r) for r in rows]
        index = marshal.loads((directory / "terms.marshal").read_bytes())
        self.terms: dict[str, tuple] = index["terms"]
        self.first: dict[str, int] = index["first"]
        self.prefixes: set[str] = index["prefixes"]  # term prefixes of 2..prefix_tokens
        self.prefix_tokens: int = index["prefix_tokens"]
        self.classes: set[int] = index["classes"]  # pharmacological-action class concepts
        self._by_curie: dict[str, int] | None = None

    @property
    def version(self) -> str:
        return self.manifest.get("version", "unknown")

    def by_curie(self, curie: str) -> Concept | None:
        """Concept whose primary or secondary identifier is `curie`."""
        if self._by_curie is None:
            index: dict[str, int] = {}
            for i, c in enumerate(self.concepts):
                for cid in c.ids:
                    index.setdefault(cid, i)
            self._by_curie = index
        i = self._by_curie.get(curie)
        return None if i is None else self.concepts[i]

    def candidates(self, term: str) -> tuple[tuple[int, int], ...]:
        """(concept index, flags) candidates for a whole term, best first."""
        entries = self.terms.get(" ".join(key_tokens(normalise_term(term))), ())
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

        The n-gram keys tried are slices of one space-joined string of the tokens,
        which is much cheaper than joining a list of tokens for every n-gram. An n-gram
        is extended only while it begins some longer term (`first`, `prefixes`), so
        most starts cost one or two lookups."""
        strs = TOKEN_RE.findall(folded.text)
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
        # the key of tokens i..j-1 is joined[begin of token i : stops[j]]
        stops = [c + j - 1 for j, c in enumerate(accumulate(map(len, strs), initial=0))]
        terms_get = self.terms.get
        first_get = self.first.get
        out: list[TermMatch] = []
        n = len(strs)
        begin = 0
        prefixes, depth = self.prefixes, self.prefix_tokens
        for i, tok in enumerate(strs):
            if maxn := first_get(tok):
                # the ends j of the terms starting at token i, found shortest first; the
                # n-gram i..j-1 grows while it begins a longer term: always after one
                # token (maxn says so), by the prefix set up to `depth` tokens, beyond
                # that (long chemical names) up to the longest term of `tok`
                found = [(i + 1, entries)] if (entries := terms_get(tok)) is not None else []
                j, limit = i + 1, min(n, i + maxn)
                while j < limit and (
                    j - i == 1 or j - i > depth or joined[begin : stops[j]] in prefixes
                ):
                    j += 1
                    if (entries := terms_get(joined[begin : stops[j]])) is not None:
                        found.append((j, entries))
                for j, entries in reversed(found):  # longest first
                    key = joined[begin : stops[j]]
                    spans = [(starts[k], starts[k] + len(strs[k])) for k in range(i, j)]
                    start, end = folded.original_span(spans[0][0], spans[-1][1])
                    cands = self._case_filter(text, spans, folded, entries)
                    if cands:
                        out.append(TermMatch(start, end, key, cands))
                        break
            begin += len(tok) + 1
        return out

    @staticmethod
    def _case_filter(text, spans, folded, entries) -> tuple[tuple[int, int], ...]:
        surface = None
        kept = []
        for idx, flags, original in entries:
            if flags & CASE_SENSITIVE:
                if surface is None:
                    surface = " ".join(_unfold_token(text, folded, s, e) for s, e in spans)
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
