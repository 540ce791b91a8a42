"""Checks of one annotation: identifiers, label, entity type and span.

Each check returns findings; :mod:`pipeline.validate.compare` adds the checks
that look at several annotations (cross-vocabulary agreement) or at the
pipeline's own entities (missing normalisation, missed mentions).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.formats.model import Annotation
from pipeline.lexicon import Concept, Lexicon
from pipeline.resources.registry import IdRegistry
from pipeline.validate import spans
from pipeline.validate.findings import Finding
from pipeline.validate.identifiers import ParsedId, parse_id
from pipeline.validate.labels import (
    GOOD_SIMILARITY,
    label_agreement,
    names_of,
    same_head,
    similarity,
)

PUBCHEM_RECORDS_NOTE = (
    "PubChem keeps several records for one substance (stereoisomers, salts, hydrates, "
    "depositor duplicates), so both CIDs may name it"
)


@lru_cache(maxsize=1)
def entity_types() -> dict[str, str]:
    text = resources.files("pipeline.validate").joinpath("entity_types.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return {r[0]: r[1] for r in rows}


def checked_type(raw_type: str) -> str | None:
    """The Disease/Chemical/Species type an annotation type maps to, else None."""
    return entity_types().get(raw_type.strip())


@dataclass
class Context:
    lexicon: Lexicon
    registry: IdRegistry


def id_type(pid: ParsedId, ctx: Context) -> str:
    if pid.prefix == "MESH":
        e = ctx.registry.mesh(pid.local)
        return e.type if e else ""
    return {"MONDO": "Disease", "PUBCHEM.COMPOUND": "Chemical", "NCBITaxon": "Species"}.get(
        pid.prefix, ""
    )


def _suggest_for_label(label: str, ctx: Context, kind: str | None) -> str:
    hits = [c for c, _f in ctx.lexicon.lookup(label) if kind is None or c.type == kind]
    if not hits:
        return ""
    c = hits[0]
    return f"the vocabularies name {label!r} {c.curie} ({c.name}; {', '.join(c.ids)})"


def check_ids(
    doc_id: str, i: int, ann: Annotation, ctx: Context, nearby: list[dict] | None = None
) -> tuple[list, list[Finding]]:
    """(parsed ids that exist, findings) for the identifiers of one annotation;
    `nearby` are the pipeline's linked entities on its span, used for suggestions."""
    kind = checked_type(ann.type)
    out: list[Finding] = []
    good: list[ParsedId] = []

    def finding(code, msg, pid, suggestion="", score=None):
        out.append(
            Finding(
                doc_id, code, msg, suggestion, i, ann.start, ann.end, ann.text, [pid.raw], score
            )
        )

    for raw in ann.ids:
        pid = parse_id(raw, kind or "")
        if pid is None:
            continue
        if not pid.checked:
            if pid.well_formed and pid.prefix:
                finding("ML008", f"{pid.curie}: {pid.prefix} identifiers are not checked", pid)
            else:
                finding(
                    "ML001",
                    f"{raw!r} is not a recognised identifier",
                    pid,
                    _suggest_for_label(ann.text, ctx, kind) or "use a CURIE such as MESH:D009101",
                )
            continue
        if not pid.well_formed:
            finding(
                "ML001",
                f"{raw!r} is not a well-formed {pid.prefix} identifier",
                pid,
                _suggest_for_label(ann.text, ctx, kind),
            )
            continue
        if pid.prefix == "MESH" and ctx.registry.mesh(pid.local) is None:
            hint = _suggest_for_label(ann.text, ctx, kind)
            if not hint and nearby:
                x = nearby[0]
                hint = f"the pipeline links {x['text']!r} here to {x['concept']} ({x['name']})"
            finding(
                "ML012" if hint else "ML002",
                f"{pid.curie} is neither a MeSH descriptor nor a supplementary concept "
                f"of this MeSH release{' (retired or merged)' if hint else ''}",
                pid,
                hint,
            )
            continue
        if pid.prefix == "MONDO":
            term = ctx.registry.mondo(pid.local)
            if term is None:
                note = (
                    ""
                    if ctx.registry.meta.get("mondo_obsoletes")
                    else " (the registry was built without MONDO's obsolete list: rebuild "
                    "with `medlink resources build --from DIR` to tell obsolete from unknown)"
                )
                finding(
                    "ML004",
                    f"{pid.curie} is not a MONDO term{note}",
                    pid,
                    _suggest_for_label(ann.text, ctx, kind),
                )
                continue
            if term.obsolete:
                repl = ctx.registry.mondo(term.replaced_by) if term.replaced_by else None
                hint = (
                    f"use MONDO:{repl.id} ({repl.name})"
                    if repl
                    else _suggest_for_label(ann.text, ctx, kind)
                )
                finding("ML003", f"{pid.curie} is obsolete", pid, hint)
                continue
        if pid.prefix == "PUBCHEM.COMPOUND" and ctx.registry.pubchem(pid.local) is None:
            hits = [c for c, _ in ctx.lexicon.lookup(ann.text) if c.type == "Chemical"]
            cids = [x for c in hits[:1] for x in c.ids if x.startswith("PUBCHEM.COMPOUND:")]
            if cids:
                finding(
                    "ML005",
                    f"{pid.curie} is not the CID the vocabularies link for {ann.text!r} "
                    f"({hits[0].name}: {', '.join(cids)}); {PUBCHEM_RECORDS_NOTE}",
                    pid,
                    f"check that {pid.curie} is the record meant; the vocabularies use {cids[0]}",
                )
            else:
                finding(
                    "ML006",
                    f"{pid.curie} is not in the local PubChem cross-walks (MeSH, ChEBI); "
                    "it may exist but cannot be checked here",
                    pid,
                )
            continue
        if pid.prefix == "NCBITaxon" and ctx.registry.taxon(pid.local) is None:
            if ctx.registry.meta.get("taxonomy"):
                finding("ML007", f"{pid.curie} is not an NCBI Taxonomy id", pid)
            else:
                finding(
                    "ML009",
                    f"{pid.curie} is not among the MeSH organisms; the registry was built "
                    "without the NCBI Taxonomy table, so it cannot be checked",
                    pid,
                )
            continue
        good.append(pid)
    return good, out


def is_abbreviation(label: str) -> bool:
    """Short upper-case labels ("TMP", "PDTC") name different things in different
    papers; only the paper's own definition tells, so they get no label warning."""
    letters = [c for c in label if c.isalpha()]
    return 0 < len(label) <= 6 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def related(concept: Concept, pid: ParsedId, ctx: Context) -> bool:
    """Whether a concept the label names is tied to `pid`: same concept, a MONDO term
    mapped to it, a supplementary concept filed under it, or a near-identical name."""
    if pid.curie in concept.ids:
        return True
    for other in concept.ids:
        prefix, _, local = other.partition(":")
        if prefix == "MONDO" and pid.prefix == "MESH":
            term = ctx.registry.mondo(local)
            if term and pid.local in term.mesh:
                return True
        if prefix == "MESH" and pid.prefix == "MESH":
            entry = ctx.registry.mesh(local)
            if entry and pid.local in entry.headings:
                return True
    names = names_of(pid, ctx.registry, ctx.lexicon)
    if same_head(concept.name, names):
        return True
    score, _ = similarity(concept.name, names)
    return score >= GOOD_SIMILARITY


def check_label_and_type(
    doc_id: str, i: int, ann: Annotation, pids: list[ParsedId], ctx: Context
) -> list[Finding]:
    kind = checked_type(ann.type)
    out = []
    for pid in pids:
        common = (i, ann.start, ann.end, ann.text, [pid.raw])
        itype = id_type(pid, ctx)
        if kind and itype and itype != kind:
            out.append(
                Finding(
                    doc_id,
                    "ML020",
                    f"{pid.curie} is a {itype} identifier on a {kind} mention",
                    _suggest_for_label(ann.text, ctx, kind),
                    *common,
                )
            )
        elif kind and not itype and pid.prefix == "MESH":
            out.append(
                Finding(
                    doc_id,
                    "ML021",
                    f"{pid.curie} ({ctx.registry.mesh(pid.local).name}) is in no "
                    f"{kind} tree of MeSH",
                    "",
                    *common,
                )
            )
        if kind and itype and itype != kind:
            continue  # a label check would only repeat the type error
        score, how, name = label_agreement(ann.text, pid, ctx.registry, ctx.lexicon)
        if how == "weak":
            other = [c for c, _ in ctx.lexicon.lookup(ann.text) if kind is None or c.type == kind]
            if other and not is_abbreviation(ann.text) and not related(other[0], pid, ctx):
                out.append(
                    Finding(
                        doc_id,
                        "ML010",
                        f"{ann.text!r} names {other[0].curie} ({other[0].name}), "
                        f"not {pid.curie} (closest name {name!r}, similarity {score:.2f})",
                        f"use {other[0].curie}" + (f" or relabel as {name!r}" if name else ""),
                        *common,
                        score=score,
                    )
                )
            else:
                note = f"; it names the related {other[0].curie} ({other[0].name})" if other else ""
                out.append(
                    Finding(
                        doc_id,
                        "ML011",
                        f"{ann.text!r} is not a name of {pid.curie} "
                        f"(closest {name!r}, similarity {score:.2f}){note}",
                        "",
                        *common,
                        score=score,
                    )
                )
        else:
            out.append(
                Finding(
                    doc_id,
                    "ML100",
                    f"{pid.curie} exists; {ann.text!r} matches {name!r} ({how})",
                    "",
                    *common,
                    score=score,
                )
            )
    return out


def check_span(
    doc_id: str, i: int, ann: Annotation, text: str
) -> tuple[tuple[int, int] | None, list[Finding]]:
    """(the span in the text, findings). Annotations without offsets are located."""
    if not text:
        return None, []
    if ann.start is not None and ann.end is not None:
        given = text[ann.start : ann.end]
        if given != ann.text and " ".join(given.split()) != " ".join(ann.text.split()):
            at = spans.nearest(text, ann.text, ann.start)
            hint = (
                f"{ann.text!r} occurs at {at}-{at + len(ann.text)}"
                if at is not None
                else f"{ann.text!r} does not occur in the text"
            )
            return None, [
                Finding(
                    doc_id,
                    "ML030",
                    f"offsets {ann.start}-{ann.end} give {given!r}, not {ann.text!r}",
                    hint,
                    i,
                    ann.start,
                    ann.end,
                    ann.text,
                    list(ann.ids),
                )
            ]
        span = (ann.start, ann.end)
    else:
        found = spans.locate(text, ann.text)
        if found is None:
            return None, [
                Finding(
                    doc_id,
                    "ML032",
                    f"{ann.text!r} does not occur in the text checked",
                    "",
                    i,
                    text=ann.text,
                    ids=list(ann.ids),
                )
            ]
        span = (found.start, found.end)
        if spans.clean(text, *span, inflected=True):
            return span, []
    if checked_type(ann.type) is None:
        return span, []  # variants ("-141C>T") and genes have their own boundary rules
    problems, better = spans.boundary_problems(text, *span)
    if not problems:
        return span, []
    return span, [
        Finding(
            doc_id,
            "ML031",
            f"span {text[span[0] : span[1]]!r} {' and '.join(problems)}",
            f"the mention is probably {better!r}" if better else "",
            i,
            span[0],
            span[1],
            ann.text,
            list(ann.ids),
        )
    ]
