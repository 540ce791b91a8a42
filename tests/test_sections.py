from pipeline.sections import SectionDetector, _load_headers

TEXT = (
    "A title line\n"
    " Abstract\n"
    "Patients with anemia were studied.\n"
    " Özet\n"
    "Anemi hastaları incelendi.\n"
    "INTRODUCTION\n"
    "Some text.\n"
    "Figure 1: A caption of the figure.\n"
    "\n"
    "the case continues here.\n"
    "## Discussion\n"
    "We discuss.\n"
    "Results: inline header text.\n"
)


def detect(text):
    return SectionDetector(_load_headers())(text)


def test_sections_tile_the_text_and_are_named():
    sections = detect(TEXT)
    assert sections[0].start == 0 and sections[-1].end == len(TEXT)
    for a, b in zip(sections, sections[1:], strict=False):
        assert a.end == b.start
    names = [s.name for s in sections]
    assert names == [
        "Preamble",
        "Abstract",
        "Özet",
        "Introduction",
        "Figure Caption",
        "Introduction",
        "Discussion",
        "Results",
    ]


def test_header_line_is_not_part_of_the_body():
    abstract = detect(TEXT)[1]
    assert TEXT[abstract.start : abstract.header_end].strip() == "Abstract"
    assert TEXT[abstract.header_end : abstract.end].startswith("Patients")


def test_inline_header_keeps_its_text_in_the_body():
    results = detect(TEXT)[-1]
    assert results.header_end == results.start
    assert TEXT[results.start : results.end].startswith("Results: inline")


def test_turkish_headers_and_markdown_title():
    sections = detect("# My Title\nGiriş\nMetin.\nOLGU SUNUMU\nOlgu bulguları.\nTartışma\nMetin.\n")
    assert [s.name for s in sections] == ["Title", "Introduction", "Case Report", "Discussion"]


def test_text_without_headers_is_one_section():
    sections = detect("Just a sentence about aspirin.")
    assert [(s.name, s.start, s.end) for s in sections] == [("Preamble", 0, 30)]
