"""Runnable PyPI peers on the same test data, scored with medlink's scorer.

The peers live in their own virtual environment, never in the project's:

    python3 -m venv /tmp/peers-venv
    /tmp/peers-venv/bin/pip install drug-named-entity-recognition \\
        medical-named-entity-recognition en-chem-ner click==8.5.1
    /tmp/peers-venv/bin/python benchmarks/peers.py [--json OUT]

* ``drug-named-entity-recognition`` (Chemical, MeSH id when it has one),
* ``medical-named-entity-recognition`` (Disease, MeSH id),
* ``en-chem-ner`` (a spaCy chemical NER model; no identifiers).

The dictionary peers take a token list; their reported token indices are off for
multi-token matches, so spans are rebuilt from the matched string (fairer to them).
Overlapping matches keep the longest. Only pipeline.evaluate (no spaCy pipeline of
ours) is imported from the repository.
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import Mention, gold_mentions, read_gold, score  # noqa: E402
from pipeline.held_out import TEST_CORPORA  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
# the test splits with chemicals or diseases (the peers find no species)
CORPORA = {k: v for k, v in TEST_CORPORA.items() if k not in ("LINNAEUS test", "SPECIES-800 test")}
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _longest(spans):
    chosen = []
    for s in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(s[1] <= c[0] or c[1] <= s[0] for c in chosen):
            chosen.append(s)
    return chosen


def dictionary_peer(finder, etype: str):
    def run(unit: int, doc_id: str, text: str) -> list[Mention]:
        toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        words = [t for t, _, _ in toks]
        spans = []
        for data, i, _ in finder(words, is_ignore_case=True):
            n = len(data.get("matching_string", "").split(" "))
            if i + n > len(toks):
                continue
            mesh = data.get("mesh_id")
            spans.append((toks[i][1], toks[i + n - 1][2], frozenset([mesh] if mesh else [])))
        return [Mention(unit, doc_id, s, e, etype, ids, text[s:e]) for s, e, ids in _longest(spans)]

    return run


def spacy_peer(nlp, etype: str):
    def run(unit: int, doc_id: str, text: str) -> list[Mention]:
        doc = nlp(text)
        return [
            Mention(unit, doc_id, e.start_char, e.end_char, etype, frozenset(), e.text)
            for e in doc.ents
        ]

    return run


def peers() -> dict:
    import spacy
    from drug_named_entity_recognition import find_drugs
    from medical_named_entity_recognition import find_diseases

    return {
        "drug-named-entity-recognition": ("Chemical", dictionary_peer(find_drugs, "Chemical")),
        "medical-named-entity-recognition": (
            "Disease",
            dictionary_peer(find_diseases, "Disease"),
        ),
        "en-chem-ner": ("Chemical", spacy_peer(spacy.load("en_chem_ner"), "Chemical")),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--only", nargs="*", default=None, help="corpus names to run")
    args = ap.parse_args()
    results = {}
    print("| corpus | peer | type | NER P | NER R | NER F1 | concept P | concept R | concept F1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    runners = peers()
    for name, rel in CORPORA.items():
        if args.only and name not in args.only:
            continue
        docs = read_gold(DATA / rel)
        gold = gold_mentions(docs)
        types = {m.type for m in gold}
        for peer, (etype, run) in runners.items():
            if etype not in types:
                continue
            pred = [m for u, d in enumerate(docs) for m in run(u, d.id, d.text)]
            s = score([m for m in gold if m.type == etype], pred)[etype]
            results.setdefault(name, {})[peer] = {etype: s}
            n, c = s["ner"], s["concept"]
            print(
                f"| {name} | {peer} | {etype} | {n['p']:.3f} | {n['r']:.3f} | {n['f1']:.3f} "
                f"| {c['p']:.3f} | {c['r']:.3f} | {c['f1']:.3f} |",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
