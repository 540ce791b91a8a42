"""Assemble the pipeline from its config file (``models/pipeline.cfg`` by default)."""

from __future__ import annotations

import gc
import hashlib
import warnings
from pathlib import Path

import spacy
from spacy.language import Language

# Importing the stage modules registers their factories.
from pipeline import (  # noqa: F401
    abbreviations,
    case_facts,
    context,
    disease_extents,
    drug_codes,
    entity_matcher,
    guideline_stops,
    ingest,
    inheritance_classes,
    inner_chemicals,
    ion_charges,
    language,
    model_ner,
    normaliser,
    records,
    sections,
    sentences,
    species_abbreviations,
    tokenizer,
    turkish,
    vocabulary_horizon,
)

# scispaCy's own abbreviation detector (a config may use it instead of ours) runs an
# empty global Matcher on documents without abbreviations; spaCy warns on each.
warnings.filterwarnings("ignore", message=r".*\[W036\].*")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "models" / "pipeline.cfg"

# Profiles select stages of the one config: "fast" is lexicon-only entity
# recognition without the statistical model, assertion status and case facts.
PROFILES: dict[str, tuple[str, ...]] = {
    "full": (),
    "fast": ("medlink_model_ner", "medlink_context", "medlink_case_facts"),
}

_LEXICON_USERS = (
    "medlink_model_ner",
    "medlink_lexicon_ner",
    "medlink_turkish_ner",
    "medlink_species_abbreviations",
    "medlink_inheritance_classes",
    "medlink_inner_chemicals",
    "medlink_normaliser",
    "medlink_vocabulary_horizon",
    "medlink_case_facts",
    "medlink_record",
)


def load_pipeline(
    config_path: Path | None = None,
    lexicon_dir: Path | None = None,
    include_text: bool | None = None,
    profile: str = "full",
    guideline: str | None = None,
) -> Language:
    """Build the pipeline from `config_path`, pointing lexicon stages at `lexicon_dir`,
    without the stages the `profile` leaves out (see PROFILES); with `guideline`, the
    NER model follows that corpus's annotation guideline (pipeline.guideline_features)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose from {', '.join(PROFILES)}")
    import scispacy.abbreviation  # noqa: F401  (registers abbreviation_detector)

    path = Path(config_path) if config_path else DEFAULT_CONFIG
    config = spacy.util.load_config(path)
    overrides = {}
    for comp in _LEXICON_USERS:
        if comp in config["components"] and lexicon_dir is not None:
            overrides[f"components.{comp}.lexicon_dir"] = str(lexicon_dir)
    if "medlink_record" in config["components"]:
        overrides["components.medlink_record.config_sha256"] = hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        if include_text is not None:
            overrides["components.medlink_record.include_text"] = include_text
        model = config["components"].get("medlink_model_ner")
        if model is not None and "medlink_model_ner" not in PROFILES[profile]:
            from pipeline.model_ner import DEFAULT_MODEL_DIR, resolve_model_dir
            from pipeline.resources.sources import sha256_tree

            model_dir = resolve_model_dir(model.get("model_dir", DEFAULT_MODEL_DIR))
            overrides["components.medlink_record.model_sha256"] = sha256_tree(model_dir) or ""
    if guideline is not None and "medlink_model_ner" in config["components"]:
        overrides["components.medlink_model_ner.guideline"] = guideline
    config = config.merge(spacy.util.dot_to_dict(overrides)) if overrides else config
    exclude = [c for c in PROFILES[profile] if c in config["nlp"]["pipeline"]]
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True, exclude=exclude)


def keep_out_of_collections() -> None:
    """Move every object alive now (a loaded pipeline's lexicon: hundreds of thousands
    of containers) out of the garbage collector's generations, for a process that
    keeps its pipeline to the end (a run, a worker). Each full collection walked them
    all, which cost more than some stages. Not for a process that loads pipelines and
    drops them: frozen objects are never collected."""
    gc.collect()
    gc.freeze()
