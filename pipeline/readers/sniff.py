"""Decide an input's format from its first bytes (after gzip), the extension only breaking ties."""

import json
import re

from pipeline.readers.source import InputFile

_PUBTATOR = re.compile(rb"^[^|\t\s]+\|[ta]\|", re.M)
_XML_START = re.compile(
    rb"^(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE\s+(\w[\w:-]*)[^>]*>\s*)?<(\w[\w:.-]*)", re.S
)


def sniff(f: InputFile) -> str:
    """One of pubmed, jats, bioc, pubtator, jsonl, text (or "xml:ROOT" for unknown XML)."""
    head = f.head(8192).removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<"):
        m = _XML_START.match(head)
        if m:
            root = m.group(5).decode("ascii", "replace")
            doctype = (m.group(4) or b"").decode("ascii", "replace")
            if root in ("PubmedArticleSet", "PubmedArticle", "PubmedBookArticle", "DeleteCitation"):
                return "pubmed"
            if root == "collection" or doctype == "collection":
                return "bioc"
            if root == "article" or b"JATS" in head[:2048] or f.path.suffix == ".nxml":
                return "jats"
            return f"xml:{root}"
    if head.startswith((b"{", b"[")):
        first = head.split(b"\n", 1)[0]
        try:
            obj = json.loads(first)
        except ValueError:
            obj = None
        if isinstance(obj, dict) and ("passages" in obj or "documents" in obj):
            return "bioc"
        if isinstance(obj, dict):
            return "jsonl"
        if head.startswith(b"[") or b'"documents"' in head or b'"passages"' in head:
            return "bioc"
        return "jsonl"
    if _PUBTATOR.match(head):
        return "pubtator"
    return "text"
