"""PMC open-access JATS articles (``.nxml``): one file, one document.

Text is made of blocks separated by blank lines: the article title; "Abstract"
then the abstract's paragraphs (section titles of a structured abstract as their
own blocks); then the body, each section title followed by its paragraphs (nested
sections in order); figure and table captions appear where the figure or table
is, as "LABEL: caption" (e.g. "Figure 1: ..."); floats kept apart in
``<floats-group>`` come last. Tables' cells, formulas and references are left
out; inline markup is flattened and whitespace collapsed.
"""

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from pipeline.ingest import InputDoc, InputError
from pipeline.readers.source import InputFile
from pipeline.readers.xmltext import TextBuilder, flat_text, local

_SKIP = frozenset(
    {"fig", "table-wrap", "table", "disp-formula", "supplementary-material", "fn-group", "math"}
)
_FLOATS = {"fig": "fig_caption", "table-wrap": "table_caption"}


def _caption(tb: TextBuilder, el: ET.Element, section: str) -> None:
    label = flat_text(el.find("label"))
    cap = el.find("caption")
    body = flat_text(cap, _SKIP) if cap is not None else ""
    if not label and not body:
        return
    kind = _FLOATS[local(el.tag)]
    default = "Figure" if kind == "fig_caption" else "Table"
    tb.add(f"{label or default}: {body}".rstrip(": "), "\n\n", type=kind, section=section)


def _walk(tb: TextBuilder, el: ET.Element, section: str, kind: str) -> None:
    """Paragraphs, section titles and captions under `el`, in document order."""
    for child in el:
        tag = local(child.tag)
        if tag == "sec":
            title = flat_text(child.find("title"), _SKIP)
            tb.add(title, "\n\n", type="section_title", section=title)
            _walk(tb, child, title or section, kind)
        elif tag == "p":
            tb.add(flat_text(child, _SKIP), "\n\n", type=kind, section=section)
            for f in child.iter():
                if local(f.tag) in _FLOATS:
                    _caption(tb, f, section)
        elif tag in _FLOATS:
            _caption(tb, child, section)
        elif tag in ("list", "boxed-text", "disp-quote", "list-item"):
            _walk(tb, child, section, kind)


def article(root: ET.Element, f: InputFile) -> InputDoc:
    meta_el = root.find("front/article-meta")
    if meta_el is None:
        meta_el = root.find(".//article-meta")
    if meta_el is None:
        raise InputError(f.source, "malformed_record", "no <article-meta>", f.doc_id)
    meta: dict = {}
    for aid in meta_el.findall("article-id"):
        kind = aid.get("pub-id-type")
        if kind in ("pmid", "pmc", "doi") and aid.text:
            meta[kind] = aid.text.strip()
    journal = root.findtext(".//journal-meta//journal-title")
    if journal:
        meta["journal"] = journal.strip()
    doc_id = ("PMC" + meta["pmc"].removeprefix("PMC")) if "pmc" in meta else f.doc_id
    tb = TextBuilder()
    tb.add(flat_text(meta_el.find("title-group/article-title"), _SKIP), "\n\n", type="title")
    for abstract in meta_el.findall("abstract"):
        if abstract.get("abstract-type") in ("graphical", "teaser"):
            continue
        tb.add("Abstract", "\n\n", type="section_title", section="Abstract")
        _walk(tb, abstract, "Abstract", "abstract")
    body = root.find("body")
    if body is not None:
        _walk(tb, body, "", "paragraph")
    floats = root.find("floats-group")
    if floats is not None:
        _walk(tb, floats, "", "paragraph")
    if not tb.text.strip():
        raise InputError(f.source, "empty", "no title, abstract or body text", doc_id)
    meta["passages"] = tb.passages
    return InputDoc(doc_id, f.source, tb.text, meta)


def read(f: InputFile, max_bytes: int) -> Iterator[InputDoc]:
    stream = f.open()
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f.source, "oversized", f"more than {max_bytes} bytes", f.doc_id)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as uerr:
            raise InputError(f.source, "encoding", uerr.reason, f.doc_id) from None
        raise InputError(f.source, "malformed_xml", str(exc), f.doc_id) from None
    yield article(root, f)
