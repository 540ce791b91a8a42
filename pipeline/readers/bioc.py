"""BioC XML/JSON through :mod:`pipeline.formats.bioc`: passages placed at their offsets.

XML is split into ``<document>`` elements first (:mod:`pipeline.readers.xmlchunks`),
so a malformed document is an error for that document only. JSON is parsed with
:func:`pipeline.formats.bioc.iter_bioc_json` (streamed when one document per line).
"""

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from pipeline.formats import GZIP_ERRORS
from pipeline.formats.bioc import BioCError, build_document, iter_bioc_json, xml_document_dict
from pipeline.formats.model import AnnotatedDoc
from pipeline.ingest import InputDoc, InputError
from pipeline.readers.source import InputFile
from pipeline.readers.xmlchunks import iter_chunks

_ID = re.compile(rb"<id>\s*([^<]+?)\s*</id>")


def _input_doc(doc: AnnotatedDoc, source: str, max_bytes: int) -> InputDoc:
    size = len(doc.text.encode("utf-8"))
    if size > max_bytes:
        raise InputError(source, "oversized", f"{size} bytes", doc.id)
    if not doc.text.strip():
        raise InputError(source, "empty", "no passage text", doc.id)
    extra = {"passages": doc.passage_info()}
    if doc.meta.get("infons"):
        extra["infons"] = doc.meta["infons"]
    return InputDoc(doc.id, source, doc.text, extra)


def _read_xml(f: InputFile, max_bytes: int) -> Iterator[InputDoc | InputError]:
    for chunk in iter_chunks(f.open(), ("document",), max_bytes):
        m = _ID.search(chunk.data)
        rid = m.group(1).decode("utf-8", "replace") if m else None
        if chunk.problem:
            reason = "oversized" if chunk.problem == "oversized" else "malformed_xml"
            yield InputError(f.source, reason, f"<document> {chunk.problem}", rid)
            continue
        try:
            raw = xml_document_dict(ET.fromstring(chunk.data))
            yield _input_doc(build_document(raw, f.source), f.source, max_bytes)
        except ET.ParseError as exc:
            try:
                chunk.data.decode("utf-8")
                yield InputError(f.source, "malformed_xml", str(exc), rid)
            except UnicodeDecodeError as uerr:
                yield InputError(f.source, "encoding", f"not valid UTF-8: {uerr.reason}", rid)
        except BioCError as exc:
            yield InputError(f.source, "malformed_bioc", exc.reason, rid)
        except (ValueError, KeyError, TypeError) as exc:
            yield InputError(f.source, "malformed_bioc", f"{type(exc).__name__}: {exc}", rid)
        except InputError as exc:
            yield exc


def read(f: InputFile, max_bytes: int) -> Iterator[InputDoc | InputError]:
    head = f.head(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] not in (b"{", b"["):
        yield from _read_xml(f, max_bytes)
        return
    last = None
    try:
        for doc in iter_bioc_json(f.path):
            last = doc.id
            try:
                yield _input_doc(doc, f.source, max_bytes)
            except InputError as exc:
                yield exc
    except BioCError as exc:
        raise InputError(f.source, "malformed_bioc", exc.reason, exc.doc_id or last) from None
    except UnicodeDecodeError as exc:
        raise InputError(f.source, "encoding", f"not valid UTF-8: {exc.reason}") from None
    except GZIP_ERRORS as exc:
        raise InputError(f.source, "encoding", f"broken gzip stream: {exc}", last) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f.source, "malformed_bioc", f"{type(exc).__name__}: {exc}", last) from None
