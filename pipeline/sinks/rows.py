"""A JSON record flattened into table rows: the one place that knows both the
record schema and the table layout shared by every sink.

``TABLES`` is also the identifier whitelist: sinks build INSERT/COPY statements
only from these names.
"""

import hashlib
import json
from dataclasses import dataclass

TABLES: dict[str, tuple[str, ...]] = {
    "documents": (
        "doc_id",
        "source",
        "text_sha256",
        "text_length",
        "pipeline_version",
        "config_sha256",
        "lexicon_version",
        "record_sha256",
        "entity_count",
        "record",
    ),
    "sections": (
        "doc_id",
        "idx",
        "name",
        "start_offset",
        "end_offset",
        "header_end",
        "language",
        "language_score",
    ),
    "sentences": ("doc_id", "idx", "start_offset", "end_offset", "section_idx"),
    "mentions": (
        "doc_id",
        "idx",
        "start_offset",
        "end_offset",
        "text",
        "type",
        "concept",
        "name",
        "match",
        "sentence_idx",
        "section_idx",
        "language",
        "ids",
        "long_form",
        "assertion",
    ),
    "concepts": ("curie", "vocabulary", "name", "type"),
    "concept_xrefs": ("concept", "xref"),
    "document_concepts": ("doc_id", "concept", "type", "mentions"),
}
# Rows owned by one document, children first (the order to delete them in).
DOCUMENT_TABLES = ("mentions", "sentences", "sections", "document_concepts", "documents")


class RecordError(ValueError):
    """A JSON object that is not a usable medlink record."""


@dataclass(frozen=True)
class Item:
    """One record read from a file, with where it came from (``file:line``).

    `json` is the record's line as read (stored verbatim, so fields added later to
    the record schema survive); `sha256` of it tells an unchanged reload."""

    doc_id: str
    where: str
    record: dict
    json: str
    sha256: str


def make_item(record: dict, where: str, line: str | None = None) -> Item:
    if not isinstance(record, dict) or not isinstance(record.get("id"), str) or not record["id"]:
        raise RecordError("not a medlink record (no string `id`)")
    if line is None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    line = line.strip()
    return Item(record["id"], where, record, line, hashlib.sha256(line.encode()).hexdigest())


def vocabulary(curie: str) -> str:
    prefix, sep, _ = curie.partition(":")
    if not sep or not prefix:
        raise RecordError(f"not a CURIE: {curie!r}")
    return prefix


def _document_rows(item: Item) -> dict[str, list[tuple]]:
    r, d = item.record, item.doc_id
    pipeline, resources = r.get("pipeline") or {}, r.get("resources") or {}
    entities = r["entities"]
    rows: dict[str, list[tuple]] = {
        "documents": [
            (
                d,
                r["source"],
                r["text_sha256"],
                int(r["text_length"]),
                pipeline.get("version"),
                pipeline.get("config_sha256"),
                resources.get("lexicon_version"),
                item.sha256,
                len(entities),
                item.json,
            )
        ],
        "sections": [
            (
                d,
                i,
                s["name"],
                s["start"],
                s["end"],
                s.get("header_end"),
                s["language"],
                s.get("language_score"),
            )
            for i, s in enumerate(r["sections"])
        ],
        "sentences": [
            (d, i, s["start"], s["end"], s["section"]) for i, s in enumerate(r["sentences"])
        ],
        "mentions": [
            (
                d,
                i,
                e["start"],
                e["end"],
                e["text"],
                e["type"],
                e.get("concept"),
                e.get("name"),
                e.get("match"),
                e.get("sentence"),
                e.get("section"),
                e.get("language"),
                json.dumps(e.get("ids") or [], ensure_ascii=False),
                e.get("long_form"),
                e.get("assertion"),
            )
            for i, e in enumerate(entities)
        ],
        "document_concepts": [
            (d, c["concept"], c["type"], int(c["mentions"])) for c in r["concepts"]
        ],
    }
    return rows


def batch_rows(items: list[Item]) -> dict[str, list[tuple]]:
    """Rows of every table for `items`; shared rows deduplicated and sorted by key
    (a fixed order, so concurrent loaders take row locks in the same order)."""
    out: dict[str, list[tuple]] = {t: [] for t in TABLES}
    concepts: dict[str, tuple] = {}
    xrefs: set[tuple[str, str]] = set()
    for item in items:
        try:
            for table, rows in _document_rows(item).items():
                out[table].extend(rows)
            for c in item.record["concepts"]:
                curie = c["concept"]
                concepts[curie] = (curie, vocabulary(curie), c.get("name"), c["type"])
                for xref in c.get("ids") or []:
                    if xref != curie:
                        vocabulary(xref)
                        xrefs.add((curie, xref))
        except (KeyError, TypeError, ValueError) as exc:
            raise RecordError(f"{item.where}: record {item.doc_id!r}: bad field {exc}") from None
    out["concepts"] = [concepts[k] for k in sorted(concepts)]
    out["concept_xrefs"] = sorted(xrefs)
    return out
