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
