"""Text folding for dictionary matching that never loses track of original offsets.

Matching happens on a *folded* copy of the text: case-folded, Unicode dashes and
quotes mapped to ASCII, and end-of-line hyphenation ("leukocyto-\\n clastic")
joined. `FoldedText.original_span` maps a folded slice back to the original
text, so a match always yields the exact original mention.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad\ufe63\uff0d"
_CHAR_MAP = {ord(c): "-" for c in DASHES}
_CHAR_MAP.update(
    {
        ord("\u2018"): "'",
        ord("\u2019"): "'",
        ord("\u201c"): '"',
        ord("\u201d"): '"',
        ord("\u00a0"): " ",
        ord("\u2009"): " ",
        ord("\u202f"): " ",
    }
)
# Turkish dotted/dotless i: fold both to the ASCII forms so that English terms match
# "İ" at sentence starts; Turkish-specific folding lives in the Turkish stage.
_CHAR_MAP.update({ord("\u0130"): "i", ord("\u0131"): "i"})


def fold_char(c: str) -> str:
    """Fold one character to exactly one character (so offsets are preserved)."""
    mapped = _CHAR_MAP.get(ord(c))
    if mapped is not None:
        return mapped
    low = c.lower()
    return low if len(low) == 1 else c


# The one character whose lower case depends on its neighbours (final sigma).
_CONTEXTUAL_LOWER = "\u03a3"


def fold(text: str) -> str:
    """Length-preserving fold used for lexicon keys and matching."""
    folded = text.translate(_CHAR_MAP).lower()
    # str.lower() of the whole string equals lowering each character unless some
    # character grows (the length tells) or a capital sigma sees its context
    if len(folded) == len(text) and _CONTEXTUAL_LOWER not in text:
        return folded
    return "".join(fold_char(c) for c in text)


_SPACE_RUN = re.compile(r"\s+")


def surface_char(c: str) -> str:
    """Map dashes, quotes and odd spaces like `fold_char`, but keep the case."""
    return _CHAR_MAP.get(ord(c), c)


def surface_text(text: str) -> str:
    """`surface_char` over a whole string, in one pass."""
    return text.translate(_CHAR_MAP)


def normalise_surface(term: str) -> str:
    """A term with dashes/quotes/spaces normalised and its case kept (for acronyms)."""
    return _SPACE_RUN.sub(" ", surface_text(unicodedata.normalize("NFC", term))).strip()


def normalise_term(term: str) -> str:
    """Canonical key of a lexicon term: folded, single spaces, stripped."""
    return _SPACE_RUN.sub(" ", fold(unicodedata.normalize("NFC", term))).strip()


@dataclass(frozen=True)
class FoldedText:
    """A folded view of a text. `offsets` maps folded to original indices; it is
    None when the two coincide (no soft line-break hyphen was removed)."""

    text: str
    offsets: list[int] | None = None

    def orig(self, i: int) -> int:
        return i if self.offsets is None else self.offsets[i]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the folded slice [start, end)."""
        if self.offsets is None:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1


def _is_word(c: str) -> bool:
    return c.isalnum()


# A hyphen that ends a line, with the line break and indentation after it.
_SOFT_BREAK = re.compile("[-\u00ad\u2010]\r?\n\\s*")
_MAPPED = re.compile("[" + "".join(re.escape(chr(k)) for k in _CHAR_MAP) + "]")


def _map_char(m: re.Match) -> str:
    return _CHAR_MAP[ord(m.group())]


def fold_text(text: str) -> FoldedText:
    """Fold `text` for matching (case, dashes, quotes; same length), and drop
    soft line-break hyphens between lower-case letters ("calcifi-\\ncation" matches
    "calcification"). Whitespace is kept: matching works on word tokens.
    Hyphenated lexicon terms are also indexed without their hyphen, so a real
    compound broken at its hyphen ("anti-\\ninflammatory") still matches."""
    folded = _MAPPED.sub(_map_char, text).lower()
    if len(folded) != len(text):  # rare: a character whose lower case is longer
        folded = "".join(fold_char(c) for c in text)
    n = len(text)
    breaks = [
        m
        for m in _SOFT_BREAK.finditer(text)
        if m.start() > 0
        and text[m.start() - 1].isalpha()
        and m.end() < n
        and text[m.end()].islower()
    ]
    if not breaks:
        return FoldedText(folded)
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in breaks:
        out.append(folded[pos : m.start()])
        offsets.extend(range(pos, m.start()))
        pos = m.end()
    out.append(folded[pos:])
    offsets.extend(range(pos, len(text)))
    return FoldedText("".join(out), offsets)


def word_boundary_ok(folded: str, start: int, end: int) -> bool:
    """True when folded[start:end] is not glued to letters or digits on either side."""
    if start > 0 and _is_word(folded[start - 1]) and _is_word(folded[start]):
        return False
    return not (end < len(folded) and _is_word(folded[end]) and _is_word(folded[end - 1]))
