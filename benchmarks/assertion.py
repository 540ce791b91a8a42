"""Precision/recall of the ConText assertion stage on benchmarks/data/assertion_gold.tsv.

Each gold row is a sentence, an entity text and its expected status. The sentence
runs through the pipeline up to ``medlink_context``; the gold entity span replaces
the NER output so the score measures assertion only, not entity recognition.
Usage: .venv/bin/python benchmarks/assertion.py [--gold FILE] [--errors]
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATUSES = ("negated", "uncertain", "historical", "hypothetical", "family")


def read_gold(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for ln in path.read_text("utf-8").splitlines():
        if ln.strip() and not ln.startswith("#"):
            sentence, entity, status = ln.split("\t")
            rows.append((sentence, entity, status))
    return rows


def predict(nlp, sentence: str, entity: str) -> str:
    from pipeline.ingest import InputDoc, make_doc

    doc = make_doc(nlp, InputDoc("gold", "assertion_gold", sentence))
    for name, proc in nlp.pipeline:
        if name == "medlink_context":
            start = sentence.index(entity)
            span = doc.char_span(start, start + len(entity), label="Disease")
            if span is None:
                raise ValueError(f"{entity!r} is not on token boundaries in {sentence!r}")
            doc.ents = [span]
            doc = proc(doc)
            return doc.ents[0]._.assertion
        doc = proc(doc)
    raise RuntimeError("medlink_context is not in the pipeline")


def score(rows, predictions) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    for (_s, _e, gold), pred in zip(rows, predictions, strict=True):
        if gold == pred:
            tp[gold] += 1
        else:
            fp[pred] += 1
            fn[gold] += 1
    out = {}
    for status in (*STATUSES, "present"):
        p = tp[status] / (tp[status] + fp[status]) if tp[status] + fp[status] else 0.0
        r = tp[status] / (tp[status] + fn[status]) if tp[status] + fn[status] else 0.0
        out[status] = (p, r, tp[status] + fn[status])
    # micro-average over the non-present statuses: did we find the modified entities?
    mtp = sum(tp[s] for s in STATUSES)
    mfp = sum(fp[s] for s in STATUSES)
    mfn = sum(fn[s] for s in STATUSES)
    out["micro (non-present)"] = (
        mtp / (mtp + mfp) if mtp + mfp else 0.0,
        mtp / (mtp + mfn) if mtp + mfn else 0.0,
        mtp + mfn,
    )
    out["accuracy"] = sum(tp.values()) / len(rows)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "benchmarks/data/assertion_gold.tsv")
    ap.add_argument("--errors", action="store_true", help="list the misclassified rows")
    args = ap.parse_args(argv)

    from pipeline.nlp import load_pipeline

    nlp = load_pipeline()
    rows = read_gold(args.gold)
    predictions = [predict(nlp, s, e) for s, e, _ in rows]
    result = score(rows, predictions)
    print(f"{len(rows)} entities in {len({s for s, _, _ in rows})} sentences")
    print(f"{'status':22} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
    for status, value in result.items():
        if status == "accuracy":
            continue
        p, r, n = value
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{status:22} {p:6.3f} {r:6.3f} {f:6.3f} {n:5d}")
    print(f"accuracy {result['accuracy']:.3f}")
    if args.errors:
        for (s, e, gold), pred in zip(rows, predictions, strict=True):
            if gold != pred:
                print(f"  gold={gold:12} pred={pred:12} {e!r} | {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
