"""Checks across annotations and against the pipeline: cross-vocabulary agreement,
missing normalisation with the pipeline's suggestion, and what the pipeline finds
that the annotations miss (and the reverse)."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from pipeline.formats.model import Annotation
from pipeline.validate.checks import Context, checked_type
from pipeline.validate.findings import Finding
from pipeline.validate.identifiers import ParsedId, parse_id
from pipeline.validate.labels import fold

CROSS = {"MESH", "MONDO", "PUBCHEM.COMPOUND"}


def concept_of(curie: str, ctx: Context) -> str:
    """The lexicon concept an id belongs to (itself when the lexicon lacks it)."""
    c = ctx.lexicon.by_curie(curie)
    return c.curie if c is not None else curie


def linked(a: ParsedId, b: ParsedId, ctx: Context) -> bool:
    """True when two ids of different vocabularies name the same concept."""
    if concept_of(a.curie, ctx) == concept_of(b.curie, ctx):
        return True
    for x, y in ((a, b), (b, a)):
        if x.prefix == "MONDO" and y.prefix == "MESH":
            term = ctx.registry.mondo(x.local)
            if term and y.local in term.mesh:
                return True
        if x.prefix == "PUBCHEM.COMPOUND" and y.prefix == "MESH":
            row = ctx.registry.pubchem(x.local)
            if row and y.local in row[0]:
                return True
    return False


def cross_vocabulary(
    doc_id: str, anns: list[Annotation], good: dict[int, list[ParsedId]], ctx: Context
) -> list[Finding]:
    """Mentions with the same text whose ids come from different vocabularies must agree."""
    groups: dict[str, list[tuple[int, ParsedId]]] = defaultdict(list)
    for i, pids in good.items():
        for pid in pids:
            if pid.prefix in CROSS:
                groups[fold(anns[i].text)].append((i, pid))
    out = []
    for items in groups.values():
        seen = set()
        for (i, a), (j, b) in combinations(items, 2):
            if a.prefix == b.prefix or (a.curie, b.curie) in seen:
                continue
            seen.add((a.curie, b.curie))
            target = j if b.prefix != "MESH" else i
            ann = anns[target]
            if linked(a, b, ctx):
                out.append(
                    Finding(
                        doc_id,
                        "ML041",
                        f"{a.curie} and {b.curie} name the same concept "
                        f"({concept_of(a.curie, ctx)})",
                        "",
                        target,
                        ann.start,
                        ann.end,
                        ann.text,
                        [a.raw, b.raw],
                    )
                )
            else:
                out.append(
                    Finding(
                        doc_id,
                        "ML040",
                        f"{a.curie} and {b.curie} are given for {ann.text!r} but name "
                        "different concepts",
                        f"the vocabularies link {a.curie} to {concept_of(a.curie, ctx)} and "
                        f"{b.curie} to {concept_of(b.curie, ctx)}",
                        target,
                        ann.start,
                        ann.end,
                        ann.text,
                        [a.raw, b.raw],
                    )
                )
    return out


def _describe(ent: dict) -> str:
    return f"{ent['concept']} ({ent['name']})" if ent.get("concept") else "no concept"


def _overlapping(span, ents):
    s, e = span
    return [x for x in ents if x["start"] < e and s < x["end"]]


def not_normalised(
    doc_id: str, i: int, ann: Annotation, span, ents: list[dict], ctx: Context
) -> Finding:
    kind = checked_type(ann.type)
    hint = ""
    near = [x for x in _overlapping(span, ents) if x.get("concept")] if span else []
    if near:
        x = near[0]
        hint = f"the pipeline links {x['text']!r} here to {_describe(x)}: {', '.join(x['ids'])}"
    else:
        hits = [c for c, _ in ctx.lexicon.lookup(ann.text) if kind is None or c.type == kind]
        if hits:
            hint = f"the vocabularies name {ann.text!r} {hits[0].curie} ({hits[0].name})"
        elif span:
            hint = "no vocabulary candidate; if it abbreviates a combination, link its parts"
    start, end = span if span else (ann.start, ann.end)
    return Finding(
        doc_id,
        "ML050",
        f"{ann.text!r} ({ann.type}) has no identifier",
        hint or "no vocabulary candidate",
        i,
        start,
        end,
        ann.text,
        list(ann.ids),
    )


def _ids_concepts(ids: list[str], ann_type: str, ctx: Context) -> set[str]:
    out = set()
    for raw in ids:
        pid = parse_id(raw, checked_type(ann_type) or "")
        if pid is not None and pid.checked:
            out.add(concept_of(pid.curie, ctx))
    return out


def against_pipeline_spans(
    doc_id: str,
    anns: list[Annotation],
    located: dict[int, tuple[int, int]],
    ents: list[dict],
    types: set[str],
    ctx: Context,
) -> list[Finding]:
    """Mention-level comparison for annotations with offsets."""
    out = []
    covered = set()
    for i, ann in enumerate(anns):
        kind = checked_type(ann.type)
        span = located.get(i)
        if span is None or kind is None:
            continue
        near = [x for x in _overlapping(span, ents) if x["type"] == kind]
        covered.update(id(x) for x in near)
        if not near:
            out.append(
                Finding(
                    doc_id,
                    "ML062",
                    f"the pipeline finds no {kind} at {ann.text!r}",
                    "",
                    i,
                    span[0],
                    span[1],
                    ann.text,
                    list(ann.ids),
                )
            )
            continue
        mine = _ids_concepts(ann.ids, ann.type, ctx)
        theirs = {x["concept"] for x in near if x.get("concept")}
        if mine and theirs and not mine & theirs:
            x = next(x for x in near if x.get("concept"))
            out.append(
                Finding(
                    doc_id,
                    "ML060",
                    f"the pipeline links {x['text']!r} to {_describe(x)}",
                    f"compare with {', '.join(x['ids'])}",
                    i,
                    span[0],
                    span[1],
                    ann.text,
                    list(ann.ids),
                )
            )
    for x in ents:
        if x["type"] in types and id(x) not in covered:
            out.append(
                Finding(
                    doc_id,
                    "ML061",
                    f"the pipeline finds {x['type']} {x['text']!r}: {_describe(x)}",
                    "add it if the annotation guidelines cover it",
                    None,
                    x["start"],
                    x["end"],
                    x["text"],
                    list(x["ids"]),
                )
            )
    return out


def against_pipeline_concepts(
    doc_id: str, anns: list[Annotation], ents: list[dict], types: set[str], ctx: Context
) -> list[Finding]:
    """Concept-level comparison for document-level annotations (summary pages): a
    concept counts as shared when the ids agree or the same words are annotated."""
    out = []
    annotated: set[str] = set()
    labels = {fold(a.text) for a in anns}
    for ann in anns:
        annotated |= _ids_concepts(ann.ids, ann.type, ctx)
    found: dict[str, list[dict]] = defaultdict(list)
    by_text: dict[str, list[dict]] = defaultdict(list)
    for x in ents:
        if x.get("concept") and x["type"] in types:
            found[x["concept"]].append(x)
            by_text[fold(x["text"])].append(x)
    for concept, xs in found.items():
        if concept in annotated or set(xs[0]["ids"]) & annotated:
            continue
        if any(fold(x["text"]) in labels for x in xs):
            continue
        x = xs[0]
        out.append(
            Finding(
                doc_id,
                "ML061",
                f"the pipeline finds {x['type']} {x['text']!r} ({len(xs)} mentions): "
                f"{_describe(x)}",
                f"add {', '.join(x['ids'])} if the page should list it",
                None,
                x["start"],
                x["end"],
                x["text"],
                list(x["ids"]),
            )
        )
    for i, ann in enumerate(anns):
        mine = _ids_concepts(ann.ids, ann.type, ctx)
        if not mine or mine & set(found):
            continue
        same_words = [x for x in by_text.get(fold(ann.text), []) if x.get("concept")]
        if same_words:
            x = same_words[0]
            out.append(
                Finding(
                    doc_id,
                    "ML060",
                    f"the pipeline links {x['text']!r} to {_describe(x)}",
                    f"compare with {', '.join(x['ids'])}",
                    i,
                    ann.start,
                    ann.end,
                    ann.text,
                    list(ann.ids),
                )
            )
            continue
        out.append(
            Finding(
                doc_id,
                "ML062",
                f"the pipeline finds no mention of {', '.join(sorted(mine))} in the text",
                "",
                i,
                ann.start,
                ann.end,
                ann.text,
                list(ann.ids),
            )
        )
    return out
