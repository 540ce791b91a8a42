"""Markdown summary pages with "Linked entities" / "Full-text entities" blocks.

A block is a ``## Linked entities`` (or ``## Full-text entities``) section of
bullet lines ``- **Chemicals:** name (ID), name (ID), ...``. Entries look like
``bortezomib (PubChem CID 387447)``, ``MM (MESH:D009101)``, ``VDT (-)`` or
``Homo sapiens (human, species) [taxon 9606]`` (a bracket holds the id, a
parenthesis then only describes). The entries have no offsets: the text to
check them against is the page's prose before the first entity block (title,
summary sections, abstract), or a separate text given by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.formats.model import AnnotatedDoc, Annotation, Passage

BLOCK_HEADINGS = {"linked entities", "full-text entities", "full text entities"}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+\*\*(?P<cat>[^*]+?):?\*\*:?\s*(?P<items>.*)$")
_ENTRY = re.compile(
    r"^(?P<label>.*?)\s*(?:\((?P<paren>[^()]*)\))?\s*(?:\[(?P<bracket>[^\[\]]*)\])?\s*$"
)
_ID_LIKE = re.compile(r"\d|^-$|^-1$|:")
CATEGORY_TYPES = {
    "chemicals": "Chemical",
    "chemical": "Chemical",
    "drugs": "Chemical",
    "diseases": "Disease",
    "disease": "Disease",
    "species": "Species",
    "organisms": "Species",
    "genes": "Gene",
}


@dataclass
class PageAnnotation(Annotation):
    block: str = ""  # the heading of the entity block the entry came from


def is_summary_page(text: str) -> bool:
    return any(
        (m := _HEADING.match(line)) and m.group(2).lower() in BLOCK_HEADINGS
        for line in text.splitlines()
    )


def split_entries(items: str) -> list[str]:
    """Split on commas outside parentheses and brackets."""
    out, depth, cur = [], 0, []
    for ch in items:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur).strip())
    return [e for e in out if e]


def parse_entry(entry: str) -> tuple[str, list[str]]:
    """(label, raw ids) of one entry; ids are [] when the entry gives none."""
    m = _ENTRY.match(entry)
    label, paren, bracket = m.group("label"), m.group("paren"), m.group("bracket")
    if bracket is not None:
        return label, [i.strip() for i in bracket.split(";") if i.strip()]
    if paren is not None and _ID_LIKE.search(paren.strip()):
        return label, [i.strip() for i in re.split(r"[;|]", paren) if i.strip()]
    if paren is not None:
        return entry.strip(), []
    return label, []


def parse_page(text: str, doc_id: str, source: str = "", body: str | None = None) -> AnnotatedDoc:
    """The page's entity blocks as annotations over its prose (or over `body`)."""
    lines = text.splitlines(keepends=True)
    block, prose_end, pos = None, None, 0
    anns: list[Annotation] = []
    passages: list[Passage] = []
    title = ""
    for n, line in enumerate(lines, 1):
        m = _HEADING.match(line.rstrip("\r\n"))
        if m:
            heading = m.group(2)
            if m.group(1) == "#" and not title:
                title = heading
            if heading.lower() in BLOCK_HEADINGS:
                block = heading
                prose_end = pos if prose_end is None else prose_end
            else:
                block = None
                if prose_end is None:
                    passages.append(Passage(heading, pos, pos))
        elif block is not None:
            b = _BULLET.match(line)
            if b:
                kind = CATEGORY_TYPES.get(b.group("cat").strip().lower(), b.group("cat").strip())
                for entry in split_entries(b.group("items")):
                    label, ids = parse_entry(entry)
                    anns.append(PageAnnotation(None, None, label, kind, ids, n, block=block))
        pos += len(line)
    prose = text[: prose_end if prose_end is not None else len(text)]
    for i, p in enumerate(passages):
        p.end = passages[i + 1].start if i + 1 < len(passages) else len(prose)
    doc_text = prose if body is None else body
    if body is not None:
        passages = [Passage("text", 0, len(body))]
    return AnnotatedDoc(doc_id, doc_text, passages, anns, source, {"title": title})


def read_page(path: Path, body: str | None = None) -> AnnotatedDoc:
    return parse_page(path.read_text(encoding="utf-8"), path.stem, str(path), body)
