"""Validate annotated documents: run every check and the pipeline, collect findings.

The pipeline runs once over all texts with ``nlp.pipe`` (stages after linking
that only annotate or serialise are disabled); per-annotation work is dictionary look-ups, with
difflib only for labels that fail the exact tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.formats.model import AnnotatedDoc
from pipeline.validate import checks, compare
from pipeline.validate.checks import Context, checked_type
from pipeline.validate.findings import Finding
from pipeline.validate.identifiers import parse_id

# Stages after entity linking that validation does not read: assertion status,
# case facts and the JSON record (serialisation and schema validation).
NOT_NEEDED = ("medlink_context", "medlink_case_facts", "medlink_record")


@dataclass
class DocResult:
    doc: AnnotatedDoc
    level: str  # "mention" (annotations have offsets) or "document" (summary pages)
    entities: list[dict] = field(default_factory=list)  # the pipeline's
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # annotation -> span
    findings: list[Finding] = field(default_factory=list)


def pipeline_entities(nlp, docs: list[AnnotatedDoc], batch_size: int = 32) -> list[list[dict]]:
    from pipeline.ingest import InputDoc, make_doc

    disabled = [n for n in NOT_NEEDED if n in nlp.pipe_names]
    out = []
    with nlp.select_pipes(disable=disabled):
        stream = (make_doc(nlp, InputDoc(d.id, d.source, d.text or " ")) for d in docs)
        for sdoc in nlp.pipe(stream, batch_size=batch_size):
            out.append(
                [
                    {
                        "start": e.start_char,
                        "end": e.end_char,
                        "text": e.text,
                        "type": e.label_,
                        "concept": e._.concept,
                        "ids": list(e._.ids or []),
                        "name": e._.canonical,
                        "match": e._.match_kind or "unlinked",
                    }
                    for e in sdoc.ents
                ]
            )
    return out


def validate_doc(
    doc: AnnotatedDoc, ents: list[dict], types: set[str], ctx: Context, compare_pipeline=True
) -> DocResult:
    level = (
        "document"
        if doc.annotations and all(a.start is None for a in doc.annotations)
        else "mention"
    )
    res = DocResult(doc, level, ents)
    good = {}
    for i, ann in enumerate(doc.annotations):
        span, found = checks.check_span(doc.id, i, ann, doc.text)
        res.findings.extend(found)
        if span is not None:
            res.spans[i] = span
        if checked_type(ann.type) is None:
            continue  # genes, variants, cell lines...: not in the vocabularies checked
        pids = [p for p in (parse_id(r, checked_type(ann.type) or "") for r in ann.ids) if p]
        if not pids:
            res.findings.append(compare.not_normalised(doc.id, i, ann, span, ents, ctx))
            continue
        kind = checked_type(ann.type)
        nearby = [
            x
            for x in ents
            if span and x["start"] < span[1] and span[0] < x["end"]
            if x["type"] == kind and x.get("concept")
        ]
        ok, found = checks.check_ids(doc.id, i, ann, ctx, nearby)
        res.findings.extend(found)
        res.findings.extend(checks.check_label_and_type(doc.id, i, ann, ok, ctx))
        good[i] = ok
    res.findings.extend(compare.cross_vocabulary(doc.id, doc.annotations, good, ctx))
    if doc.text and compare_pipeline:
        if level == "mention":
            res.findings.extend(
                compare.against_pipeline_spans(doc.id, doc.annotations, res.spans, ents, types, ctx)
            )
        else:
            res.findings.extend(
                compare.against_pipeline_concepts(doc.id, doc.annotations, ents, types, ctx)
            )
    res.findings.sort(key=lambda f: (f.start if f.start is not None else -1, f.code))
    return res


def validate(docs: list[AnnotatedDoc], ctx: Context, nlp=None) -> list[DocResult]:
    """Findings for every document; `nlp` (the medlink pipeline) is optional."""
    types = {t for d in docs for a in d.annotations if (t := checked_type(a.type))}
    ents = pipeline_entities(nlp, docs) if nlp is not None else [[] for _ in docs]
    return [
        validate_doc(d, e, types, ctx, nlp is not None) for d, e in zip(docs, ents, strict=True)
    ]


def summary(results: list[DocResult]) -> dict:
    by_sev = {"error": 0, "warning": 0, "info": 0}
    by_code: dict[str, int] = {}
    flagged = set()
    n_ann = 0
    for r in results:
        n_ann += len(r.doc.annotations)
        for f in r.findings:
            by_sev[f.severity] += 1
            by_code[f.code] = by_code.get(f.code, 0) + 1
            if f.severity != "info" and f.annotation is not None:
                flagged.add((r.doc.id, f.annotation))
    return {
        "documents": len(results),
        "annotations": n_ann,
        "flagged_annotations": len(flagged),
        "severity": by_sev,
        "codes": dict(sorted(by_code.items())),
    }
