"""PubTator format: ``PMID|t|title``, ``PMID|a|abstract``, then one tab-separated
annotation per line (``PMID start end mention type id``), documents separated by
blank lines; relation lines (``PMID<TAB>CID<TAB>id1<TAB>id2``) are skipped.

The document text is ``title + " " + abstract`` (the convention PubTator offsets
use). Identifier fields are split on ``|``, ``,`` and ``;`` (composite mentions);
``+``-joined NCBI-disease composites are split too.
"""

import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.formats import open_input
from pipeline.formats.model import AnnotatedDoc, Annotation, Passage

_TEXT_LINE = re.compile(r"^([^|\t]+)\|([a-z])\|(.*)$")
_ID_SPLIT = re.compile(r"[|,;+]")
_LABELS = {"t": "title", "a": "abstract"}


class PubTatorError(ValueError):
    def __init__(self, source: str, line: int, reason: str, doc_id: str | None = None):
        super().__init__(f"{source}:{line}: {reason}")
        self.source, self.line, self.reason, self.doc_id = source, line, reason, doc_id


def split_ids(field: str) -> list[str]:
    return [i.strip() for i in _ID_SPLIT.split(field) if i.strip()]


def _finish(doc_id, parts, annotations, source) -> AnnotatedDoc:
    text, passages, pos = "", [], 0
    for label, part in parts:
        if text:
            text += " "
            pos += 1
        passages.append(Passage(label, pos, pos + len(part)))
        text += part
        pos += len(part)
    return AnnotatedDoc(doc_id, text, passages, annotations, source)


def iter_pubtator(path: Path, errors: list | None = None) -> Iterator[AnnotatedDoc]:
    """Documents of a PubTator file. Malformed annotation lines raise
    :class:`PubTatorError`, or are appended to `errors` (and skipped) when given."""
    source = str(path)
    doc_id, parts, anns = None, [], []
    with open_input(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if doc_id is not None:
                    yield _finish(doc_id, parts, anns, source)
                doc_id, parts, anns = None, [], []
                continue
            m = _TEXT_LINE.match(line)
            if m and "\t" not in m.group(1):
                if doc_id is not None and m.group(1) != doc_id:
                    yield _finish(doc_id, parts, anns, source)
                    parts, anns = [], []
                doc_id = m.group(1)
                parts.append((_LABELS.get(m.group(2), m.group(2)), m.group(3)))
                continue
            cols = line.split("\t")
            try:
                if len(cols) in (4, 5) and cols[1].isalpha() and not cols[2].isdigit():
                    continue  # relation line: PMID, relation type, id1, id2[, novelty]
                if len(cols) < 5:
                    raise PubTatorError(
                        source, n, f"expected 6 tab-separated fields, got {len(cols)}", doc_id
                    )
                if doc_id is not None and cols[0] != doc_id:
                    raise PubTatorError(
                        source, n, f"annotation for {cols[0]} inside document {doc_id}", doc_id
                    )
                start, end = int(cols[1]), int(cols[2])
                ids = split_ids(cols[5]) if len(cols) > 5 else []
                anns.append(Annotation(start, end, cols[3], cols[4], ids, n))
            except (ValueError, PubTatorError) as exc:
                err = (
                    exc
                    if isinstance(exc, PubTatorError)
                    else PubTatorError(source, n, str(exc), doc_id)
                )
                if errors is None:
                    raise err from None
                errors.append(err)
    if doc_id is not None:
        yield _finish(doc_id, parts, anns, source)
