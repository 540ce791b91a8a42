"""The accuracy scorer on small hand-made gold files with known answers."""

import json

import pytest

from pipeline.evaluate import (
    Mention,
    gold_ids,
    gold_mentions,
    predicted_ids,
    read_gold,
    score,
)

GOLD = """\
1|t|Cisplatin nephrotoxicity
1|a|Breast and ovarian cancer in mice.
1\t0\t9\tCisplatin\tChemical\tD002945
1\t10\t24\tnephrotoxicity\tDisease\tD007674
1\t25\t50\tBreast and ovarian cancer\tCompositeMention\tD001943|D010051
1\t36\t50\tovarian cancer\tSpecificDisease\tD010051
1\t54\t58\tmice\tOrganismTaxon\t10090
1\t0\t9\tCisplatin\tGeneOrGeneProduct\t1234

2|t|Unknown toxin
2|a|causes OMIM disease.
2\t0\t13\tUnknown toxin\tChemical\t-1
2\t21\t33\tOMIM disease\tDisease\tOMIM:123456
"""


def m(unit, doc, start, end, etype, *ids):
    return Mention(unit, doc, start, end, etype, frozenset(ids))


@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "gold.txt"
    path.write_text(GOLD)
    return gold_mentions(read_gold(path))


def test_gold_types_ids_and_ignored_types(gold):
    by_type = {}
    for g in gold:
        by_type.setdefault(g.type, []).append(g)
    assert sorted(by_type) == ["Chemical", "Disease", "Species"]  # gene ignored
    composite = next(g for g in gold if g.start == 25)
    assert composite.ids == {"D001943", "D010051"}
    assert next(g for g in gold if g.start == 0 and g.unit == 1).ids == frozenset()  # -1
    assert next(g for g in gold if g.type == "Species").ids == {"10090"}


def test_id_forms():
    assert gold_ids(["MESH:D001", "-1", "OMIM:1", "C02"], "Disease") == {"D001", "OMIM:1", "C02"}
    assert gold_ids(["NCBITaxon:9606", "562"], "Species") == {"9606", "562"}
    assert predicted_ids(["MESH:D001", "MONDO:1", "PUBCHEM.COMPOUND:5"], "Chemical") == {"D001"}
    assert predicted_ids(["NCBITaxon:9606", "MESH:D006801"], "Species") == {"9606"}
    assert predicted_ids(None, "Disease") == frozenset()
    # OMIM names the concept only where no MeSH ID does
    assert predicted_ids(["MESH:C566443", "MONDO:9", "OMIM:610102"], "Disease") == {"C566443"}
    assert predicted_ids(["MONDO:9", "OMIM:610102"], "Disease") == {"OMIM:610102"}


def test_perfect_prediction_scores_one(gold):
    report = score(gold, list(gold))
    for etype in ("Chemical", "Disease", "Species"):
        assert report[etype]["ner"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
        assert report[etype]["concept"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
        assert report[etype]["normalisation"]["accuracy"] == 1.0


def test_known_scores(gold):
    pred = [
        m(0, "1", 0, 9, "Chemical", "D002945"),  # right
        m(0, "1", 10, 24, "Disease", "D000001"),  # right span, wrong id
        m(0, "1", 36, 50, "Disease", "D010051"),  # nested gold mention, right
        m(0, "1", 32, 50, "Disease", "D001943"),  # boundary error; its id is a gold concept
        m(0, "1", 54, 58, "Disease"),  # mice as a Disease: wrong type, unlinked
        m(1, "2", 0, 7, "Chemical", "D999999"),  # boundary error on a -1 mention
        m(1, "2", 21, 33, "Disease", "D123"),  # OMIM gold, MeSH prediction: no concept hit
    ]
    report = score(gold, pred)
    chem, dis = report["Chemical"], report["Disease"]
    # Chemical: gold spans {Cisplatin, Unknown toxin}; predicted {Cisplatin, Unknown}
    assert chem["ner"] == {"p": 0.5, "r": 0.5, "f1": 0.5}
    # Chemical concepts: gold {(1,D002945)} (the -1 is ignored); pred {(1,D002945), (2,D999999)}
    assert chem["concept"] == {"p": 0.5, "r": 1.0, "f1": 0.6667}
    # Disease mentions: gold 4, pred 5, tp 3 (nephrotoxicity, ovarian cancer, OMIM disease)
    assert dis["ner"] == {"p": 0.6, "r": 0.75, "f1": 0.6667}
    # Disease concepts: gold {D007674, D001943, D010051, OMIM:123456};
    # pred {D000001, D010051, D001943, D123}: 2 right of 4 each way
    assert dis["concept"] == {"p": 0.5, "r": 0.5, "f1": 0.5}
    # normalisation on the 3 right spans: only "ovarian cancer" has the right id
    assert dis["normalisation"] == {"accuracy": 0.3333, "n": 3}
    assert dis["errors"]["kinds"]["fn_boundary"] == 1
    assert dis["errors"]["kinds"]["fp_boundary"] == 1
    assert dis["errors"]["kinds"]["fp_spurious"] == 1
    assert dis["errors"]["kinds"]["norm_wrong_id"] == 2
    assert report["Species"]["ner"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    assert report["Species"]["errors"]["kinds"] == {"fn_wrong_type": 1}


def test_duplicate_predictions_count_once(gold):
    pred = [m(0, "1", 0, 9, "Chemical", "D002945")] * 3
    assert score(gold, pred)["Chemical"]["ner"]["p"] == 1.0


def test_concepts_are_per_document(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text("7|t|Aspirin\n7|a|x\n7\t0\t7\tAspirin\tChemical\tD001241\n\n")
    gold = gold_mentions(read_gold(path))
    # found in the same document under another offset: the concept still counts
    report = score(gold, [m(0, "7", 100, 107, "Chemical", "D001241")])
    assert report["Chemical"]["concept"]["f1"] == 1.0
    assert report["Chemical"]["ner"]["f1"] == 0.0
    # the right concept in another document does not
    report = score(gold, [m(0, "8", 0, 7, "Chemical", "D001241")])
    assert report["Chemical"]["concept"]["p"] == 0.0


def test_cli_writes_json(tmp_path, lexicon_dir):
    from pipeline.cli import main

    path = tmp_path / "g.txt"
    path.write_text(
        "9|t|Cisplatin nephrotoxicity in mice\n9|a|\n"
        "9\t0\t9\tCisplatin\tChemical\tD002945\n9\t28\t32\tmice\tSpecies\t10090\n\n"
    )
    out = tmp_path / "scores.json"
    assert main(["evaluate", "--gold", str(path), "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert set(data) == {"Chemical", "Species"}
    assert data["Chemical"]["ner"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    assert data["Species"]["concept"]["f1"] == 1.0
    assert set(data["Chemical"]["concept"]) == {"p", "r", "f1"}
