"""Database load throughput (records/s) of `medlink load` into SQLite, PostgreSQL
and Parquet.

    .venv/bin/python benchmarks/load.py [--docs 500] [--total 2000] [--batch-size 500]

Records come from running the pipeline on the first --docs BC5CDR test abstracts
(../shared/data/bc5cdr/CDR_TestSet.PubTator.txt), replicated with distinct ids up
to --total. Each sink is loaded three times: fresh (empty database), unchanged
(every record skipped as already stored) and forced (every document replaced).
PostgreSQL is a throwaway local cluster (tests/pg_server.py) with durable
settings (fsync on). Prints one Markdown table row per sink and pass.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from pipeline.held_out import TEST_CORPORA  # noqa: E402

BC5CDR = ROOT.parent / "shared" / "data" / TEST_CORPORA["BC5CDR test"]


def make_records(docs: int, total: int, out: Path) -> int:
    from pipeline.formats.pubtator import iter_pubtator
    from pipeline.ingest import InputDoc, make_doc
    from pipeline.nlp import load_pipeline

    nlp = load_pipeline()
    base = []
    for doc in iter_pubtator(BC5CDR):
        if len(base) == docs:
            break
        base.append(nlp(make_doc(nlp, InputDoc(doc.id, str(BC5CDR), doc.text)))._.record)
    with open(out, "w", encoding="utf-8") as fh:
        for n in range(total):
            record = dict(base[n % len(base)])
            if n >= len(base):
                record["id"] = f"{record['id']}-copy{n // len(base)}"
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(base)


def bench(url: str, shown: str, path: Path, batch: int) -> list[str]:
    from pipeline.sinks import open_sink
    from pipeline.sinks.load import load_files

    rows = []
    with open_sink(url) as sink:
        for label, force in (("fresh", False), ("unchanged", False), ("forced", True)):
            s = load_files(sink, [path], batch_size=batch, force=force, log=lambda m: None)
            assert s.failed == 0 and s.skipped == 0
            rows.append(
                f"| {shown} | {label} | {s.read} | {s.written} | {s.elapsed:.2f} "
                f"| **{s.read / s.elapsed:,.0f}** |"
            )
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=500, help="abstracts to process")
    ap.add_argument("--total", type=int, default=2000, help="records to load")
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument(
        "--records",
        type=Path,
        default=None,
        help="keep the generated records here; reuse if present",
    )
    args = ap.parse_args()
    if not BC5CDR.exists():
        print(f"{BC5CDR} is absent", file=sys.stderr)
        return 2
    from pg_server import start_server

    with tempfile.TemporaryDirectory(prefix="medlink-load-") as tmp:
        tmp = Path(tmp)
        records = args.records or tmp / "records.jsonl"
        if not records.exists():
            t0 = time.perf_counter()
            n = make_records(args.docs, args.total, records)
            took = time.perf_counter() - t0
            print(f"{n} BC5CDR test abstracts processed in {took:.0f}s", file=sys.stderr)
        with open(records, encoding="utf-8") as fh:
            total = sum(1 for _ in fh)
        size = records.stat().st_size / 1e6
        print(f"{total} records, {size:.1f} MB, batch size {args.batch_size}\n", file=sys.stderr)
        print("| Sink | Pass | Records | Written | Seconds | Records/s |")
        print("|---|---|---:|---:|---:|---:|")
        for row in bench(f"sqlite:///{tmp / 'm.db'}", "SQLite", records, args.batch_size):
            print(row, flush=True)
        server = start_server(durable=True)
        if server is None:
            print("| PostgreSQL | not installed | | | | |")
        else:
            try:
                for row in bench(server.url, "PostgreSQL 15", records, args.batch_size):
                    print(row, flush=True)
            finally:
                server.stop()
        for row in bench(f"parquet:{tmp / 'pq'}", "Parquet", records, args.batch_size):
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
