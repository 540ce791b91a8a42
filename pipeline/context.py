"""Assertion status of each entity with medspaCy's ConText.

medspaCy's default English rules were written for clinical notes; case reports put
the result after the finding ("tuberculosis was ruled out", "Bence-Jones
proteinuria was negative"), so ``data/context_rules.json`` adds case-report rules.
ConText sets its flags (is_negated, is_uncertain …) on ``doc.ents``; this stage
folds them into one ``Span._.assertion`` value for the record.
"""

import copy
import warnings
from importlib import resources

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

# medspaCy ignores every warning of the process when imported (its matcher module calls
# warnings.filterwarnings("ignore")), which would hide ours (TagSourceMismatch ...)
with warnings.catch_warnings():
    from medspacy.context import ConText, ConTextRule

from pipeline import extensions  # noqa: F401  (registers Span._.assertion)
from pipeline.stage import BatchStage

# When several modifiers apply, the most decisive wins: a negated family history is
# negated, a family member's disease is not the patient's, and so on.
PRIORITY = (
    ("is_negated", "negated"),
    ("is_family", "family"),
    ("is_hypothetical", "hypothetical"),
    ("is_uncertain", "uncertain"),
    ("is_historical", "historical"),
)


def load_case_report_rules() -> list[ConTextRule]:
    path = resources.files("pipeline.data").joinpath("context_rules.json")
    with resources.as_file(path) as p:
        return ConTextRule.from_json(str(p))


def expand_first_token_sets(rules: list[ConTextRule]) -> list[ConTextRule]:
    """One rule per word of a first-token ``{"LOWER": {"IN": [...]}}`` set.

    spaCy's Matcher checks such a set in Python on every token of every document
    (53 rules did so: most of the pipeline's run time); a plain ``{"LOWER": word}``
    is matched natively. The expanded rules match exactly the same spans."""
    out = []
    for rule in rules:
        first = rule.pattern[0] if isinstance(rule.pattern, list) and rule.pattern else None
        words = (
            first.get("LOWER", {}).get("IN")
            if first and isinstance(first.get("LOWER"), dict)
            else None
        )
        if not words or set(first["LOWER"]) != {"IN"}:
            out.append(rule)
            continue
        for word in words:
            variant = copy.copy(rule)
            variant.pattern = [{**first, "LOWER": word}, *rule.pattern[1:]]
            out.append(variant)
    return out


def assertion_of(span: Span) -> str:
    ext = span._  # one extension accessor for all five flags
    for attr, status in PRIORITY:
        if getattr(ext, attr, False):
            return status
    return "present"


@Language.factory(
    "medlink_context",
    default_config={"default_rules": True, "case_report_rules": True, "max_scope": None},
)
def make_context(
    nlp: Language,
    name: str,
    default_rules: bool,
    case_report_rules: bool,
    max_scope: int | None,
):
    rules: list[ConTextRule] = []
    if default_rules:
        rules += ConText(spacy.blank("en"), rules="default").rules
    if case_report_rules:
        rules += load_case_report_rules()
    context = ConText(nlp, name=name, rules=None, max_scope=max_scope)
    context.add(expand_first_token_sets(rules))

    def assert_status(doc: Doc) -> Doc:
        ents = doc.ents  # ConText only sets flags on them: the spans stay valid
        if ents:
            context(doc)
            for ent in ents:
                ent._.assertion = assertion_of(ent)
        return doc

    return BatchStage(assert_status)
