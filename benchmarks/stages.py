"""CPU time per pipeline stage, in ms per document, and a digest of the records.

Profiling aid for throughput work (issue 4): every stage runs over all documents in
turn (the statistical NER batched through ``pipe``, as in ``medlink run``), timed
with process CPU time, so the figures hold up on a busy machine better than wall
time. ``--digest`` prints a SHA-256 over the JSON records: a speed-up that changes
it changed the output.

    .venv/bin/python benchmarks/stages.py [--profile fast] [--gold FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pipeline.held_out import TEST_CORPORA  # noqa: E402

BC5CDR_TEST = ROOT.parent / "shared" / "data" / TEST_CORPORA["BC5CDR test"]


def main() -> int:
    from pipeline.evaluate import read_gold
    from pipeline.ingest import InputDoc, make_doc
    from pipeline.nlp import keep_out_of_collections, load_pipeline

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", choices=["full", "fast"], default="full")
    ap.add_argument("--gold", type=Path, default=BC5CDR_TEST, help="PubTator file of texts")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--digest", action="store_true", help="SHA-256 of the records")
    args = ap.parse_args()

    nlp = load_pipeline(profile=args.profile)
    keep_out_of_collections()  # as a run does (PipelineSpec.load)
    gold = read_gold(args.gold, args.limit)
    cpu: Counter = Counter()
    started = time.process_time()
    docs = [make_doc(nlp, InputDoc(d.id, d.source, d.text)) for d in gold]
    cpu["tokenizer (make_doc)"] = time.process_time() - started
    for name, proc in nlp.pipeline:
        t = time.process_time()
        if name == "medlink_model_ner":
            docs = list(proc.pipe(docs, batch_size=nlp.batch_size))
        else:
            docs = [proc(doc) for doc in docs]
        cpu[name] += time.process_time() - t
    total = time.process_time() - started
    n = len(docs)
    for name, seconds in cpu.most_common():
        print(f"{name:28s} {1000 * seconds / n:7.2f} ms/doc")
    print(f"{'total':28s} {1000 * total / n:7.2f} ms/doc = {n / total:.1f} docs per CPU-second")
    if args.digest:
        h = hashlib.sha256()
        for doc in docs:
            h.update(json.dumps(doc._.record, sort_keys=True, ensure_ascii=False).encode())
        print(f"records sha256 {h.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
