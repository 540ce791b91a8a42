"""Outcomes of the reported patient: remission, response, relapse, progression, death.

Only sentences that speak of the patient ("the patient", "she", "hasta") count, so
outcomes of other published cases in the discussion are left out; a negation cue
just before the outcome ("response was not achieved") marks it negated.
"""

from pipeline.case_facts.terms import PatientSentences, case_terms, nearest_time, negated

_QUALIFIERS = {"tam": "complete", "kısmi": "partial"}


def extract_outcomes(text, sents, sent_of, about_patient: PatientSentences) -> list[dict]:
    if not about_patient.anywhere():
        return []
    terms = case_terms()
    out = []
    taken: list[tuple[int, int]] = []
    for outcome, rx in terms["outcomes"]:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            si = sent_of(m.start())
            sent = sents[si] if sents else (0, len(text))
            if not about_patient(sent):
                continue
            taken.append((m.start(), m.end()))
            qual = m.groupdict().get("qual")
            out.append(
                {
                    "outcome": outcome,
                    "qualifier": _QUALIFIERS.get(qual.lower(), qual.lower()) if qual else None,
                    "text": m.group(0),
                    "start": m.start(),
                    "end": m.end(),
                    "sentence": si,
                    "negated": negated(text, m.start(), m.end(), sent),
                    "time": nearest_time(text, sent, m.start(), m.end()),
                }
            )
    return sorted(out, key=lambda o: o["start"])
