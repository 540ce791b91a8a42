"""PubTator files (plain or gzip) through :func:`pipeline.formats.pubtator.iter_pubtator`.

Text is ``title + " " + abstract`` (PubTator's own offset convention); the input's
annotations are not used (annotation-line errors are ignored).
"""

from collections.abc import Iterator

from pipeline.formats import GZIP_ERRORS
from pipeline.formats.pubtator import iter_pubtator
from pipeline.ingest import InputDoc, InputError
from pipeline.readers.source import InputFile


def read(f: InputFile, max_bytes: int) -> Iterator[InputDoc | InputError]:
    last = None
    try:
        for doc in iter_pubtator(f.path, errors=[]):
            last = doc.id
            size = len(doc.text.encode("utf-8"))
            if size > max_bytes:
                yield InputError(f.source, "oversized", f"{size} bytes", doc.id)
            elif not doc.text.strip():
                yield InputError(f.source, "empty", "no text", doc.id)
            else:
                passages = doc.passage_info()
                yield InputDoc(doc.id, f.source, doc.text, {"pmid": doc.id, "passages": passages})
    except UnicodeDecodeError as exc:
        raise InputError(f.source, "encoding", f"not valid UTF-8: {exc.reason}") from None
    except GZIP_ERRORS as exc:
        raise InputError(f.source, "encoding", f"broken gzip stream: {exc}", last) from None
