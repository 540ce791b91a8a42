"""Accuracy on the Turkish test, blind and dev sets (benchmarks/data/turkish_*.pubtator).

    .venv/bin/python benchmarks/turkish.py [--json OUT]

The sets were written for this project (our own sentences). Scored with the scorer
of ``medlink evaluate`` (strict mention NER, document-level concept IDs), plus a
strict "mention + ID" F1 (same offsets, type and an agreeing MeSH ID). Rows: the
default pipeline, the pipeline without the curated Turkish term table (glossary,
transliteration and suffix rules only) and without the Turkish stage at all.
Then language identification on the held-out ``turkish_langid.tsv``.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETS = {
    "test": "turkish_test.pubtator",
    "blind": "turkish_blind.pubtator",  # written after the rules, run once
    "dev": "turkish_dev.pubtator",
}


def strict_id_f1(gold, pred) -> dict:
    """P/R/F1 over mentions that match in offsets, type and (at least one) ID."""
    from pipeline.evaluate import prf

    pkeys = {m.key: m for m in pred if m.type in {g.type for g in gold}}
    gkeys = {m.key: m for m in gold}
    tp = sum(1 for k, g in gkeys.items() if k in pkeys and (g.ids & pkeys[k].ids))
    return prf(tp, len(pkeys), len(gkeys))


def run(nlp, path: Path) -> dict:
    from pipeline.evaluate import gold_mentions, predicted_mentions, read_gold, score

    docs = read_gold(path)
    gold, pred = gold_mentions(docs), predicted_mentions(nlp, docs)
    report = score(gold, pred)
    report["all"] = {"mention_id": strict_id_f1(gold, pred)}
    return report


def variants():
    import spacy

    from pipeline.nlp import DEFAULT_CONFIG, load_pipeline

    yield "default", load_pipeline()
    cfg = spacy.util.load_config(DEFAULT_CONFIG)
    cfg["components"]["medlink_turkish_ner"]["term_table"] = False
    yield "no term table", spacy.util.load_model_from_config(cfg, auto_fill=True)
    nlp = load_pipeline()
    nlp.disable_pipe("medlink_turkish_ner")
    yield "no Turkish stage", nlp


def language_id() -> dict:
    """Confusion on the held-out language-ID set, and how many English sentences of
    BC5CDR (first 150 test documents, from ../shared when present) come out ``tr``."""
    import re
    from collections import Counter

    from pipeline.evaluate import read_gold
    from pipeline.held_out import TEST_CORPORA
    from pipeline.language import identify

    path = ROOT / "benchmarks" / "data" / "turkish_langid.tsv"
    rows = [
        ln.split("\t")
        for ln in path.read_text("utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    out = {"held_out": dict(Counter(f"{e}->{identify(s)[0]}" for e, s in rows))}
    bc5 = ROOT.parent / "shared" / "data" / TEST_CORPORA["BC5CDR test"]
    if bc5.exists():
        sents = [
            s
            for d in read_gold(bc5, limit=150)
            for s in re.split(r"(?<=\.)\s+", d.text)
            if len(s) >= 20
        ]
        out["bc5cdr_sentences"] = dict(Counter(identify(s)[0] for s in sents))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    out = {}
    print("| set | pipeline | type | NER P | R | F1 | concept P | R | F1 | mention+ID F1 (all) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, nlp in variants():
        for split, fname in SETS.items():
            t = time.time()
            rep = run(nlp, ROOT / "benchmarks" / "data" / fname)
            out[f"{split}/{name}"] = rep
            strict = rep["all"]["mention_id"]["f1"]
            for etype, s in rep.items():
                if etype == "all":
                    continue
                n, c = s["ner"], s["concept"]
                print(
                    f"| {split} | {name} | {etype} | {n['p']:.3f} | {n['r']:.3f} | {n['f1']:.3f} "
                    f"| {c['p']:.3f} | {c['r']:.3f} | {c['f1']:.3f} | {strict:.3f} |"
                )
            print(f"<!-- {split}/{name}: {time.time() - t:.1f} s -->", file=sys.stderr)
    out["language_id"] = language_id()
    print(f"\nlanguage id: {out['language_id']}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
