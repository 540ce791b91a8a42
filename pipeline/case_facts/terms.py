"""The case-report pattern file (``data/case_terms.json``), compiled once."""

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def case_terms() -> dict:
    raw = json.loads(
        resources.files("pipeline.data").joinpath("case_terms.json").read_text("utf-8")
    )

    def rx(pattern: str) -> re.Pattern:
        # PDF text breaks lines anywhere: a space in a pattern matches any white space
        return re.compile(pattern.replace(" ", r"\s+"), re.I)

    return {
        "routes": {k: rx(v) for k, v in raw["routes"].items()},
        "schedule": rx(raw["schedule"]),
        "treatment_cues": rx(rf"\b(?:{raw['treatment_cues']})"),
        "procedures": [(p["name"], rx(p["pattern"]), tuple(p["ids"])) for p in raw["procedures"]],
        "conditioning": rx(raw["conditioning"]),
        "outcomes": [(o["outcome"], rx(o["pattern"])) for o in raw["outcomes"]],
        "patient_mention": rx(raw["patient_mention"]),
        "time": rx(raw["time"]),
    }


class PatientSentences:
    """Whether a sentence speaks of the patient ("the patient", "she", "hasta").

    Outcomes, procedures and treatment cues all ask this of the same few sentences,
    so each sentence is searched once per document; a document whose sentences never
    mention the patient can skip those extractors' whole-text scans."""

    def __init__(self, text: str, sents: list[tuple[int, int]]):
        self.text = text
        self.sents = sents or [(0, len(text))]
        self.seen: dict[tuple[int, int], bool] = {}

    def __call__(self, sent: tuple[int, int]) -> bool:
        found = self.seen.get(sent)
        if found is None:
            found = self.seen[sent] = bool(case_terms()["patient_mention"].search(self.text, *sent))
        return found

    def anywhere(self) -> bool:
        """True if any sentence (the only ones a fact can be placed in) mentions the patient."""
        return any(self(sent) for sent in self.sents)


_NEGATION = re.compile(r"\b(?:no|not|without|free of|never)\b[^.;]{0,25}$", re.I)
_NEGATION_AFTER = re.compile(
    r"\s+(?:was|were|could|did)\s+not\s+(?:be\s+)?(?:achieved|obtained|attained|seen|observed)\b",
    re.I,
)


def negated(text: str, start: int, end: int, sent: tuple[int, int]) -> bool:
    """A negation cue just before ("no relapse") or after ("response was not achieved")."""
    return bool(
        _NEGATION.search(text, max(sent[0], start - 30), start)
        or _NEGATION_AFTER.match(text, end, sent[1])
    )


def nearest_time(text: str, sent: tuple[int, int], start: int, end: int) -> dict | None:
    """The time expression closest to text[start:end] in the same clause (";" bounds)."""
    best = None
    lo = text.rfind(";", sent[0], start) + 1 or sent[0]
    hi = text.find(";", end, sent[1])
    hi = sent[1] if hi < 0 else hi
    for m in case_terms()["time"].finditer(text, max(lo, sent[0]), hi):
        if m.start() < end and m.end() > start:
            continue
        dist = start - m.end() if m.end() <= start else m.start() - end
        if best is None or dist < best[0]:
            best = (dist, m)
    if best is None:
        return None
    m = best[1]
    return {"text": m.group(0), "start": m.start(), "end": m.end()}
