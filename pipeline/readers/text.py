"""Plain text files (optionally gzip-compressed): the whole file is one document, as decoded."""

from collections.abc import Iterator

from pipeline.ingest import InputDoc, InputError, decode_text
from pipeline.readers.source import InputFile


def read(f: InputFile, max_bytes: int) -> Iterator[InputDoc]:
    if f.size > max_bytes and not f.is_gzip():
        raise InputError(f.source, "oversized", f"{f.size} bytes exceeds the limit of {max_bytes}")
    stream = f.open()
    try:
        data = stream.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise InputError(f.source, "encoding", f"broken gzip stream: {exc}") from None
    yield InputDoc(f.doc_id, f.source, decode_text(data, f.source, max_bytes))
