"""Self-contained HTML report: the text with the given annotations and the pipeline's
side by side, each finding beside its span. Everything is inline (the template,
``report_template.html``, carries the CSS and script); the data is embedded as JSON."""

from __future__ import annotations

import html
import json
from importlib import resources

from pipeline.validate.findings import codes
from pipeline.validate.validator import DocResult, summary


def payload(results: list[DocResult]) -> dict:
    docs = []
    for r in results:
        anns = []
        for i, a in enumerate(r.doc.annotations):
            span = r.spans.get(i)
            anns.append(
                {
                    "i": i,
                    "start": span[0] if span else None,
                    "end": span[1] if span else None,
                    "text": a.text,
                    "type": a.type,
                    "ids": a.ids,
                    "block": getattr(a, "block", ""),
                }
            )
        docs.append(
            {
                "id": r.doc.id,
                "level": r.level,
                "text": r.doc.text,
                "annotations": anns,
                "entities": r.entities,
                "findings": [f.as_dict() for f in r.findings],
            }
        )
    table = {
        c.code: {"severity": c.severity, "name": c.name, "meaning": c.meaning}
        for c in codes().values()
    }
    return {"summary": summary(results), "codes": table, "documents": docs}


def render(results: list[DocResult], title: str = "medlink validate") -> str:
    template = resources.files("pipeline.validate").joinpath("report_template.html")
    page = template.read_text(encoding="utf-8")
    data = json.dumps(payload(results), ensure_ascii=False).replace("</", "<\\/")
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return page.replace("__TITLE__", html.escape(title)).replace("/*__DATA__*/null", data)
