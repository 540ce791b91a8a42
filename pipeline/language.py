"""Per-section language identification: ``en``, ``tr``, ``other`` or ``und``.

py3langid (model bundled in the wheel, deterministic) restricted to the languages
biomedical abstracts come in. Short or mixed texts get ``und`` instead of a guess.
"""

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extensions import doc_text
from pipeline.stage import BatchStage

_PARAGRAPH = re.compile(r"\n[ \t\r]*\n\s*")
# py3langid's certainty of English over a text this long, beyond which the Turkish
# marker words (for short or undiacritised Turkish) are not counted
SURE, SURE_CHARS = 0.9999, 300
CANDIDATES = ["en", "tr", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "cs", "zh", "ja"]


@lru_cache(maxsize=4)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE

    ident = _identifier_class().from_pickled_model(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(languages))
    return ident


@lru_cache(maxsize=1)
def _identifier_class():
    """py3langid's identifier with the same byte n-gram counts taken without a
    Python loop over the bytes, which was most of the time of our language stage.

    py3langid's tokenizer is an Aho-Corasick automaton over byte n-grams of at most
    `depth` (4) bytes, so the state after any byte is the state reached from the
    start by the last `depth` bytes alone: all positions are walked together, in
    `depth` numpy steps, and the features of the states entered are counted with
    numpy too. The feature vector is identical, so the probabilities are too (see
    tests/test_language.py)."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    class VectorisedFeatures(LanguageIdentifier):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._next = np.array(self.tk_nextmove, dtype=np.int64)
            n_states = len(self._next) >> 8
            outputs = [tuple(self.tk_output.get(s, ())) for s in range(n_states)]
            self._out_len = np.array([len(o) for o in outputs], dtype=np.int64)
            self._out_start = np.concatenate(([0], np.cumsum(self._out_len)[:-1]))
            self._out_feats = np.array([f for o in outputs for f in o], dtype=np.int64)
            self._n_states = n_states
            self._depth = self._automaton_depth()

        def _automaton_depth(self) -> int:
            """The length of the longest n-gram state (breadth-first from the start)."""
            seen = np.zeros(self._n_states, dtype=bool)
            seen[0] = True
            frontier, depth = np.array([0]), 0
            while len(frontier):
                moves = self._next[(frontier[:, None] << 8) + np.arange(256)].ravel()
                frontier = np.unique(moves[~seen[moves]])
                seen[frontier] = True
                depth += len(frontier) > 0
            return depth

        def instance2fv(self, text, datatype="uint16"):
            if isinstance(text, str):
                text = text.encode("utf8", errors="surrogatepass")
            data = np.frombuffer(text, dtype=np.uint8).astype(np.int64)
            states = np.zeros(len(data), dtype=np.int64)
            for back in range(self._depth - 1, -1, -1):  # the byte `back` places earlier
                states[back:] = self._next[(states[back:] << 8) + data[: len(data) - back]]
            lengths = self._out_len[states]  # each position's features, gathered
            ends = np.cumsum(lengths)
            where = np.arange(ends[-1] if len(ends) else 0) + np.repeat(
                self._out_start[states] - (ends - lengths), lengths
            )
            fv = np.bincount(self._out_feats[where], minlength=self.nb_numfeats)
            return fv.astype(datatype)

    return VectorisedFeatures


def identify(
    text: str,
    min_letters: int = 20,
    min_score: float = 0.9,
    languages: tuple[str, ...] = tuple(CANDIDATES),
) -> tuple[str, float]:
    """(code, probability) where code is en/tr/other/und."""
    if not _has_letters(text, min_letters):
        return "und", 0.0
    code, score = _identifier(languages).classify(text)
    if code == "en" and score >= SURE and len(text) >= SURE_CHARS:
        return "en", float(score)  # too long and too English to be Turkish written plainly
    if (code != "tr" or score < min_score) and "tr" in languages:
        turkish = _turkish_by_markers(text)
        if turkish is not None:
            return "tr", turkish
    if score < min_score:
        return "und", float(score)
    return (code if code in ("en", "tr") else "other"), float(score)


def _has_letters(text: str, count: int) -> bool:
    """Whether text has at least `count` letters; stops counting there."""
    if count <= 0:
        return True
    for c in text:
        if c.isalpha():
            count -= 1
            if not count:
                return True
    return False


def _turkish_by_markers(text: str) -> float | None:
    """Probability of Turkish (against English) for a short or undiacritised text
    in which Turkish marker words are frequent, else None (see turkish.markers)."""
    from pipeline.turkish.markers import turkish_evidence

    hits, share = turkish_evidence(text)
    if hits < 2 or share < 0.15:
        return None
    code, score = _identifier(("en", "tr")).classify(text)
    if code == "tr" and score >= 0.5:
        return float(score)
    return 0.9 if share >= 0.3 else None  # marker words are not English words


def split_by_language(text: str, section, *args) -> list:
    """A section with English and Turkish paragraphs (blank-line separated), such
    as an English abstract followed by its Turkish version under no header of its
    own, becomes one section per run of same-language paragraphs (same name;
    undetermined paragraphs join the run before them)."""
    return _split_or_whole(text, section, *args) or [section]


def classify_section(text: str, section, *args) -> list:
    """The section with its language set, or its parts (see split_by_language).

    Paragraphs are classified first, so the body of a section that is split is not
    classified as well. A section that stays whole is classified as a whole (for
    one paragraph that is the only classification): py3langid's n-gram counts over
    a body are not the sum of its paragraphs', so their results cannot be merged."""
    parts = _split_or_whole(text, section, *args)
    if parts is None:
        section.language, section.lang_score = identify(
            text[section.header_end : section.end], *args
        )
        return [section]
    return parts


def _split_or_whole(text: str, section, *args) -> list | None:
    """The parts of a section with both English and Turkish runs of paragraphs,
    or None when it stays whole."""
    from pipeline.sections import Section

    cuts = [section.header_end]
    cuts += [m.end() for m in _PARAGRAPH.finditer(text, section.header_end, section.end)]
    if len(cuts) < 2:
        return None
    runs: list[list] = []  # [start, end, language, score]
    for a, b in zip(cuts, [*cuts[1:], section.end], strict=True):
        code, score = identify(text[a:b], *args)
        if runs and (code in ("und", runs[-1][2])):
            runs[-1][1] = b
            runs[-1][3] = max(runs[-1][3], score) if code != "und" else runs[-1][3]
        else:
            runs.append([a, b, code, score])
    if {r[2] for r in runs} != {"en", "tr"}:
        return None
    parts = [Section(section.name, a, b, a, code, score) for a, b, code, score in runs]
    parts[0].start, parts[0].header_end = section.start, section.header_end
    return parts


@Language.factory(
    "medlink_language",
    default_config={"min_letters": 20, "min_score": 0.9, "languages": CANDIDATES},
)
def make_language(
    nlp: Language, name: str, min_letters: int, min_score: float, languages: list[str]
):
    langs = tuple(languages)
    _identifier(langs)  # load the model when the pipeline is built, not on the first doc

    def language(doc: Doc) -> Doc:
        if doc._.sections:
            text = doc_text(doc)
            doc._.sections = [
                part
                for section in doc._.sections
                for part in classify_section(text, section, min_letters, min_score, langs)
            ]
        return doc

    return BatchStage(language)
