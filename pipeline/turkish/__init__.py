"""Turkish entity recognition: the ``medlink_turkish_ner`` stage.

Runs after the English dictionary matcher on sections whose language is ``tr``
and links Turkish mentions ("multipl myelomda", "lökositoklastik vaskülit",
"deksametazon") to the same concepts as their English equivalents, see
:mod:`pipeline.turkish.matcher` and :mod:`pipeline.turkish.align`. A Turkish match
replaces dictionary hits it strictly contains; otherwise earlier entities win.
"""

import bisect

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.entity_matcher import MODIFIERS
from pipeline.extensions import doc_text
from pipeline.lexicon import load_lexicon
from pipeline.stage import BatchStage
from pipeline.turkish.align import align_run, english_entities
from pipeline.turkish.cognates import cognate_index
from pipeline.turkish.matcher import TurkishMatch, TurkishMatcher, Word, word_runs

_PRIORITY = {"existing": 0, "table": 1, "translation": 2, "aligned": 3}


def _with_modifiers(run: list[Word], m: TurkishMatch, matcher: TurkishMatcher) -> TurkishMatch:
    """Grow a disease mention leftwards over words that translate to a modifier
    that keeps the concept ("metastatik pulmoner kalsifikasyon" -> Calcinosis)."""
    if matcher.lexicon.concepts[m.candidates[0][0]].type != "Disease":
        return m
    i = next(k for k, w in enumerate(run) if w.start == m.start)
    start, n = m.start, m.words
    while i > 0 and set(matcher.english(run[i - 1])) & MODIFIERS:
        i -= 1
        start, n = run[i].start, n + 1
    return TurkishMatch(start, m.end, m.candidates, m.how, n)


def _select(found: list[TurkishMatch], existing: list[Span]):
    """Non-overlapping choice, longest first; on equal length earlier stages win."""
    pool = [(e.start_char, e.end_char, _PRIORITY["existing"], e) for e in existing]
    pool += [(m.start, m.end, _PRIORITY[m.how], m) for m in found]
    pool.sort(key=lambda p: (-(p[1] - p[0]), p[2], p[0]))
    chosen: list[tuple[int, int, int, object]] = []
    for p in pool:
        if all(p[1] <= c[0] or c[1] <= p[0] for c in chosen):
            chosen.append(p)
    return [c[3] for c in chosen]


def _parallel(ents: list[Span], sections: list, wanted: set[str]) -> list[Span]:
    """Entities of the English text parallel to the Turkish one: the English
    abstract when there is one, else every English section."""
    english = [s for s in sections if s.language == "en"]
    abstracts = [s for s in english if s.name == "Abstract"]
    starts = [s.start for s in abstracts or english]
    out = []
    for e in ents:
        i = bisect.bisect_right(starts, e.start_char) - 1
        if e.label_ in wanted and i >= 0 and e.start_char < (abstracts or english)[i].end:
            out.append(e)
    return out


@Language.factory(
    "medlink_turkish_ner",
    default_config={
        "lexicon_dir": None,
        "types": ["Disease", "Chemical"],
        "align": True,
        "term_table": True,
    },
)
def make_turkish_ner(
    nlp: Language,
    name: str,
    lexicon_dir: str | None,
    types: list[str],
    align: bool,
    term_table: bool,
):
    lexicon = load_lexicon(lexicon_dir)
    wanted = set(types)
    built: list[TurkishMatcher] = []  # built on the first Turkish section

    def matcher() -> TurkishMatcher:
        if not built:
            index = cognate_index(lexicon)
            built.append(TurkishMatcher(lexicon, index, wanted, term_table=term_table))
        return built[0]

    def turkish_ner(doc: Doc) -> Doc:
        sections = doc._.sections or []
        turkish = [s for s in sections if s.language == "tr"]
        if not turkish:
            return doc
        m = matcher()
        text = doc_text(doc)
        ents = list(doc.ents)
        english = english_entities(_parallel(ents, sections, wanted)) if align else []
        keep = list(ents)
        for sec in turkish:
            inside = [e for e in ents if sec.header_end <= e.start_char < sec.end]
            found = []
            for run in word_runs(text, sec.header_end, sec.end):
                matches = m.match_run(run)
                if english:
                    matches += align_run(run, english, m)
                found += [_with_modifiers(run, x, m) for x in matches]
            chosen = _select(found, inside)
            keep = [e for e in keep if e not in inside or e in chosen]
            for c in chosen:
                if isinstance(c, Span):
                    continue
                label = next(
                    (
                        lexicon.concepts[i].type
                        for i, _f in c.candidates
                        if lexicon.concepts[i].type in wanted
                    ),
                    None,
                )
                span = label and doc.char_span(c.start, c.end, label=label)
                if not span:
                    continue
                span._.candidates = c.candidates
                span._.match_kind = "lexicon"
                keep.append(span)
        doc.ents = sorted(keep, key=lambda s: s.start)
        return doc

    return BatchStage(turkish_ner)
