"""Sections from the passages a reader recorded (pipeline.sections.PassageSections)."""

from pathlib import Path

from pipeline.ingest import make_doc
from pipeline.readers import InputFile, read_file
from pipeline.sections import PassageSections, SectionDetector, _load_headers, _load_passage_names

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"


def split(text, passages):
    return PassageSections(SectionDetector(_load_headers()), _load_passage_names())(text, passages)


def tiles(sections, text):
    assert sections[0].start == 0 and sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:], strict=False))


def test_pubmed_labels_name_sections_and_the_label_is_the_header():
    text = "A title.\n\nBACKGROUND: Why.\nMETHODS: How.\nAMAÇ: Neden."
    passages = [
        {"type": "title", "start": 0, "end": 8},
        {"type": "abstract", "label": "BACKGROUND", "start": 10, "end": 26},
        {"type": "abstract", "label": "METHODS", "start": 27, "end": 40},
        {"type": "other_abstract", "label": "AMAÇ", "language": "tur", "start": 41, "end": 53},
    ]
    sections = split(text, passages)
    tiles(sections, text)
    assert [s.name for s in sections] == ["Title", "Introduction", "Methods", "Objective"]
    assert [text[s.start : s.header_end] for s in sections] == [
        "",
        "BACKGROUND:",
        "METHODS:",
        "AMAÇ:",
    ]


def test_an_abstract_in_another_language_is_a_section_of_its_own():
    text = "Title\n\nEnglish abstract.\n\nTürkçe özet."
    passages = [
        {"type": "title", "start": 0, "end": 5},
        {"type": "abstract", "start": 7, "end": 24},
        {"type": "other_abstract", "language": "tur", "start": 26, "end": 38},
    ]
    assert [(s.name, s.start) for s in split(text, passages)] == [
        ("Title", 0),
        ("Abstract", 7),
        ("Abstract", 26),
    ]


def test_jats_titles_paragraphs_and_captions():
    text = "Intro\n\nFirst.\n\nSecond.\n\nFigure 1: Cap.\n\nThird."
    passages = [
        {"type": "section_title", "section": "Intro", "start": 0, "end": 5},
        {"type": "paragraph", "section": "Intro", "start": 7, "end": 13},
        {"type": "paragraph", "section": "Intro", "start": 15, "end": 22},
        {"type": "fig_caption", "section": "Intro", "start": 24, "end": 38},
        {"type": "paragraph", "section": "Intro", "start": 40, "end": 46},
    ]
    sections = split(text, passages)
    tiles(sections, text)
    # "Intro" is not in the header table: the section keeps its own title
    assert [(s.name, s.start, s.header_end) for s in sections] == [
        ("Intro", 0, 5),
        ("Figure Caption", 24, 24),
        ("Intro", 40, 40),
    ]


def test_an_empty_passage_names_nothing():
    text = "Only a title."
    passages = [
        {"type": "title", "start": 0, "end": 13},
        {"type": "abstract", "start": 13, "end": 13},
    ]
    assert [(s.name, s.start, s.end) for s in split(text, passages)] == [("Title", 0, 13)]


def test_passages_that_do_not_fit_the_text_are_ignored():
    text = "Some text here."
    for bad in (
        [{"type": "title", "start": 0, "end": 99}],
        [{"type": "title", "start": 0, "end": 8}, {"type": "abstract", "start": 5, "end": 9}],
        [{"type": "title", "start": "0", "end": 4}],
        [{"type": "title", "start": 3, "end": 2}],
        [{"type": "abstract", "start": 0, "end": 0}],
        [],
        "not a list",
    ):
        assert split(text, bad) is None


def test_pubmed_english_and_turkish_abstracts_keep_their_languages(nlp):
    """A PubMed record with an English abstract and a Turkish OtherAbstract: the English
    entities are English (they shared one Turkish-labelled section before passages
    became sections)."""
    path = FIXTURES / "pubmed_sample.xml"
    items = read_file(InputFile(path, path.stem, path.stat().st_size), 1 << 24)
    record = next(i for i in items if getattr(i, "id", None) == "90000002")
    rec = nlp(make_doc(nlp, record))._.record
    by_text = {(e["text"], e["start"]): e["language"] for e in rec["entities"]}
    text = rec["text"]
    assert by_text[("stroke", text.index("stroke"))] == "en"
    assert by_text[("inme", text.index("inme"))] == "tr"
    assert [s["name"] for s in rec["sections"]] == ["Title", "Abstract", "Objective", "Conclusion"]
