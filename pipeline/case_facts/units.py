"""Report units to UCUM: "mg dL–1" -> mg/dL, "x 109 L–1" -> 10*9/L, "mg m–2" -> mg/m2.

PDF extraction flattens superscripts, so "dL⁻¹" arrives as "dL–1" and "10⁹" as
"109". A unit is read as a short sequence of known atoms (``data/ucum_units.tsv``)
with optional powers; negative powers become denominators. Only known atoms are
accepted, so ordinary words after a number are never taken for a unit.
"""

import re
from functools import lru_cache
from importlib import resources

_DASHES = str.maketrans({"–": "-", "−": "-", "—": "-", "‐": "-", "‑": "-"})
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


@lru_cache(maxsize=1)
def unit_atoms() -> dict[str, str]:
    text = resources.files("pipeline.data").joinpath("ucum_units.tsv").read_text("utf-8")
    atoms = {}
    for ln in text.splitlines():
        if ln.strip() and not ln.startswith("#"):
            surface, code = ln.split("\t")[:2]
            atoms[surface] = code
    return atoms


def _atom_alternation() -> str:
    names = sorted(unit_atoms(), key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


_MULT = r"(?:[x×]\s*10\s*(?:\^|\*|\s)?\s*(?:[-–−⁻]?\d{1,2}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}))"
_POWER = r"(?:\^?\s?[-–−]?\d|\([-–−]?\d\)|[⁻]?[¹²³])?"


@lru_cache(maxsize=1)
def unit_regex() -> re.Pattern:
    """A unit after a number: optional 10^n multiplier, then 1-3 atoms with powers."""
    # "s.c." / "i.v." are routes, not seconds: an atom is not followed by ".letter"
    atom = rf"(?:{_atom_alternation()}){_POWER}(?:BSA)?(?![A-Za-zµμ\d])(?!\.[A-Za-z])"
    sep = r"(?:\s{0,2}[/·.⋅]\s{0,2}|[ \t]{1,2}|\s(?=[A-Za-zµμ]+[-–−]\d))"
    return re.compile(rf"(?:{_MULT}\s*/?\s*)?(?:%|{atom}(?:{sep}{atom}){{0,2}})")


_ATOM_SPLIT = re.compile(r"\s*([/·.⋅])\s*|\s+")


def to_ucum(surface: str) -> str | None:
    """UCUM code for a unit as printed, or None if any part is not understood."""
    text = surface.translate(_DASHES).translate(_SUPERSCRIPTS).strip()
    text = re.sub(r"\((-?\d)\)", r"\1", text)  # "kg(-1)" as printed by PubMed
    text = re.sub(r"(?<=\d)BSA\b", "", text)  # "mg/m2BSA": per m2 of body surface area
    if text == "%":
        return "%"
    mult = ""
    m = re.match(r"[x×]\s*10\s*(?:\^|\*|\s)?\s*(-?\d{1,2})\s*", text)
    if m:
        mult = f"10*{m.group(1)}"
        text = text[m.end() :]
        if text.startswith("/"):
            text = "1" + text
    num: list[str] = [mult] if mult else []
    den: list[str] = []
    divide_next = False
    atoms = unit_atoms()
    parts = [p for p in _ATOM_SPLIT.split(text) if p]
    # "mg·kg·d-1": a lost superscript on the body-weight atom; dose per kg is meant.
    if len(parts) >= 5 and parts[2] == "kg" and parts[-1].endswith("-1"):
        parts[2] = "kg-1"
    for part in parts:
        if part == "1":
            continue
        if part in ("·", ".", "⋅"):
            continue
        if part == "/":
            divide_next = True
            continue
        pm = re.fullmatch(r"(.+?)\^?(-?\d)?", part)
        base, power = pm.group(1), int(pm.group(2) or 1)
        code = atoms.get(base)
        if code is None:
            # an atom with its power glued on ("mm3", "m2") is also fine
            return None
        if divide_next:
            power = -abs(power)
            divide_next = False
        target = den if power < 0 else num
        target.append(code + (str(abs(power)) if abs(power) != 1 else ""))
    if not num and not den:
        return None
    out = ".".join(num) if num else "1"
    for d in den:
        out += "/" + d
    return out
