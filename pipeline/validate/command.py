"""``medlink validate``: check annotations, write JSON/HTML reports, exit 1 on errors."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def add_parser(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check linked-entity annotations against the vocabularies and the pipeline",
        description=(
            "Check the annotations of a PubTator, BioC XML/JSON, medlink JSONL or Markdown "
            "summary page file: identifiers, labels, types, spans, cross-vocabulary "
            "agreement, missing normalisation, and what the pipeline finds differently. "
            "Exit status 1 when any finding is an error."
        ),
    )
    p.add_argument("input", type=Path, metavar="INPUT", help="annotated file")
    p.add_argument(
        "--text",
        type=Path,
        default=None,
        metavar="SOURCE",
        help="text to check spans against (default: the input's own text)",
    )
    p.add_argument(
        "--json",
        type=Path,
        default=None,
        metavar="OUT",
        help="findings, one per line (- for stdout)",
    )
    p.add_argument("--html", type=Path, default=None, metavar="OUT", help="browsable report")
    p.add_argument("--lexicon", type=Path, default=None, help="lexicon directory")
    p.add_argument("--config", type=Path, default=None, help="pipeline config")
    p.add_argument(
        "--no-pipeline", action="store_true", help="skip the comparison with the pipeline"
    )
    p.set_defaults(func=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    from pipeline.formats.bioc import BioCError
    from pipeline.formats.pubtator import PubTatorError
    from pipeline.lexicon import LexiconMissing, default_lexicon_dir, load_lexicon
    from pipeline.resources.registry import IdRegistry, RegistryMissing
    from pipeline.validate.checks import Context
    from pipeline.validate.readers import UnknownFormat, read_documents
    from pipeline.validate.records_jsonl import RecordsError
    from pipeline.validate.validator import summary, validate

    t0 = time.time()
    if not args.input.is_file():
        _log(f"medlink: {args.input}: no such file")
        return EXIT_USAGE
    try:
        body = args.text.read_text(encoding="utf-8") if args.text else None
        kind, docs = read_documents(args.input, body)
        docs = list(docs)
    except (OSError, UnicodeDecodeError, UnknownFormat, PubTatorError, BioCError) as exc:
        _log(f"medlink: {exc}")
        return EXIT_USAGE
    except (RecordsError, ValueError) as exc:
        _log(f"medlink: {args.input}: {exc}")
        return EXIT_USAGE
    try:
        lexicon_dir = args.lexicon or default_lexicon_dir()
        ctx = Context(load_lexicon(lexicon_dir), IdRegistry(lexicon_dir))
        nlp = None
        if not args.no_pipeline:
            from pipeline.nlp import load_pipeline

            nlp = load_pipeline(args.config, lexicon_dir)
    except (LexiconMissing, RegistryMissing) as exc:
        _log(f"medlink: {exc}")
        return EXIT_USAGE
    results = validate(docs, ctx, nlp)
    if args.json:
        lines = (
            json.dumps(f.as_dict(), ensure_ascii=False) + "\n" for r in results for f in r.findings
        )
        if str(args.json) == "-":
            sys.stdout.writelines(lines)
        else:
            with open(args.json, "w", encoding="utf-8") as fh:
                fh.writelines(lines)
    if args.html:
        from pipeline.validate.report_html import render

        args.html.write_text(render(results, title=args.input.name), encoding="utf-8")
    s = summary(results)
    _log(
        f"validated {s['annotations']} annotations in {s['documents']} {kind} documents "
        f"({time.time() - t0:.1f}s): {s['severity']['error']} errors, "
        f"{s['severity']['warning']} warnings, {s['severity']['info']} notes; "
        f"{s['flagged_annotations']} annotations flagged"
    )
    # the summary goes to stdout unless stdout already carries the findings
    print(json.dumps(s), file=sys.stderr if str(args.json) == "-" else sys.stdout)
    return EXIT_ERRORS if s["severity"]["error"] else EXIT_OK
