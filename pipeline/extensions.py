"""Custom attributes through which the stages talk to each other on the Doc."""

import copy

from spacy.tokens import Doc, Span

TEXT_KEY = "medlink.text"  # doc.user_data key of the cached text (see doc_text)

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
    "grown": None,  # True: a dictionary match grown over words its lexicon key lacks
    "assertion": None,  # present/negated/uncertain/historical/hypothetical/family (ConText)
}


class SpanValues:
    """A span's extension values read and written straight in ``doc.user_data``,
    under the key spaCy's ``span._`` uses, ``("._.", name, start_char, end_char)``:
    the same values, without building an accessor and failing an attribute lookup
    on every read (several times slower, and the stages read thousands per
    document). tests/test_extensions.py checks the two views agree."""

    __slots__ = ("_data", "_start", "_end")

    def __init__(self, span: Span):
        self._data = span.doc.user_data
        self._start = span.start_char
        self._end = span.end_char

    def get(self, name: str):
        value = self._data.get(("._.", name, self._start, self._end), _MISSING)
        if value is not _MISSING:
            return value
        default = span_default(name)
        if isinstance(default, (list, dict, set)):  # as spaCy does: a copy, kept
            default = copy.copy(default)
            self.set(name, default)
        return default

    def set(self, name: str, value) -> None:
        self._data[("._.", name, self._start, self._end)] = value


_MISSING = object()


def grown_span(core: Span, start: int, end: int) -> Span:
    """`core` stretched to tokens `start`..`end` over words its lexicon key lacks: the
    same label, candidates and match kind, marked `grown` (the normaliser may look the
    whole name up)."""
    grown = Span(core.doc, start, end, label=core.label_)
    was, values = SpanValues(core), SpanValues(grown)
    for name in ("candidates", "match_kind"):
        values.set(name, was.get(name))
    values.set("grown", True)
    return grown


def span_default(name: str):
    """The registered default of a stored Span extension (as ``span._`` gives it)."""
    extension = Span.get_extension(name)
    if extension is None:  # as `span._` does for a name never registered
        raise AttributeError(f"no Span extension {name!r}")
    default, method, getter, _ = extension
    if method is not None or getter is not None:
        raise ValueError(f"Span._.{name} is computed, not stored")
    return default


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once: ``Doc.text`` joins every token on each access,
    and most stages read the whole text.

    Cached in ``doc.user_data`` (filled by ``make_doc`` and the ingest stage). A Doc's
    text never changes after tokenization, and ``Doc.copy``, ``to_bytes`` and pickling
    carry it along with the same text; a cache copied onto a Doc with another text
    (``Span.as_doc(copy_user_data=True)``) has another length and is rebuilt."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None or len(text) != _text_length(doc):
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def set_doc_text(doc: Doc, text: str) -> None:
    """Cache `text`, the string `doc` was tokenized from (spaCy tokenization keeps
    every character, so it is ``doc.text``), for :func:`doc_text`."""
    doc.user_data[TEXT_KEY] = text


def _text_length(doc: Doc) -> int:
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def register() -> None:
    for name, default in DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register()
