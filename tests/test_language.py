import pytest

from pipeline.language import identify


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Both vasculitis and pulmonary calcification are conditions that rarely occur in myeloma.",
            "en",
        ),
        (
            "Hastaya bortezomib ve deksametazon başlandı. Bu tedaviye rağmen progresyonu olan hastaya nakil yapıldı.",
            "tr",
        ),
        (
            "Hastaya bortezomib ve deksametazon baslandi. Bu tedaviye ragmen progresyonu olan hastaya nakil yapildi.",
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
    text = "Hem vaskülit hemde kalsifikasyon nadir olarak görülmektedir."
    assert len({identify(text) for _ in range(5)}) == 1
