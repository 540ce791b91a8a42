"""Per-section language identification: ``en``, ``tr``, ``other`` or ``und``.

py3langid (model bundled in the wheel, deterministic) restricted to the languages
biomedical abstracts come in. Short or mixed texts get ``und`` instead of a guess.
"""

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions  # noqa: F401

CANDIDATES = ["en", "tr", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "cs", "zh", "ja"]


@lru_cache(maxsize=1)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(languages))
    return ident


def identify(
    text: str,
    min_letters: int = 20,
    min_score: float = 0.9,
    languages: tuple[str, ...] = tuple(CANDIDATES),
) -> tuple[str, float]:
    """(code, probability) where code is en/tr/other/und."""
    letters = sum(c.isalpha() for c in text)
    if letters < min_letters:
        return "und", 0.0
    code, score = _identifier(languages).classify(text)
    if score < min_score:
        return "und", float(score)
    return (code if code in ("en", "tr") else "other"), float(score)


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
        for section in doc._.sections or []:
            body = doc.text[section.header_end : section.end]
            section.language, section.lang_score = identify(body, min_letters, min_score, langs)
        return doc

    return language
