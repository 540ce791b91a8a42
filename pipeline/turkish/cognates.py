"""Cognate keys: English and Turkish spellings of international terms meet at one key.

Turkish writes Greco-Latin medical words phonetically ("deksametazon",
"lökositoklastik vaskülit"). Rather than generating English spellings from Turkish
ones (which explodes: every k may be c, ch or k), both sides are reduced to a
common key with the rules in ``data/turkish_translit.tsv``; the index maps keys of
the lexicon's words to those words.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pipeline.data import data_lines
from pipeline.lexicon import default_home
from pipeline.turkish.morphology import fold

CACHE_FORMAT = b"2"
MIN_WORD = 4  # shorter English words are not indexed
MIN_STEM = 5  # shorter Turkish stems ("vart" <- "vardı" ~ "warts") only via the glossary


@lru_cache(maxsize=1)
def _rules() -> tuple[list, list, list]:
    """(English rewrite rules, Turkish rewrite rules, English ending alternatives)."""
    en: list = []
    tr: list = []
    alt: list = []
    for ln in data_lines("turkish_translit.tsv"):
        side, kind, pattern, repl = ln.split("\t")
        if kind == "alt":
            tail = re.sub(r"^.*\)", "", pattern).rstrip("$")  # literal ending, a quick pre-check
            alt.append((tail, re.compile(pattern), repl))
            continue
        rule = (kind, re.compile(pattern) if kind == "re" else pattern, repl)
        if side in ("en", "both"):
            en.append(rule)
        if side in ("tr", "both"):
            tr.append(rule)
    return en, tr, alt


def _rewrite(key: str, rules: list) -> str:
    for kind, pattern, repl in rules:
        key = pattern.sub(repl, key) if kind == "re" else key.replace(pattern, repl)
    return key


def _ascii(word: str) -> str:
    if word.isascii():
        return word.lower()
    return "".join(
        c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
    )


def en_keys(word: str) -> tuple[str, ...]:
    """Keys of an English word: its spelling key and the ending alternatives."""
    en, _, alt = _rules()
    keys = [_rewrite(_ascii(word), en)]
    for tail, pattern, repl in alt:
        for k in list(keys):
            if not k.endswith(tail):
                continue
            k2 = pattern.sub(repl, k)
            if k2 != k and k2 not in keys:
                keys.append(k2)
    return tuple(keys)


@lru_cache(maxsize=65536)
def tr_key(stem: str) -> str:
    """Key of a folded Turkish stem."""
    return _rewrite(fold(stem), _rules()[1])


_ALPHA = re.compile(r"^[a-z]+$")


class CognateIndex:
    """Cognate key -> English lexicon words, plus the set of all lexicon words."""

    def __init__(self, words):
        self.words: set[str] = set()
        ranked: dict[str, list[tuple[int, str]]] = {}
        for w in words:
            self.words.add(w)
            if len(w) < MIN_WORD or not _ALPHA.match(w):
                continue
            for rank, k in enumerate(en_keys(w)):
                ranked.setdefault(k, []).append((rank, w))
        # the word whose own spelling gives the key first ("cyclosporin" before
        # "cyclosporins" for "siklosporin"), then shorter, then alphabetical
        self.by_key = {
            k: [w for _, w in sorted(v, key=lambda x: (x[0], len(x[1]), x[1]))]
            for k, v in ranked.items()
        }

    @classmethod
    def from_parts(cls, words: set[str], by_key: dict[str, list[str]]) -> CognateIndex:
        index = cls(())
        index.words, index.by_key = words, by_key
        return index

    def english(self, stem: str) -> list[str]:
        """English lexicon words whose key is the key of a folded Turkish stem."""
        if len(stem) < MIN_STEM:
            return []
        return self.by_key.get(tr_key(stem), [])


def lexicon_words(lexicon) -> set[str]:
    """Distinct word tokens of all lexicon term keys."""
    words: set[str] = set()
    for key in lexicon.terms:
        words.update(key.split(" "))
    return words


def _cache_file(lexicon) -> Path:
    rules = resources.files("pipeline.data").joinpath("turkish_translit.tsv").read_bytes()
    tag = hashlib.sha256(
        lexicon.manifest.get("data", lexicon.version).encode() + rules + CACHE_FORMAT
    ).hexdigest()[:20]
    return default_home() / "turkish" / f"cognates-{tag}.marshal"


@lru_cache(maxsize=4)
def cognate_index(lexicon) -> CognateIndex:
    """The index for a lexicon, cached on disk next to the lexicon cache (building
    it keys ~200k words, a few seconds; loading the cache is instant)."""
    path = _cache_file(lexicon)
    if path.exists():
        try:
            words, by_key = marshal.loads(path.read_bytes())
            return CognateIndex.from_parts(set(words), by_key)
        except (ValueError, EOFError, TypeError):
            pass
    index = CognateIndex(lexicon_words(lexicon))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((list(index.words), index.by_key)))
        os.replace(tmp, path)
        for old in path.parent.glob("cognates-*.marshal"):  # stale rules or lexicon
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home only costs the rebuild
    return index
