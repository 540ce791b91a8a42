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


def _load_passage_names() -> dict[str, str]:
    text = resources.files("pipeline.data").joinpath("passage_sections.tsv").read_text("utf-8")
    rows = (ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    return {kind.strip().lower(): name.strip() for kind, name in rows}


_LINE = re.compile(r"[^\n]*(?:\n|$)")
# passages that hold a section's title: JATS "section_title", BioC "title_1", "title_2"...
_SECTION_TITLE = re.compile(r"^(section_title|title_\d+)$")
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


class PassageSections:
    """Sections from the passages a reader recorded (PubMed, PMC JATS, BioC, PubTator,
    JSON Lines). The reader knows where the title, each labelled part of an abstract,
    each body section and caption, and an abstract in another language begin, which
    header lines cannot always tell: a PubMed OtherAbstract has no header, so an
    English abstract and the Turkish one after it shared a section (and a language).
    Passages of one section in a row merge; the text between passages belongs to the
    section before it, so the sections still tile the text."""

    def __init__(self, detector: SectionDetector, names: dict[str, str]):
        self.detector = detector
        self.names = names

    def _heading(self, heading: str) -> str:
        heading = " ".join(heading.split())
        name = self.detector.headers.get(header_key(heading.rstrip(":.")))
        return name or heading[: self.detector.max_header_chars]

    def _name(self, text: str, p: dict) -> tuple[str | None, int]:
        """(section name or None to continue the current one, header length)."""
        kind = str(p.get("type") or "").lower()
        start, end = p["start"], p["end"]
        if _SECTION_TITLE.match(kind):
            return self._heading(text[start:end]), end - start
        if kind.endswith("caption") and kind in self.names:  # before its section's name
            return self.names[kind], 0
        label = str(p.get("label") or "").strip()
        if label:
            header = len(label) + 1 if text.startswith(label + ":", start) else 0
            known = self.detector.headers.get(header_key(label))
            category = self.detector.headers.get(header_key(str(p.get("category") or "")))
            return known or category or label[: self.detector.max_header_chars], header
        if p.get("section"):
            return self._heading(str(p["section"])), 0
        return self.names.get(kind), 0

    def __call__(self, text: str, passages) -> list[Section] | None:
        """The sections, or None when the passages do not fit the text."""
        if not isinstance(passages, list) or not passages:
            return None
        spans = []
        for p in passages:
            if not isinstance(p, dict):
                return None
            start, end = p.get("start"), p.get("end")
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end:
                return None
            if start < end:  # an empty passage (no abstract) names nothing
                spans.append(p)
        spans.sort(key=lambda p: p["start"])
        if (
            not spans
            or spans[-1]["end"] > len(text)
            or any(a["end"] > b["start"] for a, b in zip(spans, spans[1:], strict=False))
        ):
            return None
        sections: list[Section] = []
        key = None  # (name, language) of the current section
        for p in spans:
            name, header = self._name(text, p)
            here = (name, p.get("language") or "")
            if sections and not header and (name is None or here == key):
                continue  # the current section goes on
            start = p["start"] if sections else 0
            if sections:
                sections[-1].end = start
            name = name or "Preamble"
            sections.append(Section(name, start, len(text), p["start"] + header))
            key = (name, here[1])
        return [s for s in sections if s.end > s.start]


@Language.factory("medlink_sections", default_config={"max_header_chars": 60, "backend": "lines"})
def make_sections(nlp: Language, name: str, max_header_chars: int, backend: str = "lines"):
    """backend "lines": our header table; "medspacy": medSpaCy's Sectionizer finds headers.
    Either way, a document whose reader recorded passages is split by them."""
    detector = SectionDetector(_load_headers(), max_header_chars)
    from_passages = PassageSections(detector, _load_passage_names())
    if backend == "medspacy":
        from pipeline.sectionizer import MedspacySectionDetector

        medspacy_detector = MedspacySectionDetector(nlp, max_header_chars)

        def medspacy_sections(doc: Doc) -> Doc:
            passages = (doc._.extra or {}).get("passages")
            doc._.sections = from_passages(doc_text(doc), passages) or medspacy_detector.detect(doc)
            return doc

        return BatchStage(medspacy_sections)
    if backend != "lines":
        raise ValueError(f"medlink_sections: unknown backend {backend!r} (lines, medspacy)")

    def sections(doc: Doc) -> Doc:
        text = doc_text(doc)
        passages = (doc._.extra or {}).get("passages")
        doc._.sections = from_passages(text, passages) or detector(text)
        return doc

    return BatchStage(sections)
