"""Turkish marker words: evidence that a short or undiacritised text is Turkish.

Character n-gram identifiers need diacritics (ı, ğ, ş) or a few sentences to
recognise Turkish; "Tedavi sirasinda notropeni ve anemi gelisti." is too short
and too ASCII for them. Function words and the commonest verbs of Turkish
abstracts (``data/turkish_markers.txt``) are not English words, so a text in
which they are frequent is Turkish whatever its spelling.
"""

import re
from functools import lru_cache

from pipeline.data import data_lines
from pipeline.turkish.morphology import fold

_WORD = re.compile(r"[^\W\d_]+")


MIN_SUFFIXED = 5


@lru_cache(maxsize=1)
def markers() -> tuple[frozenset[str], tuple[str, ...]]:
    """(marker words, marker endings), folded."""
    lines = [fold(ln.strip()) for ln in data_lines("turkish_markers.txt")]
    words = frozenset(w for w in lines if not w.startswith("-"))
    return words, tuple(w[1:] for w in lines if w.startswith("-"))


@lru_cache(maxsize=65536)
def is_marker(word: str) -> bool:
    """Memoised: every section not identified as Turkish is checked word by word, and
    folding each word cost more than the check; the words of abstracts repeat a lot."""
    words, endings = markers()
    w = fold(word)
    return w in words or (len(w) >= MIN_SUFFIXED and w.endswith(endings))


def turkish_evidence(text: str) -> tuple[int, float]:
    """(marker words, their share of all words) in a text."""
    words = _WORD.findall(text)
    if not words:
        return 0, 0.0
    hits = sum(map(is_marker, words))
    return hits, hits / len(words)
