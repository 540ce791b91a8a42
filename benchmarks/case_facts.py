"""Case-facts and ConText cost and yield on BC5CDR abstracts plus corpus/.

Reads the first N documents of each PubTator file (default
../shared/data/bc5cdr/CDR_TrainingSet.PubTator.txt; passages of one PMID are joined)
and the files in corpus/, runs the pipeline with and without ``medlink_context`` /
``medlink_case_facts`` and prints times and fact counts (``--once``: the full
pipeline only, e.g. as a crash test on large full texts).
Usage: .venv/bin/python benchmarks/case_facts.py [--docs 300] [--pubtator FILE ...] [--once] [--show]
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pubtator_texts(path: Path, limit: int) -> list[tuple[str, str]]:
    docs: dict[str, list[str]] = {}
    for ln in path.read_text("utf-8").splitlines():
        parts = ln.split("|", 2)
        if len(parts) == 3 and parts[1] in ("t", "a"):
            if parts[0] not in docs and len(docs) == limit:
                break
            docs.setdefault(parts[0], []).append(parts[2].strip())
    return [(k, "\n".join(v)) for k, v in docs.items()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--show", action="store_true", help="print every fact found")
    ap.add_argument("--pubtator", type=Path, nargs="*", help="PubTator files to read")
    ap.add_argument("--once", action="store_true", help="full pipeline only, one run")
    args = ap.parse_args(argv)

    from pipeline.ingest import InputDoc, make_doc
    from pipeline.nlp import load_pipeline

    sources = args.pubtator or [ROOT.parent / "shared/data/bc5cdr/CDR_TrainingSet.PubTator.txt"]
    docs = [d for s in sources if s.exists() for d in pubtator_texts(s, args.docs)]
    docs += [(p.name, p.read_text("utf-8")) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    nlp = load_pipeline()
    chars = sum(len(t) for _, t in docs)

    def run(disable):
        counts: dict[str, int] = {}
        start = time.perf_counter()
        with nlp.select_pipes(disable=disable):
            for doc_id, text in docs:
                doc = nlp(make_doc(nlp, InputDoc(doc_id, "bench", text)))
                for kind, facts in (doc._.case or {}).items():
                    n = len(facts) if isinstance(facts, list) else int(facts is not None)
                    counts[kind] = counts.get(kind, 0) + n
                    if args.show and not disable and n:
                        print(doc_id, kind, facts)
                if args.show and not disable:
                    for r in doc._.case["regimens"]:
                        print(
                            doc_id, "regimen context:", repr(text[r["start"] - 60 : r["end"] + 40])
                        )
        return time.perf_counter() - start, counts

    if args.once:
        seconds, counts = run([])
        print(f"{len(docs)} documents, {chars} characters: {seconds:.1f} s  {counts}")
        return 0
    print(f"{len(docs)} documents, {chars} characters (best of 2 runs each, after a warm-up)")
    for doc_id, text in docs[:20]:
        nlp(make_doc(nlp, InputDoc(doc_id, "warm-up", text)))
    for label, disable in (
        ("full pipeline", []),
        ("without medlink_context", ["medlink_context"]),
        ("without medlink_case_facts", ["medlink_case_facts"]),
        ("without both", ["medlink_context", "medlink_case_facts"]),
    ):
        seconds, counts = min(run(disable), run(disable), key=lambda r: r[0])
        print(f"{label:28} {seconds:6.1f} s  {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
