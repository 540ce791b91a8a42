import pytest

from pipeline.formats.pubtator import PubTatorError, iter_pubtator

SAMPLE = (
    "111|t|Aspirin and ulcers.\n"
    "111|a|Aspirin caused gastric ulcers and renal failure.\n"
    "111\t0\t7\tAspirin\tChemical\tD001241\n"
    "111\t27\t34\tgastric\tDisease\t-1\n"
    "111\t55\t68\tgastric ulcers\tDisease\tD013276|D007680\n"
    "111\tCID\tD001241\tD013276\n"
    "\n"
    "222|t|Second title\n"
    "222|a|\n"
    "222\t0\t6\tSecond\tDisease\tOMIM:123+D000001\n"
)


def test_documents_text_and_annotations(tmp_path):
    path = tmp_path / "s.pubtator"
    path.write_text(SAMPLE, encoding="utf-8")
    docs = list(iter_pubtator(path))
    assert [d.id for d in docs] == ["111", "222"]
    first = docs[0]
    assert first.text == "Aspirin and ulcers. Aspirin caused gastric ulcers and renal failure."
    assert [(p.label, p.start) for p in first.passages] == [("title", 0), ("abstract", 20)]
    assert first.annotations[2].ids == ["D013276", "D007680"]
    assert first.annotations[1].ids == ["-1"]
    assert docs[1].annotations[0].ids == ["OMIM:123", "D000001"]


def test_malformed_lines_raise_or_are_collected(tmp_path):
    path = tmp_path / "bad.pubtator"
    path.write_text("1|t|T\n1|a|A b\n1\tx\t3\tA\tChemical\tD1\n1\t0\t1\n", encoding="utf-8")
    with pytest.raises(PubTatorError):
        list(iter_pubtator(path))
    errors = []
    docs = list(iter_pubtator(path, errors))
    assert len(docs) == 1 and len(errors) == 2 and errors[0].line == 3
