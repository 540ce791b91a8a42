"""medlink's own JSONL records (``medlink run`` output) as annotated documents.

Records carry the text unless they were written with ``--no-text``; then spans
can only be checked against a text given separately.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pipeline.formats.model import AnnotatedDoc, Annotation


class RecordsError(ValueError):
    pass


def iter_records(path: Path, body: str | None = None) -> Iterator[AnnotatedDoc]:
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                anns = [
                    Annotation(
                        e["start"], e["end"], e["text"], e["type"], list(e.get("ids", [])), n
                    )
                    for e in rec["entities"]
                ]
            except (ValueError, KeyError, TypeError) as exc:
                raise RecordsError(f"{path}:{n}: not a medlink record: {exc}") from None
            text = rec.get("text") if body is None else body
            yield AnnotatedDoc(rec.get("id", f"line{n}"), text or "", [], anns, str(path))
