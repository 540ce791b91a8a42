"""Case-report facts: patient, lab values, treatments, regimens, procedures, outcomes.

The ``medlink_case_facts`` stage reads the text, sections, sentences and linked
entities from the Doc and stores a ``case`` dict in ``doc._.case``; the record
stage writes it as the record's ``case`` block. Every fact carries character
offsets into the text and the index of its sentence (as numbered in the record).
"""

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.case_facts.labs import extract_labs, load_analytes
from pipeline.case_facts.outcomes import extract_outcomes
from pipeline.case_facts.patient import extract_patient
from pipeline.case_facts.regimens import load_regimens, regimen_regex
from pipeline.case_facts.terms import PatientSentences, case_terms
from pipeline.case_facts.treatments import extract_procedures, extract_treatments
from pipeline.extensions import doc_text
from pipeline.lexicon import load_lexicon
from pipeline.stage import BatchStage


def doc_sentences(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of space tokens, as the record numbers them.

    Interior space tokens do not move the bounds, so this walks inwards from both ends
    rather than over every token of the sentence."""
    out = []
    for sent in doc.sents:
        first, last = sent.start, sent.end - 1
        while first <= last and doc[first].is_space:
            first += 1
        while last > first and doc[last].is_space:
            last -= 1
        if first <= last:
            out.append((doc[first].idx, doc[last].idx + len(doc[last].text)))
    return out


def chemical_fact(ent: Span, text: str) -> dict:
    """The fact for a Chemical entity; `text` is the Doc's (slicing it is faster than
    ``Span.text``, which joins the span's tokens)."""
    ext = ent._  # one extension accessor for the three linked values
    start, end = ent.start_char, ent.end_char
    return {
        "text": text[start:end],
        "start": start,
        "end": end,
        "concept": ext.concept,
        "ids": list(ext.ids or []),
        "name": ext.canonical,
    }


class CaseFacts:
    def __init__(self, lexicon=None):
        self.analyte_rx, self.analytes = load_analytes(lexicon)
        self.analyte_ids = {i for a in self.analytes.values() for i in a.ids}
        self.regimens = load_regimens(lexicon)
        self.regimen_rx = regimen_regex(self.regimens)

    def __call__(self, doc: Doc) -> dict:
        text = doc_text(doc)
        sents = doc_sentences(doc) if doc.has_annotation("SENT_START") else []
        starts = [s for s, _ in sents]

        def sent_of(char: int) -> int:
            return max(0, bisect.bisect_right(starts, char) - 1)

        labs = extract_labs(text, self.analyte_rx, self.analytes)
        for lab in labs:
            lab["sentence"] = sent_of(lab["start"])
        chemicals = [chemical_fact(e, text) for e in doc.ents if e.label_ == "Chemical"]
        regimens, expansions = self._regimens(text, sents, sent_of, chemicals)
        about_patient = PatientSentences(text, sents)
        return {
            "patient": extract_patient(text, doc._.sections),
            "labs": labs,
            "treatments": extract_treatments(
                text, chemicals, sents, sent_of, expansions, self.analyte_ids, about_patient
            ),
            "regimens": regimens,
            "procedures": extract_procedures(text, sents, sent_of, about_patient),
            "outcomes": extract_outcomes(text, sents, sent_of, about_patient),
        }

    def _regimens(self, text, sents, sent_of, chemicals):
        """Regimen mentions in a treatment context, and their printed expansions.

        Short acronyms collide with other abbreviations ("central venous pressure
        (CVP)", the CHOP gene), so an acronym defined in the text by words naming
        none of its drugs is skipped, and a mention needs a treatment cue in its
        sentence or its drugs printed in brackets after it or before "(ACRONYM)".
        """
        chem_starts = sorted(c["start"] for c in chemicals)

        def chemicals_in(lo: int, hi: int) -> int:
            return bisect.bisect_left(chem_starts, hi) - bisect.bisect_left(chem_starts, lo)

        cues = case_terms()["treatment_cues"]
        out, expansions = [], []
        for m in self.regimen_rx.finditer(text):
            acronym = m.group(0).replace("–", "-")
            reg = self.regimens[acronym]
            if self._defined_otherwise(text, m.group(0), reg, chemicals):
                continue
            si = sent_of(m.start())
            s_start, s_end = sents[si] if sents else (0, len(text))
            item = {
                "regimen": acronym,
                "text": m.group(0),
                "start": m.start(),
                "end": m.end(),
                "sentence": si,
                "drugs": [dict(d) for d in reg.drugs],
            }
            # "VAD (vincristine, adriamycin, and dexamethasone)": the printed expansion
            j = m.end()
            k = text.find("(", j, j + 20)
            between = text[j:k].replace(" ", "")
            expanded = False
            if k >= 0 and (not between or between.isalpha()):
                close = text.find(")", k, k + 200)
                if close > 0 and chemicals_in(k, close) >= 2:
                    expansions.append((k, close, acronym))
                    expanded = True
            # "vincristine-adriamycin-dexamethasone (VAD)": the expansion printed before
            if text[max(0, m.start() - 2) : m.start()].strip() == "(":
                drugs = {d["concept"] for d in reg.drugs if d["concept"]}
                lo = max(s_start, m.start() - 100)
                firsts = [
                    c["start"]
                    for c in chemicals
                    if lo <= c["start"] < m.start() and c["concept"] in drugs
                ]
                if len(firsts) >= 2:
                    expansions.append((min(firsts), m.start(), acronym))
                    expanded = True
            if expanded or cues.search(text, s_start, s_end):
                out.append(item)
        return out, expansions

    @staticmethod
    def _defined_otherwise(text: str, surface: str, reg, chemicals) -> bool:
        """True if the text defines the acronym by words naming none of its drugs
        ("C/EBP homologous protein (CHOP)", but not "vincristine-adriamycin-
        dexamethasone (VAD)")."""
        drugs = {d["concept"] for d in reg.drugs if d["concept"]}
        for d in re.finditer(rf"\(\s*{re.escape(surface)}\s*\)", text):
            lo = max(0, d.start() - 100)
            if not any(lo <= c["start"] < d.start() and c["concept"] in drugs for c in chemicals):
                return True
        return False


@Language.factory("medlink_case_facts", default_config={"lexicon_dir": None})
def make_case_facts(nlp: Language, name: str, lexicon_dir: str | None):
    facts = CaseFacts(load_lexicon(lexicon_dir))

    def case_facts(doc: Doc) -> Doc:
        doc._.case = facts(doc)
        return doc

    return BatchStage(case_facts)
