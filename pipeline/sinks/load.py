"""Load ``records.jsonl`` files into a sink in batches.

Each batch is one transaction. A malformed line is reported as ``file:line`` and
skipped. A batch the database rejects for its data is rolled back and retried one
record at a time, so only the bad records are left out. Any other error (lost
connection, disk full) stops the load: the batches committed so far stay, and
running the same load again resumes it, because documents whose stored record is
identical are skipped as unchanged.
"""

import json
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.sinks.base import Sink
from pipeline.sinks.rows import Item, RecordError, make_item

DEFAULT_BATCH = 500


@dataclass
class LoadSummary:
    read: int = 0  # records read from the files
    written: int = 0  # documents inserted or replaced
    unchanged: int = 0  # identical record already stored
    skipped: int = 0  # lines that are not JSON records
    failed: int = 0  # records the database rejected
    batches: int = 0  # transactions committed
    retried: int = 0  # batches rolled back and retried one record at a time
    elapsed: float = 0.0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        rate = self.read / self.elapsed if self.elapsed else 0.0
        retried = f" ({self.retried} retried record by record)" if self.retried else ""
        return (
            f"{self.read} records read: {self.written} written, {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {self.failed} failed, in {self.batches} batches{retried}, "
            f"{self.elapsed:.2f}s ({rate:.0f} records/s)"
        )


class LoadInterrupted(Exception):
    """The load stopped on an error that is not about one record."""

    def __init__(self, message: str, summary: LoadSummary):
        super().__init__(message)
        self.summary = summary


def iter_items(paths: Iterable[Path], summary: LoadSummary, log) -> Iterator[Item]:
    for path in paths:
        with open(path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                where = f"{path}:{n}"
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8")
                    item = make_item(json.loads(line), where, line)
                except (UnicodeDecodeError, json.JSONDecodeError, RecordError) as exc:
                    reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                    summary.skipped += 1
                    summary.problems.append(f"{where}: skipped: {reason}")
                    log(f"{where}: skipped: {reason}")
                    continue
                summary.read += 1
                yield item


def _batches(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    """Batches of distinct ids; a repeated id starts a new batch, so the later
    record replaces the earlier one."""
    batch: dict[str, Item] = {}
    for item in items:
        if item.doc_id in batch or len(batch) >= size:
            yield list(batch.values())
            batch = {}
        batch[item.doc_id] = item
    if batch:
        yield list(batch.values())


def load_files(
    sink: Sink,
    paths: Iterable[Path],
    batch_size: int = DEFAULT_BATCH,
    force: bool = False,
    log=lambda msg: print(msg, file=sys.stderr),
) -> LoadSummary:
    summary = LoadSummary()
    t0 = time.perf_counter()
    for batch in _batches(iter_items(paths, summary, log), batch_size):
        try:
            _write(sink, batch, force, summary, log)
        except Exception as exc:
            summary.elapsed = time.perf_counter() - t0
            raise LoadInterrupted(
                f"load stopped at {batch[0].where} ({type(exc).__name__}: {exc}); "
                f"{summary.batches} batches committed; run the load again to resume",
                summary,
            ) from None
    summary.elapsed = time.perf_counter() - t0
    return summary


def _count(summary: LoadSummary, result: tuple[int, int]) -> None:
    summary.batches += 1
    summary.written += result[0]
    summary.unchanged += result[1]


def _fail(summary: LoadSummary, item: Item, exc: BaseException, log) -> None:
    summary.failed += 1
    msg = f"{item.where}: failed: {exc}".replace("\n", " ")
    summary.problems.append(msg)
    log(msg)


def _write(sink: Sink, batch: list[Item], force: bool, summary: LoadSummary, log) -> None:
    try:
        _count(summary, sink.write_batch(batch, force))
        return
    except sink.data_errors as exc:
        if len(batch) == 1:
            _fail(summary, batch[0], exc, log)
            return
    # The batch was rolled back: find the culprits one record at a time.
    summary.retried += 1
    for item in batch:
        try:
            _count(summary, sink.write_batch([item], force))
        except sink.data_errors as exc:
            _fail(summary, item, exc, log)
