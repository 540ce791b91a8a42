"""medSpaCy Sectionizer backend: same sections as the line backend, headers from medSpaCy."""

import pytest
from conftest import FIXTURES, ROOT, shared_path
from test_sections import TEXT

from pipeline.sections import SectionDetector, _load_headers

CASE_REPORT = (
    "Title of a report\n"
    "ÖZET\n"
    "Bu olguda nadir bir tablo sunulmuştur.\n"
    "Anahtar Kelimeler: miyelom, vaskülit\n"
    "ABSTRACT\n"
    "We report a rare presentation.\n"
    "Keywords: myeloma, vasculitis\n"
    "GİRİŞ\n"
    "Case reports of this kind are rare.\n"
    "**Case Presentation**\n"
    "A 40-year-old woman was admitted.\n"
    "Table 1. Laboratory findings on admission.\n"
    "\n"
    "Her course was uneventful.\n"
    "TARTIŞMA\n"
    "Tartışma metni.\n"
    "Conclusion.\n"
    "Short.\n"
    "KAYNAKLAR\n"
    "1. A reference.\n"
)


@pytest.fixture(scope="module")
def medspacy_detector(nlp):
    from pipeline.sectionizer import MedspacySectionDetector

    return MedspacySectionDetector(nlp)


def both(nlp, detector, text):
    lines = SectionDetector(_load_headers())(text)
    medspacy = detector.detect(nlp.make_doc(text))
    return lines, medspacy


@pytest.mark.parametrize("text", [TEXT, CASE_REPORT])
def test_same_sections_as_line_backend(nlp, medspacy_detector, text):
    lines, medspacy = both(nlp, medspacy_detector, text)
    assert medspacy == lines


def test_case_report_sections(nlp, medspacy_detector):
    _lines, sections = both(nlp, medspacy_detector, CASE_REPORT)
    names = [s.name for s in sections]
    assert names == [
        "Preamble",
        "Özet",
        "Keywords",
        "Abstract",
        "Keywords",
        "Introduction",
        "Case Report",
        "Table Caption",
        "Case Report",
        "Discussion",
        "Conclusion",
        "References",
    ]
    keywords = sections[2]
    assert keywords.header_end == keywords.start  # inline header keeps its text


def test_header_words_inside_a_sentence_are_not_headers(nlp, medspacy_detector):
    hits = medspacy_detector.header_lines(nlp.make_doc("Case reports of this kind are rare.\n"))
    assert hits == {}


def test_medspacy_rules_cover_the_header_table():
    from pipeline.sectionizer import header_names, section_rules

    rules = section_rules()
    assert {r.category for r in rules} == header_names()
    assert {"Özet", "Introduction", "Case Report", "Keywords", "References"} <= header_names()


def test_backend_option_in_the_stage(nlp):
    from pipeline.sections import make_sections

    stage = make_sections(nlp, "s", 60, backend="medspacy")
    doc = stage(nlp.make_doc(CASE_REPORT))
    assert [s.name for s in doc._.sections][1:3] == ["Özet", "Keywords"]
    with pytest.raises(ValueError):
        make_sections(nlp, "s", 60, backend="nope")


def test_seeds_and_fixtures_match(nlp, medspacy_detector):
    paths = sorted(FIXTURES.rglob("*.txt")) + sorted((ROOT / "corpus").glob("*.txt"))
    paths += [
        shared_path("seeds", n) for n in ("000_3dfc9e1fc1748592.txt", "004_fceec56f15590a81.txt")
    ]
    for path in paths:
        text = path.read_text("utf-8")
        lines, medspacy = both(nlp, medspacy_detector, text)
        assert medspacy == lines, path.name
