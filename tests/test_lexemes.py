"""The faster lexeme getters (pipeline.lexemes) give spaCy's values for every string."""

import random

import spacy

from pipeline.lexemes import speed_up_getters

EDGE = [
    "",
    " ",
    "\n",
    "a",
    "A",
    "Ab",
    "ab",
    "AB",
    "aB",
    "x" * 120,
    "X" * 99,
    "É",
    "é",
    "ß",
    "İ",
    "ı",
    "Ǆ",
    "ǅ",
    "ª",
    "Aª",
    "中",
    "中文",
    "２",
    "²",
    "½",
    "٣",
    "10",
    "1,000",
    "3.5",
    "+3",
    "-4",
    "±2",
    "~7",
    "1/2",
    "1/2/3",
    "3rd",
    "21st",
    "first",
    "First",
    "TWENTY",
    "twenty-one",
    "www.a",
    "www.",
    "http://x",
    "https://x.org",
    "a.com",
    "a.b",
    "x@y.z",
    "@",
    "a@b",
    ".",
    ",",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "«",
    "»",
    "“",
    "”",
    "‘",
    "’",
    "„",
    "‹",
    "$",
    "€",
    "£",
    "''",
    "``",
    '"',
    "'",
    "-",
    "--",
    "—",
    "…",
    "e.g.",
    "U.S.",
    "mg/kg",
    "CYP2D6",
    "IL-6",
    "p53",
    "Ca2+",
    "Na+",
    "O2",
    "H2O",
    "pH",
    "cisplatin",
    "Cisplatin",
    "CISPLATIN",
    "Özet",
    "tanılı",
    "İNME",
    "aspirin's",
    "’s",
]


def _words() -> list[str]:
    rng = random.Random(0)
    alphabet = "aAzZ09.,/@:-+~±$€()'\"_ éÉßİı中²½\t"
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    return EDGE + words


def test_fast_getters_agree_with_spacy():
    original = spacy.blank("en").vocab.lex_attr_getters
    vocab = spacy.blank("en").vocab
    speed_up_getters(vocab)
    replaced = {a for a, g in vocab.lex_attr_getters.items() if g is not original[a]}
    assert len(replaced) >= 11  # the getters above did replace spaCy's
    for word in _words():
        for attr in replaced:
            try:
                expected = original[attr](word)
            except IndexError:  # spaCy's like_url("") indexes text[0]
                continue
            assert vocab.lex_attr_getters[attr](word) == expected, (attr, word)


def test_other_languages_keep_their_getters():
    vocab = spacy.blank("tr").vocab
    before = dict(vocab.lex_attr_getters)
    speed_up_getters(vocab)
    from spacy import attrs

    assert vocab.lex_attr_getters[attrs.LIKE_NUM] is before[attrs.LIKE_NUM]
