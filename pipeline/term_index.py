"""The lexicon's term index on disk: a memory-mapped marisa trie.

A term key maps to its (concept index, flags, original surface or None) entries, best
first. As a Python dict the 1.6 million keys of the default lexicon took 4 s to load
and 560 MB in every process (each ``--workers`` process, each renewal); the trie is a
19 MB file that the operating system maps once and every process shares, and it opens
at once. Lookups cost microseconds instead of tens of nanoseconds, so the entries of
recent keys are kept in an LRU cache: a text's words recur.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import marisa_trie

FILE = "terms.marisa"
CACHE_SIZE = 1 << 17  # keys whose entries are kept decoded


def write_term_index(path: Path, terms: Iterable[tuple[str, tuple]]) -> None:
    """Write (term key, entries) pairs as the trie file `path`."""
    marisa_trie.BytesTrie((key, marshal.dumps(entries)) for key, entries in terms).save(str(path))


class TermIndex:
    """Read-only mapping of term key -> entries, memory-mapped from `path`."""

    def __init__(self, path: Path):
        self._trie = marisa_trie.BytesTrie()
        self._trie.mmap(str(path))
        # `lookup(key)`: the entries, or None; what the matcher calls for every n-gram
        self.lookup = lru_cache(maxsize=CACHE_SIZE)(self._decode)

    def _decode(self, key: str) -> tuple | None:
        found = self._trie.get(key)
        return marshal.loads(found[0]) if found else None

    def get(self, key: str, default=None):
        found = self.lookup(key)
        return default if found is None else found

    def __getitem__(self, key: str) -> tuple:
        if (found := self.lookup(key)) is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._trie

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.iterkeys())

    def __len__(self) -> int:
        return len(self._trie)

    def items(self) -> Iterator[tuple[str, tuple]]:
        for key, value in self._trie.iteritems():
            yield key, marshal.loads(value)
