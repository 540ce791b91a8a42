"""Ingest: turn input files into (id, source, text), and stamp Docs with identity.

Text is decoded as strict UTF-8 (a leading byte-order mark is dropped) and kept
exactly as decoded: all offsets in the records index this string. Empty, binary,
non-UTF-8 and oversized inputs raise :class:`InputError` with a reason, which the
runner writes to ``errors.jsonl`` before going on with the batch.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extensions import doc_text, set_doc_text
from pipeline.records import text_sha256
from pipeline.stage import BatchStage

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


class InputError(ValueError):
    """An input that cannot be processed; `reason` is a short stable code."""

    def __init__(self, source: str, reason: str, detail: str, record_id: str | None = None):
        super().__init__(f"{source}: {reason}: {detail}")
        self.source = source
        self.reason = reason
        self.detail = detail
        self.record_id = record_id

    def as_dict(self) -> dict:
        out = {"source": self.source, "reason": self.reason, "detail": self.detail}
        if self.record_id:
            out["id"] = self.record_id
        return out


@dataclass
class InputDoc:
    id: str
    source: str
    text: str
    extra: dict = field(default_factory=dict)


@dataclass
class Deletion:
    """A record the input says to delete (PubMed ``DeleteCitation``); goes to ``deleted.jsonl``."""

    id: str
    source: str


def decode_text(data: bytes, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    if len(data) > max_bytes:
        raise InputError(source, "oversized", f"{len(data)} bytes exceeds the limit of {max_bytes}")
    if not data.strip():
        raise InputError(source, "empty", "no text")
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(source, "binary", "contains NUL bytes; not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            "encoding",
            f"not valid UTF-8 at byte {exc.start}: {data[exc.start : exc.start + 4]!r}",
        ) from None
    text = text.removeprefix("\ufeff")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError(source, "binary", f"{controls} control characters in the first 8 KiB")
    if not text.strip():
        raise InputError(source, "empty", "only whitespace")
    return text


def read_text_file(path: Path, doc_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> InputDoc:
    source = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(source, "oversized", f"{size} bytes exceeds the limit of {max_bytes}")
    return InputDoc(doc_id, source, decode_text(path.read_bytes(), source, max_bytes))


def _doc_id(rel: Path) -> str:
    """The file's path without its extension (and without ``.gz`` before that)."""
    if rel.suffix == ".gz":
        rel = rel.with_suffix("")
    return str(rel.with_suffix(""))


def expand_inputs(inputs: list[Path]) -> Iterator[tuple[Path, str]]:
    """(file, document id) for files and directories (recursively, sorted, no hidden files)."""
    for inp in inputs:
        if inp.is_dir():
            for p in sorted(inp.rglob("*")):
                rel = p.relative_to(inp)
                if p.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield p, _doc_id(rel) if len(rel.parts) > 1 else _doc_id(Path(p.name))
        else:
            yield inp, _doc_id(Path(inp.name))


@Language.factory("medlink_ingest")
def make_ingest(nlp: Language, name: str):
    def ingest(doc: Doc) -> Doc:
        if doc._.text_sha256 is None:  # a Doc not made by make_doc
            doc._.text_sha256 = text_sha256(doc_text(doc))
        return doc

    return BatchStage(ingest)


def make_doc(nlp: Language, item: InputDoc) -> Doc:
    """The tokenized Doc stamped with the input's identity. The text is hashed and
    cached for the stages here, from the input string (the Doc's text, which spaCy
    rebuilds on every access)."""
    doc = nlp.make_doc(item.text)
    set_doc_text(doc, item.text)
    doc._.doc_id = item.id
    doc._.source = item.source
    doc._.extra = item.extra or None
    doc._.text_sha256 = text_sha256(item.text)
    return doc
