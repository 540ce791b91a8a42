"""Data files (word lists, term tables, rules) read by the stages beside them."""

from importlib import resources


def word_list(name: str) -> frozenset[str]:
    """The lower-cased lines of a word-list file here, without blanks and # comments."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return frozenset(
        ln.strip().lower() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")
    )
