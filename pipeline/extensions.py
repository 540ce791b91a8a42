"""Custom attributes through which the stages talk to each other on the Doc."""

from spacy.tokens import Doc, Span

DOC_ATTRS = {
    "doc_id": None,
    "source": None,
    "text_sha256": None,
    "sections": None,  # list[Section] set by the sections stage
    "record": None,  # the JSON record built by the record stage
    "extra": None,  # reader-provided metadata (e.g. PMID, journal)
    "case": None,  # case-report facts (patient, labs, treatments …) from medlink_case_facts
}
SPAN_ATTRS = {
    "candidates": None,  # ((concept index, flags), ...) from the lexicon
    "concept": None,  # primary CURIE
    "ids": None,  # all CURIEs
    "canonical": None,  # canonical concept name
    "match_kind": None,
    "long_form": None,  # abbreviation long form text, if the mention is a short form
    "assertion": None,  # present/negated/uncertain/historical/hypothetical/family (ConText)
}


def register() -> None:
    for name, default in DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register()
