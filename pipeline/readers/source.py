"""An input file being read: transparent gzip, and the raw byte position for progress."""

import gzip
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class InputFile:
    path: Path
    doc_id: str  # the document id for one-document formats (text, JATS)
    size: int = 0
    _raw: BinaryIO | None = field(default=None, repr=False)

    @property
    def source(self) -> str:
        return str(self.path)

    def is_gzip(self) -> bool:
        with open(self.path, "rb") as fh:
            return fh.read(2) == GZIP_MAGIC

    def open(self) -> BinaryIO:
        """The decompressed byte stream; `position()` follows the compressed file."""
        self.close()
        self._raw = open(self.path, "rb")  # noqa: SIM115  (closed by close())
        if self._raw.read(2) == GZIP_MAGIC:
            self._raw.seek(0)
            return gzip.GzipFile(fileobj=self._raw, mode="rb")
        self._raw.seek(0)
        return self._raw

    def position(self) -> int:
        raw = self._raw
        try:
            return raw.tell() if raw is not None and not raw.closed else 0
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None

    def head(self, n: int = 8192) -> bytes:
        """The first `n` decompressed bytes (b"" for a broken gzip stream)."""
        with open(self.path, "rb") as raw:
            if raw.read(2) != GZIP_MAGIC:
                raw.seek(0)
                return raw.read(n)
            raw.seek(0)
            try:
                return gzip.GzipFile(fileobj=raw).read(n)
            except (OSError, EOFError):
                return b""
