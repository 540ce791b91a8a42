"""In-memory form of an annotated document, whatever file format it came from."""

from dataclasses import dataclass, field


@dataclass
class Annotation:
    """One linked mention. Offsets index `AnnotatedDoc.text`; ids are as given in the
    source (e.g. "D009101", "MESH:D009101", "9606", "-1"), see `curie_ids`."""

    start: int | None
    end: int | None
    text: str
    type: str
    ids: list[str] = field(default_factory=list)
    line: int | None = None  # where it came from, for error messages


@dataclass
class Passage:
    label: str  # "title", "abstract", a BioC passage type or a section label
    start: int
    end: int


@dataclass
class AnnotatedDoc:
    id: str
    text: str
    passages: list[Passage] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    source: str = ""
    meta: dict = field(default_factory=dict)

    def passage_info(self) -> list[dict]:
        """The passages as readers record them in a document's metadata (and the
        sections stage reads them): type, start, end."""
        return [{"type": p.label, "start": p.start, "end": p.end} for p in self.passages]
