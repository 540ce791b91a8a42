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

import jsonschema_rs
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import __version__
from pipeline.extensions import doc_text, span_default
from pipeline.lexicon import load_lexicon
from pipeline.stage import BatchStage


class RecordError(ValueError):
    """A record failed schema validation or an offset check."""


@lru_cache(maxsize=1)
def record_schema() -> dict:
    return json.loads(resources.files("pipeline.schema").joinpath("record.schema.json").read_text())


@lru_cache(maxsize=1)
def _validator():
    """The schema compiled once by jsonschema-rs (Rust): about 5x faster per record than
    fastjsonschema's generated Python, and its errors name the failing path."""
    return jsonschema_rs.validator_for(record_schema())


def validate_record(record: dict) -> None:
    try:
        _validator().validate(record)
    except jsonschema_rs.ValidationError as exc:
        path = "/".join(map(str, exc.instance_path))
        raise RecordError(f"schema: {path}: {exc.message}") from None
    text = record.get("text")
    if text is not None:
        for ent in record["entities"]:
            if text[ent["start"] : ent["end"]] != ent["text"]:
                raise RecordError(
                    f"entity offsets {ent['start']}:{ent['end']} do not give {ent['text']!r}"
                )
        for kind, facts in (record.get("case") or {}).items():
            for fact in facts if isinstance(facts, list) else [facts] if facts else []:
                if text[fact["start"] : fact["end"]] != fact["text"]:
                    raise RecordError(f"case {kind} offsets do not give {fact['text']!r}")


_ENTITY_VALUES = ("ids", "concept", "canonical", "match_kind", "long_form", "assertion")


def build_record(doc: Doc, pipeline_info: dict, resources_info: dict, include_text: bool) -> dict:
    sections = doc._.sections or []
    sec_starts = [s.start for s in sections]

    def section_of(char: int) -> int:
        return max(0, bisect.bisect_right(sec_starts, char) - 1)

    text = doc_text(doc)
    sentences = []
    sent_starts = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        sentences.append({"start": start, "end": end, "section": section_of(start)})
        sent_starts.append(start)

    entities = []
    # span values read straight from user_data (see SpanValues), defaults looked up once
    stored = doc.user_data.get
    d_ids, d_concept, d_name, d_kind, d_long, d_assertion = map(span_default, _ENTITY_VALUES)
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        sec = section_of(start)
        ids = stored(("._.", "ids", start, end), d_ids)
        item = {
            "text": text[start:end],  # Span.text joins its tokens
            "start": start,
            "end": end,
            "type": ent.label_,
            "sentence": max(0, bisect.bisect_right(sent_starts, start) - 1),
            "section": sec,
            "language": sections[sec].language if sections else "und",
            "ids": list(ids or []),
            "concept": stored(("._.", "concept", start, end), d_concept),
            "name": stored(("._.", "canonical", start, end), d_name),
            "match": stored(("._.", "match_kind", start, end), d_kind) or "unlinked",
        }
        long_form = stored(("._.", "long_form", start, end), d_long)
        assertion = stored(("._.", "assertion", start, end), d_assertion)
        if long_form:
            item["long_form"] = long_form
        if assertion:
            item["assertion"] = assertion
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
        "text_length": len(text),
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
    if doc._.case is not None:
        record["case"] = doc._.case
    if include_text:
        record["text"] = text
    return record


@Language.factory(
    "medlink_record",
    default_config={
        "lexicon_dir": None,
        "include_text": True,
        "validate": True,
        "config_sha256": "",
        "model_sha256": "",
    },
)
def make_record(
    nlp: Language,
    name: str,
    lexicon_dir: str | None,
    include_text: bool,
    validate: bool,
    config_sha256: str,
    model_sha256: str,
):
    """`config_sha256` and `model_sha256` (the statistical NER's weights, empty without
    one) are set by pipeline.nlp.load_pipeline: a record says what produced it."""
    lexicon = load_lexicon(lexicon_dir)
    resources_info = {
        "lexicon_version": lexicon.version,
        "source_kind": lexicon.manifest.get("source_kind", ""),
        "sources": [
            {"name": s["name"], "sha256": s["sha256"]} for s in lexicon.manifest.get("sources", [])
        ],
    }

    components: list[list[str]] = []  # the pipeline's stages, asked once: spaCy rebuilds
    # the list on every pipe_names

    def record(doc: Doc) -> Doc:
        if not components:
            components.append(list(nlp.pipe_names))
        info = {
            "name": "medlink",
            "version": __version__,
            "config_sha256": config_sha256,
            "components": list(components[0]),
        }
        if model_sha256:
            info["model_sha256"] = model_sha256
        rec = build_record(doc, info, resources_info, include_text)
        if validate:
            validate_record(rec)
        doc._.record = rec
        return doc

    return BatchStage(record)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
