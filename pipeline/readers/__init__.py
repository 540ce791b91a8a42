"""Readers for literature dumps: each input file is sniffed and read as a stream of
:class:`~pipeline.ingest.InputDoc` (plus per-record :class:`~pipeline.ingest.InputError`
and :class:`~pipeline.ingest.Deletion` items), so one bad record never stops a file.

Formats: PubMed XML (``.xml``/``.xml.gz``), PMC JATS (``.nxml``), BioC XML/JSON,
PubTator, JSON Lines, and plain text. See README "Input formats" for how each
reader assembles the document text that record offsets refer to.
"""

from collections.abc import Iterator

from pipeline.ingest import Deletion, InputDoc, InputError
from pipeline.readers import bioc, jats, jsonl, pubmed, pubtator, text
from pipeline.readers.sniff import sniff
from pipeline.readers.source import InputFile

READERS = {
    "pubmed": pubmed.read,
    "jats": jats.read,
    "bioc": bioc.read,
    "pubtator": pubtator.read,
    "jsonl": jsonl.read,
    "text": text.read,
}

Item = InputDoc | InputError | Deletion


def read_file(f: InputFile, max_bytes: int, fmt: str | None = None) -> Iterator[Item]:
    """Items of one input file, in file order; errors of the whole file become one item."""
    try:
        fmt = fmt or sniff(f)
        if fmt not in READERS:
            yield InputError(str(f.path), "unsupported_format", fmt)
            return
        yield from READERS[fmt](f, max_bytes)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(str(f.path), "unreadable", str(exc))
    finally:
        f.close()


__all__ = ["READERS", "InputFile", "Item", "read_file", "sniff"]
