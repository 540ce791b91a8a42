"""Assertion status of each entity with medspaCy's ConText.

medspaCy's default English rules were written for clinical notes; case reports put
the result after the finding ("tuberculosis was ruled out", "Bence-Jones
proteinuria was negative"), so ``data/context_rules.json`` adds case-report rules.
ConText sets its flags (is_negated, is_uncertain …) on ``doc.ents``; this stage
folds them into one ``Span._.assertion`` value for the record.
"""

from importlib import resources

from medspacy.context import ConText, ConTextRule
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import extensions  # noqa: F401  (registers Span._.assertion)

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


def assertion_of(span: Span) -> str:
    for attr, status in PRIORITY:
        if getattr(span._, attr, False):
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
    context = ConText(
        nlp,
        name=name,
        rules="default" if default_rules else None,
        max_scope=max_scope,
    )
    if case_report_rules:
        context.add(load_case_report_rules())

    def assert_status(doc: Doc) -> Doc:
        if doc.ents:
            context(doc)
            for ent in doc.ents:
                ent._.assertion = assertion_of(ent)
        return doc

    return assert_status
