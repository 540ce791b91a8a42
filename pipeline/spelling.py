"""Misspelt names: one letter away from a name the lexicon knows.

Abstracts misspell drug names ("amphothericin B", "procyclindine", "apomophine",
"sodium thiopenthal") and glue or split their words ("ethinylestradiol",
"tri-iodo-thyronine"). The model still finds such a mention, but no lexicon form names
it, so it stays unlinked. For a mention no other form links, the normaliser tries the
lexicon keys one edit away from its own (a letter deleted, inserted, replaced, two
letters swapped, a space inserted) and the key without its hyphens, and takes the
concept only when every hit names the same one of the mention's type. Short names
(under eight letters) and names with digits (codes, locants: "SR 48,968" is one
digit from another compound) are never respelt; nor are case-sensitive terms
(acronyms) matched.
"""

import string

from pipeline.lexicon import CASE_SENSITIVE, Lexicon, term_key

MIN_LETTERS = 8
_LETTERS = string.ascii_lowercase
_INSERTS = _LETTERS + " "


def edits(key: str) -> set[str]:
    """Every string one edit away from `key` (Norvig's edits1, plus a space inserted)."""
    splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _INSERTS}
    return (deletes | swaps | replaces | inserts) - {key}


class SpellingLinker:
    """`linker(name, label)`: the (concept index, flags) of the one concept of type
    `label` that a respelling of `name` names, else None."""

    def __init__(self, lexicon: Lexicon):
        self.terms = lexicon.terms
        self.concepts = lexicon.concepts

    def __call__(self, name: str, label: str) -> tuple[int, int] | None:
        key = term_key(name)
        if sum(c.isalpha() for c in key) < MIN_LETTERS or any(c.isdigit() for c in key):
            return None
        forms = edits(key)
        if " - " in key:
            forms.add(key.replace(" - ", ""))
        found: dict[int, int] = {}
        get = self.terms.get
        for form in forms:
            for idx, flags, _ in get(form, ()):
                if not flags & CASE_SENSITIVE and self.concepts[idx].type == label:
                    found.setdefault(idx, flags)
                    break  # the form's best candidate of the type
        if len(found) != 1:
            return None
        return next(iter(found.items()))
