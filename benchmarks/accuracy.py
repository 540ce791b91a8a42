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


def own_guideline(rel: str, learnt: dict[str, list[str]]) -> str | None:
    """The corpus's own guideline if the model learnt it for every model type that the
    corpus annotates (NCBI-disease: diseases), else None (the config's)."""
    from pipeline.train import CORPUS_LABELS, LABELS

    name = rel.split("/", 1)[0]
    annotated = {label for r, ls in CORPUS_LABELS.items() if r.startswith(name) for label in ls}
    if name in learnt and annotated & set(LABELS) <= set(learnt[name]):
        return name
    return None


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
    ap.add_argument(
        "--guideline",
        default="auto",
        help="the guideline the NER model follows: a name, 'config' for the config's, or "
        "'auto' (default): each corpus's own where the model learnt it for every type the "
        "corpus annotates, else the config's",
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
        guideline = {"auto": own_guideline(rel, learnt), "config": None}.get(
            args.guideline, args.guideline
        )
        print(f"{name}: guideline {guideline or 'of the config'}", file=sys.stderr, flush=True)
        report = evaluate(pipeline_for(guideline), DATA / rel)
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
