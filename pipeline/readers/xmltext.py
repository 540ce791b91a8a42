"""Text of XML elements with inline markup flattened and whitespace collapsed."""

import re
import xml.etree.ElementTree as ET

_WS = re.compile(r"\s+")


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def flat_text(el: ET.Element | None, skip: frozenset[str] = frozenset()) -> str:
    """All text under `el` (minus subtrees whose local tag is in `skip`), single-spaced."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(e: ET.Element) -> None:
        if e.text:
            parts.append(e.text)
        for child in e:
            if local(child.tag) not in skip:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return _WS.sub(" ", "".join(parts)).strip()


class TextBuilder:
    """Appends blocks to the document text and records each block's span."""

    def __init__(self):
        self.parts: list[str] = []
        self.pos = 0
        self.passages: list[dict] = []

    def add(self, text: str, sep: str, **info) -> None:
        if not text:
            return
        if self.parts:
            self.parts.append(sep)
            self.pos += len(sep)
        self.parts.append(text)
        self.passages.append({**info, "start": self.pos, "end": self.pos + len(text)})
        self.pos += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)
