"""Abbreviations defined in the document, linked like their long forms.

scispaCy's AbbreviationDetector (Schwartz & Hearst) finds "long form (SF)" pairs.
Its long form can be too short ("myeloma" for "multiple myeloma (MM)"), so when an
entity ends where the long form ends and starts with the short form's first
letter, that entity is taken as the long form. Every occurrence of the short form
then becomes an entity of the same type and concept. A short form whose long form
is not an entity is not one either: lexicon hits on it are dropped ("PRA" for
plasma renin activity is not a chemical).
"""

from scispacy.abbreviation import find_abbreviation
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import extensions  # noqa: F401


def _long_form_entity(ents: tuple[Span, ...], long_form: Span, short: str) -> Span | None:
    start, end = long_form.start_char, long_form.end_char
    initial = short[:1].lower()
    for ent in ents:
        if ent.end_char == end and (ent.start_char <= start + 1 or ent.text[:1].lower() == initial):
            return ent
    for ent in ents:  # the long form itself is an entity
        if ent.start_char == start and ent.end_char == end:
            return ent
    return None


def _hyphenated_short_forms(doc: Doc) -> list[Span]:
    """Definitions whose short form has a hyphen, "ataxia-telangiectasia (A-T)", and all
    its occurrences. scispaCy wants every short-form token 2-9 characters long, and
    our tokenizer splits "A-T" into "A", "-", "T"; its Schwartz & Hearst matching
    (`find_abbreviation`) is applied here to the hyphen-joined short form instead."""
    found: list[Span] = []
    for i, tok in enumerate(doc):
        if tok.text != "(" or tok.whitespace_:
            continue
        j = i + 1  # the short form: tokens i+1 .. j-1, written without spaces
        while j < len(doc) and doc[j].text != ")" and not doc[j - 1].whitespace_:
            j += 1
        if j >= len(doc) or doc[j].text != ")" or doc[j - 1].whitespace_ or j - i < 4:
            continue
        short = doc[i + 1 : j]
        text = short.text
        if "-" not in text or not 2 <= len(text) <= 10 or not text[0].isalpha():
            continue
        if sum(c.isalpha() for c in text) < len(text) / 2:
            continue
        letters = len(text)
        long_candidate = doc[max(i - min(letters + 5, letters * 2), 0) : i]
        _, long_form = find_abbreviation(long_candidate, short)
        if long_form is None:
            continue
        n = len(short)
        for k in range(len(doc) - n + 1):
            other = doc[k : k + n]
            if other.text == text and _stands_alone(doc, k, k + n):
                other._.long_form = long_form
                found.append(other)
    return found


def _stands_alone(doc: Doc, start: int, end: int) -> bool:
    """Tokens start..end-1 are not glued to a word or hyphen ("A-T" in "A-T-like")."""

    def glued(tok) -> bool:
        return tok.text == "-" or tok.text[0].isalnum() or tok.text[-1].isalnum()

    left = start == 0 or bool(doc[start - 1].whitespace_) or not glued(doc[start - 1])
    right = end == len(doc) or bool(doc[end - 1].whitespace_) or not glued(doc[end])
    return left and right


def _skip_detector_pattern_checks(nlp: Language) -> None:
    """scispaCy's detector adds a Matcher pattern for every abbreviation of every
    document, and spaCy validates each one with pydantic, a good part of the
    detector's time. Those patterns are plain ORTH sequences, always valid."""
    if "abbreviation_detector" in nlp.pipe_names:
        matcher = getattr(nlp.get_pipe("abbreviation_detector"), "global_matcher", None)
        if matcher is not None:
            matcher.validate = False


@Language.factory("medlink_abbreviations")
def make_abbreviations(nlp: Language, name: str):
    _skip_detector_pattern_checks(nlp)

    def abbreviations(doc: Doc) -> Doc:
        if not Doc.has_extension("abbreviations"):
            return doc
        defined = list(doc._.abbreviations) + _hyphenated_short_forms(doc)
        if not defined:
            return doc
        by_short: dict[str, list[Span]] = {}
        long_of: dict[str, Span] = {}
        for short in defined:
            by_short.setdefault(short.text, []).append(short)
            long_of.setdefault(short.text, short._.long_form)
        found = doc.ents  # Doc.ents rebuilds its spans on every access
        ents = list(found)
        for short_text, occurrences in by_short.items():
            long_ent = _long_form_entity(found, long_of[short_text], short_text)
            occ_ranges = {(o.start, o.end) for o in occurrences}
            ents = [
                e
                for e in ents
                if not any(e.start < oe and os_ < e.end for os_, oe in occ_ranges)
                or (long_ent is not None and e == long_ent)
            ]
            if long_ent is None:
                continue
            for o in occurrences:
                span = Span(doc, o.start, o.end, label=long_ent.label_)
                span._.candidates = long_ent._.candidates
                span._.concept = long_ent._.concept
                span._.match_kind = "abbreviation"
                span._.long_form = long_ent.text
                ents.append(span)
        doc.ents = sorted(_without_overlaps(ents), key=lambda s: s.start)
        return doc

    return abbreviations


def _without_overlaps(spans: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(s.end <= c.start or c.end <= s.start for c in chosen):
            chosen.append(s)
    return chosen
