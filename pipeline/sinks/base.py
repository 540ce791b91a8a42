"""What every sink offers the loader and the query command.

A sink writes a batch of records in ONE transaction: the batch's documents are
deleted (with their sections, sentences, mentions and concept links) and
inserted again, so a reload replaces rows instead of duplicating them, and an
error rolls the whole batch back.
"""

from abc import ABC, abstractmethod

from pipeline.sinks.rows import Item, RecordError
from pipeline.sinks.url import SinkURL

QUERIES = ("documents", "cooccur")


class Sink(ABC):
    dialect: str = ""
    # Exceptions that blame the records of a batch rather than the connection: the
    # loader then retries the batch one record at a time to isolate the bad ones.
    data_errors: tuple[type[BaseException], ...] = (RecordError,)

    def __init__(self, url: SinkURL, read_only: bool = False):
        self.url = url
        self.read_only = read_only

    @abstractmethod
    def migrate(self) -> list[int]:
        """Apply pending migrations (safe to call from several loaders); the
        versions applied by this call."""

    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def write_batch(self, items: list[Item], force: bool = False) -> tuple[int, int]:
        """Replace the documents of `items` in one transaction; (written,
        unchanged). Unchanged = same record already stored (skipped unless `force`).
        Item ids are distinct."""

    @abstractmethod
    def query(self, name: str, params: dict) -> tuple[list[str], list[tuple]]:
        """Run one of :data:`QUERIES`: (column names, rows)."""

    def close(self) -> None:  # noqa: B027  (optional hook)
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
