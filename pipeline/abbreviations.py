"""Abbreviations defined in the document, linked like their long forms.

scispaCy's AbbreviationDetector (Schwartz & Hearst) finds "long form (SF)" pairs.
Its long form can be too short ("myeloma" for "multiple myeloma (MM)"), so when an
entity ends where the long form ends and starts with the short form's first
letter, that entity is taken as the long form. Every occurrence of the short form
then becomes an entity of the same type and concept. A short form whose long form
is not an entity is not one either: lexicon hits on it are dropped ("PRA" for
plasma renin activity is not a chemical).
"""

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
        if not Doc.has_extension("abbreviations") or not doc._.abbreviations:
            return doc
        by_short: dict[str, list[Span]] = {}
        long_of: dict[str, Span] = {}
        for short in doc._.abbreviations:
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
