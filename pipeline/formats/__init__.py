"""Document and annotation formats shared by the readers, the evaluator and the validator."""

import gzip
import zlib
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"
# what a corrupt or truncated gzip stream raises while being read
GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def open_input(path: Path | str, encoding: str | None = None):
    """`path` opened for reading, decompressed if it is gzip (told by its first bytes,
    not its name): binary without `encoding`, else text."""
    with open(path, "rb") as fh:
        compressed = fh.read(2) == GZIP_MAGIC
    if compressed:
        return gzip.open(path, "rt" if encoding else "rb", encoding=encoding)
    return open(path, "r" if encoding else "rb", encoding=encoding)  # noqa: SIM115
