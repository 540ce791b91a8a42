"""Disease classes named by their mode of inheritance ("inherited human disease").

NCBI-disease and BioRED mark such class phrases as diseases ("autosomal recessive
disorder", "genetic defect": Genetic Diseases, Inborn), and the corpus terms teach the
dictionary the common ones. A phrase with words between the lead and the head
("autosomal recessive human genetic disorder", "inherited human disorder") matches no
term, and the model misses it. Here a lead phrase, any number of fillers and a head
(``pipeline/data/inheritance_classes.tsv``) make one Disease mention of the lead's
class. Disease and species entities inside the phrase give way to it ("human" is no
species mention there); a phrase that another entity crosses or that holds a chemical
is left alone.
"""

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.data import data_lines
from pipeline.entity_matcher import token_bounds
from pipeline.extensions import SpanValues, doc_text
from pipeline.lexicon import CURATED, load_lexicon
from pipeline.stage import BatchStage


def _rows(kind: str) -> list[list[str]]:
    return [
        r[1:] for ln in data_lines("inheritance_classes.tsv") if (r := ln.split("\t"))[0] == kind
    ]


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


CLASS_OF = {lead.lower(): curie for lead, curie in _rows("lead")}
PHRASE = re.compile(
    rf"\b({_alternatives(CLASS_OF)})(?: (?:{_alternatives(w for w, *_ in _rows('filler'))}))*"
    rf" (?:{_alternatives(w for w, *_ in _rows('head'))})\b",
    re.IGNORECASE,
)


def inheritance_classes(doc: Doc, candidates: dict[str, tuple]) -> Doc:
    text = doc_text(doc)
    matches = list(PHRASE.finditer(text))
    if not matches:
        return doc
    ents = list(doc.ents)
    firsts, afters = token_bounds(doc, [m.start() for m in matches], [m.end() for m in matches])
    changed = False
    for m, start, end in zip(matches, firsts, afters, strict=True):
        if start < 0 or end < 0 or (cands := candidates.get(m.group(1).lower())) is None:
            continue
        touching = [e for e in ents if e.start < end and start < e.end]
        if any(e.label_ == "Chemical" or e.start < start or e.end > end for e in touching):
            continue  # crossed, or holding a chemical
        if any(e.start == start and e.end == end for e in touching):
            continue  # already a mention
        span = Span(doc, start, end, label="Disease")
        SpanValues(span).set("candidates", cands)
        ents = [e for e in ents if e not in touching] + [span]
        changed = True
    if changed:
        doc.ents = sorted(ents, key=lambda s: s.start)
    return doc


@Language.factory("medlink_inheritance_classes", default_config={"lexicon_dir": None})
def make_inheritance_classes(nlp: Language, name: str, lexicon_dir: str | None):
    lexicon = load_lexicon(lexicon_dir)
    wanted = set(CLASS_OF.values())
    index: dict[str, int] = {}
    for i, concept in enumerate(lexicon.concepts):
        for curie in wanted.intersection(concept.ids):
            index.setdefault(curie, i)
    # a lexicon without a class (a test's small one) leaves its phrases to the other stages
    candidates = {
        lead: ((index[curie], CURATED),) for lead, curie in CLASS_OF.items() if curie in index
    }
    return BatchStage(lambda doc: inheritance_classes(doc, candidates))
