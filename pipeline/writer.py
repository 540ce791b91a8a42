"""Resumable, crash-safe JSON Lines output of a run.

``records.jsonl``, ``errors.jsonl`` and ``deleted.jsonl`` are appended to with
whole-line writes; ``manifest.jsonl`` lists the inputs (and, for large files,
checkpoints within them) whose lines are on disk, each with the byte length of
every output file at that point. Output files are fsync'ed before the manifest
line that covers them is written. On start the output files are truncated to the
lengths in the last manifest line, which removes any half-written line and every
line of an input that was not finished, so a killed run (SIGINT, SIGKILL, power
loss) can be started again with the same command and continues where it stopped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import orjson

STREAMS = ("records.jsonl", "errors.jsonl", "deleted.jsonl")
MANIFEST = "manifest.jsonl"


# like json.dumps: non-string keys become strings; NumPy scalars are numbers
_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def dumps(obj: dict) -> str:
    """One compact JSON line, UTF-8 kept: the text ``json.dumps(obj, ensure_ascii=False,
    separators=(",", ":"))`` gives, about 6x faster (orjson)."""
    return orjson.dumps(obj, option=_ORJSON_OPTIONS).decode()


def read_manifest(path: Path) -> tuple[list[dict], int]:
    """Valid entries of a manifest and their byte length; a torn last line is dropped."""
    entries, size = [], 0
    if not path.exists():
        return entries, size
    with open(path, "rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break
            try:
                entries.append(json.loads(line))
            except ValueError:
                break
            size += len(line)
    return entries, size


class ResumableOutput:
    def __init__(self, out_dir: Path, ends: dict | None = None):
        self.dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self.manifest_path = out_dir / MANIFEST
        self.entries, size = read_manifest(self.manifest_path)
        if ends is None:
            ends = self.entries[-1]["ends"] if self.entries else {}
        self.ends: dict[str, int] = {}
        self.files = {}
        for name in STREAMS:
            path = out_dir / name
            end = int(ends.get(name, 0))
            with open(path, "ab") as fh:  # create, then cut back to the last committed length
                fh.truncate(end)
            self.files[name] = open(path, "ab")  # noqa: SIM115  (held for the run)
            self.ends[name] = end
        with open(self.manifest_path, "ab") as fh:
            fh.truncate(size)
        self.manifest = open(self.manifest_path, "ab")  # noqa: SIM115

    def write(self, stream: str, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        self.files[stream].write(data)
        self.ends[stream] += len(data)

    def sync(self) -> None:
        for fh in self.files.values():
            fh.flush()
            os.fsync(fh.fileno())

    def commit(self, entries: list[dict]) -> None:
        """Make everything written so far durable, then record `entries` in the manifest."""
        self.sync()
        if entries:
            self.manifest.write("".join(dumps(e) + "\n" for e in entries).encode("utf-8"))
            self.manifest.flush()
            os.fsync(self.manifest.fileno())
            self.entries.extend(entries)

    def close(self) -> None:
        for fh in self.files.values():
            fh.close()
        self.manifest.close()
