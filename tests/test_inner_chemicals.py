"""The chemical inside a class or target name, by the guideline the NER model follows."""

from conftest import assert_offsets

TEXT = (
    "Calcium channel blockers and selective serotonin reuptake inhibitors raised creatine "
    "kinase, whereas angiotensin-converting enzyme inhibitors and vitamin K antagonists did not. "
    "Vitamin K and angiotensin II were given."
)


def chemicals(doc):
    return [(e.text, e._.concept) for e in doc.ents if e.label_ == "Chemical"]


def test_the_default_guideline_marks_the_chemical_inside(process):
    doc = process(TEXT)
    assert chemicals(doc) == [
        ("Calcium", "MESH:D002118"),
        ("serotonin", "MESH:D012701"),
        ("creatine", "MESH:D003401"),
        ("angiotensin", "MESH:D000809"),
        ("vitamin K", "MESH:D014812"),  # the longest chemical name inside
        ("Vitamin K", "MESH:D014812"),  # a subtype letter alone makes no class
        ("angiotensin II", "MESH:D000804"),
    ]
    assert_offsets(TEXT, doc)


def test_a_subclass_word_stays_out(process):
    text = "Neuroactive steroids lowered HDL-cholesterol; steroids did not."
    assert chemicals(process(text)) == [
        ("steroids", "MESH:D013256"),
        ("cholesterol", "MESH:D002784"),
        ("steroids", "MESH:D013256"),
    ]


def test_a_guideline_that_marks_the_whole_class(biored):
    names = [text for text, _ in chemicals(biored(TEXT))]
    assert "creatine kinase" in names and "creatine" not in names
    assert "Calcium" not in names  # the class (a model-confirmed one) or nothing


def test_the_words_around_the_chemical():
    from pipeline.inner_chemicals import AFTER, BEFORE, FILLER, SUBCLASS, TARGET

    assert {"blockers", "inhibitors", "kinase", "species"} <= AFTER
    assert {"kinase", "species", "receptor"} <= TARGET and "inhibitors" not in TARGET
    assert "selective" in BEFORE and "blockers" not in BEFORE and "neuroactive" in SUBCLASS
    assert FILLER.fullmatch("D2") and FILLER.fullmatch("II") and not FILLER.fullmatch("acid")


def test_the_short_form_of_a_target_goes_with_it(process, biored):
    """ "CK" names the enzyme: BC5CDR marks "creatine" inside the long form and no short
    form of a target; a class of agents keeps its short form ("SSRIs")."""
    text = (
        "Creatine kinase (CK) and reactive oxygen species (ROS) rose after selective "
        "serotonin reuptake inhibitors (SSRIs). CK and ROS fell when SSRIs were stopped."
    )
    doc = process(text)
    assert chemicals(doc) == [
        ("Creatine", "MESH:D003401"),
        ("oxygen", "MESH:D010100"),
        ("serotonin", "MESH:D012701"),
        ("SSRIs", "MESH:D017367"),
        ("SSRIs", "MESH:D017367"),
    ]
    assert_offsets(text, doc)
    names = [name for name, _ in chemicals(biored(text))]  # BioRED marks the whole name
    assert names.count("CK") == 2 and names.count("ROS") == 2
