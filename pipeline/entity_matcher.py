"""Dictionary entity recognition over the compiled lexicon.

Longest match wins (then the leftmost); matches respect word boundaries (the
lexicon and the tokenizer share them); short terms and acronyms match only with
their own case; Unicode dashes, soft hyphens and end-of-line hyphenation are
folded away (see :mod:`pipeline.textnorm`). Entities already on the Doc (e.g. from
a statistical model earlier in the pipeline) are kept; lexicon matches fill the gaps.
"""

import hashlib
import re
from functools import lru_cache
from importlib import resources

import numpy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.chemical_prefixes import grow_over_chemical_prefixes
from pipeline.chemical_salts import grow_over_salt_words
from pipeline.data import word_list
from pipeline.extensions import SpanValues, doc_text, grown_span
from pipeline.lexicon import TOKEN_RE, Lexicon, load_lexicon
from pipeline.stage import BatchStage
from pipeline.textnorm import fold_text

MODIFIERS = word_list("disease_modifiers.txt")
DISEASE_HEADS = word_list("disease_heads.txt")


@lru_cache(maxsize=1)
def load_corpus_stop() -> frozenset[tuple[str, str]]:
    """(term key, type) pairs the training corpora rarely annotate (corpus_stop_terms.tsv);
    one frozen set per process, so that stages asking with it share cached matches."""
    text = resources.files("pipeline.data").joinpath("corpus_stop_terms.tsv").read_text("utf-8")
    rows = (ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    return frozenset((r[0], r[1].strip()) for r in rows if len(r) >= 2)


def stop_fingerprint(stop: frozenset[tuple[str, str]]) -> str:
    """A short digest of stop pairs: a model that reads dictionary tags records the one
    it was trained with (pipeline.train.provenance)."""
    text = "\n".join(sorted("\t".join(pair) for pair in stop))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def select_longest(matches, taken: list[tuple[int, int]] | None = None):
    """Greedy non-overlapping selection: longest first, then leftmost. Occupied
    characters are marked in a byte array, so a long document stays linear."""
    busy = bytearray(max([m.end for m in matches] + [e for _, e in taken or []], default=0))
    for s, e in taken or []:
        busy[s:e] = b"\x01" * (e - s)
    chosen = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if 1 in busy[m.start : m.end]:
            continue
        busy[m.start : m.end] = b"\x01" * (m.end - m.start)
        chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _keep(lexicon: Lexicon, m, types: set[str], stop) -> tuple:
    """The candidates of a match worth keeping: wanted type, not a corpus stop pair, and
    no "X-induced Y" disease (the corpora mark the chemical X and the disease Y apart)."""
    induced = " induced " in f" {m.key} " and not m.key.startswith("induced")
    concepts = lexicon.concepts
    if len(m.candidates) == 1:  # most matches: no tuple to rebuild
        t = concepts[m.candidates[0][0]].type
        keep = t in types and (m.key, t) not in stop and not (induced and t == "Disease")
        return m.candidates if keep else ()
    return tuple(
        (i, f)
        for i, f in m.candidates
        if (t := concepts[i].type) in types
        and (m.key, t) not in stop
        and not (induced and t == "Disease")
    )


def _shorter(lexicon: Lexicon, text: str, m, types: set[str], stop):
    """The longest acceptable match starting where a rejected match `m` starts."""
    end = m.end
    while True:
        starts = [t.start() for t in TOKEN_RE.finditer(text, m.start, end)]
        if len(starts) < 2:
            return None
        end = starts[-1]
        sub = text[m.start : end].rstrip()
        for s in lexicon.match(sub, fold_text(sub)):
            if s.start == 0:
                cands = _keep(lexicon, s, types, stop)
                if cands:
                    return type(m)(m.start, m.start + s.end, s.key, cands)
                break


def token_bounds(doc: Doc, starts: list[int], ends: list[int]) -> tuple[list, list]:
    """Token indices where the char offsets `starts` begin a token and `ends` end one
    (-1 where they do not): one array lookup for all matches, cheaper than
    ``Doc.char_span`` for each."""
    idx, length = doc.to_array([IDX, LENGTH]).astype(numpy.int64).T
    token_ends = idx + length
    first = numpy.minimum(numpy.searchsorted(idx, starts), len(idx) - 1)
    last = numpy.minimum(numpy.searchsorted(token_ends, ends), len(idx) - 1)
    first[idx[first] != starts] = -1
    last[token_ends[last] != ends] = -2
    return first.tolist(), (last + 1).tolist()


def untaken(doc: Doc, matches: list, ents: list[Span]):
    """(match, first token, end token) of each text match (``re.Match``) that aligns with
    tokens and overlaps none of `ents` nor a match yielded before it: where a stage
    that finds mentions by pattern may add one."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    firsts, afters = token_bounds(doc, [m.start() for m in matches], [m.end() for m in matches])
    for m, start, end in zip(matches, firsts, afters, strict=True):
        if start < 0 or end < 0 or not taken.isdisjoint(range(start, end)):
            continue
        taken.update(range(start, end))
        yield m, start, end


MATCHES_KEY = "medlink.dictionary_matches"


def _hash(stop) -> int:
    """The stop pairs' hash (a frozenset keeps its own after the first call)."""
    return hash(stop if isinstance(stop, frozenset) else frozenset(stop))


def dictionary_matches(doc: Doc, lexicon: Lexicon, types: set[str], stop) -> tuple[list, list]:
    """The dictionary's matches worth keeping (see `_keep`), overlaps not yet settled,
    and the multi-word matches `_keep` rejected. Remembered on the Doc for the next
    stage asking with the same lexicon, types and stop pairs: the model stage reads
    them as features (pipeline.lexicon_features), then the dictionary stage selects."""
    text = doc_text(doc)
    # the text's length: a Doc copied with another Doc's user_data has another text
    signature = (str(lexicon.directory), lexicon.version, *sorted(types), _hash(stop), len(text))
    cached = doc.user_data.get(MATCHES_KEY)
    if cached is not None and tuple(cached[0]) == signature:
        return cached[1], cached[2]
    kept, rejected = [], []
    for m in lexicon.match(text, fold_text(text)):
        cands = _keep(lexicon, m, types, stop)
        if cands:
            kept.append(m if cands is m.candidates else m._replace(candidates=cands))
        elif " " in m.key:
            rejected.append(m)
    doc.user_data[MATCHES_KEY] = (signature, kept, rejected)
    return kept, rejected


def lexicon_spans(
    doc: Doc, lexicon: Lexicon, types: set[str], taken=None, stop=frozenset()
) -> list[Span]:
    text = doc_text(doc)
    kept, rejected = dictionary_matches(doc, lexicon, types, stop)
    matches = kept + [s for m in rejected if (s := _shorter(lexicon, text, m, types, stop))]
    chosen = select_longest(matches, taken)
    if not chosen:
        return []
    spans = []
    firsts, afters = token_bounds(doc, [m.start for m in chosen], [m.end for m in chosen])
    for m, start, end in zip(chosen, firsts, afters, strict=True):
        label = lexicon.concepts[m.candidates[0][0]].type
        if label == "Species" and _in_compound(text, m):
            continue
        if start >= 0 and end >= 0:
            span = Span(doc, start, end, label=label)
        else:  # not on token boundaries: cannot happen with the medlink tokenizer
            span = doc.char_span(m.start, m.end, label=label)
            if span is None:
                continue
        values = SpanValues(span)
        values.set("candidates", m.candidates)
        values.set("match_kind", "lexicon")
        spans.append(span)
    return extend_modifiers(doc, spans, taken)


def _occupied_tokens(doc: Doc, spans: list[Span], taken=None) -> set[int]:
    """Token indices covered by `spans` and by the (start, end) char ranges in `taken`."""
    occupied = {i for s in spans for i in range(s.start, s.end)}
    for s, e in taken or []:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            occupied.update(range(span.start, span.end))
    return occupied


def _grow_left(doc: Doc, span: Span, start: int, occupied: set[int]) -> Span:
    """`span` extended to begin at token `start`, keeping its label and candidates."""
    if start == span.start:
        return span
    occupied.update(range(start, span.start))
    return grown_span(span, start, span.end)


def extend_modifiers(doc: Doc, spans: list[Span], taken=None) -> list[Span]:
    """Grow Disease mentions leftwards over modifiers that keep the concept
    ("metastatic pulmonary calcification" -> Calcinosis), see disease_modifiers.txt."""
    occupied = _occupied_tokens(doc, spans, taken)
    out = []
    for span in spans:
        start = span.start
        if span.label_ == "Disease":
            while start > 0 and start - 1 not in occupied and doc[start - 1].lower_ in MODIFIERS:
                start -= 1
        out.append(_grow_left(doc, span, start, occupied))
    return out


# "type IID", "Type 2", "type 1A" before a disease name
TYPE_NUMBER = re.compile(r"(?:\d{1,2}|[IVX]{1,4})[A-Za-z]?")


def _glued_non(doc: Doc, ent: Span) -> bool:
    """A disease name of two words or more right after a glued "non-"."""
    s = ent.start
    return (
        " " in ent.text
        and s >= 2
        and doc[s - 1].text == "-"
        and doc[s - 2].lower_ == "non"
        and not doc[s - 2].whitespace_
        and not doc[s - 1].whitespace_
        and (s == 2 or bool(doc[s - 3].whitespace_) or not doc[s - 3].text[-1].isalnum())
    )


def _type_before(doc: Doc, ent: Span) -> bool:
    """ "type IID" (two words, each followed by a space) right before the mention."""
    s = ent.start
    return (
        s >= 2
        and doc[s - 2].lower_ == "type"
        and bool(doc[s - 2].whitespace_)
        and bool(doc[s - 1].whitespace_)
        and TYPE_NUMBER.fullmatch(doc[s - 1].text) is not None
    )


def grow_over_prefixes(doc: Doc, ents: list[Span]) -> list[Span]:
    """Disease mentions grow over the two tokens before them that the corpora include:
    a glued "non-" before a name of two words or more ("non-small cell lung cancer",
    "non-syndromic hearing loss"; not "non-hypertensive": the corpora mark
    "hypertensive"), and a type ("type IID von Willebrand disease", "type I C2
    deficiency")."""
    occupied = {i for e in ents for i in range(e.start, e.end)}
    out = []
    for ent in ents:
        s = ent.start
        if (
            ent.label_ == "Disease"
            and (_glued_non(doc, ent) or _type_before(doc, ent))
            and occupied.isdisjoint((s - 2, s - 1))
        ):
            ent = _grow_left(doc, ent, s - 2, occupied)
        out.append(ent)
    return out


CONJUNCTIONS = {"and", "or", "and/or"}


def join_composites(doc: Doc, spans: list[Span], lexicon: Lexicon, taken=None) -> list[Span]:
    """Grow a Disease mention over coordinated modifiers that share its head, as the
    corpora annotate composite mentions: "breast and ovarian cancer" is one mention
    when "breast cancer" is a disease too (the normaliser then links every part)."""
    occupied = _occupied_tokens(doc, spans, taken)
    out = []
    for span in spans:
        start = span.start
        if span.label_ == "Disease" and len(span) >= 2:
            head = span[1:].text
            i = start - 1
            while True:
                j = i  # skip the separator: ",", "and", "or", ", and", "and/or"
                while j >= 0 and start - j <= 3 and (doc[j].lower_ in CONJUNCTIONS | {",", "/"}):
                    j -= 1
                if j == i or j < 0 or j in occupied or not doc[j].is_alpha:
                    break
                if doc[j + 1].text == "/" or not any(
                    lexicon.concepts[c].type == "Disease"
                    for c, _ in lexicon.candidates(f"{doc[j].text} {head}")
                ):
                    break
                start, i = j, j - 1
        out.append(_grow_left(doc, span, start, occupied))
    return out


def grow_over_model_modifiers(doc: Doc, spans: list[Span], model: list[Span]) -> list[Span]:
    """Each dictionary match that a model entity of its type ends with, and that the
    model entity begins before, grown to the model entity's start (see make_lexicon_ner)."""
    if not model:
        return spans
    by_end = {(e.end, e.label_): e for e in model}
    taken = {i for s in spans for i in range(s.start, s.end)}
    out = []
    for span in spans:
        ent = by_end.get((span.end, span.label_))
        if (
            ent is not None
            and ent.start < span.start
            and taken.isdisjoint(range(ent.start, span.start))
        ):
            span = _grow_left(doc, span, ent.start, taken)
        out.append(span)
    return out


def grow_over_model_words(doc: Doc, spans: list[Span], model: list[Span]) -> list[Span]:
    """A dictionary disease that a model mention extends only by head nouns after it
    ("depressive symptoms", disease_heads.txt) grows to the model's mention, keeping
    its identifiers; dictionary matches on those words go. (A chemical's salt words
    need no model: pipeline/chemical_salts.py.)"""
    out = list(spans)
    for ent in model:
        if ent.label_ != "Disease":
            continue
        inside = [s for s in out if ent.start <= s.start and s.end <= ent.end]
        cores = [s for s in inside if s.text.lower() not in DISEASE_HEADS]
        if len(cores) != 1 or cores[0].label_ != ent.label_ or len(cores[0]) == len(ent):
            continue
        core = cores[0]
        if ent.start < core.start:
            continue  # words before a disease are model_modifiers' business
        extra = [t for t in ent if not core.start <= t.i < core.end]
        crossing = [s for s in out if s.start < ent.end and ent.start < s.end]
        if len(crossing) != len(inside) or any(t.lower_ not in DISEASE_HEADS for t in extra):
            continue
        grown = grown_span(core, ent.start, ent.end)
        out = [s for s in out if s not in inside] + [grown]
    return sorted(out, key=lambda s: s.start)


def _in_compound(text: str, m) -> bool:
    """'Salmon' in 'Durie-Salmon': a name glued by a hyphen to a capitalised word."""
    before = text[max(0, m.start - 2) : m.start]
    after = text[m.end : m.end + 2]
    return (len(before) == 2 and before[1] == "-" and before[0].isalpha()) or (
        len(after) == 2 and after[0] == "-" and after[1].isupper()
    )


@Language.factory(
    "medlink_lexicon_ner",
    default_config={
        "lexicon_dir": None,
        "types": ["Disease", "Chemical", "Species"],
        "corpus_stop": True,
        "prefer": "existing",
        "classes_need_model": False,
        "model_modifiers": False,
        "model_words": False,
        "disease_prefixes": False,
        "chemical_prefixes": False,
        "chemical_salts": False,
    },
)
def make_lexicon_ner(
    nlp: Language,
    name: str,
    lexicon_dir: str | None,
    types: list[str],
    corpus_stop: bool,
    prefer: str,
    classes_need_model: bool,
    model_modifiers: bool,
    model_words: bool,
    disease_prefixes: bool,
    chemical_prefixes: bool,
    chemical_salts: bool,
):
    """`prefer` settles overlaps with entities already on the Doc (a model's):
    "existing" keeps them, "lexicon" keeps the dictionary match instead.
    `classes_need_model`: a pharmacological class name ("calcium channel blockers")
    is kept only where the statistical model also found an entity. Corpora mark such
    names in some documents and not in others; the model has learnt where.
    `model_modifiers` (with "lexicon"): where an entity already on the Doc is a
    dictionary match with words before it ("cholestatic hepatitis", "coronary spasm"
    around the match "hepatitis", "spasm"), the match grows over them, keeping its
    identifiers: the model learnt which modifiers the corpora include.
    `model_words` (with "lexicon"): where an entity already on the Doc is a dictionary
    disease with a head noun after it ("depressive symptoms"), the match grows to it
    the same way.
    `disease_prefixes`: disease mentions, the model's or the dictionary's, grow over a
    glued "non-" and over a type before them ("non-papillary renal cell carcinoma",
    "type IID von Willebrand disease"), see grow_over_prefixes.
    `chemical_prefixes`: chemical mentions grow over the locants and stereo prefixes
    glued before them ("5-hydroxyindoleacetic acid", "L-dihydroxyphenylalanine"), see
    pipeline/chemical_prefixes.py. `chemical_salts`: chemical mentions grow over the
    salt words beside them ("bupivacaine hydrochloride", "sodium valproate"), see
    pipeline/chemical_salts.py."""
    if prefer not in ("existing", "lexicon"):
        raise ValueError(f"prefer must be 'existing' or 'lexicon', not {prefer!r}")
    lexicon = load_lexicon(lexicon_dir)
    wanted = set(types)
    stop = load_corpus_stop() if corpus_stop else frozenset()

    model_ran: list[bool] = []  # whether the model is in the pipeline, asked once

    def confirmed(span, model_tokens: set[int]) -> bool:
        cands = span._.candidates
        if not cands or cands[0][0] not in lexicon.classes:
            return True
        return not model_tokens.isdisjoint(range(span.start, span.end))

    def lexicon_ner(doc: Doc) -> Doc:
        existing = list(doc.ents)
        taken = [(e.start_char, e.end_char) for e in existing] if prefer == "existing" else []
        spans = lexicon_spans(doc, lexicon, wanted, taken, stop)
        spans = join_composites(doc, spans, lexicon, taken)
        if not model_ran:  # spaCy rebuilds the pipe list on every has_pipe
            model_ran.append(nlp.has_pipe("medlink_model_ner"))
        if classes_need_model and model_ran[0]:
            model_tokens = {i for e in existing for i in range(e.start, e.end)}
            spans = [s for s in spans if confirmed(s, model_tokens)]
        if prefer == "lexicon":
            if model_modifiers:
                spans = grow_over_model_modifiers(doc, spans, existing)
            if model_words:
                spans = grow_over_model_words(doc, spans, existing)
            covered = {i for s in spans for i in range(s.start, s.end)}
            existing = [e for e in existing if covered.isdisjoint(range(e.start, e.end))]
        ents = sorted(existing + spans, key=lambda s: s.start)
        if disease_prefixes:
            ents = grow_over_prefixes(doc, ents)
        if chemical_prefixes:
            ents = grow_over_chemical_prefixes(doc, ents)
        if chemical_salts:
            ents = grow_over_salt_words(doc, ents)
        doc.ents = ents
        return doc

    return BatchStage(lexicon_ner)
