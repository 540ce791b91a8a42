"""What loading a pipeline costs: seconds to load it and run one document, and the
process's peak resident memory. Every `medlink run --workers` process and every
pipeline renewal pays it (BENCHMARKS.md, "Throughput and memory").

    .venv/bin/python benchmarks/load_cost.py [--profile full|fast] [--lexicon DIR]
"""

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=("full", "fast"), default="full")
    parser.add_argument("--lexicon", type=Path, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    from pipeline.nlp import load_pipeline

    nlp = load_pipeline(lexicon_dir=args.lexicon, profile=args.profile)
    nlp("Mice infected with Borrelia burgdorferi were given doxycycline.")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"profile {args.profile}: load and one document {seconds:.1f} s, peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
