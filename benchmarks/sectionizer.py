"""medSpaCy Sectionizer backend vs the line backend: identical sections? speed?

Texts: the two seeds in ../shared/seeds (when present) and corpus/*.txt, each
processed `--passes` times by both detectors (best of 3 timings).
Usage: .venv/bin/python benchmarks/sectionizer.py [--passes 20]
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passes", type=int, default=20)
    args = ap.parse_args(argv)

    from pipeline.nlp import load_pipeline
    from pipeline.sectionizer import MedspacySectionDetector
    from pipeline.sections import SectionDetector, _load_headers

    paths = sorted((ROOT.parent / "shared/seeds").glob("*.txt"))
    paths += sorted((ROOT / "corpus").glob("*.txt"))
    nlp = load_pipeline()
    docs = [nlp.make_doc(p.read_text("utf-8")) for p in paths]
    lines, medspacy = SectionDetector(_load_headers()), MedspacySectionDetector(nlp)
    same = [lines(d.text) == medspacy.detect(d) for d in docs]
    chars = sum(len(d.text) for d in docs) * args.passes

    def best(fn) -> float:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            for _ in range(args.passes):
                for d in docs:
                    fn(d)
            times.append(time.perf_counter() - t0)
        return min(times)

    t_lines = best(lambda d: lines(d.text))
    t_medspacy = best(medspacy.detect)
    print(f"{len(docs)} texts, identical sections in {sum(same)}/{len(same)}")
    print(f"{len(medspacy.sectionizer.rules)} medSpaCy SectionRules")
    print(f"line backend     {chars / t_lines / 1000:7.0f} KB/s")
    print(f"medspacy backend {chars / t_medspacy / 1000:7.0f} KB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
