"""The patient: age and sex from the first "A 35-year-old female" style phrase.

Case reports introduce their patient once, usually in the case section or the
abstract; later age phrases tend to be about other published cases, so the first
match in the preferred sections wins. English and Turkish ("35 yaşında kadın").
"""

import re

_SEX = {
    "female": "female", "woman": "female", "girl": "female", "lady": "female",
    "male": "male", "man": "male", "boy": "male", "gentleman": "male",
    "kadın": "female", "kız": "female", "erkek": "male",
}  # fmt: skip
_SEX_ALT = "|".join(sorted(_SEX, key=len, reverse=True))
_EN = re.compile(
    r"\b(?P<age>\d{1,3})[- ](?P<unit>year|month|week|day)s?[- ]old\b"
    rf"(?:[\s,]+(?:\w+[\s,]+){{0,3}}?(?P<sex>{_SEX_ALT})\b)?",
    re.I,
)
_TR = re.compile(
    rf"\b(?P<age>\d{{1,3}})\s+yaşında(?:ki)?\s+(?:\w+\s+){{0,2}}?(?P<sex>{_SEX_ALT})\b", re.I
)
_PREFERRED = ("Case Report", "Abstract", "Özet", "Summary")
# "20-day-old rats": an animal study, not a patient
_ANIMAL = re.compile(
    r"[\s,]*(?:\w+[\s,]+){0,3}?(?:rats?|mice|mouse|dogs?|rabbits?|pigs?|piglets?|pups?|"
    r"animals?|monkeys?|cats?|sheep|calves|hamsters?|guinea pigs?)\b",
    re.I,
)


def extract_patient(text: str, sections) -> dict | None:
    """{"age", "age_unit", "sex", "sex_source", "text", "start", "end"} or None."""
    found = []
    for rx, lang in ((_EN, "en"), (_TR, "tr")):
        for m in rx.finditer(text):
            if _ANIMAL.match(text, m.end(), m.end() + 60):
                continue
            unit = m.group("unit").lower() if lang == "en" else "year"
            sex = m.group("sex")
            found.append(
                (
                    m.start(),
                    {
                        "age": int(m.group("age")),
                        "age_unit": unit,
                        "sex": _SEX[sex.lower()] if sex else None,
                        "text": m.group(0),
                        "start": m.start(),
                        "end": m.end(),
                    },
                )
            )
    if not found:
        return None

    def rank(item):
        start = item[0]
        name = next((s.name for s in sections or [] if s.start <= start < s.end), "")
        return (0 if name in _PREFERRED else 1, start)

    patient = min(found, key=rank)[1]
    patient["sex_source"] = "stated" if patient["sex"] else None
    if patient["sex"] is None:
        patient["sex"] = _sex_from_pronouns(text, patient["end"])
        patient["sex_source"] = "pronouns" if patient["sex"] else None
    return patient


_SHE = re.compile(r"\b(?:she|her|herself)\b", re.I)
_HE = re.compile(r"\b(?:he|him|his|himself)\b", re.I)


def _sex_from_pronouns(text: str, start: int, window: int = 1500) -> str | None:
    """ "A 47-year-old patient … He was …": sex only when the pronouns that follow agree
    (at least two, none of the other kind)."""
    chunk = text[start : start + window]
    she, he = len(_SHE.findall(chunk)), len(_HE.findall(chunk))
    if she >= 2 and he == 0:
        return "female"
    if he >= 2 and she == 0:
        return "male"
    return None
