"""JSON Lines: one object per line, ``{id, text}`` or ``{id, title, abstract}``.

Text is ``text`` as given, or ``title + "\\n\\n" + abstract`` (either may be missing).
Other keys, and a ``metadata`` object, go to the record's ``metadata``. A bad line
(invalid JSON or UTF-8, no text, too long) is an error for that line only.
"""

import json
from collections.abc import Iterator

from pipeline.ingest import InputDoc, InputError
from pipeline.readers.source import InputFile

_TEXT_KEYS = {"id", "text", "title", "abstract", "metadata"}


def _line_doc(obj: dict, source: str, default_id: str) -> InputDoc:
    doc_id = str(obj.get("id") or obj.get("pmid") or default_id)
    extra = {k: v for k, v in obj.items() if k not in _TEXT_KEYS}
    if isinstance(obj.get("metadata"), dict):
        extra.update(obj["metadata"])
    if isinstance(obj.get("text"), str):
        text = obj["text"]
    else:
        title, abstract = obj.get("title") or "", obj.get("abstract") or ""
        if not isinstance(title, str) or not isinstance(abstract, str):
            raise InputError(source, "no_text", "title/abstract must be strings", doc_id)
        text = title + ("\n\n" if title and abstract else "") + abstract
        passages = []
        if title:
            passages.append({"type": "title", "start": 0, "end": len(title)})
        if abstract:
            passages.append(
                {"type": "abstract", "start": len(text) - len(abstract), "end": len(text)}
            )
        extra["passages"] = passages
    if not text.strip():
        raise InputError(source, "empty", "no text", doc_id)
    return InputDoc(doc_id, source, text, extra)


def read(f: InputFile, max_bytes: int) -> Iterator[InputDoc | InputError]:
    stream = f.open()
    n = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        n += 1
        default_id = f"{f.doc_id}:{n}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the long line
                raw = stream.readline(1 << 20)
            yield InputError(
                f.source, "oversized", f"line {n} exceeds {max_bytes} bytes", default_id
            )
            continue
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
        except UnicodeDecodeError as exc:
            yield InputError(
                f.source, "encoding", f"line {n}: not valid UTF-8: {exc.reason}", default_id
            )
            continue
        except ValueError as exc:
            yield InputError(f.source, "malformed_json", f"line {n}: {exc}", default_id)
            continue
        if not isinstance(obj, dict):
            yield InputError(f.source, "malformed_json", f"line {n}: not an object", default_id)
            continue
        try:
            yield _line_doc(obj, f.source, default_id)
        except InputError as exc:
            yield exc
