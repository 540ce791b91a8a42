"""Memory of one long-lived pipeline over many records: resident size and the number
of strings in its vocabulary, which spaCy never forgets (why `medlink run --workers`
replaces a worker after `pipeline.engines.RECYCLE_BATCHES` batches).

    .venv/bin/python benchmarks/memory_growth.py pubmed20n0014.xml.gz pubmed21n1298.xml.gz
"""

import argparse
import gc
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 // 2**20


def main() -> int:
    from pipeline.ingest import InputDoc, make_doc
    from pipeline.nlp import keep_out_of_collections, load_pipeline
    from pipeline.readers import InputFile, read_file

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", type=Path, help="input files (any medlink format)")
    ap.add_argument("--every", type=int, default=5120, help="report every N documents")
    ap.add_argument("--profile", default="full")
    ap.add_argument(
        "--reload", type=int, default=0, help="replace the pipeline every N documents in-process"
    )
    args = ap.parse_args()
    nlp = load_pipeline(profile=args.profile)
    keep_out_of_collections()  # as a run's worker does

    def report(n: int) -> None:
        print(
            f"| {n} | {rss_mb()} | {len(nlp.vocab.strings)} | {time.process_time() - t0:.0f} |",
            flush=True,
        )

    print("| documents | RSS MB | vocabulary strings | CPU s |\n|---:|---:|---:|---:|")
    t0, n, batch = time.process_time(), 0, []
    next_reload = args.reload
    report(0)
    for path in args.inputs:
        for item in read_file(InputFile(path, path.name, path.stat().st_size), 10_000_000):
            if isinstance(item, InputDoc) and item.text.strip():
                batch.append(make_doc(nlp, item))
            if len(batch) == 64:
                deque(nlp.pipe(batch), maxlen=0)  # keeps no Doc (nor its vocabulary) alive
                n, batch = n + len(batch), []
                if args.reload and n >= next_reload:
                    next_reload += args.reload
                    del nlp
                    gc.unfreeze()
                    gc.collect()
                    nlp = load_pipeline(profile=args.profile)
                    keep_out_of_collections()
                if n % args.every == 0:
                    report(n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
