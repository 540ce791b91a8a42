"""Instructions executed per document, for comparing two versions on a noisy machine.

CPU time on the shared reference machine moves by ±10 % between identical runs;
an instruction count does not. Run under callgrind with instrumentation off, so that
loading the pipeline runs at near full speed and only the documents are counted:

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/cg.out \\
        .venv/bin/python benchmarks/instructions.py [--profile fast] [--docs 200]

callgrind prints "Collected : N" at exit: N / docs is the instructions per document
(the first documents of the BC5CDR test set, through the runner's `process_batch`,
batches of 64; a fresh vocabulary, as in a run). Instructions are not time (cache
misses are not counted), but a change that removes work shows up here reliably.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pipeline.held_out import TEST_CORPORA  # noqa: E402

BC5CDR_TEST = ROOT.parent / "shared" / "data" / TEST_CORPORA["BC5CDR test"]


def instrument(on: bool) -> None:
    """Switch callgrind's instrumentation (a no-op when not running under it)."""
    if shutil.which("callgrind_control"):
        flag = "on" if on else "off"
        cmd = ["callgrind_control", "-i", flag, str(os.getpid())]
        subprocess.run(cmd, capture_output=True, check=False)


def main() -> int:
    from pipeline.engines import PipelineSpec, process_batch
    from pipeline.evaluate import read_gold
    from pipeline.ingest import InputDoc

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profile", choices=["full", "fast"], default="fast")
    ap.add_argument("--gold", type=Path, default=BC5CDR_TEST, help="PubTator file of texts")
    ap.add_argument("--docs", type=int, default=200)
    args = ap.parse_args()

    nlp = PipelineSpec(profile=args.profile).load()
    items = [InputDoc(d.id, d.source, d.text) for d in read_gold(args.gold, args.docs)]
    instrument(True)
    for i in range(0, len(items), 64):
        process_batch(nlp, items[i : i + 64])
    instrument(False)
    print(f"{len(items)} documents", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
