"""Run the pipeline over input files into a resumable output directory.

Inputs are read in order by the format readers (:mod:`pipeline.readers`), cut into
small batches and processed by an engine (:mod:`pipeline.engines`: in process,
``--workers N`` local processes, or Dask); results come back in input order and
are written by this process alone (:class:`pipeline.writer.ResumableOutput`).
After every batch the output is fsync'ed and the manifest records finished inputs
(and checkpoints inside large ones), so the same command run again skips what is
done and a killed run continues where it stopped. A bad input or record (see
:class:`pipeline.ingest.InputError`) or a document that fails in a stage goes to
``errors.jsonl`` with its source, id and reason; the rest of the batch completes.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from pipeline.engines import (
    RECYCLE_BATCHES,
    DaskEngine,
    InlineEngine,
    PipelineSpec,
    PoolEngine,
)
from pipeline.ingest import DEFAULT_MAX_BYTES, Deletion, InputDoc, InputError, expand_inputs
from pipeline.progress import Progress
from pipeline.readers import InputFile, read_file, sniff
from pipeline.writer import MANIFEST, ResumableOutput, dumps, read_manifest

MAX_LOGGED_ERRORS = 20


@dataclass
class RunSummary:
    documents: int = 0
    entities: int = 0
    errors: int = 0  # includes errors of inputs finished by an earlier, interrupted run
    deleted: int = 0
    skipped_inputs: int = 0
    elapsed: float = 0.0
    warmup: float = 0.0  # seconds until the first batch came back (includes worker start-up)
    warmup_documents: int = 0
    cpu_seconds: float = 0.0  # CPU time spent in the pipeline, summed over workers
    error_reasons: dict = field(default_factory=dict)

    def docs_per_cpu_second(self) -> float:
        """Throughput per core, whatever else the machine is running."""
        return self.documents / self.cpu_seconds if self.cpu_seconds else 0.0

    def steady_rate(self) -> float:
        """Documents per second after the first batch (start-up excluded)."""
        span = self.elapsed - self.warmup
        return (self.documents - self.warmup_documents) / span if span > 0 else 0.0

    def line(self) -> str:
        rate = self.documents / self.elapsed if self.elapsed else 0.0
        out = (
            f"{self.documents} documents, {self.entities} entities, {self.errors} errors "
            f"in {self.elapsed:.1f}s ({rate:.1f} docs/s)"
        )
        if self.deleted:
            out += f", {self.deleted} deletions"
        if self.skipped_inputs:
            out += f", {self.skipped_inputs} inputs already done"
        return out


@dataclass
class FileState:
    source: str
    sha256: str | None
    size: int
    format: str = ""
    items: int = 0  # reader items consumed (documents, record errors, deletions)
    records: int = 0
    errors: int = 0
    deleted: int = 0
    start_ends: dict | None = None

    def entry(self, kind: str, items: int, ends: dict) -> dict:
        return {
            "kind": kind,
            "source": self.source,
            "sha256": self.sha256,
            "size": self.size,
            "format": self.format,
            "items": items,
            "records": self.records,
            "errors": self.errors,
            "deleted": self.deleted,
            "start_ends": self.start_ends if self.start_ends is not None else dict(ends),
            "ends": dict(ends),
        }


@dataclass
class Batch:
    docs: list[InputDoc] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    chars: int = 0  # characters of the documents' text


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def run(
    nlp: Language | None,
    inputs: list[Path],
    out_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    log=lambda msg: print(msg, file=sys.stderr),
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler=None,
    spec: PipelineSpec | None = None,
    batch_size: int = 64,
    batch_chars: int = 1 << 18,
    checkpoint_every: int = 512,
    progress: bool | None = None,
    recycle_batches: int = RECYCLE_BATCHES,
) -> RunSummary:
    """Process `inputs` into `out_dir`; `nlp` is used in process (workers=1, local engine),
    otherwise workers build the pipeline from `spec`. `spec` also names the pipeline
    in the manifest (see `_check_same_pipeline`), so it must describe `nlp`.
    A batch holds up to `batch_size` documents and `batch_chars` characters: the stages
    run stage-major over a batch (pipeline/stage.py), which pays off with 64 abstracts
    (about 10 % less CPU than 16), while the character bound keeps a batch of full-text
    articles small in memory. The pipeline is renewed after `recycle_batches` batches
    (its vocabulary grows with the text it reads): with `workers`, by a fresh worker
    process; in one process or on Dask, by a fresh pipeline in the same process."""
    t0 = time.time()
    summary = RunSummary()
    spec = spec or PipelineSpec()
    identity = spec.identity()
    new_output = _check_same_pipeline(out_dir, identity)  # before anything is written
    out = _open_output(out_dir)
    if new_output:
        out.commit([{"kind": "run", "pipeline": identity, "ends": dict(out.ends)}])
    try:
        if engine == "dask":
            eng = DaskEngine(spec, scheduler, recycle_batches=recycle_batches)
        elif workers > 1:
            eng = PoolEngine(spec, workers, recycle_batches=recycle_batches)
        else:
            eng = InlineEngine(spec, nlp, recycle_batches)
    except BaseException:
        out.close()
        raise
    finished = {e["source"]: e for e in out.entries if e["kind"] == "done"}
    last = out.entries[-1] if out.entries else None
    resume = last if last and last["kind"] == "checkpoint" else None

    plan = list(expand_inputs(inputs))
    total = sum(p.stat().st_size for p, _ in plan if str(p) not in finished and p.is_file())
    bar = Progress(total, log, tty=progress)
    state = {"done_bytes": 0, "current": None}

    def batches() -> Iterator[Batch]:
        batch = Batch()
        for path, doc_id in plan:
            source = str(path)
            if source in finished:
                summary.skipped_inputs += 1
                summary.errors += finished[source]["errors"]
                if path.is_file() and path.stat().st_size != finished[source]["size"]:
                    log(f"warning: {source} changed since it was processed; kept its old records")
                continue
            try:
                sha, size = file_sha256(path), path.stat().st_size
            except OSError:
                sha, size = None, 0
            fs = FileState(source, sha, size)
            skip = 0
            if resume and resume["source"] == source and resume["sha256"] == sha and sha:
                skip = resume["items"]
                fs.records, fs.errors, fs.deleted = (
                    resume["records"],
                    resume["errors"],
                    resume["deleted"],
                )
                summary.errors += fs.errors
                fs.start_ends = resume["start_ends"]
                log(f"resuming {source} after {skip} items")
            if sha is None:
                err = InputError(source, "missing", "no such file or directory")
                if path.exists():
                    err = InputError(source, "unreadable", "cannot read the file")
                items: Iterator = iter([err])
            else:
                f = InputFile(path, doc_id, size)
                state["current"] = f
                try:
                    fs.format = sniff(f)
                except OSError as exc:
                    fs.format = "unreadable"
                    items = iter([InputError(source, "unreadable", str(exc))])
                else:
                    items = read_file(f, max_bytes, fs.format)
            since = 0
            for n, item in enumerate(items, 1):
                if n <= skip:
                    continue
                fs.items = n
                since += 1
                if isinstance(item, InputDoc):
                    batch.docs.append(item)
                    batch.chars += len(item.text)
                    batch.events.append(("doc", fs))
                elif isinstance(item, Deletion):
                    batch.events.append(("deleted", fs, {"id": item.id, "source": item.source}))
                else:
                    batch.events.append(("error", fs, item.as_dict()))
                if (
                    len(batch.docs) >= batch_size
                    or batch.chars >= batch_chars
                    or len(batch.events) >= 8 * batch_size
                ):
                    if since >= checkpoint_every:
                        batch.events.append(("checkpoint", fs, n))
                        since = 0
                    yield batch
                    batch = Batch()
            batch.events.append(("done", fs, max(fs.items, skip)))
            state["done_bytes"] += size
            state["current"] = None
        if batch.events:
            yield batch

    def fail(fs: FileState, err: dict) -> None:
        out.write("errors.jsonl", dumps(err))
        fs.errors += 1
        summary.errors += 1
        summary.error_reasons[err["reason"]] = summary.error_reasons.get(err["reason"], 0) + 1
        if summary.errors <= MAX_LOGGED_ERRORS:
            log(f"error: {err['source']}: {err.get('id') or '-'}: {err['reason']}: {err['detail']}")
            if summary.errors == MAX_LOGGED_ERRORS:
                log("error: further errors are only written to errors.jsonl")

    ok = False
    try:
        for batch, results in eng.map(batches()):
            entries = []
            it = iter(results)
            for ev in batch.events:
                kind, fs = ev[0], ev[1]
                if fs.start_ends is None:
                    fs.start_ends = dict(out.ends)
                if kind == "doc":
                    res_kind, payload, n_ents, cpu = next(it)
                    summary.cpu_seconds += cpu
                    if res_kind == "record":
                        out.write("records.jsonl", payload)
                        fs.records += 1
                        summary.documents += 1
                        summary.entities += n_ents
                    else:
                        fail(fs, payload)
                elif kind == "error":
                    fail(fs, ev[2])
                elif kind == "deleted":
                    out.write("deleted.jsonl", dumps(ev[2]))
                    fs.deleted += 1
                    summary.deleted += 1
                elif kind in ("checkpoint", "done"):
                    entries.append(fs.entry(kind, ev[2], out.ends))
            out.commit(entries)
            if not summary.warmup:
                summary.warmup = time.time() - t0
                summary.warmup_documents = summary.documents
            cur = state["current"]
            bar.update(
                summary.documents,
                summary.errors,
                state["done_bytes"] + (cur.position() if cur else 0),
            )
        ok = True
    finally:
        bar.close()
        if ok:
            eng.close()
        else:  # interrupted: do not wait for queued work
            _abandon(eng)
        out.close()
    summary.elapsed = time.time() - t0
    return summary


class OtherPipelineOutput(Exception):
    """The output directory holds records of a run with another pipeline."""


def _check_same_pipeline(out_dir: Path, identity: dict) -> bool:
    """Whether the output is new (nothing but run records in it); refuse to resume
    into output written with another pipeline, whose records would be mixed with
    ours and never redone. Reads the manifest only: nothing is written first."""
    entries, _ = read_manifest(out_dir / MANIFEST)
    if all(e["kind"] == "run" for e in entries):
        return True
    runs = [e for e in entries if e["kind"] == "run"]
    if not runs:
        raise OtherPipelineOutput(
            f"{out_dir} holds output of an earlier version of medlink, which did not "
            "record its pipeline; write to another --out directory, or delete this one "
            "to start again"
        )
    before = runs[-1]["pipeline"]
    changed = [k for k in sorted(set(before) | set(identity)) if before.get(k) != identity.get(k)]
    if changed:
        what = ", ".join(f"{k} {before.get(k)!r} -> {identity.get(k)!r}" for k in changed)
        raise OtherPipelineOutput(
            f"{out_dir} holds output of another pipeline ({what}); write to another "
            "--out directory, or delete this one to start again"
        )
    return False


def _abandon(eng) -> None:
    pool = getattr(eng, "pool", None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
    else:
        eng.close()


def _open_output(out_dir: Path) -> ResumableOutput:
    """Open the output; roll back a checkpoint whose input changed since it was written."""
    out = ResumableOutput(out_dir)
    last = out.entries[-1] if out.entries else None
    if last and last["kind"] == "checkpoint":
        path = Path(last["source"])
        try:
            same = path.is_file() and file_sha256(path) == last["sha256"]
        except OSError:
            same = False
        if not same:
            out.close()
            out = ResumableOutput(out_dir, ends=last["start_ends"])
            out.commit([{**last, "kind": "rollback", "ends": last["start_ends"]}])
    return out
