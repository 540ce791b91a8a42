"""Turkish case folding and suffix stripping.

Matching folds Turkish text twice: Turkish lower-casing (İ->i, I->ı, which plain
``str.lower`` gets wrong) and then ASCII folding (ç->c, ğ->g, ı->i, ö->o, ş->s,
ü->u), so that text typed without diacritics ("vaskulit", "bas agrisi") matches
the same table rows as correctly spelled text. Suffixes are stripped from the
folded word to find candidate stems; the mention itself keeps the whole
inflected word ("myelomda"), because a Turkish word is one token.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.data import data_lines

ASCII_FOLD = str.maketrans("çğıöşüâîûÇĞÖŞÜÂÎÛ", "cgiosuaiuCGOSUAIU")
# consonants softened before a vowel-initial suffix ("yetmezlik" -> "yetmezliği")
UNSOFTEN = {"g": "k", "b": "p", "d": "t", "c": "c"}
VOWELS = set("aeiou")
MIN_STEM = 3
MAX_LAYERS = 3


def turkish_lower(s: str) -> str:
    """Lower-case with the Turkish dotted/dotless i rules, then plain lower()."""
    return s.replace("İ", "i").replace("I", "ı").lower()


def fold(s: str) -> str:
    """Turkish lower-case and ASCII-fold (the key all Turkish tables are matched on)."""
    return turkish_lower(s).translate(ASCII_FOLD).replace("\u0307", "")


@lru_cache(maxsize=1)
def suffixes() -> tuple[str, ...]:
    """Folded suffixes, longest first."""
    found = {fold(ln.strip()) for ln in data_lines("turkish_suffixes.txt")}
    return tuple(sorted(found, key=lambda s: (-len(s), s)))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(fold(ln.strip()) for ln in data_lines("turkish_stopwords.txt"))


def _has_vowel(s: str) -> bool:
    return any(c in VOWELS for c in s)


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """Candidate stems of a folded word, the word itself first, then by the number
    of suffix layers removed and longest first ("yetmezligine" -> ...,
    "yetmezligi", ..., "yetmezlik")."""
    seen = {word: 0}
    frontier = [word]
    for depth in range(1, MAX_LAYERS + 1):
        nxt = []
        for w in frontier:
            for suf in suffixes():
                if not w.endswith(suf):
                    continue
                stem = w[: -len(suf)]
                if len(stem) < MIN_STEM or not _has_vowel(stem):
                    continue
                forms = [stem]
                if suf[0] in VOWELS and stem[-1] in UNSOFTEN:
                    forms.append(stem[:-1] + UNSOFTEN[stem[-1]])
                for f in forms:
                    if f not in seen:
                        seen[f] = depth
                        nxt.append(f)
        frontier = nxt
    return tuple(sorted(seen, key=lambda s: (seen[s], -len(s))))
