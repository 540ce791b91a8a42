"""The statistical model's spans are cut at tokens, not at sense: a span with a
bracket left open or a function word at its edge is tidied or dropped."""

import pytest
import spacy

from pipeline.model_ner import tidy
from pipeline.tokenizer import make_tokenizer


@pytest.fixture(scope="module")
def span():
    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)

    def _span(text: str, phrase: str):
        start = text.index(phrase)
        doc = nlp(text)
        return doc.char_span(start, start + len(phrase), label="Disease")

    return _span


@pytest.mark.parametrize(
    "text, phrase, expected",
    [
        (
            "Visual halos or blurring (6% of cases).",
            "Visual halos or blurring (6%",
            "Visual halos or blurring",
        ),
        ("Found in breast milk, and to compare", "breast milk, and to", "breast milk"),
        (
            "The renal and auditory functions of the rats",
            "renal and auditory functions of the",
            "renal and auditory functions",
        ),
        ("Cystic fibrosis (CF) is common", "Cystic fibrosis (CF)", "Cystic fibrosis (CF)"),
        (
            "Then 1-(2-phenethyl)-4-(2-pyridyl)-piperazine was given",
            "1-(2-phenethyl)-4-(2-pyridyl)-piperazine",
            "1-(2-phenethyl)-4-(2-pyridyl)-piperazine",
        ),
        ("Then [3H]spiperone binding", "[3H]spiperone", "[3H]spiperone"),
        ("Complete (HPRT) deficiency here", "HPRT) deficiency", None),
        ("A [(3)H label", "[(3)H", None),
        ("It was and or the end", "and or the", None),
        ("Given flurothyl and/or saline", "flurothyl and/or", "flurothyl"),
        ("Patients with A-T or AT had", "A-T", "A-T"),
        ("Patients with A-T or AT had", "AT", "AT"),
        ("Then cyclosporin A was given", "cyclosporin A", "cyclosporin A"),
        ("An adult with a tumour", "a tumour", "tumour"),
    ],
)
def test_tidy(span, text, phrase, expected):
    ent = span(text, phrase)
    tidied = tidy(ent)
    assert (tidied.text if tidied is not None else None) == expected
    if tidied is not None:
        assert tidied.label_ == "Disease"
        assert text[tidied.start_char : tidied.end_char] == tidied.text
