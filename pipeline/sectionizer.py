"""medSpaCy Sectionizer backend for the sections stage.

medSpaCy's Sectionizer finds the headers: one ``SectionRule`` per row of
``data/section_headers.tsv`` (English and Turkish), as a regular expression that
only matches a header at the start of a line, either alone on its line or before
a colon ("Keywords: …"). Its matches are then tiled into our ``Section`` list by
the same line walker as the default backend, so figure/table captions, unknown
Markdown headings and the caption "resume" rule behave identically.
"""

import re
import warnings
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

# medspaCy ignores every warning of the process when imported (its matcher module calls
# warnings.filterwarnings("ignore")), which would hide ours (TagSourceMismatch ...)
with warnings.catch_warnings():
    from medspacy.section_detection import Sectionizer, SectionRule

from pipeline.extensions import doc_text
from pipeline.sections import Section, SectionDetector

_LINE_PREFIX = r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?[ \t]*"
_AFTER = r"(?=[ \t]*(?:\*\*)?[ \t]*[:.]?[ \t]*(?:\*\*)?[ \t]*$|[ \t]*(?:\*\*)?[ \t]*:[ \t]+\S)"
_REST_OF_HEADER = re.compile(r"^[ \t]*(?:\*\*)?[ \t]*[:.]?[ \t]*(?:\*\*)?[ \t]*$")


def _header_regex(header: str) -> str:
    """Case-insensitive, Turkish-tolerant (i/ı/İ/I) regex for one header text."""
    out = []
    for ch in header:
        if ch in "iıİI":
            out.append("[iıİI]")
        elif ch == " ":
            out.append(r"[ \t]+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def section_rules(max_header_chars: int = 60) -> list[SectionRule]:
    """One SectionRule per header row; the category is the canonical section name."""
    text = resources.files("pipeline.data").joinpath("section_headers.tsv").read_text("utf-8")
    rules = []
    for ln in text.splitlines():
        if not ln.strip() or ln.startswith("#"):
            continue
        header, name, _lang = ln.split("\t")
        if len(header) > max_header_chars:
            continue
        pattern = f"(?im){_LINE_PREFIX}{_header_regex(header)}{_AFTER}"
        rules.append(SectionRule(literal=header, category=name, pattern=pattern))
    return rules


class MedspacySectionDetector(SectionDetector):
    """Header lines from medSpaCy's Sectionizer, tiled by the line walker."""

    def __init__(self, nlp: Language, max_header_chars: int = 60):
        super().__init__({}, max_header_chars)  # no table: headers come from medSpaCy
        self.sectionizer = Sectionizer(
            nlp, name="medlink_medspacy_sectionizer", rules=None, span_attrs=None
        )
        self.sectionizer.add(section_rules(max_header_chars))
        self._hits: dict[str, tuple[str, bool]] = {}

    def header_lines(self, doc: Doc) -> dict[str, tuple[str, bool]]:
        """Stripped header line -> (section name, whole line is the header)."""
        saved = doc._.sections
        self.sectionizer(doc)
        found = doc._.sections or []
        doc._.sections = saved
        text = doc_text(doc)
        hits: dict[str, tuple[str, bool]] = {}
        for sec in found:
            if sec.category is None or sec.title_end <= sec.title_start:
                continue
            start = doc[sec.title_start].idx
            # a match may begin on the white space token before the header
            while start < len(text) and text[start] in " \t\n\r":
                start += 1
            end = doc[sec.title_end - 1].idx + len(doc[sec.title_end - 1])
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
            line = text[line_start:line_end]
            if not re.match(_LINE_PREFIX + r"\S", text[line_start : end + 1]):
                continue  # not at the start of its line
            whole = bool(_REST_OF_HEADER.match(text[end:line_end]))
            hits.setdefault(line.strip(), (sec.category, whole))
        return hits

    def header_name(self, line: str) -> tuple[str | None, bool]:
        hit = self._hits.get(line.strip())
        if hit:
            return hit
        return super().header_name(line)  # unknown Markdown headings only (empty table)

    def detect(self, doc: Doc) -> list[Section]:
        self._hits = self.header_lines(doc)
        try:
            return self(doc_text(doc))
        finally:
            self._hits = {}


def header_names() -> set[str]:
    """Canonical section names in the header table (for tests and docs)."""
    text = resources.files("pipeline.data").joinpath("section_headers.tsv").read_text("utf-8")
    return {ln.split("\t")[1] for ln in text.splitlines() if ln.strip() and not ln.startswith("#")}
