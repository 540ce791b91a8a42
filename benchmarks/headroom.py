"""How much of the remaining error each part of the pipeline could still win back.

* ``union`` (dev splits): the share of gold mentions found exactly by the pipeline, by
  the statistical model alone (the Doc right after ``medlink_model_ner``), by the
  dictionary alone (``--profile fast``), and by either of the two: what a perfect
  chooser between model and dictionary could reach.
* ``drift`` (BC5CDR test): chemical concept F1 as scored, and with every gold MeSH ID
  that MeSH 2024 no longer has (the corpus was annotated with 2015 MeSH) counted as
  whatever ID the pipeline gives the same span: the most that MeSH version drift costs.

    .venv/bin/python benchmarks/headroom.py union [--config CFG] [--lexicon DIR]
    .venv/bin/python benchmarks/headroom.py drift [--config CFG] [--lexicon DIR]
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.held_out import DEV_CORPORA, TEST_CORPORA  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
MESH_FILES = ("mesh/mesh_id_label_mappings.tsv.gz", "mesh/mesh_supp_id_label_mappings.tsv.gz")


def model_mentions(nlp, docs) -> set[tuple]:
    """(unit, start, end, type) of the statistical model's own entities."""
    from pipeline.evaluate import run_pipeline

    after = nlp.pipe_names[nlp.pipe_names.index("medlink_model_ner") + 1 :]
    out = set()
    with nlp.select_pipes(disable=[n for n in after if n != "medlink_record"]):
        for unit, doc in enumerate(run_pipeline(nlp, docs)):
            out |= {(unit, e.start_char, e.end_char, e.label_) for e in doc.ents}
    return out


def union(args) -> None:
    from pipeline.evaluate import gold_mentions, predicted_mentions, read_gold
    from pipeline.nlp import load_pipeline

    full = load_pipeline(args.config, args.lexicon)
    fast = load_pipeline(args.config, args.lexicon, profile="fast")
    print("| corpus | type | pipeline | model | dictionary | model or dictionary |")
    print("|---|---|---:|---:|---:|---:|")
    for name, rel in DEV_CORPORA.items():
        docs = read_gold(DATA / rel)
        gold = {(m.unit, m.start, m.end, m.type) for m in gold_mentions(docs)}
        pipeline = {(m.unit, m.start, m.end, m.type) for m in predicted_mentions(full, docs)}
        lexicon = {(m.unit, m.start, m.end, m.type) for m in predicted_mentions(fast, docs)}
        model = model_mentions(full, docs)
        for etype in ("Chemical", "Disease"):
            g = {x for x in gold if x[3] == etype}
            if not g:
                continue
            shares = [len(g & found) / len(g) for found in (pipeline, model, lexicon)]
            shares.append(len(g & (model | lexicon)) / len(g))
            print(f"| {name} | {etype} | " + " | ".join(f"{s:.3f}" for s in shares) + " |")


def drift(args) -> None:
    from pipeline.evaluate import gold_mentions, predicted_mentions, prf, read_gold
    from pipeline.nlp import load_pipeline

    current = set()
    for rel in MESH_FILES:
        with gzip.open(DATA / rel, "rt", encoding="utf-8") as fh:
            current |= {line.split("\t", 1)[0] for line in fh}
    docs = read_gold(DATA / TEST_CORPORA["BC5CDR test"])
    gold = [m for m in gold_mentions(docs) if m.type == "Chemical"]
    pred = [m for m in predicted_mentions(load_pipeline(args.config, args.lexicon), docs)]
    pred = [m for m in pred if m.type == "Chemical"]
    given = {(m.doc, m.start, m.end): m.ids for m in pred}
    alias: dict[tuple, set] = {}
    for m in gold:
        for i in m.ids:
            if i not in current and given.get((m.doc, m.start, m.end)):
                alias.setdefault((m.doc, i), set()).update(given[(m.doc, m.start, m.end)])
    gc = {(m.doc, i) for m in gold for i in m.ids}
    pc = {(m.doc, i) for m in pred for i in m.ids}
    aligned = set()
    for doc, i in gc:
        aligned |= {(doc, x) for x in alias.get((doc, i), {i})}
    retired = {(d, i) for d, i in gc if i not in current}
    print(f"retired gold concepts: {len(retired)} of {len(gc)}")
    print("as scored:", prf(len(gc & pc), len(pc), len(gc)))
    print("retired IDs as the given ID:", prf(len(aligned & pc), len(pc), len(aligned)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["union", "drift"])
    ap.add_argument("--config", type=Path)
    ap.add_argument("--lexicon", type=Path)
    args = ap.parse_args()
    {"union": union, "drift": drift}[args.what](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
