"""Derive lexicon corrections from the TRAINING splits of the annotated corpora.

Two committed data files come out of ``medlink train terms`` (BC5CDR, NCBI-disease,
BioRED, LINNAEUS and SPECIES-800 training splits; never dev or test splits):

* ``pipeline/data/corpus_stop_terms.tsv``: (term, type) pairs the lexicon matches
  often in training text but the annotators rarely mark ("adrenergic", "DNA",
  "body weight"): non-specific matches the corpora do not count as entities.
* ``pipeline/data/corpus_terms.tsv``: names the annotators mark consistently with
  one MeSH concept but our vocabularies lack or link elsewhere ("nephrotoxicity"
  -> Kidney Diseases, "convulsions" -> Seizures). Acronyms are left out: they are
  defined per document, and the abbreviation stage links them.

The lexicon builder adds the terms (as curated, ranked first); the dictionary
NER drops the stop pairs at match time (see :mod:`pipeline.entity_matcher`), so a
derivation over a lexicon that already holds them gives the same files.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from pipeline.evaluate import TYPE_MAP, gold_ids
from pipeline.formats.pubtator import iter_pubtator
from pipeline.lexicon import CURATED, key_tokens
from pipeline.textnorm import normalise_surface, normalise_term

# training split -> the types it annotates exhaustively
TRAIN_SPLITS = {
    "bc5cdr/CDR_TrainingSet.PubTator.txt": ("Chemical", "Disease"),
    "ncbi_disease/NCBItrainset_corpus.txt": ("Disease",),
    "biored/Train.PubTator": ("Chemical", "Disease", "Species"),
    "species_corpora/Linnaeus_Train.PubTator": ("Species",),
    "species_corpora/SPECIES_Train.PubTator": ("Species",),
}
STOP_MIN_MATCHES = 3
STOP_MAX_PRECISION = 0.25
TERM_MIN_GOLD = 2
TERM_MIN_MARKED = 0.5  # share of the name's occurrences that annotators marked
TERM_MIN_AGREEMENT = 0.75  # share of its gold mentions with the majority concept


def term_key(text: str) -> str:
    return " ".join(key_tokens(normalise_term(text)))


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


def derive(data_dir: Path, lexicon) -> tuple[list[tuple], list[tuple]]:
    """(stop rows, term rows) from the training splits under `data_dir`."""
    from spacy.lang.en import English

    from pipeline.entity_matcher import lexicon_spans
    from pipeline.resources.build import is_case_sensitive
    from pipeline.tokenizer import make_tokenizer

    nlp = English()
    nlp.tokenizer = make_tokenizer(nlp)
    gold_n: Counter = Counter()
    gold_ids_n: dict[tuple, Counter] = defaultdict(Counter)
    surfaces: dict[tuple, Counter] = defaultdict(Counter)
    matched: Counter = Counter()
    matched_ok: Counter = Counter()
    texts: list[tuple[str, str, tuple]] = []
    gold_by_corpus: dict[str, Counter] = defaultdict(Counter)
    for rel, types in TRAIN_SPLITS.items():
        for doc in iter_pubtator(data_dir / rel, errors=[]):
            gold = set()
            for ann in doc.annotations:
                etype = TYPE_MAP.get(ann.type)
                if etype not in types or ann.start is None:
                    continue
                gold.add((ann.start, ann.end, etype))
                key = (term_key(ann.text), etype)
                gold_n[key] += 1
                gold_by_corpus[rel][key] += 1
                surfaces[key][normalise_surface(ann.text)] += 1
                ids = gold_ids(ann.ids, etype)
                gold_ids_n[key]["|".join(sorted(ids)) if ids else "-1"] += 1
            # every annotation (genes too: "glutathione peroxidase") is blanked out
            marked = [(a.start, a.end, a.type) for a in doc.annotations if a.start is not None]
            texts.append((rel, _without(doc.text, marked), types))
            sdoc = nlp.make_doc(doc.text)
            for span in lexicon_spans(sdoc, lexicon, set(types)):
                key = (term_key(span.text), span.label_)
                matched[key] += 1
                # a boundary disagreement is not a non-specific term: count overlaps as hits
                matched_ok[key] += any(
                    t == span.label_ and s < span.end_char and span.start_char < e
                    for s, e, t in gold
                )
    stop = sorted(
        key
        for key, n in matched.items()
        if n >= STOP_MIN_MATCHES and matched_ok[key] / n < STOP_MAX_PRECISION
    )
    # how often each gold name occurs unmarked in each corpus (outside every gold mention,
    # so "diabetes" inside a marked "diabetes mellitus" does not count): a name joins
    # only if every corpus annotating its type marks it consistently (BioRED marks
    # "opioid" and enzymes, BC5CDR does not)
    first: dict[str, int] = {}
    for key, _ in gold_n:
        toks = key.split(" ")
        first[toks[0]] = max(first.get(toks[0], 0), len(toks))
    unmarked: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for rel, text, types in texts:
        grams = _ngrams(text, first)
        for t in types:
            unmarked[(rel, t)].update(grams)

    def consistently_marked(key: tuple[str, str]) -> bool:
        name, etype = key
        for rel, types in TRAIN_SPLITS.items():
            marked, missed = gold_by_corpus[rel][key], unmarked[(rel, etype)][name]
            if (
                etype in types
                and marked + missed >= 2
                and marked < TERM_MIN_MARKED * (marked + missed)
            ):
                return False
        return True

    terms = []
    for key, n in sorted(gold_n.items()):
        name, etype = key
        if n < TERM_MIN_GOLD or not consistently_marked(key):
            continue
        best, count = gold_ids_n[key].most_common(1)[0]
        if best[:1] not in ("D", "C") or "|" in best or count / n < TERM_MIN_AGREEMENT:
            continue
        have = [lexicon.concepts[i] for i, f in lexicon.candidates(name) if not f & CURATED]
        have = [c for c in have if c.type == etype]
        if have and f"MESH:{best}" in have[0].ids:
            continue  # the lexicon already links it so
        surface = surfaces[key].most_common(1)[0][0]
        if is_case_sensitive(surface):
            continue  # acronyms are defined per document: the abbreviation stage links them
        terms.append((surface, etype, best, n))
    return stop, terms


def write(data_dir: Path, lexicon, out_dir: Path) -> tuple[int, int]:
    stop, terms = derive(data_dir, lexicon)
    head = "# Derived by `medlink train terms` from the TRAINING splits only"
    (out_dir / "corpus_stop_terms.tsv").write_text(
        f"{head}: lexicon matches\n# annotated < {STOP_MAX_PRECISION:.0%} of the time.\n"
        "#term key\ttype\n" + "".join(f"{k}\t{t}\n" for k, t in stop),
        encoding="utf-8",
    )
    (out_dir / "corpus_terms.tsv").write_text(
        f"{head}: names annotated\n# consistently with one MeSH concept that the lexicon lacks or "
        "ranks lower.\n#term\ttype\tMeSH UI\tgold count\n"
        + "".join(f"{s}\t{t}\t{i}\t{n}\n" for s, t, i, n in terms),
        encoding="utf-8",
    )
    return len(stop), len(terms)
