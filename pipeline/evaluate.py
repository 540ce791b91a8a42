"""Accuracy against gold PubTator annotations (``medlink evaluate``).

Three measures per entity type, the ones the BioCreative/NCBI literature reports:
strict mention NER (same offsets and type), document-level concept IDs over the
set of (document, type, ID) as in the BC5CDR normalisation task (composite IDs
count as each, ``-1`` is ignored, OMIM IDs are their own concepts), and
normalisation accuracy on the mentions found with the right offsets. Only the
types the gold file annotates are scored, so a Species prediction is no false
positive on a chemical corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pipeline.formats.model import AnnotatedDoc


def _load_type_map() -> dict[str, str]:
    text = resources.files("pipeline.data").joinpath("corpus_types.tsv").read_text("utf-8")
    rows = (ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    return {src.strip(): dst.strip() for src, dst in rows}


TYPE_MAP = _load_type_map()


@dataclass(frozen=True)
class Mention:
    unit: int  # index of the text unit (record) in the file: offsets index its text
    doc: str  # document id: concepts are counted per document (NLM-Chem passages share one)
    start: int
    end: int
    type: str
    ids: frozenset[str]
    text: str = ""

    @property
    def key(self) -> tuple:
        return (self.unit, self.start, self.end, self.type)


def gold_ids(raw: Iterable[str], etype: str) -> frozenset[str]:
    """Gold identifiers in a comparable form: MeSH ``D…``/``C…``, ``OMIM:…``, bare taxids."""
    out = set()
    for ident in raw:
        ident = ident.strip()
        if not ident or ident in ("-1", "-"):
            continue
        prefix, sep, local = ident.partition(":")
        if not sep:
            prefix, local = "", ident
        prefix = prefix.upper()
        if etype == "Species":
            local = local.strip("*")
            if local.isdigit():
                out.add(local)
        elif prefix == "OMIM":
            out.add(f"OMIM:{local}")
        elif prefix in ("", "MESH") and local[:1] in ("D", "C"):
            out.add(local)
    return frozenset(out)


def predicted_ids(curies: Iterable[str] | None, etype: str) -> frozenset[str]:
    """The MeSH IDs (Chemical, Disease) or NCBI taxids (Species) of a prediction; its
    OMIM IDs when it has no MeSH ID (a MeSH disease's OMIM cross-references name the
    same concept, not more)."""
    mesh, omim, taxa = set(), set(), set()
    for curie in curies or ():
        prefix, _, local = curie.partition(":")
        if prefix == "NCBITaxon":
            taxa.add(local)
        elif prefix == "MESH":
            mesh.add(local)
        elif prefix == "OMIM":
            omim.add(f"OMIM:{local}")
    if etype == "Species":
        return frozenset(taxa)
    return frozenset(mesh or omim)


def gold_mentions(docs: Iterable[AnnotatedDoc]) -> list[Mention]:
    out = []
    for unit, doc in enumerate(docs):
        for ann in doc.annotations:
            etype = TYPE_MAP.get(ann.type)
            if etype is None or ann.start is None or ann.end is None:
                continue
            ids = gold_ids(ann.ids, etype)
            out.append(Mention(unit, doc.id, ann.start, ann.end, etype, ids, ann.text))
    return out


def run_pipeline(nlp, docs: list[AnnotatedDoc], batch_size: int = 16) -> Iterator:
    """The pipeline's Docs for the gold texts, with their passages as `medlink run` reads
    them (the record stage is skipped: not scored)."""
    from pipeline.ingest import InputDoc, make_doc

    def item(d: AnnotatedDoc) -> InputDoc:
        passages = d.passage_info()
        return InputDoc(d.id, d.source, d.text, {"passages": passages} if passages else {})

    skip = [name for name in ("medlink_record",) if name in nlp.pipe_names]
    with nlp.select_pipes(disable=skip):
        inputs = (make_doc(nlp, item(d)) for d in docs)
        yield from nlp.pipe(inputs, batch_size=batch_size)


def predicted_mentions(nlp, docs: list[AnnotatedDoc]) -> list[Mention]:
    out = []
    for unit, (gold, doc) in enumerate(zip(docs, run_pipeline(nlp, docs), strict=True)):
        for ent in doc.ents:
            ids = predicted_ids(ent._.ids, ent.label_)
            out.append(
                Mention(unit, gold.id, ent.start_char, ent.end_char, ent.label_, ids, ent.text)
            )
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)}


def _concepts(mentions: Iterable[Mention]) -> set[tuple[str, str]]:
    return {(m.doc, i) for m in mentions for i in m.ids}


def score(gold: list[Mention], pred: list[Mention], top: int = 10) -> dict[str, dict]:
    """Per-type NER, concept and normalisation scores, with an error breakdown."""
    report = {}
    for etype in sorted({m.type for m in gold}):
        g = [m for m in gold if m.type == etype]
        p = [m for m in pred if m.type == etype]
        gkeys = {m.key: m for m in g}
        pkeys = {m.key: m for m in p}
        tp = gkeys.keys() & pkeys.keys()
        gc, pc = _concepts(g), _concepts(p)
        linked = [k for k in tp if gkeys[k].ids]
        right = sum(1 for k in linked if gkeys[k].ids & pkeys[k].ids)
        report[etype] = {
            "ner": prf(len(tp), len(pkeys), len(gkeys)),
            "concept": prf(len(gc & pc), len(pc), len(gc)),
            "normalisation": {
                "accuracy": round(right / len(linked), 4) if linked else 0.0,
                "n": len(linked),
            },
            "counts": {
                "gold_mentions": len(gkeys),
                "predicted_mentions": len(pkeys),
                "gold_concepts": len(gc),
                "predicted_concepts": len(pc),
            },
            "errors": _errors(gkeys, pkeys, pred, tp, gc, pc, top),
        }
    return report


def _overlaps(m: Mention, others: dict[int, list[Mention]]) -> list[Mention]:
    return [o for o in others.get(m.unit, ()) if o.start < m.end and m.start < o.end]


def _newer_descriptor(ident: str) -> bool:
    """A descriptor created after the corpora were annotated (UI D0000[6-9]xxxxx, from
    about 2015 on): the corpus has the older supplementary concept or heading."""
    return len(ident) == 10 and ident.startswith("D0000") and ident[5] in "6789"


def _errors(gkeys, pkeys, all_pred, tp, gc, pc, top: int) -> dict:
    """Kinds of error: a boundary error overlaps a same-type mention on the other side,
    a type error has the same span with another type; the rest are spurious/missed."""
    by_unit_g: dict[int, list[Mention]] = {}
    for m in gkeys.values():
        by_unit_g.setdefault(m.unit, []).append(m)
    by_unit_p: dict[int, list[Mention]] = {}
    for m in pkeys.values():
        by_unit_p.setdefault(m.unit, []).append(m)
    other_type = {(m.unit, m.start, m.end) for m in all_pred}
    kinds: Counter = Counter()
    fn_text, fp_text = Counter(), Counter()
    for k in gkeys.keys() - tp:
        m = gkeys[k]
        fn_text[m.text.lower()] += 1
        if _overlaps(m, by_unit_p):
            kinds["fn_boundary"] += 1
        elif (m.unit, m.start, m.end) in other_type:
            kinds["fn_wrong_type"] += 1
        else:
            kinds["fn_missed"] += 1
    for k in pkeys.keys() - tp:
        m = pkeys[k]
        fp_text[m.text.lower()] += 1
        kinds["fp_boundary" if _overlaps(m, by_unit_g) else "fp_spurious"] += 1
    for k in tp:
        g, p = gkeys[k], pkeys[k]
        if g.ids and not g.ids & p.ids:
            if not p.ids:
                kinds["norm_unlinked"] += 1
            elif any(_newer_descriptor(i) for i in p.ids):
                kinds["norm_newer_descriptor"] += 1  # MeSH 2024 descriptor, older corpus
            else:
                kinds["norm_wrong_id"] += 1
    return {
        "kinds": dict(sorted(kinds.items())),
        "top_false_negatives": fn_text.most_common(top),
        "top_false_positives": fp_text.most_common(top),
        "concept_fn": len(gc - pc),
        "concept_fp": len(pc - gc),
    }


def read_gold(path: Path, limit: int | None = None) -> list[AnnotatedDoc]:
    """Gold documents; malformed annotation lines (e.g. LINNAEUS's tabbed ones) are skipped."""
    from pipeline.formats.pubtator import iter_pubtator

    docs = []
    for doc in iter_pubtator(path, errors=[]):
        docs.append(doc)
        if limit and len(docs) >= limit:
            break
    return docs


def evaluate(nlp, path: Path, limit: int | None = None) -> dict[str, dict]:
    docs = read_gold(Path(path), limit)
    return score(gold_mentions(docs), predicted_mentions(nlp, docs))


def evaluate_by_guideline(
    pipeline_for, path: Path, guidelines: dict[str, str | None], limit: int | None = None
) -> dict[str, dict]:
    """Each type scored under the guideline `guidelines` gives it (unnamed types: None,
    the config's), one pipeline run per guideline; `pipeline_for(guideline)` gives the
    pipeline. BioRED's chemicals follow BioRED's conventions, its diseases BC5CDR's when
    the model learnt BioRED's for chemicals only."""
    docs = read_gold(Path(path), limit)
    gold = gold_mentions(docs)
    types = sorted({m.type for m in gold})
    report: dict[str, dict] = {}
    for guideline in dict.fromkeys(guidelines.get(t) for t in types):
        part = score(gold, predicted_mentions(pipeline_for(guideline), docs))
        report.update((t, r) for t, r in part.items() if guidelines.get(t) == guideline)
    return {t: report[t] for t in types if t in report}


def format_table(report: dict[str, dict]) -> str:
    head = f"{'type':<9} {'NER P':>6} {'R':>6} {'F1':>6}   {'concept P':>9} {'R':>6} {'F1':>6}   {'norm acc':>8}"
    lines = [head, "-" * len(head)]
    for etype, s in report.items():
        n, c = s["ner"], s["concept"]
        lines.append(
            f"{etype:<9} {n['p']:>6.3f} {n['r']:>6.3f} {n['f1']:>6.3f}   "
            f"{c['p']:>9.3f} {c['r']:>6.3f} {c['f1']:>6.3f}   "
            f"{s['normalisation']['accuracy']:>8.3f}"
        )
    return "\n".join(lines)


def format_errors(report: dict[str, dict]) -> str:
    lines = []
    for etype, s in report.items():
        e = s["errors"]
        lines.append(f"{etype}: {e['kinds']}")
        lines.append(f"  top FN: {e['top_false_negatives']}")
        lines.append(f"  top FP: {e['top_false_positives']}")
    return "\n".join(lines)
