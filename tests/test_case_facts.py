"""Case-report facts: units, labs, treatments, regimens, procedures, outcomes, the seeds."""

import re

import pytest
from conftest import shared_path

from pipeline.case_facts.labs import parse_range
from pipeline.case_facts.units import to_ucum, unit_regex


@pytest.mark.parametrize(
    "surface, ucum",
    [
        ("mg dL–1", "mg/dL"),
        ("x 109 L–1", "10*9/L"),
        ("×10^9/L", "10*9/L"),
        ("mg m–2", "mg/m2"),
        ("mg/m2", "mg/m2"),
        ("mL s–1", "mL/s"),
        ("g d–1", "g/d"),
        ("mg·kg·d–1", "mg/kg/d"),
        ("mmol/L", "mmol/L"),
        ("IU/L", "[IU]/L"),
        ("%", "%"),
        ("furlongs", None),
    ],
)
def test_units_to_ucum(surface, ucum):
    assert to_ucum(surface) == ucum


def test_unit_regex_does_not_take_words():
    assert unit_regex().match("and then") is None
    assert unit_regex().match("mg dL–1 (normal").group(0) == "mg dL–1"


def test_mangled_range_is_unparsed():
    r = parse_range("138375 mg dL–1", 0, "mg/dL")
    assert r["parsed"] is False and "low" not in r and "high" not in r
    ok = parse_range("92-242 mg dL–1", 0, "mg/dL")
    assert (ok["low"], ok["high"], ok["unit"], ok["parsed"]) == (92, 242, "mg/dL", True)


def _labs(case, analyte):
    return [lab for lab in case["labs"] if lab["analyte"] == analyte]


def _check_offsets(doc):
    text = doc.text
    for kind, facts in doc._.case.items():
        for fact in facts if isinstance(facts, list) else [facts] if facts else []:
            assert text[fact["start"] : fact["end"]] == fact["text"], kind


def test_labs_in_running_text_and_respectively_lists(process):
    text = (
        "Case Report\n"
        "A 62-year-old man was admitted. Laboratory tests: hemoglobin 9.1 g/dL; "
        "serum sodium 128 mmol/L (reference range: 135-145 mmol/L); platelet count: "
        "410 x 109 L–1. Serum IgA and IgM levels were 12 mg dL–1 (normal range: "
        "40-350 mg dL–1) and 95 mg dL–1 (normal range: 50-300 mg dL–1), respectively. "
        "Urinary lambda was 300 mg dL–1 (normal range: 92242 mg dL–1).\n"
    )
    doc = process(text)
    case = doc._.case
    _check_offsets(doc)
    assert case["patient"]["age"] == 62 and case["patient"]["sex"] == "male"
    (hb,) = _labs(case, "hemoglobin")
    assert (hb["value"], hb["unit"], hb["flag"]) == (9.1, "g/dL", None)
    (na,) = _labs(case, "sodium")
    assert (na["value"], na["unit"], na["flag"]) == (128, "mmol/L", "low")
    (plt,) = _labs(case, "platelet count")
    assert plt["unit"] == "10*9/L"
    (iga,) = _labs(case, "immunoglobulin A")
    (igm,) = _labs(case, "immunoglobulin M")
    assert (iga["value"], iga["flag"]) == (12, "low")
    assert (igm["value"], igm["flag"]) == (95, "normal")
    (lam,) = _labs(case, "lambda light chain")
    assert lam["value"] == 300 and lam["flag"] is None
    assert lam["reference_range"]["parsed"] is False and lam["unparsed"] == ["reference_range"]
    assert "MESH:D007070" in iga["ids"]


def test_treatments_regimens_and_outcomes(process):
    text = (
        "Case Report\n"
        "A 47-year-old woman with diffuse large B-cell lymphoma was treated with six "
        "cycles of R-CHOP. She then received carboplatin 400 mg/m2 intravenously on days 1 "
        "and 8. She achieved complete remission after six cycles. Two years later she had "
        "a relapse and underwent autologous stem cell transplantation. She died in March 2019.\n"
        "Discussion\nMost reported patients died within a year.\n"
    )
    doc = process(text)
    case = doc._.case
    _check_offsets(doc)
    (reg,) = case["regimens"]
    assert reg["regimen"] == "R-CHOP"
    assert [d["name"] for d in reg["drugs"]] == [
        "rituximab",
        "cyclophosphamide",
        "doxorubicin",
        "vincristine",
        "prednisone",
    ]
    assert all(d["ids"] for d in reg["drugs"])
    carbo = [t for t in case["treatments"] if t["drug"] == "carboplatin"]
    assert carbo, case["treatments"]
    c = carbo[0]
    assert (c["dose"], c["unit"], c["route"]) == (400, "mg/m2", "intravenous")
    assert c["schedule"].startswith("on days 1")
    (proc,) = case["procedures"]
    assert proc["procedure"] == "autologous stem cell transplantation"
    outcomes = [(o["outcome"], o["qualifier"]) for o in case["outcomes"]]
    assert outcomes == [("remission", "complete"), ("relapse", None), ("death", None)]
    death = case["outcomes"][-1]
    assert death["time"]["text"] == "in March 2019"


def test_turkish_patient(process):
    doc = process("Olgu Sunumu\n45 yaşında kadın hasta karın ağrısı ile başvurdu.\n")
    p = doc._.case["patient"]
    assert (p["age"], p["sex"]) == (45, "female")


def _seed(process, name):
    path = shared_path("seeds", name)
    return process(path.read_text("utf-8"), doc_id=name)


def test_seed_004_case_facts(process):
    doc = _seed(process, "004_fceec56f15590a81.txt")
    case = doc._.case
    _check_offsets(doc)
    assert doc._.record["case"] is case
    p = case["patient"]
    assert (p["age"], p["sex"]) == (35, "female")
    ca = _labs(case, "calcium")[0]
    assert (ca["value"], ca["unit"], ca["flag"]) == (13.8, "mg/dL", "high")
    rr = ca["reference_range"]
    assert (rr["low"], rr["high"], rr["parsed"]) == (8.2, 10.4, True)
    hb = _labs(case, "hemoglobin")[0]
    assert (hb["value"], hb["unit"]) == (7, "g/dL")
    igg = _labs(case, "immunoglobulin G")[0]
    assert (igg["value"], igg["unit"], igg["flag"]) == (3349, "mg/dL", "high")
    wbc = _labs(case, "leukocyte count")[0]
    assert (wbc["value"], wbc["unit"]) == (12.1, "10*9/L")
    # "138375" is the range 138-375 with its dash lost: unparsed, no flag, no invented range
    kappa = _labs(case, "kappa light chain")[0]
    assert kappa["value"] == 847 and kappa["flag"] is None
    assert kappa["reference_range"]["parsed"] is False
    assert "low" not in kappa["reference_range"]
    mel = [t for t in case["treatments"] if t["name"] == "Melphalan"][0]
    assert (mel["dose"], mel["unit"]) == (200, "mg/m2")
    assert "PUBCHEM.COMPOUND:460612" in mel["ids"]
    vad = [r for r in case["regimens"] if r["regimen"] == "VAD"][0]
    names = [d["name"] for d in vad["drugs"]]
    assert names == ["vincristine", "doxorubicin", "dexamethasone"]
    ids = {i for d in vad["drugs"] for i in d["ids"]}
    assert {"MESH:D014750", "PUBCHEM.COMPOUND:5978", "PUBCHEM.COMPOUND:31703"} <= ids
    in_vad = {t["name"] for t in case["treatments"] if t["regimen"] == "VAD"}
    assert in_vad == {"Vincristine", "Doxorubicin", "Dexamethasone"}
    assert "death" in {o["outcome"] for o in case["outcomes"] if not o["negated"]}
    procs = {p["procedure"] for p in case["procedures"]}
    assert {
        "autologous stem cell transplantation",
        "allogeneic stem cell transplantation",
    } <= procs


def test_seed_000_vdt_pace(process):
    doc = _seed(process, "000_3dfc9e1fc1748592.txt")
    case = doc._.case
    _check_offsets(doc)
    p = case["patient"]
    assert (p["age"], p["sex"]) == (58, "male")
    (reg,) = [r for r in case["regimens"] if r["regimen"] == "VDT-PACE"]
    assert len(reg["drugs"]) == 7
    # The seed's own "Linked entities" line lists the PubChem CIDs of the seven drugs.
    line = next(ln for ln in doc.text.splitlines() if "**Chemicals:**" in ln)
    expected = {
        n: f"PUBCHEM.COMPOUND:{c}" for n, c in re.findall(r"(\w+) \(PubChem CID (\d+)\)", line)
    }
    assert len(expected) == 7
    got = {d["name"]: d["ids"] for d in reg["drugs"]}
    assert set(got) == set(expected)
    for name, cid in expected.items():
        if name == "cisplatin":  # our vocabularies map cisplatin to CID 441203
            assert any(i.startswith("PUBCHEM.COMPOUND:") for i in got[name])
        else:
            assert cid in got[name], name
    assert {o["outcome"] for o in case["outcomes"]} == {"death"}


def test_false_friends_are_not_facts(process):
    text = (
        "Rats had central venous pressure (CVP) monitored, and CVP increased after "
        "treatment with alfentanil. Calcification was seen in 20-day-old rats. "
        "The patient received diltiazem 60 mg; the diltiazem level was 526 ng/mL. "
        "Calcium (500 mg/kg) was given.\n"
    )
    doc = process(text)
    case = doc._.case
    assert case["regimens"] == []
    assert case["patient"] is None
    doses = [(t["dose"], t["unit"]) for t in case["treatments"] if t["drug"] == "diltiazem"]
    assert doses == [(60, "mg")]
    assert _labs(case, "calcium") == []


def test_route_belongs_to_the_adjacent_drug_and_negated_response(process):
    text = (
        "Case Report\n"
        "He received intravenous saline, zoledronic acid and oral dexamethasone. "
        "In this patient a complete response was not achieved.\n"
    )
    case = process(text)._.case
    routes = {t["drug"]: t["route"] for t in case["treatments"]}
    assert routes["zoledronic acid"] is None
    assert routes["dexamethasone"] == "oral"
    (resp,) = case["outcomes"]
    assert (resp["outcome"], resp["qualifier"], resp["negated"]) == ("response", "complete", True)


def test_turkish_lab_values_with_decimal_comma(process):
    doc = process(
        "Olgu Sunumu\nHastanın serum kalsiyumu 14,2 mg/dL (normal: 8,5-10,5 mg/dL) idi.\n"
    )
    (ca,) = _labs(doc._.case, "calcium")
    assert (ca["value"], ca["unit"], ca["flag"]) == (14.2, "mg/dL", "high")


def test_schema_rejects_unknown_case_fields(process):
    import copy

    from pipeline.records import RecordError, validate_record

    record = copy.deepcopy(process("A 30-year-old woman had hemoglobin 9 g/dL.")._.record)
    validate_record(record)
    record["case"]["labs"][0]["surprise"] = 1
    with pytest.raises(RecordError):
        validate_record(record)


def test_curated_analyte_ids_agree_with_the_lexicon(lexicon_dir):
    from pipeline.case_facts.labs import _analyte_table
    from pipeline.lexicon import load_lexicon

    lexicon = load_lexicon(str(lexicon_dir))
    checked = 0
    for name, _syns, _cs, mesh in _analyte_table():
        hits = lexicon.lookup(name)
        if hits and mesh:
            assert mesh in hits[0][0].ids, name
            checked += 1
    assert checked >= 5


def test_regimen_expansion_before_the_acronym_and_gene_homonym(process):
    text = (
        "Case Report\n"
        "She was treated with four cycles of vincristine-adriamycin-dexamethasone (VAD) "
        "chemotherapy.\n"
    )
    case = process(text)._.case
    assert [r["regimen"] for r in case["regimens"]] == ["VAD"]
    assert {t["name"] for t in case["treatments"] if t["regimen"] == "VAD"} == {
        "Vincristine",
        "Doxorubicin",
        "Dexamethasone",
    }
    gene = (
        "C/EBP homologous protein (CHOP) was induced by tunicamycin. "
        "Treatment with curcumin reduced CHOP expression.\n"
    )
    assert process(gene)._.case["regimens"] == []


def test_sex_from_agreeing_pronouns_only(process):
    p = process("A 47-year-old patient was admitted. He had fever and his CRP was high.")
    assert p._.case["patient"]["sex"] == "male"
    assert p._.case["patient"]["sex_source"] == "pronouns"
    q = process("A 47-year-old patient and her husband came. He said she was tired.")
    assert q._.case["patient"]["sex"] is None


def test_sentence_bounds_trim_space_tokens(process):
    from pipeline.case_facts import doc_sentences

    doc = process(
        "Case Report\n\n \nA 62-year-old man was admitted.  \n\n He received melphalan. \n"
    )
    expected = []
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if words:
            expected.append((words[0].idx, words[-1].idx + len(words[-1].text)))
    assert doc_sentences(doc) == expected


def test_no_outcome_or_procedure_without_the_patient(process):
    doc = process(
        "Complete remission followed autologous stem cell transplantation in 40% of cases."
    )
    assert doc._.case["outcomes"] == [] and doc._.case["procedures"] == []
    doc = process(
        "After autologous stem cell transplantation the patient achieved complete remission."
    )
    assert [o["outcome"] for o in doc._.case["outcomes"]] == ["remission"]
    assert [p["procedure"] for p in doc._.case["procedures"]] == [
        "autologous stem cell transplantation"
    ]
