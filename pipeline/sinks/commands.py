"""``medlink load``, ``medlink query`` and the ``run --sink`` hook.

Exit status: 0 success; 1 some lines or records were skipped or rejected (each
reported as ``file:line``); 2 bad arguments, a sink that cannot be used, or a
load that stopped (run it again to resume).
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE = 0, 1, 2
TYPES = ("Disease", "Chemical", "Species")
_CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9.]*:[A-Za-z0-9._-]+$")
SINK_HELP = "database URL: sqlite:///PATH, postgresql://USER:PASSWORD@HOST:PORT/DB or parquet:DIR"


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _sink_url(value: str | None) -> str:
    from pipeline.sinks import DEFAULT_SINK

    return value or os.environ.get("MEDLINK_SINK") or DEFAULT_SINK


def _curie(value: str) -> str:
    if not _CURIE.match(value):
        raise argparse.ArgumentTypeError(f"not a CURIE (PREFIX:ID): {value!r}")
    return value


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def sink_url_arg(value: str) -> str:
    """argparse type: reject a bad sink URL before any work (message without password)."""
    from pipeline.sinks import SinkError, parse_sink_url

    try:
        parse_sink_url(value)
    except SinkError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def load_into_sink(
    paths: list[Path], url: str, batch_size: int = 500, force: bool = False, log=_log
) -> int:
    """Load records files into the sink at `url`; an exit status."""
    from pipeline.sinks import SinkError, open_sink, parse_sink_url
    from pipeline.sinks.load import LoadInterrupted, load_files
    from pipeline.sinks.url import scrub

    for path in paths:
        if not path.is_file():
            log(f"medlink: no such records file: {path}")
            return EXIT_USAGE
    try:
        parsed = parse_sink_url(url)
        with open_sink(url) as sink:
            summary = load_files(sink, paths, batch_size=batch_size, force=force, log=log)
    except SinkError as exc:
        log(f"medlink: {exc}")
        return EXIT_USAGE
    except LoadInterrupted as exc:
        log(f"medlink: {scrub(str(exc), parsed)}")
        log(f"partial: {exc.summary.line()}")
        return EXIT_USAGE
    log(f"loaded into {parsed}: {summary.line()}")
    return EXIT_INPUT_ERRORS if summary.skipped or summary.failed else EXIT_OK


def cmd_load(args) -> int:
    return load_into_sink(args.records, _sink_url(args.sink), args.batch_size, args.force)


def cmd_query(args) -> int:
    from pipeline.sinks import SinkError, open_sink, parse_sink_url
    from pipeline.sinks.url import scrub

    url = _sink_url(args.sink)
    params = {"limit": args.limit}
    if args.question == "documents":
        params["concept"] = args.concept
    else:
        params.update(disease=args.disease, type=args.type)
    try:
        parsed = parse_sink_url(url)
        with open_sink(url, read_only=True) as sink:
            if sink.schema_version() == 0:
                raise SinkError(f"{parsed} holds no medlink tables: run `medlink load` first")
            columns, rows = sink.query(args.question, params)
    except SinkError as exc:
        _log(f"medlink: {exc}")
        return EXIT_USAGE
    except Exception as exc:  # driver errors: report without the password
        _log(f"medlink: query failed on {parsed}: {scrub(str(exc), parsed)}")
        return EXIT_USAGE
    if args.format == "json":
        for row in rows:
            print(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False))
    else:
        print("\t".join(columns))
        for row in rows:
            print("\t".join("" if v is None else str(v) for v in row))
    return EXIT_OK


def add_sink_commands(sub) -> None:
    """The `load` and `query` subcommands, added to the main parser's subparsers."""
    sink_default = "(default: $MEDLINK_SINK, else sqlite:///medlink.db)"
    p = sub.add_parser(
        "load",
        help="load records.jsonl files into SQLite, PostgreSQL or Parquet",
        description="Load records into a database. Reloading a document replaces its rows; "
        "unchanged records are skipped, so rerunning an interrupted load resumes it.",
    )
    p.add_argument("records", nargs="+", type=Path, metavar="RECORDS.jsonl")
    p.add_argument("--sink", default=None, metavar="URL", help=f"{SINK_HELP} {sink_default}")
    p.add_argument("--batch-size", type=_positive, default=500, help="records per transaction")
    p.add_argument("--force", action="store_true", help="rewrite unchanged records too")
    p.set_defaults(func=cmd_load)

    q = sub.add_parser(
        "query",
        help="ask a loaded database common questions",
        description="Common questions over loaded records (SQL in pipeline/sinks/sql/queries.sql).",
    )
    qsub = q.add_subparsers(dest="question", metavar="QUESTION")
    qsub.required = True
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--sink", default=None, metavar="URL", help=f"{SINK_HELP} {sink_default}")
    common.add_argument("--limit", type=_positive, default=20, help="at most this many rows (20)")
    common.add_argument(
        "--format", choices=("tsv", "json"), default="tsv", help="tsv or json lines"
    )
    d = qsub.add_parser(
        "documents",
        parents=[common],
        help="documents mentioning a concept",
        description="Documents mentioning a concept (or a concept it cross-references), "
        "most mentions first.",
    )
    d.add_argument("--concept", type=_curie, required=True, metavar="CURIE")
    d.set_defaults(func=cmd_query)
    c = qsub.add_parser(
        "cooccur",
        parents=[common],
        help="concepts most often co-mentioned with a disease",
        description="Concepts of --type found in the same documents as --disease, "
        "by number of documents, then mentions.",
    )
    c.add_argument("--disease", type=_curie, required=True, metavar="CURIE")
    c.add_argument("--type", choices=TYPES, default="Chemical", help="(default Chemical)")
    c.set_defaults(func=cmd_query)
