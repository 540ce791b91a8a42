"""Accuracy of a medlink pipeline config on the test splits in ../shared/data.

    .venv/bin/python benchmarks/accuracy.py [--config models/pipeline.cfg] [--json OUT]

Prints one Markdown table row per (corpus, type) with strict mention NER and
document-level concept P/R/F1 (the scorer of ``medlink evaluate``).
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.held_out import DEV_CORPORA, TEST_CORPORA  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def table_rows(name: str, report: dict) -> list[str]:
    rows = []
    for etype, s in report.items():
        n, c = s["ner"], s["concept"]
        rows.append(
            f"| {name} | {etype} | {n['p']:.3f} | {n['r']:.3f} | **{n['f1']:.3f}** "
            f"| {c['p']:.3f} | {c['r']:.3f} | **{c['f1']:.3f}** "
            f"| {s['normalisation']['accuracy']:.3f} |"
        )
    return rows


def main() -> int:
    from pipeline.evaluate import evaluate, format_errors
    from pipeline.nlp import load_pipeline

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, default=None)
    ap.add_argument("--profile", choices=["full", "fast"], default="full")
    ap.add_argument("--lexicon", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--dev", action="store_true", help="the dev splits instead of the tests")
    ap.add_argument("--only", nargs="*", default=None, help="corpus names to run")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--guideline", default=None, help="the guideline the NER model follows")
    args = ap.parse_args()
    nlp = load_pipeline(args.config, args.lexicon, profile=args.profile, guideline=args.guideline)
    corpora = DEV_CORPORA if args.dev else TEST_CORPORA
    results, rows = {}, []
    for name, rel in corpora.items():
        if args.only and name not in args.only:
            continue
        started = time.monotonic()
        report = evaluate(nlp, DATA / rel)
        results[name] = report
        rows += table_rows(name, report)
        print(f"{name}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
        if args.errors:
            print(format_errors(report), file=sys.stderr, flush=True)
    print(
        "| corpus | type | NER P | NER R | NER F1 | concept P | concept R | concept F1 | norm acc |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
