"""BioC (XML and JSON): documents of passages with annotations, offsets document-wide.

Each passage's text is placed at its ``offset`` in the document text and gaps are
filled with spaces, so BioC annotation offsets index ``AnnotatedDoc.text``
directly (a PubTator-derived BioC file gives the same text as its PubTator twin:
title + " " + abstract). Passages made of ``<sentence>`` elements are placed
sentence by sentence. Annotation ids come from the ``identifier``/``Identifier``
infon (split like PubTator ids), the type from ``type``; all locations are kept
(``BioCAnnotation.locations``) and ``start``/``end`` span them.

XML is streamed document by document (``iterparse`` + ``clear``); JSON may be a
collection (``{"documents": [...]}``), a list of documents, one document, or one
document per line (JSON Lines, streamed).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.formats import open_input
from pipeline.formats.model import AnnotatedDoc, Annotation, Passage
from pipeline.formats.pubtator import split_ids

_ID_KEYS = ("identifier", "Identifier", "IDENTIFIER")


class BioCError(ValueError):
    def __init__(self, source: str, reason: str, doc_id: str | None = None):
        super().__init__(f"{source}: {doc_id or '?'}: {reason}")
        self.source, self.reason, self.doc_id = source, reason, doc_id


@dataclass
class BioCAnnotation(Annotation):
    """An annotation with its BioC id, all infons and every (offset, length) location."""

    id: str = ""
    infons: dict = field(default_factory=dict)
    locations: list[tuple[int, int]] = field(default_factory=list)


def _annotation(raw: dict) -> BioCAnnotation:
    infons = raw.get("infons") or {}
    locs = [(int(loc["offset"]), int(loc["length"])) for loc in raw.get("locations") or []]
    ident = next((infons[k] for k in _ID_KEYS if infons.get(k)), "")
    return BioCAnnotation(
        start=min((o for o, _ in locs), default=None),
        end=max((o + n for o, n in locs), default=None),
        text=raw.get("text") or "",
        type=infons.get("type", ""),
        ids=split_ids(ident) if ident else [],
        id=str(raw.get("id", "")),
        infons=infons,
        locations=locs,
    )


def build_document(raw: dict, source: str, meta: dict | None = None) -> AnnotatedDoc:
    """An :class:`AnnotatedDoc` from a BioC document in its JSON shape (XML is converted)."""
    doc_id = str(raw.get("id", ""))
    pieces: list[tuple[int, str]] = []
    passages, annotations = [], []
    for p in raw.get("passages") or []:
        infons = p.get("infons") or {}
        label = infons.get("type") or infons.get("section_type") or "passage"
        offset = int(p.get("offset", 0))
        if p.get("text") is not None:
            parts = [(offset, p["text"])]
        else:
            parts = [(int(s.get("offset", 0)), s.get("text") or "") for s in p.get("sentences", [])]
        end = offset
        for off, text in parts:
            pieces.append((off, text))
            end = max(end, off + len(text))
        passages.append(Passage(label, offset, end))
        annotations.extend(_annotation(a) for a in p.get("annotations") or [])
        for s in p.get("sentences") or []:
            annotations.extend(_annotation(a) for a in s.get("annotations") or [])
    text, pos = [], 0
    for off, piece in pieces:
        if off < pos:
            raise BioCError(
                source, f"passage at offset {off} overlaps text ending at {pos}", doc_id
            )
        text.append(" " * (off - pos))
        text.append(piece)
        pos = off + len(piece)
    doc_meta = dict(meta or {})
    if raw.get("infons"):
        doc_meta["infons"] = raw["infons"]
    if raw.get("relations"):
        doc_meta["relations"] = raw["relations"]
    return AnnotatedDoc(doc_id, "".join(text), passages, annotations, source, doc_meta)


# -- XML --------------------------------------------------------------------------


def _infons(el: ET.Element) -> dict:
    return {i.get("key", ""): i.text or "" for i in el.findall("infon")}


def _xml_annotation(a: ET.Element) -> dict:
    return {
        "id": a.get("id", ""),
        "infons": _infons(a),
        "locations": [
            {"offset": loc.get("offset", "0"), "length": loc.get("length", "0")}
            for loc in a.findall("location")
        ],
        "text": a.findtext("text") or "",
    }


def xml_document_dict(el: ET.Element) -> dict:
    """A ``<document>`` element in the BioC JSON shape."""
    passages = []
    for p in el.findall("passage"):
        item = {
            "infons": _infons(p),
            "offset": p.findtext("offset") or "0",
            "annotations": [_xml_annotation(a) for a in p.findall("annotation")],
        }
        text = p.find("text")
        if text is not None:
            item["text"] = text.text or ""
        else:
            item["sentences"] = [
                {
                    "offset": s.findtext("offset") or "0",
                    "text": s.findtext("text") or "",
                    "annotations": [_xml_annotation(a) for a in s.findall("annotation")],
                }
                for s in p.findall("sentence")
            ]
        passages.append(item)
    relations = [
        {
            "id": r.get("id", ""),
            "infons": _infons(r),
            "nodes": [{"refid": n.get("refid"), "role": n.get("role")} for n in r.findall("node")],
        }
        for r in el.findall("relation")
    ]
    return {
        "id": el.findtext("id") or "",
        "infons": _infons(el),
        "passages": passages,
        "relations": relations,
    }


def iter_bioc_xml(path: Path | str, fh=None) -> Iterator[AnnotatedDoc]:
    """Stream documents of a BioC XML collection; collection source/date/key go to `meta`."""
    source = str(path)
    meta: dict = {}
    depth, root = 0, None
    with open_input(path) if fh is None else nullcontext(fh) as stream:
        for event, el in ET.iterparse(stream, events=("start", "end")):
            if event == "start":
                depth += 1
                root = el if root is None else root
                continue
            depth -= 1
            if depth != 1:
                continue
            if el.tag in ("source", "date", "key"):
                meta[el.tag] = el.text or ""
            elif el.tag == "document":
                yield build_document(xml_document_dict(el), source, {"collection": dict(meta)})
            root.clear()  # drop finished top-level elements: memory stays per-document


# -- JSON -------------------------------------------------------------------------


def _documents(obj, source: str) -> Iterable[dict]:
    if isinstance(obj, list):
        for item in obj:
            yield from _documents(item, source)
    elif isinstance(obj, dict) and "documents" in obj:
        yield from obj["documents"]
    elif isinstance(obj, dict) and "passages" in obj:
        yield obj
    elif isinstance(obj, dict) and len(obj) == 1:  # e.g. {"PubTator3": [documents]}
        yield from _documents(next(iter(obj.values())), source)
    else:
        raise BioCError(source, "not a BioC JSON collection, document list or document")


def iter_bioc_json(path: Path | str) -> Iterator[AnnotatedDoc]:
    """Documents of a BioC JSON file; one document per line is streamed."""
    source = str(path)
    with open_input(path, encoding="utf-8-sig") as fh:
        first = fh.readline()
        try:
            head = json.loads(first)
            per_line = isinstance(head, dict) and "passages" in head
        except json.JSONDecodeError:
            per_line = False
        if per_line:
            yield build_document(head, source)
            for n, line in enumerate(fh, 2):
                if not line.strip():
                    continue
                try:
                    raw = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise BioCError(source, f"line {n}: {exc}") from None
                yield build_document(raw, source)
            return
        obj = json.loads(first + fh.read())
    for raw in _documents(obj, source):
        yield build_document(raw, source)


def iter_bioc(path: Path | str) -> Iterator[AnnotatedDoc]:
    """Documents of a BioC file, XML or JSON (decided by the first non-blank character)."""
    with open_input(path) as fh:
        head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return iter_bioc_json(path)
    return iter_bioc_xml(path)
