"""Where documents are processed: in this process, in a local process pool, or on Dask.

Every engine maps batches of small :class:`~pipeline.ingest.InputDoc` to results in
input order with a bounded number of batches in flight, so memory stays flat
whatever the input size. Workers build the pipeline once (pool initializer, or a
per-process cache on Dask) from a :class:`PipelineSpec`; the pipeline itself is
never pickled. Results are pre-serialised record lines, so the single writer
process does no JSON work.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing as mp
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest import InputDoc, make_doc
from pipeline.resources.sources import sha256_tree
from pipeline.writer import dumps

# One result per document: ("record", json line, entity count, CPU seconds) or
# ("error", dict, 0, CPU seconds); CPU time is what throughput per core is measured by.
Result = tuple[str, str | dict, int, float]


@dataclass(frozen=True)
class PipelineSpec:
    """How to build the pipeline in a worker (small and picklable)."""

    config: Path | None = None
    lexicon: Path | None = None
    include_text: bool | None = None
    profile: str = "full"

    def identity(self) -> dict:
        """What a run's output depends on, beyond its inputs: the medlink version,
        the config file's hash, the profile, the lexicon's version, whether records
        carry their text, and hashes of the stages' data files and the NER weights.
        A run resumes only into output of the same."""
        import json

        import spacy

        from pipeline import __version__
        from pipeline.lexicon import default_lexicon_dir
        from pipeline.model_ner import DEFAULT_MODEL_DIR, resolve_model_dir
        from pipeline.nlp import DEFAULT_CONFIG

        config = Path(self.config) if self.config else DEFAULT_CONFIG
        manifest = Path(self.lexicon or default_lexicon_dir()) / "manifest.json"
        try:
            lexicon = json.loads(manifest.read_text()).get("version")
        except (OSError, ValueError):
            lexicon = None
        model = spacy.util.load_config(config)["components"].get("medlink_model_ner")
        full = model is not None and self.profile == "full"
        model_dir = model.get("model_dir", DEFAULT_MODEL_DIR) if full else None
        return {
            "medlink": __version__,
            "config_sha256": hashlib.sha256(config.read_bytes()).hexdigest(),
            "profile": self.profile,
            "lexicon": lexicon,
            "include_text": self.include_text is not False,
            # the stages' data files and the NER weights change without a version bump
            "data_sha256": sha256_tree(Path(__file__).parent / "data"),
            "model_sha256": sha256_tree(resolve_model_dir(model_dir)) if model_dir else None,
        }

    def load(self):
        """The pipeline, for a process that keeps it to the end (a run or a worker)."""
        from pipeline.nlp import keep_out_of_collections, load_pipeline

        nlp = load_pipeline(
            self.config, self.lexicon, include_text=self.include_text, profile=self.profile
        )
        keep_out_of_collections()
        return nlp


def process_batch(nlp, docs: list[InputDoc]) -> list[Result]:
    """Records for a batch, through `nlp.pipe` so the statistical model runs batched.
    If any document fails, the batch is redone one document at a time so that only
    the failing document becomes an error."""
    t = time.process_time()
    try:
        processed = list(nlp.pipe(make_doc(nlp, item) for item in docs))
    except Exception:
        return [_process_one(nlp, item) for item in docs]
    share = (time.process_time() - t) / max(1, len(docs))
    out: list[Result] = []
    for doc in processed:
        rec = doc._.record
        out.append(("record", dumps(rec), len(rec["entities"]), share))
    return out


def _process_one(nlp, item: InputDoc) -> Result:
    t = time.process_time()
    try:
        rec = nlp(make_doc(nlp, item))._.record
    except Exception as exc:  # one bad document must not stop the batch
        err = {
            "source": item.source,
            "id": item.id,
            "reason": "processing",
            "detail": f"{type(exc).__name__}: {exc}",
            "trace": traceback.format_exc(limit=3),
        }
        return ("error", err, 0, time.process_time() - t)
    return ("record", dumps(rec), len(rec["entities"]), time.process_time() - t)


def ordered(submit, batches: Iterable, limit: int) -> Iterator[tuple[object, object]]:
    """(batch, result) in input order, at most `limit` batches submitted and unfinished."""
    pending: deque = deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        while len(pending) >= limit:
            b, fut = pending.popleft()
            yield b, fut.result()
    while pending:
        b, fut = pending.popleft()
        yield b, fut.result()


# A pipeline's memory grows with the strings it has seen (spaCy's vocabulary keeps
# every new word: about 2.6 MB per 1,000 PubMed records, BENCHMARKS.md), so it is
# replaced by a fresh one after this many batches (up to 128,000 documents).
RECYCLE_BATCHES = 2000


class RenewedPipeline:
    """The pipeline of `spec`, replaced in this process by a freshly loaded one every
    `every` batches: dropping the old one gives back most of what its vocabulary grew
    to (`benchmarks/memory_growth.py --reload`)."""

    def __init__(self, spec: PipelineSpec, every: int = RECYCLE_BATCHES, nlp=None):
        self.spec, self.every = spec, every
        self.nlp = nlp if nlp is not None else spec.load()
        self.batches = 0

    def process(self, docs: list[InputDoc]) -> list[Result]:
        if self.batches >= self.every:
            self.nlp = None
            gc.unfreeze()  # load() froze the old pipeline's objects out of collection
            gc.collect()
            self.nlp = self.spec.load()
            self.batches = 0
        self.batches += 1
        return process_batch(self.nlp, docs)


class InlineEngine:
    def __init__(self, spec: PipelineSpec, nlp=None, recycle_batches: int = RECYCLE_BATCHES):
        self.pipeline = RenewedPipeline(spec, recycle_batches, nlp)

    def map(self, batches: Iterable[list[InputDoc]]) -> Iterator[tuple[object, list[Result]]]:
        for batch in batches:
            yield batch, self.pipeline.process(batch.docs)

    def close(self) -> None:
        pass


_WORKER: dict = {}


def _init_worker(spec: PipelineSpec) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        _WORKER["nlp"] = spec.load()
    except Exception as exc:  # reported by the first task, with its real type
        _WORKER["error"] = exc


def _pool_task(docs: list[InputDoc]) -> list[Result]:
    if "error" in _WORKER:
        raise _WORKER["error"]
    return process_batch(_WORKER["nlp"], docs)


class PoolEngine:
    """N local worker processes (forkserver: clean, fast-starting children), each
    replaced after `recycle_batches` batches so that a long run's memory stays bounded."""

    def __init__(
        self,
        spec: PipelineSpec,
        workers: int,
        inflight: int | None = None,
        recycle_batches: int = RECYCLE_BATCHES,
    ):
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["pipeline.nlp"])
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(spec,),
            max_tasks_per_child=recycle_batches,
        )
        self.limit = inflight or 3 * workers

    def map(self, batches):
        return ordered(lambda b: self.pool.submit(_pool_task, b.docs), batches, self.limit)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


_DASK_LOCK = threading.Lock()


def _dask_task(spec: PipelineSpec, docs: list[InputDoc], every: int) -> list[Result]:
    """Runs on a Dask worker: the pipeline is built once per worker process and reused,
    renewed every `every` batches."""
    with _DASK_LOCK:  # threads of one worker share one pipeline, one document at a time
        pipeline = _WORKER.get(spec)
        if pipeline is None:
            pipeline = _WORKER[spec] = RenewedPipeline(spec, every)
        return pipeline.process(docs)


class SchedulerUnavailable(RuntimeError):
    """The Dask scheduler cannot be reached."""


class DaskEngine:
    def __init__(
        self,
        spec: PipelineSpec,
        scheduler,
        inflight: int | None = None,
        recycle_batches: int = RECYCLE_BATCHES,
    ):
        from distributed import Client

        try:
            self.client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        except OSError as exc:
            raise SchedulerUnavailable(
                f"cannot use the Dask scheduler {scheduler}: {exc}"
            ) from None
        self.own_client = not isinstance(scheduler, Client)
        self.spec = spec
        self.recycle_batches = recycle_batches
        nthreads = sum(self.client.nthreads().values()) or 1
        self.limit = inflight or 3 * nthreads

    def map(self, batches):
        def submit(b):
            return self.client.submit(
                _dask_task, self.spec, b.docs, self.recycle_batches, pure=False
            )

        return ordered(submit, batches, self.limit)

    def close(self) -> None:
        if self.own_client:
            self.client.close()
