"""Dictionary entity recognition over the compiled lexicon.

Longest match wins (then the leftmost); matches respect word boundaries (the
lexicon and the tokenizer share them); short terms and acronyms match only with
their own case; Unicode dashes, soft hyphens and end-of-line hyphenation are
folded away (see :mod:`pipeline.textnorm`). Entities already on the Doc (e.g. from
a statistical model earlier in the pipeline) are kept; lexicon matches fill the gaps.
"""

from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import extensions  # noqa: F401
from pipeline.lexicon import Lexicon, load_lexicon
from pipeline.textnorm import fold_text

MODIFIERS = {
    ln.strip().lower()
    for ln in resources.files("pipeline.data")
    .joinpath("disease_modifiers.txt")
    .read_text("utf-8")
    .splitlines()
    if ln.strip() and not ln.startswith("#")
}


def select_longest(matches, taken: list[tuple[int, int]] | None = None):
    """Greedy non-overlapping selection: longest first, then leftmost."""
    chosen = []
    occupied = list(taken or [])
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if any(m.start < e and s < m.end for s, e in occupied):
            continue
        occupied.append((m.start, m.end))
        chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def lexicon_spans(doc: Doc, lexicon: Lexicon, types: set[str], taken=None) -> list[Span]:
    folded = fold_text(doc.text)
    matches = []
    for m in lexicon.match(doc.text, folded):
        cands = tuple((i, f) for i, f in m.candidates if lexicon.concepts[i].type in types)
        if cands:
            matches.append(type(m)(m.start, m.end, m.key, cands))
    spans = []
    text = doc.text
    for m in select_longest(matches, taken):
        if lexicon.concepts[m.candidates[0][0]].type == "Species" and _in_compound(text, m):
            continue
        span = doc.char_span(m.start, m.end, label=lexicon.concepts[m.candidates[0][0]].type)
        if span is None:  # cannot happen with the medlink tokenizer; be safe with others
            continue
        span._.candidates = m.candidates
        span._.match_kind = "lexicon"
        spans.append(span)
    return extend_modifiers(doc, spans, taken)


def extend_modifiers(doc: Doc, spans: list[Span], taken=None) -> list[Span]:
    """Grow Disease mentions leftwards over modifiers that keep the concept
    ("metastatic pulmonary calcification" -> Calcinosis), see disease_modifiers.txt."""
    occupied = {i for s in spans for i in range(s.start, s.end)}
    for s, e in taken or []:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            occupied.update(range(span.start, span.end))
    out = []
    for span in spans:
        start = span.start
        if span.label_ == "Disease":
            while start > 0 and start - 1 not in occupied and doc[start - 1].lower_ in MODIFIERS:
                start -= 1
        if start != span.start:
            grown = Span(doc, start, span.end, label=span.label_)
            grown._.candidates = span._.candidates
            grown._.match_kind = span._.match_kind
            occupied.update(range(start, span.start))
            span = grown
        out.append(span)
    return out


def _in_compound(text: str, m) -> bool:
    """'Salmon' in 'Durie-Salmon': a name glued by a hyphen to a capitalised word."""
    before = text[max(0, m.start - 2) : m.start]
    after = text[m.end : m.end + 2]
    return (len(before) == 2 and before[1] == "-" and before[0].isalpha()) or (
        len(after) == 2 and after[0] == "-" and after[1].isupper()
    )


@Language.factory(
    "medlink_lexicon_ner",
    default_config={"lexicon_dir": None, "types": ["Disease", "Chemical", "Species"]},
)
def make_lexicon_ner(nlp: Language, name: str, lexicon_dir: str | None, types: list[str]):
    lexicon = load_lexicon(lexicon_dir)
    wanted = set(types)

    def lexicon_ner(doc: Doc) -> Doc:
        existing = list(doc.ents)
        taken = [(e.start_char, e.end_char) for e in existing]
        spans = lexicon_spans(doc, lexicon, wanted, taken)
        doc.ents = sorted(existing + spans, key=lambda s: s.start)
        return doc

    return lexicon_ner
