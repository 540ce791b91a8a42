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
from pathlib import Path

from pipeline.textnorm import FoldedText, normalise_surface, normalise_term, surface_char

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
        key = " ".join(key_tokens(normalise_term(term)))
        surface = " ".join(key_tokens(normalise_surface(term)))
        return tuple(
            (i, f)
            for i, f, original in self.terms.get(key, ())
            if not f & CASE_SENSITIVE or original == surface
        )

    def lookup(self, term: str) -> list[tuple[Concept, int]]:
        """Concepts a whole term names, best first."""
        return [(self.concepts[i], f) for i, f in self.candidates(term)]

    def match(self, text: str, folded: FoldedText) -> list[TermMatch]:
        """All longest-at-each-start lexicon hits in `text` (overlaps not yet resolved)."""
        toks = [(m.start(), m.end()) for m in TOKEN_RE.finditer(folded.text)]
        strs = [folded.text[s:e] for s, e in toks]
        out: list[TermMatch] = []
        n = len(toks)
        for i in range(n):
            maxn = self.first.get(strs[i])
            if not maxn:
                continue
            for k in range(min(maxn, n - i), 0, -1):
                key = " ".join(strs[i : i + k])
                entries = self.terms.get(key)
                if entries is None:
                    continue
                start, end = folded.original_span(toks[i][0], toks[i + k - 1][1])
                cands = self._case_filter(text, toks[i : i + k], folded, entries)
                if cands:
                    out.append(TermMatch(start, end, key, cands))
                    break
        return out

    @staticmethod
    def _case_filter(text, toks, folded, entries) -> tuple[tuple[int, int], ...]:
        surface = None
        kept = []
        for idx, flags, original in entries:
            if flags & CASE_SENSITIVE:
                if surface is None:
                    surface = " ".join(_unfold_token(text, folded, s, e) for s, e in toks)
                if surface != original:
                    continue
            kept.append((idx, flags))
        return tuple(kept)


def _unfold_token(text: str, folded: FoldedText, s: int, e: int) -> str:
    """The original characters of a folded token, with dashes folded but case kept."""
    return "".join(surface_char(text[folded.orig(j)]) for j in range(s, e))


@lru_cache(maxsize=4)
def load_lexicon(directory: str | None = None) -> Lexicon:
    """Load (once per process) the lexicon in `directory` or the default location."""
    return Lexicon(Path(directory) if directory else default_lexicon_dir())
