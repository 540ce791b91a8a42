"""Drug development codes ("BN 52021") as chemicals where the document uses them as drugs."""

from pipeline.drug_codes import _codes


def codes(doc):
    return [(e.text, e.label_, e._.match_kind) for e in doc.ents if e._.match_kind == "drug_code"]


def test_a_code_after_a_pharmacological_role_is_a_chemical_everywhere(process):
    doc = process(
        "The thromboxane antagonist ZK 36374 was infused. Blood pressure fell after ZK 36374."
    )
    # both occurrences are chemicals; the second, with no role word before it, only
    # because the first is used as a drug (the model may find the first itself)
    assert [(e.text, e.label_) for e in doc.ents if e.text == "ZK 36374"] == [
        ("ZK 36374", "Chemical")
    ] * 2
    assert codes(doc)[-1] == ("ZK 36374", "Chemical", "drug_code")
    record = doc._.record["entities"]
    assert [(r["text"], r["ids"]) for r in record if r["text"] == "ZK 36374"] == [
        ("ZK 36374", [])
    ] * 2


def test_a_code_before_a_dose_or_beside_a_chemical(process):
    doc = process("Rats received QX-8812 (5 mg/kg) daily. Haloperidol and XR-4417 were compared.")
    assert [c[0] for c in codes(doc)] == ["QX-8812", "XR-4417"]


def test_gene_symbols_and_cell_lines_stay_words(process):
    doc = process(
        "Expression of ADAM10 and IL-13 rose after cisplatin in HEK293 cells; "
        "HLA-B27 carriers were excluded."
    )
    assert codes(doc) == []
    assert "ADAM10" not in {e.text for e in doc.ents}


def test_letters_before_a_dose_are_no_code(process):
    doc = process("Cyclophosphamide (CP 200 mg/kg) was injected in the antagonist group CP 200 mg.")
    assert codes(doc) == []


def test_the_shapes_a_code_takes():
    text = (
        "SM-5887, BN 52021, PJ34, U-50488H, E-2020, GYKI-41 099, RP 67,580, L-365,260, "
        "WIN 55,212-2 and Ro15-1788; not PN 11, x-AB123, p53 nor 12,345"
    )
    assert [m.group() for m in _codes(text)] == [
        "SM-5887",
        "BN 52021",
        "PJ34",
        "U-50488H",
        "E-2020",
        "GYKI-41 099",
        "RP 67,580",
        "L-365,260",
        "WIN 55,212-2",
        "Ro15-1788",
    ]


def test_a_code_in_parentheses_after_a_chemical_is_linked_to_it(process):
    doc = process("Patients received miglustat (QX-48334) daily. QX-48334 was well tolerated.")
    coded = [e for e in doc.ents if e.text == "QX-48334"]
    assert [(e._.concept, e._.match_kind, e._.long_form) for e in coded] == [
        ("MESH:C059896", "abbreviation", "miglustat")
    ] * 2
