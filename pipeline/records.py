"""The record stage: turn a processed Doc into the JSON record, validated by schema.

The schema (``schema/record.schema.json``) is the contract with downstream
loaders; a record that does not satisfy it, or whose entity offsets do not
reproduce the entity text, is a bug and raises rather than being written.
"""

import bisect
import hashlib
import json
from functools import lru_cache
from importlib import resources

import jsonschema
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import __version__, extensions  # noqa: F401
from pipeline.lexicon import load_lexicon


class RecordError(ValueError):
    """A record failed schema validation or an offset check."""


@lru_cache(maxsize=1)
def record_schema() -> dict:
    return json.loads(resources.files("pipeline.schema").joinpath("record.schema.json").read_text())


@lru_cache(maxsize=1)
def _validator():
    schema = record_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def validate_record(record: dict) -> None:
    errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        raise RecordError(f"schema: {'/'.join(map(str, e.path))}: {e.message}")
    text = record.get("text")
    if text is not None:
        for ent in record["entities"]:
            if text[ent["start"] : ent["end"]] != ent["text"]:
                raise RecordError(
                    f"entity offsets {ent['start']}:{ent['end']} do not give {ent['text']!r}"
                )


def build_record(doc: Doc, pipeline_info: dict, resources_info: dict, include_text: bool) -> dict:
    sections = doc._.sections or []
    sec_starts = [s.start for s in sections]

    def section_of(char: int) -> int:
        return max(0, bisect.bisect_right(sec_starts, char) - 1)

    sentences = []
    sent_starts = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        if not toks:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        sentences.append({"start": start, "end": end, "section": section_of(start)})
        sent_starts.append(start)

    entities = []
    for ent in doc.ents:
        sec = section_of(ent.start_char)
        item = {
            "text": ent.text,
            "start": ent.start_char,
            "end": ent.end_char,
            "type": ent.label_,
            "sentence": max(0, bisect.bisect_right(sent_starts, ent.start_char) - 1),
            "section": sec,
            "language": sections[sec].language if sections else "und",
            "ids": list(ent._.ids or []),
            "concept": ent._.concept,
            "name": ent._.canonical,
            "match": ent._.match_kind or "unlinked",
        }
        if ent._.long_form:
            item["long_form"] = ent._.long_form
        entities.append(item)

    summary: dict[str, dict] = {}
    for e in entities:
        if not e["concept"]:
            continue
        c = summary.setdefault(
            e["concept"],
            {
                "concept": e["concept"],
                "type": e["type"],
                "name": e["name"],
                "ids": e["ids"],
                "mentions": 0,
                "texts": [],
            },
        )
        c["mentions"] += 1
        if e["text"] not in c["texts"]:
            c["texts"].append(e["text"])

    record = {
        "id": doc._.doc_id or doc._.text_sha256[:16],
        "source": doc._.source or "",
        "text_sha256": doc._.text_sha256,
        "text_length": len(doc.text),
        "pipeline": pipeline_info,
        "resources": resources_info,
        "sections": [
            {
                "name": s.name,
                "start": s.start,
                "end": s.end,
                "header_end": s.header_end,
                "language": s.language,
                "language_score": round(s.lang_score, 4),
            }
            for s in sections
        ],
        "sentences": sentences,
        "entities": entities,
        "concepts": sorted(
            summary.values(), key=lambda c: (c["type"], -c["mentions"], c["name"] or "")
        ),
    }
    if doc._.extra:
        record["metadata"] = doc._.extra
    if include_text:
        record["text"] = doc.text
    return record


@Language.factory(
    "medlink_record",
    default_config={
        "lexicon_dir": None,
        "include_text": True,
        "validate": True,
        "config_sha256": "",
    },
)
def make_record(
    nlp: Language,
    name: str,
    lexicon_dir: str | None,
    include_text: bool,
    validate: bool,
    config_sha256: str,
):
    lexicon = load_lexicon(lexicon_dir)
    resources_info = {
        "lexicon_version": lexicon.version,
        "source_kind": lexicon.manifest.get("source_kind", ""),
        "sources": [
            {"name": s["name"], "sha256": s["sha256"]} for s in lexicon.manifest.get("sources", [])
        ],
    }

    def record(doc: Doc) -> Doc:
        info = {
            "name": "medlink",
            "version": __version__,
            "config_sha256": config_sha256,
            "components": list(nlp.pipe_names),
        }
        rec = build_record(doc, info, resources_info, include_text)
        if validate:
            validate_record(rec)
        doc._.record = rec
        return doc

    return record


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
