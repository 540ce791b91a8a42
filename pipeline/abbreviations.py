"""Abbreviations defined in the document, linked like their long forms.

scispaCy's AbbreviationDetector (Schwartz & Hearst) finds "long form (SF)" pairs.
Its long form can be too short ("myeloma" for "multiple myeloma (MM)"), so when an
entity ends where the long form ends and starts with the short form's first
letter, that entity is taken as the long form. Every occurrence of the short form
then becomes an entity of the same type and concept. A short form whose long form
is not an entity is not one either: lexicon hits on it are dropped ("PRA" for
plasma renin activity is not a chemical), unless the short form is a chemical's own
preferred name ("MESNA" after a long form the dictionary knows only part of).
"""

import re
from bisect import bisect_left

import numpy as np
from scispacy.abbreviation import AbbreviationDetector, filter_matches, find_abbreviation
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import extensions  # noqa: F401
from pipeline.data import word_list
from pipeline.doses import DOSE
from pipeline.extensions import SpanValues, doc_text
from pipeline.lexicon import CASE_SENSITIVE, PREFERRED
from pipeline.stage import BatchPipe, BatchStage

# scispaCy's filter_matches drops parentheses holding more than this many tokens
_MAX_INSIDE = 8
# "(A-T)": a hyphenated short form in parentheses, written without spaces (group 1),
# found at every "(" (the lookahead lets "((A-T)" match twice, as "(A-T" and "A-T")
_HYPHENATED = re.compile(r"\((?=([^\s)]*-[^\s)]*)\))")
# the end of "heparin-induced " in a long form "heparin-induced thrombocytopenia"
_INDUCED = re.compile(r"\binduced\s+$", re.IGNORECASE)
# " (GSH)" right after an entity: one word of 2-10 characters starting with a letter,
# no slash ("cyproterone acetate plus ethinylestradiol (CPA/EE)" names two drugs)
_AFTER_ENTITY = re.compile(r" ?\(([^\W\d_][^\s()/]{1,9})\)")
# "parachlorophenylalanine (PCPA 100 mg/kg", "pentylenetetrazole (PTZ, 3-30mg/kg)": a
# drug's short form followed by its dose; the short form holds two capitals at least
_BEFORE_DOSE = re.compile(r" ?\(([^\W\d_][^\s()/,;:]{1,9}),? (?=" + DOSE + ")")
# "streptozotocin (ICV)": a route of administration, not a short form
ROUTES = word_list("route_abbreviations.txt")
# "(T)": a one-letter short form (upper case)
_SINGLE_LETTER = re.compile(r"\((?=([^\W\d_])\))")


@Language.factory(
    "medlink_abbreviation_detector",
    default_config={"make_serializable": False, "separators": []},
)
class LinearAbbreviationDetector(BatchPipe, AbbreviationDetector):
    """scispaCy's AbbreviationDetector, its parenthesis Matcher replaced.

    scispaCy finds "( ... )" with the Matcher pattern ``( + )``, whose ``+`` follows
    every open parenthesis token by token to every later close one: about 1 ms per
    abstract, the detector's main cost. The same (start, end) pairs, in the Matcher's
    order (by end, then latest start first), come straight from where the two
    parenthesis tokens are; scispaCy's filters and Schwartz & Hearst matching then
    run unchanged. Its second Matcher, which finds every occurrence of each short
    form defined, gets the same treatment: its patterns are plain token sequences.

    `separators` (e.g. ``[":", ";"]``) also reads "diethylnitrosamine (DEN: 10 mg/kg)",
    a short form that ends at a separator inside the parentheses, as a definition."""

    def __init__(
        self,
        nlp: Language,
        name: str = "abbreviation_detector",
        make_serializable: bool = False,
        separators: list[str] | None = None,
    ):
        super().__init__(nlp, name, make_serializable=False)  # serialised after filtering
        self.serialise = make_serializable
        self.matcher = _ParenthesisPairs(nlp.vocab, separators or [])
        self.global_matcher = _TokenSequences(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        # scispaCy's __call__, with the span values written straight (SpanValues)
        matches = [(key, start + 1, end - 1) for key, start, end in self.matcher(doc)]
        found = doc._.abbreviations
        for long_form, shorts in self.find_matches_for(filter_matches(matches, doc), doc):
            for short in shorts:
                SpanValues(short).set("long_form", long_form)
                found.append(short)
        kept = []
        for short in found:
            values = SpanValues(short)
            if _names_itself(short, values.get("long_form")):
                values.set("long_form", None)
            else:
                kept.append(short)
        if self.serialise:
            kept = [self.make_short_form_serializable(short) for short in kept]
        doc._.abbreviations = kept
        return doc


def _names_itself(short: Span, long_form) -> bool:
    """A "short form" that is a word of its own long form, or holds its first word:
    "the enalapril group (enalapril: risk ratio …)" or "timolol suspension that forms a
    gel (timolol gellan)" defines nothing, and would drop every "enalapril" or "timolol
    gellan" whose long form is not an entity. An acronym may repeat the long form's
    later words, "interferon gamma (IFN gamma)", "dopamine D2 receptor (D2)"."""
    if not isinstance(long_form, Span):
        return False
    if short.text.lower() in {t.lower_ for t in long_form}:
        return True
    first = next((t.lower_ for t in long_form if t.is_alpha), None)
    return any(t.lower_ == first and len(t) >= 4 for t in short)


class _ParenthesisPairs:
    """Matcher stand-in: (0, start, end) for every "(" ... ")" token pair with 1 to
    `_MAX_INSIDE` tokens inside (scispaCy ignores longer ones), and for "(" followed
    by 1 to 3 tokens and a separator."""

    def __init__(self, vocab, separators: list[str]):
        self.open, self.close = vocab.strings.add("("), vocab.strings.add(")")
        # as numpy scalars too: comparing an array with a Python int this large
        # converts the int on every call
        self._open, self._close = np.uint64(self.open), np.uint64(self.close)
        self.separators = [vocab.strings.add(s) for s in separators]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        orth = doc.to_array(ORTH)
        opens = np.flatnonzero(orth == self._open).tolist()
        if not opens:
            return []
        pairs = []
        for k in np.flatnonzero(orth == self._close).tolist():
            # the opens before k - 1, latest first, back to _MAX_INSIDE tokens inside
            for j in range(bisect_left(opens, k - 1) - 1, -1, -1):
                if opens[j] < k - 1 - _MAX_INSIDE:
                    break
                pairs.append((0, opens[j], k + 1))
        if self.separators:
            words = orth.tolist()  # Python ints: numpy scalars compare slowly
            brackets = (self.open, self.close)
            for i in opens:
                for k in range(i + 2, min(i + 5, len(words))):
                    if words[k] in brackets:
                        break
                    if words[k] in self.separators:
                        pairs.append((0, i, k + 1))
                        break
            pairs.sort(key=lambda m: (m[2], -m[1]))
        return pairs


class _TokenSequences:
    """Matcher stand-in for patterns that are token sequences (``[{"ORTH": …}, …]``):
    (key, start, end) for every occurrence, by start."""

    def __init__(self, vocab):
        self.vocab = vocab
        self.patterns: dict[int, list[np.ndarray]] = {}

    def add(self, key: str, patterns: list[list[dict]]) -> None:
        strings = self.vocab.strings
        self.patterns.setdefault(strings.add(key), []).extend(
            np.array([strings.add(t["ORTH"]) for t in p], dtype=np.uint64) for p in patterns
        )

    def remove(self, key: str) -> None:
        del self.patterns[self.vocab.strings[key]]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not self.patterns:
            return []
        orth = doc.to_array(ORTH)
        found = set()
        for key, sequences in self.patterns.items():
            for seq in sequences:
                n = len(seq)
                # where the first token occurs, then the rest compared there (short
                # forms are a few tokens: cheaper than a sliding window over the doc)
                starts = np.flatnonzero(orth[: len(orth) - n + 1] == seq[0])
                for k in range(1, n):
                    starts = starts[orth[starts + k] == seq[k]]
                found.update((key, start, start + n) for start in starts.tolist())
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


def _long_form_entity(ents: tuple[Span, ...], long_form: Span, short: str) -> Span | None:
    start, end = long_form.start_char, long_form.end_char
    initial = short[:1].lower()
    for ent in ents:
        if ent.end_char == end and (ent.start_char <= start + 1 or ent.text[:1].lower() == initial):
            return ent
    for ent in ents:  # the long form itself is an entity
        if ent.start_char == start and ent.end_char == end:
            return ent
    text = doc_text(long_form.doc)
    for ent in ents:  # "heparin-induced thrombocytopenia (HIT)": the disease it ends with
        before = text[start : ent.start_char] if ent.end_char == end else ""
        if ent.label_ == "Disease" and _INDUCED.search(before):
            return ent
    return None


def _names_a_chemical(ents: tuple[Span, ...], occurrences: list[Span]) -> bool:
    """The short form is a chemical's own name, "sodium 2-mercaptoethane sulphonate
    (MESNA)": the dictionary found it as the preferred name of a chemical concept,
    matched without regard to case (not an acronym the lexicon lists)."""
    spans = {(o.start_char, o.end_char) for o in occurrences}
    for e in ents:
        if e.label_ == "Chemical" and (e.start_char, e.end_char) in spans:
            candidates = SpanValues(e).get("candidates")
            if (
                candidates
                and candidates[0][1] & PREFERRED
                and not candidates[0][1] & CASE_SENSITIVE
            ):
                return True
    return False


def _short_forms_scispacy_rejects(doc: Doc, single_letters: bool = False) -> list[Span]:
    """Definitions whose short form scispaCy's filter rejects, and all its
    occurrences: a hyphenated one, "ataxia-telangiectasia (A-T)" (scispaCy wants every
    short-form token 2-9 characters long, and our tokenizer splits "A-T" into "A",
    "-", "T"), and with `single_letters` a one-letter one, "testosterone (T)". Its
    Schwartz & Hearst matching (`find_abbreviation`) is applied to them here."""
    found: list[Span] = []
    text = doc_text(doc)
    definitions = list(_HYPHENATED.finditer(text))
    if single_letters:
        definitions += _SINGLE_LETTER.finditer(text)
    for definition in definitions:
        short = doc.char_span(definition.start(1), definition.end(1))
        if short is None or (len(short) < 3 and len(definition.group(1)) > 1):
            continue
        form = short.text
        if not 1 <= len(form) <= 10 or not form[0].isalpha():
            continue
        if len(form) == 1 and not form.isupper():
            continue
        if sum(c.isalpha() for c in form) < len(form) / 2:
            continue
        i = short.start - 1  # the "(" token
        long_candidate = doc[max(i - min(len(form) + 5, len(form) * 2), 0) : i]
        _, long_form = find_abbreviation(long_candidate, short)
        if long_form is None:
            continue
        found += _occurrences(doc, form, long_form)
    return found


def _occurrences(doc: Doc, form: str, long_form) -> list[Span]:
    """Every standing-alone occurrence of `form` (overlapping ones too), each given
    `long_form`."""
    text = doc_text(doc)
    found = []
    at = text.find(form)
    while at >= 0:
        other = doc.char_span(at, at + len(form))
        if other is not None and _stands_alone(doc, other.start, other.end):
            other._.long_form = long_form
            found.append(other)
        at = text.find(form, at + 1)
    return found


def _short_forms_after_entities(
    doc: Doc, defined: list[Span], types: set[str], digits: set[str]
) -> tuple[list[Span], dict[str, str]]:
    """ "glutathione (GSH)", "leucovorin (MFL)", "cisplatin (CDDP)": an entity of `types`
    right before a parenthesised abbreviation defines it even where Schwartz & Hearst's
    letter matching fails (on the training splits, 37 of the 42 such chemical pairs
    that scispaCy misses are right; disease pairs are a coin toss: gene symbols).
    Where the entity only ends a longer word ("arginine" of "NG-nitro-L-arginine
    (LNNA)"), the whole word is the long form and the entity's type, not its concept,
    goes to the short form: the second value maps such short forms to that type. Only
    the types in `digits` take a short form holding a digit: a drug code ("AMN082"),
    not the gene symbol after a disease ("Alstrom syndrome (ALMS1)"). A chemical's short
    form may also be followed by a dose: "parachlorophenylalanine (PCPA 100 mg/kg)"."""
    text = doc_text(doc)
    known = {s.text for s in defined}
    found: list[Span] = []
    typed: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ not in types:
            continue
        m = _AFTER_ENTITY.match(text, ent.end_char)
        if m is None and ent.label_ == "Chemical":
            m = _BEFORE_DOSE.match(text, ent.end_char)
            if m is not None and sum(c.isupper() for c in m.group(1)) < 2:
                m = None
        if m is None:
            continue
        form = m.group(1)
        if form in known or form.lower() in ROUTES or not any(c.isupper() for c in form):
            continue
        if sum(c.isalpha() for c in form) < len(form) / 2:
            continue
        if ent.label_ not in digits and any(c.isdigit() for c in form):
            continue
        short = doc.char_span(m.start(1), m.end(1))
        if short is None or _names_itself(short, ent):
            continue
        known.add(form)
        start = ent.start
        while start > 0 and not doc[start - 1].whitespace_ and doc[start - 1].text not in "([{/":
            start -= 1
        if start < ent.start:
            typed[form] = ent.label_
        found += _occurrences(doc, form, doc[start : ent.end])
    return found, typed


def _stands_alone(doc: Doc, start: int, end: int) -> bool:
    """Tokens start..end-1 are not glued to a word or hyphen ("A-T" in "A-T-like")."""

    def glued(tok) -> bool:
        return tok.text == "-" or tok.text[0].isalnum() or tok.text[-1].isalnum()

    left = start == 0 or bool(doc[start - 1].whitespace_) or not glued(doc[start - 1])
    right = end == len(doc) or bool(doc[end - 1].whitespace_) or not glued(doc[end])
    return left and right


@Language.factory(
    "medlink_abbreviations",
    default_config={"single_letters": False, "after_entity": [], "after_entity_digits": []},
)
def make_abbreviations(
    nlp: Language,
    name: str,
    single_letters: bool,
    after_entity: list[str],
    after_entity_digits: list[str],
):
    """`single_letters`: also one-letter short forms, "testosterone (T)". `after_entity`:
    entity types whose mentions define the abbreviation in parentheses right after them,
    letters matching or not, "glutathione (GSH)"; of these, `after_entity_digits` the
    types whose short forms may hold a digit ("AMN082")."""
    adjacent, digits = set(after_entity), set(after_entity_digits)

    def abbreviations(doc: Doc) -> Doc:
        if not Doc.has_extension("abbreviations"):
            return doc
        defined = [a for a in doc._.abbreviations if isinstance(a, Span)]  # not serialised
        defined += _short_forms_scispacy_rejects(doc, single_letters)
        typed: dict[str, str] = {}
        if adjacent:
            after, typed = _short_forms_after_entities(doc, defined, adjacent, digits)
            defined += after
        if not defined:
            return doc
        by_short: dict[str, list[Span]] = {}
        long_of: dict[str, Span] = {}
        for short in defined:
            by_short.setdefault(short.text, []).append(short)
            long_of.setdefault(short.text, short._.long_form)
        found = doc.ents  # Doc.ents rebuilds its spans on every access
        ents = list(found)
        for short_text, occurrences in by_short.items():
            long_ent = _long_form_entity(found, long_of[short_text], short_text)
            if long_ent is None and _names_a_chemical(found, occurrences):
                for o in occurrences:  # scispaCy left its long-form Span there
                    SpanValues(o).set("long_form", long_of[short_text].text)
                continue
            # entities within an occurrence go ("PRA" for plasma renin activity); one
            # that holds it and more stays ("VLCAD deficiency", "G6PD-deficient")
            end_of = {i: o.end for o in occurrences for i in range(o.start, o.end)}
            ents = [
                e
                for e in ents
                if e.end > end_of.get(e.start, -1) or (long_ent is not None and e == long_ent)
            ]
            if long_ent is not None:
                source = SpanValues(long_ent)
                candidates, concept = source.get("candidates"), source.get("concept")
                label, long_text = long_ent.label_, long_ent.text  # the normaliser's lookup
            elif short_text in typed:  # linked, if at all, by its long form's text
                candidates = concept = None
                label, long_text = typed[short_text], long_of[short_text].text
            else:
                continue
            for o in occurrences:
                span = Span(doc, o.start, o.end, label=label)
                values = SpanValues(span)
                values.set("candidates", candidates)
                values.set("concept", concept)
                values.set("match_kind", "abbreviation")
                values.set("long_form", long_text)
                ents.append(span)
        doc.ents = sorted(_without_overlaps(ents), key=lambda s: s.start)
        return doc

    return BatchStage(abbreviations)


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """Longest first, then leftmost; overlaps are told by the tokens taken."""
    chosen: list[Span] = []
    taken: set[int] = set()
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if taken.isdisjoint(range(s.start, s.end)):
            taken.update(range(s.start, s.end))
            chosen.append(s)
    return chosen
