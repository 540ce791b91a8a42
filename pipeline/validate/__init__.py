"""Validate existing linked-entity annotations against the vocabularies and the pipeline.

``medlink validate INPUT`` reads PubTator, BioC, medlink JSONL records or Markdown
summary pages (:mod:`readers`), checks every annotation (:mod:`checks`,
:mod:`compare`), and writes findings with stable codes (``codes.tsv``) as JSON
lines and a self-contained HTML page (:mod:`report_html`).
"""
