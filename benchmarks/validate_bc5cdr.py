"""False-alarm rate and speed of ``medlink validate`` on gold annotations.

    .venv/bin/python benchmarks/validate_bc5cdr.py [CORPUS ...] [--examples N]

Gold corpora should come out nearly clean: every gold annotation that gets an
error or warning is counted as flagged. The rate is also given without the two
kinds of finding that are true but expected on an older gold standard: ML050
(the corpus's deliberate ``-1`` "not normalisable" ids) and ML012 (MeSH ids of a
2015 corpus that MeSH 2024 has retired or merged). Prints Markdown table rows.
"""

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.held_out import TEST_CORPORA  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
EXPECTED_ON_OLD_GOLD = {"ML050", "ML012"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="*", default=[str(DATA / TEST_CORPORA["BC5CDR test"])])
    ap.add_argument("--examples", type=int, default=0, help="print N flagged examples per code")
    args = ap.parse_args()

    from pipeline.lexicon import default_lexicon_dir, load_lexicon
    from pipeline.nlp import load_pipeline
    from pipeline.resources.registry import IdRegistry
    from pipeline.validate.checks import Context
    from pipeline.validate.readers import read_documents
    from pipeline.validate.validator import validate

    t0, c0 = time.time(), time.process_time()
    lexicon_dir = default_lexicon_dir()
    ctx = Context(load_lexicon(lexicon_dir), IdRegistry(lexicon_dir))
    nlp = load_pipeline(lexicon_dir=lexicon_dir)
    load, load_cpu = time.time() - t0, time.process_time() - c0
    print(
        "| corpus | docs | annotations | flagged | rate | rate w/o ML050, ML012 | s wall | s CPU |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for corpus in args.corpora:
        t1, c1 = time.time(), time.process_time()
        _, docs = read_documents(Path(corpus))
        results = validate(list(docs), ctx, nlp)
        secs, cpu = time.time() - t1, time.process_time() - c1
        flagged: dict[tuple, set[str]] = {}
        codes: Counter = Counter()
        examples: dict[str, list] = {}
        for n, r in enumerate(results):
            for f in r.findings:
                if f.severity == "info" or f.annotation is None:
                    continue
                flagged.setdefault((n, f.annotation), set()).add(f.code)
                codes[f.code] += 1
                examples.setdefault(f.code, []).append((r.doc.id, f.text, f.message))
        total = sum(len(r.doc.annotations) for r in results)
        strict = sum(1 for c in flagged.values() if c - EXPECTED_ON_OLD_GOLD)
        print(
            f"| {Path(corpus).name} | {len(results)} | {total} | {len(flagged)} | "
            f"{len(flagged) / total:.2%} | {strict / total:.2%} | {secs:.1f} | {cpu:.1f} |"
        )
        print(f"\nflags by code: {dict(sorted(codes.items()))}\n", file=sys.stderr)
        rng = random.Random(0)
        for code, xs in sorted(examples.items()):
            for x in rng.sample(xs, min(args.examples, len(xs))):
                print(f"  {code} {x}", file=sys.stderr)
    print(f"\n(loading: {load:.1f} s wall, {load_cpu:.1f} s CPU)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
