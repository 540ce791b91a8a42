"""Split an XML stream into its record elements (bytes), without parsing the whole file.

Each record (``<PubmedArticle>``, BioC ``<document>``) is parsed on its own, so a
malformed or truncated record costs that record only: the next opening tag
starts over. Memory is bounded by one record (at most `max_bytes`) plus a block.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

BLOCK = 1 << 20


@dataclass
class Chunk:
    tag: str
    data: bytes
    problem: str | None = None  # "unclosed", "oversized" or "truncated"


def iter_chunks(stream: BinaryIO, tags: tuple[str, ...], max_bytes: int) -> Iterator[Chunk]:
    names = "|".join(re.escape(t) for t in tags)
    open_re = re.compile(rb"<(" + names.encode() + rb")[\s>/]")
    buf, pos, eof = b"", 0, False

    def more() -> bool:
        nonlocal buf, pos, eof
        block = stream.read(BLOCK)
        if not block:
            eof = True
            return False
        buf = buf[pos:] + block
        pos = 0
        return True

    while True:
        m = open_re.search(buf, pos)
        if not m:
            pos = max(pos, len(buf) - 64)  # keep a possible split tag
            if eof or not more():
                return
            continue
        tag = m.group(1)
        close = b"</" + tag + b">"
        c = buf.find(close, m.end())
        nxt = open_re.search(buf, m.end(), c if c >= 0 else len(buf))
        if nxt:
            yield Chunk(tag.decode(), buf[m.start() : nxt.start()], "unclosed")
            pos = nxt.start()
        elif c >= 0:
            end = c + len(close)
            yield Chunk(tag.decode(), buf[m.start() : end])
            pos = end
        elif len(buf) - m.start() > max_bytes:
            yield Chunk(tag.decode(), buf[m.start() : m.start() + 4096], "oversized")
            pos = len(buf)
            while not eof and more():  # discard up to the closing tag
                c = buf.find(close)
                if c >= 0:
                    pos = c + len(close)
                    break
                buf, pos = buf[-64:], 0
        else:
            pos = m.start()
            if eof or not more():
                yield Chunk(tag.decode(), buf[m.start() :], "truncated")
                return
