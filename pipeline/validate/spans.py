"""Span checks: do the offsets give the mention, and are its boundaries clean?

Boundary damage is what careless span extraction leaves behind: a mention that
starts or ends with punctuation (``-Associated Secondary Plasmacytomas``, cut
from "Skin-Associated ...") or that begins or ends inside a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEADING_PUNCT = "-–—/,.;:!?)]}"
TRAILING_PUNCT = "-–—/,;:([{"
_WORD = re.compile(r"[\w\-–]")


@dataclass
class Located:
    start: int
    end: int
    count: int  # occurrences of the mention in the text


def locate(text: str, mention: str) -> Located | None:
    """Where a mention without offsets occurs: the first whole-word occurrence (exact
    case first, then any case, then inflected: "plasmacytoma" in "plasmacytomas"),
    else the first occurrence at all, damaged boundaries included."""
    if not mention:
        return None
    for hay, needle in ((text, mention), (text.lower(), mention.lower())):
        hits = [m.start() for m in re.finditer(re.escape(needle), hay)]
        if not hits:
            continue
        for inflected in (False, True):
            for i in hits:
                if clean(text, i, i + len(mention), inflected):
                    return Located(i, i + len(mention), len(hits))
        return Located(hits[0], hits[0] + len(mention), len(hits))
    return None


def clean(text: str, start: int, end: int, inflected: bool) -> bool:
    """No boundary damage; `inflected` accepts a plural ending right after the span."""
    span = text[start:end]
    if span[0] in LEADING_PUNCT or span[-1] in TRAILING_PUNCT or _unbalanced(span):
        return False
    if start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        return False
    if end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        rest = re.match(r"\w+", text[end:]).group()
        return inflected and rest in ("s", "es")
    return True


def nearest(text: str, mention: str, around: int) -> int | None:
    best = None
    for m in re.finditer(re.escape(mention), text):
        if best is None or abs(m.start() - around) < abs(best - around):
            best = m.start()
    return best


def _hyphen(ch: str) -> bool:
    return ch in ("-", "–")


def _unbalanced(s: str) -> bool:
    return any(s.count(o) != s.count(c) for o, c in ("()", "[]", "{}"))


def boundary_problems(text: str, start: int, end: int) -> tuple[list[str], str | None]:
    """(problems, a better span text) for the span text[start:end]."""
    span = text[start:end]
    problems = []
    if span[:1] and span[0] in LEADING_PUNCT:
        problems.append(f"starts with {span[0]!r}")
    if span[-1:] and span[-1] in TRAILING_PUNCT:
        problems.append(f"ends with {span[-1]!r}")
    if _unbalanced(span):
        problems.append("has unbalanced brackets")
    left_cut = start > 0 and text[start - 1].isalnum() and (span[:1].isalnum() or _hyphen(span[:1]))
    right_cut = (
        end < len(text) and text[end].isalnum() and (span[-1:].isalnum() or _hyphen(span[-1:]))
    )
    if left_cut or right_cut:
        s, e = start, end
        while left_cut and s > 0 and _WORD.match(text[s - 1]):
            s -= 1
        while right_cut and e < len(text) and _WORD.match(text[e]):
            e += 1
        whole = text[s:e]
        word = (whole.split()[0] if left_cut else whole.split()[-1]).strip(",.;:!?()[]")
        problems.append(f"cuts the word {word!r}")
        return problems, whole
    if problems:
        trimmed = span.strip(LEADING_PUNCT + TRAILING_PUNCT + " ")
        return problems, trimmed or None
    return problems, None
