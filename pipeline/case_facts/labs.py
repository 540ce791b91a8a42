"""Laboratory values: analyte, value, UCUM unit, reference range and high/low flag.

Case reports print results as running text ("calcium: 13.8 mg dL–1 (normal range:
8.2-10.4 mg dL–1)") or as lists resolved by "respectively" ("IgG, IgA, and IgM
levels were 3349 mg dL–1 (…), <25 mg dL–1 (…), and 27 mg dL–1 (…)"). Analytes come
from ``data/lab_analytes.tsv``; a value is only taken when it carries a known unit,
and a reference range that does not parse as two numbers (e.g. "138375" — the dash
of "138-375" lost in extraction) is reported as unparsed and never used for a flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.case_facts.units import to_ucum, unit_regex
from pipeline.sections import header_key


def fold(surface: str) -> str:
    """Case- and Turkish-i-insensitive key ("KALSİYUM", "Kalsiyum" -> "kalsiyum")."""
    return re.sub(r"\s+", " ", header_key(surface))


@dataclass(frozen=True)
class Analyte:
    name: str
    ids: tuple[str, ...]


@lru_cache(maxsize=1)
def _analyte_table() -> list[tuple[str, list[str], list[str], str]]:
    text = resources.files("pipeline.data").joinpath("lab_analytes.tsv").read_text("utf-8")
    rows = []
    for ln in text.splitlines():
        if ln.strip() and not ln.startswith("#"):
            cols = (ln.split("\t") + ["", "", ""])[:4]
            name, syn, cs, mesh = cols
            rows.append(
                (name, [s for s in syn.split("|") if s], [s for s in cs.split("|") if s], mesh)
            )
    return rows


def load_analytes(lexicon=None) -> tuple[re.Pattern, dict[str, Analyte]]:
    """Analyte regex (named group per surface) and surface (folded) -> Analyte."""
    by_surface: dict[str, Analyte] = {}
    ci, cs = [], []
    for name, syns, cs_syns, mesh in _analyte_table():
        ids: tuple[str, ...] = ()
        if lexicon is not None:
            hits = [c for c, _f in lexicon.lookup(name)]
            if hits:
                ids = tuple(hits[0].ids)
        if not ids and mesh:
            ids = (mesh,)
        analyte = Analyte(name, ids)
        for s in syns:
            by_surface[fold(s)] = analyte
            ci.append(s)
        for s in cs_syns:
            by_surface[s] = analyte
            cs.append(s)
    ci_alt = "|".join(
        re.escape(s).replace(r"\ ", r"\s+") for s in sorted(ci, key=len, reverse=True)
    )
    cs_alt = "|".join(re.escape(s) for s in sorted(cs, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:(?P<ci>(?i:{ci_alt}))|(?P<cs>{cs_alt}))(?![\w-])")
    return pattern, by_surface


_NUM = r"\d+(?:[.,]\d+)?"
_VALUE = re.compile(rf"(?P<cmp>[<>≤≥]|less than|greater than)?\s*(?P<num>{_NUM})(?![\d.,]*\d)")
# Text allowed between an analyte and its value: ": ", " was ", " levels were ", " of ", …
_GAP = re.compile(
    r"^[\s:=,]*(?:(?:level|levels|concentration|count|value|values|was|were|is|of|at|"
    r"increased|decreased|rose|fell|to|reached|measured|found|to be|had|serum|plasma|"
    r"urinary|total|the|a|an|respectively|düzeyi|değeri|seviyesi|sayısı)\b[\s:=,]*)*$",
    re.I,
)
_RANGE_INTRO = re.compile(
    r"\(\s*(?:normal|reference|ref\.?|nl|n|nr|normal range|reference range|normal value|"
    r"normal values|range|normal limits)\b[^:)\d]*[:=]?\s*(?P<body>[^()]*)\)",
    re.I,
)
_RANGE_BODY = re.compile(
    rf"^\s*(?:(?P<lo>{_NUM})\s*(?:[-–—]|to)\s*(?P<hi>{_NUM})|(?P<cmp>[<>≤≥])\s*(?P<lim>{_NUM}))"
    r"\s*(?P<unit>.*?)\s*$",
    re.S,
)
_LIST_SEP = re.compile(r"^\s*(?:,|and|or|&|,\s*and)?\s*(?:serum|plasma|urinary|total)?\s*$", re.I)


# a length or a duration after an analyte name is not its result ("glucose 0.5 mm")
_NOT_LAB_UNITS = {"m", "cm", "mm", "s", "min", "h", "d", "wk", "kg"}


def _num(s: str) -> float:
    return float(s.replace(",", "."))


@dataclass
class Measurement:
    start: int
    end: int
    comparator: str | None
    value: float
    unit_text: str
    unit: str | None
    range: dict | None


def find_measurements(text: str, start: int, end: int) -> list[Measurement]:
    """Number + known unit (+ parenthesised reference range) within text[start:end]."""
    out = []
    units = unit_regex()
    pos = start
    while pos < end:
        m = _VALUE.search(text, pos, end)
        if not m:
            break
        pos = m.end()
        # a value glued to letters ("IgG1", "III-A", "C3") is not a measurement
        if m.start("num") > 0 and (
            text[m.start("num") - 1].isalpha() or text[m.start("num") - 1] == "-"
        ):
            continue
        j = m.end()
        while j < end and text[j] in " \t\n":
            j += 1
        um = units.match(text, j, end)
        if not um:
            continue
        unit_text = um.group(0)
        mend = um.end()
        meas = Measurement(
            m.start("cmp") if m.group("cmp") else m.start("num"),
            mend,
            _cmp(m.group("cmp")),
            _num(m.group("num")),
            unit_text,
            to_ucum(unit_text),
            None,
        )
        rm = _RANGE_INTRO.match(text, _skip_space(text, mend), end)
        if rm:
            meas.range = parse_range(rm.group("body"), rm.start("body"), meas.unit)
            pos = rm.end()
        else:
            pos = mend
        out.append(meas)
    return out


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\n":
        i += 1
    return i


def _cmp(s: str | None) -> str | None:
    if not s:
        return None
    return {"less than": "<", "greater than": ">", "≤": "<=", "≥": ">="}.get(s.lower(), s)


def parse_range(body: str, offset: int, value_unit: str | None) -> dict:
    """Reference range from the text inside "(normal range: …)"; unparsed if not a range."""
    text = body.strip()
    lead = len(body) - len(body.lstrip())
    out: dict = {"text": text, "start": offset + lead, "end": offset + lead + len(text)}
    m = _RANGE_BODY.match(body)
    if not m:
        out["parsed"] = False
        return out
    unit_text = m.group("unit").strip()
    unit = to_ucum(unit_text) if unit_text else value_unit
    if m.group("lo"):
        lo, hi = _num(m.group("lo")), _num(m.group("hi"))
        if lo > hi:
            out["parsed"] = False
            return out
        out.update(low=lo, high=hi)
    elif m.group("cmp") in ("<", "≤"):
        out.update(high=_num(m.group("lim")))
    else:
        out.update(low=_num(m.group("lim")))
    out["unit"] = unit
    out["parsed"] = unit is not None
    return out


def flag(meas: Measurement) -> str | None:
    """high / low / normal against a parsed range in the same unit, else None."""
    r = meas.range
    if not r or not r.get("parsed") or r.get("unit") != meas.unit:
        return None
    lo, hi, v, c = r.get("low"), r.get("high"), meas.value, meas.comparator
    if c in ("<", "<="):
        if lo is not None and v <= lo:
            return "low"
        return None
    if c in (">", ">="):
        if hi is not None and v >= hi:
            return "high"
        return None
    if hi is not None and v > hi:
        return "high"
    if lo is not None and v < lo:
        return "low"
    return "normal"


def extract_labs(text: str, pattern: re.Pattern, analytes: dict[str, Analyte]) -> list[dict]:
    """All analyte/value pairs in `text`, in text order."""
    mentions = []
    for m in pattern.finditer(text):
        key = fold(m.group("ci")) if m.group("ci") else m.group("cs")
        analyte = analytes.get(key)
        if analyte is not None:
            mentions.append((m.start(), m.end(), analyte))
    # group "IgG, IgA, and IgM" into one list of analytes
    groups: list[list[tuple[int, int, Analyte]]] = []
    for men in mentions:
        if groups and _LIST_SEP.match(text[groups[-1][-1][1] : men[0]]):
            groups[-1].append(men)
        else:
            groups.append([men])
    results = []
    for gi, group in enumerate(groups):
        region_start = group[-1][1]
        region_end = groups[gi + 1][0][0] if gi + 1 < len(groups) else len(text)
        region_end = min(region_end, region_start + 120 + 140 * len(group))
        # a value per body weight is a dose ("calcium (500 mg/kg)"), never a lab result
        meas = [
            m
            for m in find_measurements(text, region_start, region_end)
            if not (m.unit or "").endswith("/kg") and m.unit not in _NOT_LAB_UNITS
        ]
        if not meas:
            continue
        if len(group) == 1:
            if not _GAP.match(text[region_start : meas[0].start]):
                continue
            # one analyte, one value: later numbers in the region belong to something else
            pairs = [(group[0], meas[0])]
        else:
            if len(meas) < len(group) or not _GAP.match(text[region_start : meas[0].start]):
                continue
            pairs = list(zip(group, meas, strict=False))
        for (a_start, a_end, analyte), ms in pairs:
            results.append(_lab_item(text, a_start, a_end, analyte, ms))
    return results


def _lab_item(text, a_start, a_end, analyte: Analyte, ms: Measurement) -> dict:
    item = {
        "analyte": analyte.name,
        "analyte_text": text[a_start:a_end],
        "analyte_start": a_start,
        "analyte_end": a_end,
        "ids": list(analyte.ids),
        "text": text[ms.start : ms.end],
        "start": ms.start,
        "end": ms.end,
        "value": ms.value,
        "comparator": ms.comparator,
        "unit": ms.unit,
        "unit_text": ms.unit_text,
        "reference_range": ms.range,
        "flag": flag(ms),
    }
    if ms.range is not None and not ms.range["parsed"]:
        item["unparsed"] = ["reference_range"]
    return item
