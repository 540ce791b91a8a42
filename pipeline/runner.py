"""Run the pipeline over input files and write ``records.jsonl`` / ``errors.jsonl``.

A bad input (see :class:`pipeline.ingest.InputError`) or a document that fails in
a stage is reported in ``errors.jsonl`` with its source and reason; the rest of
the batch completes.
"""

import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from pipeline.ingest import DEFAULT_MAX_BYTES, InputError, expand_inputs, make_doc, read_text_file
from pipeline.writer import JsonlWriter


@dataclass
class RunSummary:
    documents: int = 0
    entities: int = 0
    errors: int = 0
    elapsed: float = 0.0
    error_reasons: dict = field(default_factory=dict)

    def line(self) -> str:
        rate = self.documents / self.elapsed if self.elapsed else 0.0
        return (
            f"{self.documents} documents, {self.entities} entities, {self.errors} errors "
            f"in {self.elapsed:.1f}s ({rate:.1f} docs/s)"
        )


def run(
    nlp: Language,
    inputs: list[Path],
    out_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    log=lambda msg: print(msg, file=sys.stderr),
) -> RunSummary:
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = RunSummary()
    t0 = time.time()
    records = JsonlWriter(out_dir / "records.jsonl")
    errors = JsonlWriter(out_dir / "errors.jsonl")

    def fail(err: dict) -> None:
        errors.write(err)
        summary.errors += 1
        summary.error_reasons[err["reason"]] = summary.error_reasons.get(err["reason"], 0) + 1
        log(f"error: {err['source']}: {err['reason']}: {err['detail']}")

    try:
        for path, doc_id in expand_inputs(inputs):
            try:
                if not path.exists():
                    raise InputError(str(path), "missing", "no such file or directory")
                item = read_text_file(path, doc_id, max_bytes)
            except InputError as exc:
                fail(exc.as_dict())
                continue
            except OSError as exc:
                fail({"source": str(path), "reason": "unreadable", "detail": str(exc)})
                continue
            try:
                doc = nlp(make_doc(nlp, item))
            except Exception as exc:  # one bad document must not stop the batch
                fail(
                    {
                        "source": item.source,
                        "id": item.id,
                        "reason": "processing",
                        "detail": f"{type(exc).__name__}: {exc}",
                        "trace": traceback.format_exc(limit=3),
                    }
                )
                continue
            records.write(doc._.record)
            summary.documents += 1
            summary.entities += len(doc._.record["entities"])
    except BaseException:
        records.abort()
        errors.abort()
        raise
    records.commit()
    errors.commit()
    summary.elapsed = time.time() - t0
    return summary
