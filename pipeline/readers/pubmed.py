"""PubMed/MEDLINE XML (baseline and update files, plain or gzip), one record at a time.

Text: the article title, then a blank line, then the abstract with one line per
``AbstractText`` ("LABEL: text" when it has a label), then each ``OtherAbstract``
(e.g. a Turkish abstract) as another block after a blank line, same rule.
Inline markup is flattened and whitespace collapsed. ``DeleteCitation`` PMIDs are
yielded as :class:`~pipeline.ingest.Deletion`. PMID, version, journal, year, DOI,
PMC id, article languages and the passages (with labels and OtherAbstract
languages) go to the record's ``metadata``.
"""

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from pipeline.ingest import Deletion, InputDoc, InputError
from pipeline.readers.source import InputFile
from pipeline.readers.xmlchunks import iter_chunks
from pipeline.readers.xmltext import TextBuilder, flat_text

TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
_PMID = re.compile(rb"<PMID[^>]*>\s*(\d+)\s*</PMID>")


def _abstract_lines(tb: TextBuilder, abstract: ET.Element, kind: str, **info) -> None:
    first = True
    for at in abstract.findall("AbstractText"):
        body = flat_text(at)
        if not body:
            continue
        label = (at.get("Label") or "").strip()
        line = f"{label}: {body}" if label else body
        extra = {"label": label} if label else {}
        if at.get("NlmCategory"):
            extra["category"] = at.get("NlmCategory")
        tb.add(line, "\n\n" if first else "\n", type=kind, **info, **extra)
        first = False


def article(el: ET.Element, source: str) -> InputDoc:
    pmid_el = el.find(".//PMID")
    pmid = (pmid_el.text or "").strip() if pmid_el is not None else ""
    if not pmid:
        raise InputError(source, "malformed_record", "no PMID")
    tb = TextBuilder()
    title = el.find(".//ArticleTitle")
    if title is None:
        title = el.find(".//BookTitle")
    tb.add(flat_text(title), "\n\n", type="title")
    abstract = el.find(".//Abstract")
    if abstract is not None:
        _abstract_lines(tb, abstract, "abstract")
    for other in el.findall(".//OtherAbstract"):
        info = {"language": other.get("Language", "")}
        if other.get("Type"):
            info["source_type"] = other.get("Type")
        _abstract_lines(tb, other, "other_abstract", **info)
    text = tb.text
    if not text.strip():
        raise InputError(source, "empty", "no title or abstract", pmid)
    meta: dict = {"pmid": pmid}
    if pmid_el is not None and pmid_el.get("Version", "1") != "1":
        meta["pmid_version"] = pmid_el.get("Version")
    journal = el.findtext(".//Journal/Title") or el.findtext(".//Journal/ISOAbbreviation")
    if journal:
        meta["journal"] = journal.strip()
    year = el.findtext(".//PubDate/Year") or el.findtext(".//PubDate/MedlineDate")
    if year:
        meta["year"] = year.strip()
    for aid in el.iterfind(".//ArticleIdList/ArticleId"):
        kind = aid.get("IdType")
        if kind in ("doi", "pmc") and aid.text and kind not in meta:
            meta[kind] = aid.text.strip()
    langs = [x.text for x in el.iterfind(".//Article/Language") if x.text]
    if langs:
        meta["languages"] = langs
    meta["passages"] = tb.passages
    return InputDoc(pmid, source, text, meta)


def read(f: InputFile, max_bytes: int) -> Iterator[InputDoc | InputError | Deletion]:
    source = f.source
    try:
        for chunk in iter_chunks(f.open(), TAGS, max_bytes):
            m = _PMID.search(chunk.data)
            rid = m.group(1).decode() if m else None
            if chunk.problem:
                reason = "oversized" if chunk.problem == "oversized" else "malformed_xml"
                yield InputError(source, reason, f"<{chunk.tag}> {chunk.problem}", rid)
                continue
            if len(chunk.data) > max_bytes:
                yield InputError(source, "oversized", f"{len(chunk.data)} bytes", rid)
                continue
            try:
                el = ET.fromstring(chunk.data)
            except ET.ParseError as exc:
                try:
                    chunk.data.decode("utf-8")
                    yield InputError(source, "malformed_xml", str(exc), rid)
                except UnicodeDecodeError as uerr:
                    yield InputError(source, "encoding", f"not valid UTF-8: {uerr.reason}", rid)
                continue
            if chunk.tag == "DeleteCitation":
                for p in el.iter("PMID"):
                    if p.text and p.text.strip():
                        yield Deletion(p.text.strip(), source)
                continue
            try:
                yield article(el, source)
            except InputError as exc:
                exc.record_id = exc.record_id or rid
                yield exc
    except (OSError, EOFError) as exc:
        raise InputError(source, "encoding", f"broken gzip stream: {exc}") from None
