"""Chemical formulas as lexicon terms: "CaCl2" names Calcium Chloride.

MeSH names simple salts by their ions ("Calcium Chloride", "Ammonium Sulfate") and
lists no formula, while papers write "CaCl2", "LiCl", "(NH4)2SO4". The formula of a
salt follows from its ions' charges (pipeline/data/ions.tsv); molecules are listed
with theirs (pipeline/data/molecular_formulas.tsv).
"""

from __future__ import annotations

from math import gcd

from pipeline.data import data_lines


def load_ions() -> dict[str, tuple[str, int]]:
    """Ion name (lower case) -> (formula, charge)."""
    rows = (line.split("\t") for line in data_lines("ions.tsv"))
    return {r[0].strip().lower(): (r[1].strip(), int(r[2])) for r in rows}


def molecular_formulas() -> dict[str, str]:
    """Formula -> MeSH descriptor name."""
    rows = (line.split("\t") for line in data_lines("molecular_formulas.tsv"))
    return {r[0].strip(): r[1].strip() for r in rows}


def _times(group: str, n: int) -> str:
    if n == 1:
        return group
    polyatomic = sum(ch.isupper() for ch in group) > 1 or any(ch.isdigit() for ch in group)
    return f"({group}){n}" if polyatomic else f"{group}{n}"


def salt_formula(name: str, ions: dict[str, tuple[str, int]]) -> str | None:
    """The formula of a salt named "<cation> <anion>" ("Calcium Chloride" -> "CaCl2"),
    or None when the name is not one of two known ions of opposite charge or the
    formula could be read as an abbreviation."""
    words = name.lower().split()
    if len(words) != 2 or words[0] not in ions or words[1] not in ions:
        return None
    (cation, plus), (anion, minus) = ions[words[0]], ions[words[1]]
    if plus <= 0 or minus >= 0:
        return None
    common = gcd(plus, -minus)
    formula = _times(cation, -minus // common) + _times(anion, plus // common)
    # "KI", "HCN" are also abbreviations (knock-in, an ion channel): a formula of
    # capitals only is left out
    return formula if any(ch.isdigit() or ch.islower() for ch in formula) else None
