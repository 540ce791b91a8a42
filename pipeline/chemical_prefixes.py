"""Chemical mentions grow over the locants and stereo prefixes glued before them.

The tokenizer splits "5-hydroxyindoleacetic acid" at the hyphen, and the dictionary
knows "hydroxyindoleacetic acid": the match, and the model that reads it, begin after
"5-". The corpora begin the mention with the prefix ("5-fluorouracil", "L-dopa",
"alpha-methyldopa"): pipeline/data/chemical_prefixes.txt.
"""

import re

from spacy.tokens import Doc, Span

from pipeline.data import word_list
from pipeline.extensions import doc_text, grown_span

_WORDS = "|".join(sorted((re.escape(w) for w in word_list("chemical_prefixes.txt")), key=len))
# a locant ("5", "2,3,5", "4'", "3a"), a stereo descriptor ("(R)", "(2R,4R)") or a word
_PIECE = rf"(?:\d+[a-z]?'*(?:,\d+[a-z]?'*)*|\((?:\d*[RSEZ]|RS)(?:,\d*[RSEZ])*\)|(?i:{_WORDS}))"
# the pieces, each followed by a hyphen, from the start of the word to the mention
_PREFIX = re.compile(rf"(?:^|(?<=[\s(\[/\"]))(?:{_PIECE}-)+$")
_LOOK_BACK = 40  # characters before the mention searched for the prefix


def prefix_start(doc: Doc, ent: Span) -> int | None:
    """The first token of the glued prefix before a chemical mention, if any."""
    s = ent.start_char
    text = doc_text(doc)  # Doc.text joins every token on each access
    if s == 0 or text[s - 1] != "-":
        return None
    lo = max(0, s - _LOOK_BACK)
    m = _PREFIX.search(text[lo:s])
    if m is None:
        return None
    span = doc.char_span(lo + m.start(), s)
    return None if span is None else span.start


def grow_over_chemical_prefixes(doc: Doc, ents: list[Span]) -> list[Span]:
    """Chemical mentions extended leftwards over their glued prefix (when no other
    mention holds its tokens), keeping their label, candidates and match kind."""
    occupied = {i for e in ents for i in range(e.start, e.end)}
    out = []
    for ent in ents:
        start = prefix_start(doc, ent) if ent.label_ == "Chemical" else None
        if start is not None and occupied.isdisjoint(range(start, ent.start)):
            occupied.update(range(start, ent.start))
            ent = grown_span(ent, start, ent.end)
        out.append(ent)
    return out
