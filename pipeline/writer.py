"""Atomic JSON Lines output: records and errors of a run.

Lines go to hidden ``.partial`` files, each record serialised whole before one
write; on success the partial files are flushed, fsync'ed and renamed over the
final names, so ``records.jsonl`` is never seen half-written.
"""

import json
import os
from pathlib import Path


class JsonlWriter:
    def __init__(self, path: Path):
        self.path = path
        self.partial = path.with_name("." + path.name + ".partial")
        self.fh = open(self.partial, "w", encoding="utf-8")  # noqa: SIM115  (held for the run)
        self.count = 0

    def write(self, obj: dict) -> None:
        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"
        self.fh.write(line)
        self.count += 1

    def commit(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.partial, self.path)

    def abort(self) -> None:
        self.fh.close()
        self.partial.unlink(missing_ok=True)
