"""Findings: one problem (or confirmation) about one annotation, with a stable code.

Codes, severities and names live in ``codes.tsv`` so reports and documentation
read the same table; code numbers never change meaning.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    name: str
    meaning: str


@lru_cache(maxsize=1)
def codes() -> dict[str, Code]:
    text = resources.files("pipeline.validate").joinpath("codes.tsv").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, severity, name, meaning = line.split("\t")
            if severity not in SEVERITIES:
                raise ValueError(f"codes.tsv: {code} has unknown severity {severity!r}")
            table[code] = Code(code, severity, name, meaning)
    return table


@dataclass
class Finding:
    doc_id: str
    code: str
    message: str
    suggestion: str = ""
    annotation: int | None = None  # index into the document's annotations
    start: int | None = None
    end: int | None = None
    text: str = ""
    ids: list[str] = field(default_factory=list)
    score: float | None = None
    severity: str = ""
    name: str = ""

    def __post_init__(self):
        c = codes()[self.code]
        self.severity = self.severity or c.severity
        self.name = c.name

    def as_dict(self) -> dict:
        out = asdict(self)
        return {k: v for k, v in out.items() if v is not None and v != "" and v != []}
