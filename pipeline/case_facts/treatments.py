"""Treatments: drugs given to the patient with dose, UCUM unit, route, schedule, regimen.

A Chemical entity counts as a treatment when a dose is printed next to it, when it
is listed inside a regimen's parenthesised expansion, or when its sentence has a
treatment cue ("treated with", "received", "chemotherapy"); lab analytes
(calcium, creatinine) are never treatments. Procedures (stem cell transplants)
are matched from ``data/case_terms.json``.
"""

import re

from pipeline.case_facts.labs import _NUM, _num
from pipeline.case_facts.terms import PatientSentences, case_terms
from pipeline.case_facts.units import to_ucum, unit_regex

_DOSE_UNIT = re.compile(
    r"^(?:10\*\d+\.)?(?:g|mg|ug|ng|kg|\[IU\]|m\[IU\]|U|mmol|meq|mL|L)(?![A-Za-z])"
)
_CONCENTRATION = re.compile(r"/(?:mL|L|dL)\b")
_FLOW = re.compile(r"^(?:mL|L|uL)/(?:s|min|h)\b")


def is_dose_unit(unit: str | None) -> bool:
    """mg, mg/m2, mg/kg/d, [IU]; not a concentration (ng/mL: a level) or a flow (mL/min)."""
    return bool(
        unit
        and _DOSE_UNIT.match(unit)
        and not _CONCENTRATION.search(unit)
        and not _FLOW.match(unit)
    )


_DOSE_AFTER = re.compile(rf"^[\s(]*(?:at\s+|a\s+dose\s+of\s+|dose[:\s]+)?(?P<num>{_NUM})\s*", re.I)
_DOSE_BEFORE = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>\S+(?:\s\S+)?)\s+(?:of\s+)?$")


def find_dose(text: str, start: int, end: int, limit: int) -> dict | None:
    """Dose printed right after (or right before) a drug mention."""
    m = _DOSE_AFTER.match(text[end : min(limit, end + 40)])
    if m:
        j = end + m.end()
        um = unit_regex().match(text, j, min(limit, j + 25))
        if um:
            unit = to_ucum(um.group(0))
            if is_dose_unit(unit):
                return {
                    "dose": _num(m.group("num")),
                    "unit": unit,
                    "unit_text": um.group(0),
                    "dose_start": end + m.start("num"),
                    "dose_end": um.end(),
                }
    before = text[max(0, start - 30) : start]
    mb = _DOSE_BEFORE.search(before)
    if mb:
        um = unit_regex().fullmatch(mb.group("unit"))
        unit = to_ucum(mb.group("unit")) if um else None
        if is_dose_unit(unit):
            off = start - len(before)
            return {
                "dose": _num(mb.group("num")),
                "unit": unit,
                "unit_text": mb.group("unit"),
                "dose_start": off + mb.start("num"),
                "dose_end": off + mb.end("unit"),
            }
    return None


def extract_treatments(
    text, ents, sents, sent_of, regimen_spans, analyte_ids, about_patient: PatientSentences
) -> list[dict]:
    """`ents`: Chemical entities as dicts; `regimen_spans`: (start, end, acronym) of expansions."""
    terms = case_terms()
    out = []
    seen = set()
    starts = sorted(x["start"] for x in ents)
    cued: dict[tuple[int, int], bool] = {}

    def cued_about_patient(sent: tuple[int, int]) -> bool:
        """A treatment cue in a sentence about the patient (looked up once per sentence)."""
        if sent not in cued:
            cued[sent] = about_patient(sent) and bool(terms["treatment_cues"].search(text, *sent))
        return cued[sent]

    for e in ents:
        if set(e["ids"]) & analyte_ids:
            continue
        si = sent_of(e["start"])
        s_start, s_end = sents[si] if sents else (0, len(text))
        regimen = next((a for rs, re_, a in regimen_spans if rs <= e["start"] < re_), None)
        dose = find_dose(text, e["start"], e["end"], s_end)
        # without a dose or regimen, a cue ("treated with") counts only in a sentence
        # about the patient: methods sections "treat" cells with buffers and ions
        if not (dose or regimen or cued_about_patient((s_start, s_end))):
            continue
        item = {
            "drug": e["text"],
            "name": e["name"],
            "concept": e["concept"],
            "ids": e["ids"],
            "text": e["text"],
            "start": e["start"],
            "end": e["end"],
            "sentence": si,
            "dose": None,
            "unit": None,
            "unit_text": None,
            "route": None,
            "schedule": None,
            "regimen": regimen,
        }
        window_end = min(s_end, e["end"] + 60)
        if dose:
            item.update(dose)
            # the schedule follows the dose, possibly after a route ("iv on days 1 and 8")
            sm = terms["schedule"].search(text, dose["dose_end"], min(s_end, dose["dose_end"] + 50))
            if sm:
                item["schedule"] = sm.group(0)
        item["route"] = _route(text, e, s_start, window_end, starts)
        # a drug already listed under the same regimen is repeated only with a new dose
        drug = (e["concept"] or e["text"].lower(), regimen)
        key = (*drug, item["dose"], item["unit"])
        if key in seen or (item["dose"] is None and drug in seen):
            continue
        seen.update((key, drug))
        out.append(item)
    return out


def _route(text: str, e: dict, s_start: int, window_end: int, starts: list[int]) -> str | None:
    """Route right before the drug ("intravenous melphalan") or after it in its clause,
    before the next drug ("melphalan 200 mg/m2 intravenously")."""
    next_drug = next((s for s in starts if s > e["start"]), len(text))
    after_end = min(window_end, next_drug)
    for stop in (";", "\n\n"):
        k = text.find(stop, e["end"], after_end)
        after_end = k if k >= 0 else after_end
    for route, rx in case_terms()["routes"].items():
        before = rx.search(text, max(s_start, e["start"] - 25), e["start"])
        if before and not text[before.end() : e["start"]].strip(" -\t\n"):
            return route
        after = rx.search(text, e["end"], after_end)
        # "…, zoledronic acid and oral dexamethasone": that route is the next drug's
        if after and not (
            after_end == next_drug and not text[after.end() : next_drug].strip(" -\t\n")
        ):
            return route
    return None


def extract_procedures(text, sents, sent_of, about_patient: PatientSentences) -> list[dict]:
    if not about_patient.anywhere():
        return []
    terms = case_terms()
    out = []
    taken: list[tuple[int, int]] = []
    for name, rx, ids in terms["procedures"]:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            si = sent_of(m.start())
            s_start, s_end = sents[si] if sents else (0, len(text))
            if not about_patient((s_start, s_end)):
                continue
            taken.append((m.start(), m.end()))
            cond = terms["conditioning"].search(text, max(s_start, m.start() - 25), m.start())
            out.append(
                {
                    "procedure": name,
                    "ids": list(ids),
                    "text": m.group(0),
                    "start": m.start(),
                    "end": m.end(),
                    "sentence": si,
                    "conditioning": cond.group(0).lower() if cond else None,
                }
            )
    return sorted(out, key=lambda p: p["start"])
