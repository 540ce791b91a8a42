"""Text folding for dictionary matching that never loses track of original offsets.

Matching happens on a *folded* copy of the text: case-folded, Unicode dashes and
quotes mapped to ASCII, whitespace runs collapsed and end-of-line hyphenation
("leukocyto-\\n clastic") joined. `FoldedText.offsets` maps every folded
character back to the original text, so a match ``folded[i:j]`` is the mention
``text[offsets[i]:offsets[j-1] + 1]``.
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


def fold(text: str) -> str:
    """Length-preserving fold used for lexicon keys and matching."""
    return "".join(fold_char(c) for c in text)


_SPACE_RUN = re.compile(r"\s+")


def surface_char(c: str) -> str:
    """Map dashes, quotes and odd spaces like `fold_char`, but keep the case."""
    return _CHAR_MAP.get(ord(c), c)


def normalise_surface(term: str) -> str:
    """A term with dashes/quotes/spaces normalised and its case kept (for acronyms)."""
    return _SPACE_RUN.sub(
        " ", "".join(map(surface_char, unicodedata.normalize("NFC", term)))
    ).strip()


def normalise_term(term: str) -> str:
    """Canonical key of a lexicon term: folded, single spaces, stripped."""
    return _SPACE_RUN.sub(" ", fold(unicodedata.normalize("NFC", term))).strip()


@dataclass(frozen=True)
class FoldedText:
    """A folded view of a text with a map from folded to original offsets."""

    text: str
    offsets: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the folded slice [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


def _is_word(c: str) -> bool:
    return c.isalnum()


def fold_text(text: str) -> FoldedText:
    """Fold `text` for matching: whitespace runs become one space, and a hyphen at
    a line end between two lowercase letters is treated as a soft break
    ("calcifi-\\ncation" matches "calcification"). Hyphenated lexicon terms are also
    indexed without their hyphen, so a real compound broken at its hyphen
    ("anti-\\ninflammatory") still matches."""
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            if out and out[-1] != " ":
                out.append(" ")
                offsets.append(i)
            i = j
            continue
        if (
            c in "-\u00ad\u2010"
            and out
            and out[-1].isalpha()
            and out[-1].islower()
            and i + 1 < n
            and text[i + 1] in "\r\n"
        ):
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j].isalpha() and text[j].islower():
                i = j  # soft line-break hyphen: drop it and the line break
                continue
        out.append(fold_char(c))
        offsets.append(i)
        i += 1
    return FoldedText("".join(out), offsets)


def word_boundary_ok(folded: str, start: int, end: int) -> bool:
    """True when folded[start:end] is not glued to letters or digits on either side."""
    if start > 0 and _is_word(folded[start - 1]) and _is_word(folded[start]):
        return False
    return not (end < len(folded) and _is_word(folded[end]) and _is_word(folded[end - 1]))
