"""Pick the reader for an input file: PubTator, BioC XML/JSON, medlink JSONL records
or a Markdown summary page (by extension, then by sniffing the first bytes)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.formats.model import AnnotatedDoc
from pipeline.formats.pubtator import iter_pubtator
from pipeline.validate.markdown_page import is_summary_page, read_page
from pipeline.validate.records_jsonl import iter_records

_PUBTATOR = re.compile(r"^[^|\t\s]+\|[ta]\|", re.M)


class UnknownFormat(ValueError):
    pass


def sniff(path: Path) -> str:
    """ "pubtator", "bioc", "records" or "markdown"."""
    suffix = path.suffix.lower()
    if suffix in (".xml", ".bioc"):
        return "bioc"
    if suffix in (".md", ".markdown"):
        return "markdown"
    with open(path, encoding="utf-8", errors="replace") as fh:
        head = fh.read(65536)
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        return "bioc"
    if stripped.startswith(("{", "[")):
        first = stripped.splitlines()[0]
        try:
            obj = json.loads(first)
        except ValueError:
            return "bioc"  # a multi-line JSON document: a BioC collection
        if isinstance(obj, dict) and "entities" in obj:
            return "records"
        return "bioc"
    if _PUBTATOR.search(head[:4096]):
        return "pubtator"
    if is_summary_page(head):
        return "markdown"
    raise UnknownFormat(
        f"{path}: not PubTator, BioC, medlink records or a summary page with entity blocks"
    )


def read_documents(path: Path, body: str | None = None) -> tuple[str, Iterator[AnnotatedDoc]]:
    """(format, documents); `body` replaces the documents' text (``--text``)."""
    kind = sniff(path)
    if kind == "markdown":
        return kind, iter([read_page(path, body)])
    if kind == "records":
        return kind, iter_records(path, body)
    if kind == "pubtator":
        docs = iter_pubtator(path)
    else:
        from pipeline.formats.bioc import iter_bioc

        docs = iter_bioc(path)
    if body is None:
        return kind, docs
    return kind, (_with_text(d, body) for d in docs)


def _with_text(doc: AnnotatedDoc, body: str) -> AnnotatedDoc:
    doc.text = body
    return doc
