"""Section detection: split a report into named sections at header lines.

Headers are matched line by line against ``data/section_headers.tsv``; Markdown
headings not in that table become sections named by their own text; figure and
table captions ("Figure 2: …", "Table 1.") become ``Figure Caption`` /
``Table Caption`` sections that end at the next blank line, after which the
enclosing section resumes. Sections tile the whole text: every character belongs
to exactly one section.
"""

import re
from dataclasses import dataclass
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extensions import doc_text
from pipeline.stage import BatchStage


@dataclass
class Section:
    name: str
    start: int
    end: int
    header_end: int  # end of the header line (== start when there is no header)
    language: str = "und"
    lang_score: float = 0.0


def turkish_lower(s: str) -> str:
    """Lower-case with Turkish dotted/dotless i rules (İ→i, I→ı) then plain lower()."""
    return s.replace("İ", "i").replace("I", "ı").lower()


def header_key(s: str) -> str:
    """Case-insensitive key that treats Turkish ı/i alike ("INTRODUCTION", "GİRİŞ")."""
    return turkish_lower(s).replace("ı", "i").strip()


def _load_headers() -> dict[str, str]:
    text = resources.files("pipeline.data").joinpath("section_headers.tsv").read_text("utf-8")
    table = {}
    for ln in text.splitlines():
        if ln.strip() and not ln.startswith("#"):
            header, name, _lang = ln.split("\t")
            table[header_key(header)] = name
    return table


_LINE = re.compile(r"[^\n]*(?:\n|$)")
_MARKUP = re.compile(r"^\s*(#{1,6}\s*)?(\*\*)?\s*(.*?)\s*(\*\*)?\s*[:.]?\s*(\*\*)?\s*$")
_CAPTION = re.compile(r"^\s*(fig(?:ure)?s?\.?|table|tablo|şekil|resim)\s*\d+[a-z]?\s*[:.)-]", re.I)
_INLINE = re.compile(r"^\s*(\*\*)?([A-Za-zÖÇŞİĞÜöçşığü ;\-]{3,30}?)(\*\*)?\s*:\s+\S")


class SectionDetector:
    def __init__(self, headers: dict[str, str], max_header_chars: int = 60):
        self.headers = headers
        self.max_header_chars = max_header_chars

    def header_name(self, line: str) -> tuple[str | None, bool]:
        """(section name, whole line is the header) for a line, or (None, False)."""
        stripped = line.strip()
        if not stripped or len(stripped) > 200:
            return None, False
        m = _MARKUP.match(stripped)
        core = m.group(3) if m else stripped
        name = self.headers.get(header_key(core)) if len(core) <= self.max_header_chars else None
        if name:
            return name, True
        if m and m.group(1):  # a Markdown heading we do not know
            return ("Title" if m.group(1).strip() == "#" else core[: self.max_header_chars]), True
        inline = _INLINE.match(stripped)
        if inline:
            name = self.headers.get(header_key(inline.group(2)))
            if name:
                return name, False
        return None, False

    def __call__(self, text: str) -> list[Section]:
        sections: list[Section] = []
        current = Section("Preamble", 0, 0, 0)
        resume: str | None = None  # section to return to after a caption block
        pos = 0
        for m in _LINE.finditer(text):
            line = m.group(0)
            if not line:
                break
            start, end = m.start(), m.end()
            name, whole = self.header_name(line)
            caption = _CAPTION.match(line)
            if name is not None or caption:
                if current.name in ("Figure Caption", "Table Caption") and resume and not caption:
                    resume = None
                if caption:
                    if current.name not in ("Figure Caption", "Table Caption"):
                        resume = current.name
                    name = "Table Caption" if line.strip()[:1] in "Tt" else "Figure Caption"
                    whole = False
                sections.append(current)
                header_end = end if whole else start
                current = Section(name, start, end, header_end)
            elif not line.strip() and current.name.endswith("Caption") and resume:
                current.end = end
                sections.append(current)
                current = Section(resume, end, end, end)
                resume = None
                pos = end
                continue
            current.end = end
            pos = end
        current.end = max(current.end, pos, len(text))
        sections.append(current)
        sections = [s for s in sections if s.end > s.start]
        # Merge a text-less first section into nothing: the preamble may be empty.
        return sections


@Language.factory("medlink_sections", default_config={"max_header_chars": 60, "backend": "lines"})
def make_sections(nlp: Language, name: str, max_header_chars: int, backend: str = "lines"):
    """backend "lines": our header table; "medspacy": medSpaCy's Sectionizer finds headers."""
    if backend == "medspacy":
        from pipeline.sectionizer import MedspacySectionDetector

        medspacy_detector = MedspacySectionDetector(nlp, max_header_chars)

        def medspacy_sections(doc: Doc) -> Doc:
            doc._.sections = medspacy_detector.detect(doc)
            return doc

        return BatchStage(medspacy_sections)
    if backend != "lines":
        raise ValueError(f"medlink_sections: unknown backend {backend!r} (lines, medspacy)")
    detector = SectionDetector(_load_headers(), max_header_chars)

    def sections(doc: Doc) -> Doc:
        doc._.sections = detector(doc_text(doc))
        return doc

    return BatchStage(sections)
