"""Chemical mentions grow over the salt and hydrate words written beside them.

The corpora draw a drug's salt form as one mention, "bupivacaine hydrochloride",
"diclofenac sodium", "sodium valproate" (BC5CDR and BioRED training splits: 78 mentions
end with such a word and 12 stop before one; 33 begin with one and none follow one),
but the dictionary knows the drug alone and the statistical model mostly stops at it.
The words are those of pipeline/data/salt_words.txt after the drug, and only a metal
("sodium", "calcium") before it; a mention of a salt word alone ("sodium") beside the
drug becomes part of the drug's mention. The grown mention keeps the drug's
identifiers: the corpora link the salt form to its drug.
"""

from spacy.tokens import Doc, Span

from pipeline.data import word_list
from pipeline.extensions import grown_span

SALT_WORDS = frozenset(w.lower() for w in word_list("salt_words.txt"))
# "nifedipine calcium channel blocker": the ion names the channel, not the salt
_NOT_BEFORE = frozenset({"channel", "channels", "current", "currents", "antagonist", "antagonists"})
# "calcium ions": the word names what the salt word's element is, not a drug
_NO_SALT = frozenset({"ion", "ions", "salt", "salts"})
# a salt's metal may come first ("sodium valproate"), its anion and water only after
# ("salt dust" is no salt form)
_METALS = frozenset({"sodium", "disodium", "potassium", "calcium", "magnesium"}) & SALT_WORDS


def _salt(doc: Doc, i: int, owner: dict[int, Span], words: frozenset[str] = SALT_WORDS) -> bool:
    """Token `i` is one of `words` that no mention other than a salt word's own holds."""
    if not 0 <= i < len(doc) or doc[i].lower_ not in words:
        return False
    if i + 1 < len(doc) and doc[i + 1].lower_ in _NOT_BEFORE:
        return False
    ent = owner.get(i)
    return ent is None or all(t.lower_ in SALT_WORDS for t in ent)


def grow_over_salt_words(doc: Doc, ents: list[Span]) -> list[Span]:
    """Chemical mentions extended over the salt words right before or after them, each
    separated by a single space, keeping their label, candidates and match kind; the
    salt words' own mentions go."""
    owner = {i: e for e in ents for i in range(e.start, e.end)}
    absorbed: set[Span] = set()
    out = []
    for ent in ents:
        if ent.label_ != "Chemical" or ent in absorbed or ent.text.lower() in _NO_SALT:
            out.append(ent)
            continue
        start, end = ent.start, ent.end
        while _salt(doc, end, owner) and doc[end - 1].whitespace_ == " ":
            end += 1
        while (
            start > 0
            and doc[start - 1].whitespace_ == " "
            and _salt(doc, start - 1, owner, _METALS)
        ):
            start -= 1
        if (start, end) == (ent.start, ent.end) or all(t.lower_ in SALT_WORDS for t in ent):
            out.append(ent)
            continue
        absorbed.update(
            owner[i] for i in (*range(start, ent.start), *range(ent.end, end)) if i in owner
        )
        grown = grown_span(ent, start, end)
        for i in range(start, end):
            owner[i] = grown
        out.append(grown)
    return [e for e in out if e not in absorbed]
