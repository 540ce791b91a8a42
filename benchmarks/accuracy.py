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


def learnt_guidelines(config: Path | None) -> dict[str, list[str]]:
    """The guidelines the config's NER model learnt, each with its labels."""
    import spacy

    from pipeline.model_ner import DEFAULT_MODEL_DIR, resolve_model_dir
    from pipeline.nlp import DEFAULT_CONFIG

    model = spacy.util.load_config(config or DEFAULT_CONFIG)["components"]["medlink_model_ner"]
    meta = resolve_model_dir(model.get("model_dir", DEFAULT_MODEL_DIR)) / "meta.json"
    return json.loads(meta.read_text()).get("medlink", {}).get("guidelines", {})


def own_guidelines(rel: str, learnt: dict[str, list[str]]) -> dict[str, str]:
    """Type -> the corpus's own guideline, for the types the corpus annotates that the
    model learnt under it (BioRED: chemicals only); the other types follow the config's."""
    from pipeline.train import CORPUS_LABELS

    name = rel.split("/", 1)[0]
    annotated = {label for r, ls in CORPUS_LABELS.items() if r.startswith(name) for label in ls}
    return {label: name for label in sorted(annotated & set(learnt.get(name, ())))}


def main() -> int:
    from pipeline.evaluate import evaluate_by_guideline, format_errors
    from pipeline.nlp import load_pipeline

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, default=None)
    ap.add_argument("--profile", choices=["full", "fast"], default="full")
    ap.add_argument("--lexicon", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--dev", action="store_true", help="the dev splits instead of the tests")
    ap.add_argument("--only", nargs="*", default=None, help="corpus names to run")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument(
        "--guideline",
        default="auto",
        help="the guideline the NER model follows: a name, 'config' for the config's, or "
        "'auto' (default): for each type, the corpus's own where the model learnt it for "
        "that type, else the config's",
    )
    args = ap.parse_args()
    pipelines = {}

    def pipeline_for(guideline):
        if guideline not in pipelines:
            pipelines[guideline] = load_pipeline(
                args.config, args.lexicon, profile=args.profile, guideline=guideline
            )
        return pipelines[guideline]

    learnt = learnt_guidelines(args.config) if args.profile == "full" else {}
    corpora = DEV_CORPORA if args.dev else TEST_CORPORA
    results, rows = {}, []
    for name, rel in corpora.items():
        if args.only and name not in args.only:
            continue
        started = time.monotonic()
        if args.guideline == "auto":
            by_type = own_guidelines(rel, learnt)
        else:
            guideline = None if args.guideline == "config" else args.guideline
            by_type = {t: guideline for t in ("Chemical", "Disease", "Species")}
        shown = ", ".join(f"{t} {g}" for t, g in by_type.items() if g) or "of the config"
        print(f"{name}: guideline {shown}", file=sys.stderr, flush=True)
        report = evaluate_by_guideline(pipeline_for, DATA / rel, by_type)
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
