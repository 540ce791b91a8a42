import pytest

from pipeline.language import identify


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The patient developed fever and a rash after the second course of chemotherapy.",
            "en",
        ),
        (
            "Hastaya iki kür kemoterapi verildi ve ateşi düştü. Kontrol muayenesinde herhangi bir şikayeti yoktu.",
            "tr",
        ),
        (
            "Hastaya iki kur kemoterapi verildi ve atesi dustu. Kontrol muayenesinde herhangi bir sikayeti yoktu.",
            "tr",
        ),
        (
            "Die Patientin wurde mit Bortezomib und Dexamethason behandelt, aber die Krankheit schritt fort.",
            "other",
        ),
        ("Özet", "und"),
        ("12.3 mg/dL", "und"),
    ],
)
def test_identify(text, expected):
    assert identify(text)[0] == expected


def test_identify_is_deterministic():
    text = "Bu hastalık çocuklarda nadir olarak görülmektedir ve tanısı güçtür."
    assert len({identify(text) for _ in range(5)}) == 1


def test_bilingual_section_is_split_and_a_plain_one_classified():
    from pipeline.language import classify_section
    from pipeline.sections import Section

    english = "The patient was treated with dexamethasone and recovered well.\n\n"
    turkish = (
        "Hastaya iki kür kemoterapi verildi ve ateşi düştü. Kontrol muayenesinde şikayeti yoktu.\n"
    )
    text = english + turkish
    parts = classify_section(text, Section("Abstract", 0, len(text), 0))
    assert [(p.start, p.end, p.language) for p in parts] == [
        (0, len(english), "en"),
        (len(english), len(text), "tr"),
    ]
    (whole,) = classify_section(english, Section("Abstract", 0, len(english), 0))
    assert whole.language == "en" and whole.lang_score > 0.9


def test_turkish_evidence_counts_each_occurrence_of_a_marker():
    from pipeline.turkish.markers import is_marker, turkish_evidence

    text = "Hastaya ilaç verildi. HASTAYA ilaç VERİLDİ ve hasta iyileşti; the drug was given."
    words = text.replace(".", " ").replace(";", " ").split()
    expected = sum(1 for w in words if is_marker.__wrapped__(w))  # unmemoised check
    hits, share = turkish_evidence(text)
    assert hits == expected > 2
    assert share == hits / len(words)
    assert turkish_evidence(text) == (hits, share)  # memoised words give the same answer


def test_vectorised_features_equal_py3langids():
    """Our n-gram counting must give py3langid's feature vectors exactly."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from pipeline.language import _identifier_class

    reference = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    ours = _identifier_class().from_pickled_model(MODEL_FILE, norm_probs=True)
    texts = [
        "",
        "a",
        "Özet",
        "The patient developed fever after the second course of chemotherapy. " * 40,
        "Hastaya iki kür kemoterapi verildi ve ateşi düştü; kontrolde şikayeti yoktu.",
        "血清钠 125 mmol/L, 日本語のテキスト, кровь, \U0001f600 emoji and tabs\t\n\n",
        bytes(range(256)),
    ]
    for text in texts:
        expected, got = reference.instance2fv(text), ours.instance2fv(text)
        assert got.dtype == expected.dtype
        assert (got == expected).all()
    assert ours.classify(texts[4]) == reference.classify(texts[4])


def test_marker_count_is_skipped_only_for_long_certain_english(monkeypatch):
    """The Turkish marker words are counted for short texts (and for anything not
    certainly English); a long text py3langid is sure is English skips the count."""
    import pipeline.language as language

    counted = []
    monkeypatch.setattr(language, "_turkish_by_markers", lambda t: counted.append(t))
    short = "The patient developed fever after the second course of chemotherapy."
    long = " ".join([short] * 6)
    assert len(short) < language.SURE_CHARS <= len(long)
    assert identify(short)[0] == identify(long)[0] == "en"
    assert counted == [short]
