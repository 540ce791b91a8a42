"""Disease classes named by their mode of inheritance, one mention each."""


def diseases(doc):
    return [(e.text, e._.concept) for e in doc.ents if e.label_ == "Disease"]


def test_fillers_between_lead_and_head(process):
    doc = process(
        "Ataxia is an inherited human disease. Autosomal recessive human genetic disorders "
        "and X-linked disorders were compared."
    )
    assert diseases(doc) == [
        ("Ataxia", "MESH:D001259"),
        ("inherited human disease", "MESH:D030342"),
        ("Autosomal recessive human genetic disorders", "MESH:D030342"),
        ("X-linked disorders", "MESH:D040181"),
    ]
    assert [e.text for e in doc.ents if e.label_ == "Species"] == []  # "human" gave way


def test_a_condition_is_no_class():
    from pipeline.inheritance_classes import PHRASE

    text = "A dominantly inherited condition, unlike X-linked recessive disease, was seen."
    assert [m.group() for m in PHRASE.finditer(text)] == ["X-linked recessive disease"]
