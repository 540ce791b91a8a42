"""Data files (word lists, term tables, rules) read by the stages beside them."""

from importlib import resources


def data_lines(name: str) -> list[str]:
    """The lines of a file here, without blank lines and # comments."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def word_list(name: str) -> frozenset[str]:
    """The lower-cased, stripped lines of a word-list file here."""
    return frozenset(ln.strip().lower() for ln in data_lines(name))
