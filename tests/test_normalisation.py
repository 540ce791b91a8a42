"""Normalisation of real text: variants, composites, "X-induced Y", corpus terms."""

import pytest

from pipeline.name_forms import singular, type_forms, variant_forms
from pipeline.resources.build import _data_lines, spelling_variants


def test_variant_forms():
    assert variant_forms("cancer of the breast")[0] == "breast cancer"
    forms = variant_forms("breast and ovarian cancers")
    assert forms.index("ovarian cancers") < forms.index("ovarian cancer") < forms.index("cancer")
    forms = variant_forms("acute renal injury")
    assert forms[0] == "acute renal diseases" and forms[-2:] == ["renal injury", "injury"]
    assert "drug induced hepatitis" in variant_forms("drug-induced hepatitis")
    assert singular("arrhythmias") == "arrhythmia"
    assert singular("neuropathies") == "neuropathy"
    assert singular("sepsis") == "sepsis"
    forms = variant_forms("familial breast and ovarian cancer")
    assert forms[0] == "hereditary breast and ovarian cancer"
    assert forms.index("inherited breast and ovarian cancer") < forms.index("ovarian cancer")
    assert not any(f.startswith("hereditary") for f in variant_forms("sporadic breast cancer"))
    assert variant_forms("autosomal dominant disease")[0] == "hereditary disease"
    assert variant_forms("spleen abnormalities")[:2] == ["spleen diseases", "spleen disease"]
    assert "diseases" not in variant_forms("spleen abnormalities")
    forms = type_forms("type IID von Willebrand disease")
    assert "von Willebrand disease, type 2" in forms and "von Willebrand disease type II" in forms
    assert type_forms("SJS type 2") == ["SJS, type 2", "type 2 SJS"]
    assert type_forms("typical absence seizures") == []


def test_british_spellings():
    rules = [("tumor", "tumour"), ("anemi", "anaemi"), ("^hemo", "haemo")]
    assert spelling_variants("Hemolytic Anemia", rules) == ["haemolytic anaemia"]
    assert spelling_variants("chemotherapy", rules) == []
    assert spelling_variants("Tumors", rules) == ["tumours"]


def test_the_shipped_spellings_cover_blood_levels_and_vascular_tumours():
    rules = [(row[0], row[1].strip()) for row in _data_lines("spelling_variants.tsv")]
    assert spelling_variants("Hypokalemic periodic paralysis", rules) == [
        "hypokalaemic periodic paralysis"
    ]
    assert spelling_variants("Hemangioblastoma", rules) == ["haemangioblastoma"]
    assert spelling_variants("toxemia", rules) == ["toxaemia"]  # one rule, not two
    assert spelling_variants("leukocytoclastic vasculitis", rules) == [
        "leucocytoclastic vasculitis"
    ]
    assert spelling_variants("chemical burns", rules) == []


@pytest.fixture(scope="module")
def fast(lexicon_dir):

    from pipeline.ingest import InputDoc, make_doc
    from pipeline.nlp import load_pipeline

    nlp = load_pipeline(lexicon_dir=lexicon_dir, profile="fast")

    def run(text):
        doc = nlp(make_doc(nlp, InputDoc("n", "test", text)))
        return {(e.text, e.label_): e for e in doc.ents}

    return run


@pytest.fixture(scope="module")
def normalise(lexicon_dir):
    """Normalise the given token spans of a text, as the statistical model would hand
    them over (no candidates), or with the candidates of a dictionary match `core`
    (a match grown over words before it keeps its core's)."""
    from spacy.tokens import Span

    from pipeline.guideline_features import set_guideline
    from pipeline.ingest import InputDoc, make_doc
    from pipeline.lexicon import load_lexicon
    from pipeline.nlp import load_pipeline

    nlp = load_pipeline(lexicon_dir=lexicon_dir, profile="fast")
    lexicon = load_lexicon(lexicon_dir)

    def run(text, spans, label="Disease", core=None, long_form=None, guideline=None):
        doc = make_doc(nlp, InputDoc("n", "test", text))
        if guideline is not None:  # as the model stage marks the guideline it followed
            set_guideline(doc, guideline)
        ents = [Span(doc, s, e, label=label) for s, e in spans]
        for ent in ents:
            if core is not None:
                ent._.candidates = lexicon.candidates(core)
                ent._.grown = True
            if long_form is not None:
                ent._.long_form = long_form
        doc.ents = ents
        return nlp.get_pipe("medlink_normaliser")(doc).ents

    return run


def test_induced_is_split_into_chemical_and_disease(fast):
    ents = fast("Heparin-induced thrombocytopenia was rare.")
    assert ("Heparin", "Chemical") in ents
    assert ("thrombocytopenia", "Disease") in ents
    assert not any("induced" in text for text, _ in ents)


def test_composite_mentions_get_every_identifier(fast):
    ents = fast("Carriers of BRCA1 mutations develop breast and/or ovarian cancer.")
    ent = ents[("breast and/or ovarian cancer", "Disease")]
    assert {"MESH:D001943", "MESH:D010051"} <= set(ent._.ids)


def test_a_concept_named_with_the_conjunction_is_not_split(normalise):
    """ "familial breast and ovarian cancer" is Hereditary Breast and Ovarian Cancer
    Syndrome (through "hereditary breast and ovarian cancer"), without Breast
    Neoplasms beside it (a plain composite keeps both: the test above)."""
    text = "Familial breast and ovarian cancer and hereditary breast and ovarian cancer."
    for ent in normalise(text, [(0, 5), (6, 11)]):
        assert ent._.concept == "MESH:D061325"
        assert "MESH:D001943" not in ent._.ids and "MESH:D010051" not in ent._.ids


def test_a_grown_match_is_looked_up_whole(normalise):
    """A dictionary match grown over a heredity word or a type comes with its core's
    candidates; the whole name, written otherwise, wins."""
    text = "Inherited breast and ovarian cancer."
    (ent,) = normalise(text, [(0, 5)], core="ovarian cancer")
    assert ent._.concept == "MESH:D061325"  # as "hereditary breast and ovarian cancer"
    text = "A type IIB von Willebrand disease."
    (ent,) = normalise(text, [(1, 6)], core="von Willebrand disease")
    # the subtype's own concept (MONDO), with the type's MeSH heading
    assert ent.text == "type IIB von Willebrand disease"
    assert "MESH:D056728" in ent._.ids
    # a mode of inheritance is a heredity word: Genetic Diseases, Inborn
    (ent,) = normalise("An autosomal dominant disease.", [(1, 4)])
    assert "MESH:D030342" in ent._.ids


def test_a_disease_grown_over_other_words_is_looked_up_whole(normalise):
    """A disease match grown over words before it ("non-", "male-", "renal") comes with
    its core's candidates; another form of the whole name (without the hyphen, the
    singular) is known, and wins."""
    text = "Non-immune thrombocytopenia and male-infertility and renal oncocytomas."
    grown = {(0, 4): "immune thrombocytopenia", (5, 8): "infertility", (9, 11): "oncocytomas"}
    concepts = [normalise(text, [span], core=core)[0]._.concept for span, core in grown.items()]
    # Thrombocytopenia, not Purpura, Thrombocytopenic, Idiopathic ("immune ..."); Infertility,
    # Male, not Infertility; renal oncocytoma, not Adenoma, Oxyphilic
    assert concepts == ["MESH:D013921", "MESH:D007248", "MESH:C537750"]


def test_the_dictionary_stage_marks_the_matches_it_grows(fast):
    """The glued "non-" grows the match of "immune thrombocytopenia", which says so, and
    the normaliser links the whole name; an ungrown match is not marked."""
    ents = fast("Non-immune thrombocytopenia and asthma.")
    grown, plain = ents[("Non-immune thrombocytopenia", "Disease")], ents[("asthma", "Disease")]
    assert grown._.grown and not plain._.grown
    assert grown._.concept == "MESH:D013921"


def test_a_condition_of_a_site_gets_the_sites_heading(normalise):
    """ "thyroid abnormalities", "pancreatic dysfunction" and "thyroid damage", which
    no vocabulary lists, are Thyroid Diseases and Pancreatic Diseases."""
    text = "Thyroid abnormalities and pancreatic dysfunction, not thyroid damage."
    ents = normalise(text, [(0, 2), (3, 5), (7, 9)])
    assert [e._.concept for e in ents] == ["MESH:D013959", "MESH:D010182", "MESH:D013959"]


def test_corpus_terms_and_stop_pairs(fast):
    # "nephrotoxicity" is annotated as Kidney Diseases in BC5CDR train; the lexicon lacks it
    ents = fast("Gentamicin nephrotoxicity and convulsions after adrenergic stimulation.")
    assert ents[("nephrotoxicity", "Disease")]._.concept == "MESH:D007674"
    assert ents[("convulsions", "Disease")]._.concept == "MESH:D012640"
    # "adrenergic" alone is a non-specific match the corpora do not annotate
    assert ("adrenergic", "Chemical") not in {(t.lower(), lab) for t, lab in ents}


def test_element_symbols_are_linked_through_the_element_name(lexicon_dir):
    from pipeline.elements import ElementLinker
    from pipeline.lexicon import load_lexicon

    lexicon = load_lexicon(lexicon_dir)
    linker = ElementLinker(lexicon)
    ids = {text: lexicon.concepts[linker(text)].curie for text in ("Na", "K(+)", "Ca2+", "Fe")}
    assert ids == {
        "Na": "MESH:D012964",  # Sodium
        "K(+)": "MESH:D011188",  # Potassium
        "Ca2+": "MESH:D002118",  # Calcium
        "Fe": "MESH:D007501",  # Iron: linked although "iron" alone is a stop word
    }
    assert linker("NaCl") is None and linker("na") is None and linker("Xx") is None


def test_unlinked_chemical_symbol_gets_its_element(normalise):
    """A Chemical mention that is only a symbol (as the statistical model finds them)."""
    (ent,) = normalise("Serum Na fell.", [(1, 2)], label="Chemical")
    assert ent._.ids[0] == "MESH:D012964"


def test_undefined_abbreviations_are_linked(lexicon_dir, normalise):
    """A Chemical mention "ASA" (as the statistical model finds it) with no definition in
    the document gets aspirin; the same letters in another case, or a one the document
    defines otherwise, do not."""
    from pipeline.lexicon import load_lexicon
    from pipeline.undefined_abbreviations import AbbreviationLinker

    linker = AbbreviationLinker(load_lexicon(lexicon_dir))
    assert linker("asa") is None and linker("DA") is None  # case kept; two letters: none
    text = "Patients took ASA daily."
    (ent,) = normalise(text, [(2, 3)], label="Chemical")
    assert ent._.ids[0] == "MESH:D001241"  # Aspirin
    # defined in the document as another drug
    (ent,) = normalise(text, [(2, 3)], label="Chemical", long_form="acetazolamide")
    assert ent._.ids[0] != "MESH:D001241"
    # the disease table likewise: "VHL" as a Disease, not as a Chemical
    text = "Renal cysts in VHL patients."
    (ent,) = normalise(text, [(3, 4)])
    assert ent._.ids[0] == "MESH:D006623"  # von Hippel-Lindau Disease
    (ent,) = normalise(text, [(3, 4)], label="Chemical")
    assert not ent._.ids


def test_corpus_links_name_the_mentions_the_model_finds(lexicon_dir, normalise):
    """A link-only name (pipeline/data/corpus_links.tsv) links a mention of its type that
    another stage found; a row whose concept the lexicon lacks or files under another
    type links nothing."""
    from pipeline.corpus_links import CorpusLinker
    from pipeline.data import data_lines
    from pipeline.lexicon import load_lexicon

    lexicon = load_lexicon(lexicon_dir)
    linker = CorpusLinker(
        lexicon,
        [
            ["Ethylol", "Chemical", "D000431", "5"],  # Ethanol
            ["retiredol", "Chemical", "D999999", "3"],
            ["ethylosis", "Disease", "D000431", "3"],
        ],
    )
    assert lexicon.concepts[linker("ethylol", "Chemical")].curie == "MESH:D000431"
    assert linker("ethylol", "Disease") is None and linker("retiredol", "Chemical") is None
    assert linker("ethylosis", "Disease") is None
    shipped = CorpusLinker(lexicon)
    rows = [line.split("\t") for line in data_lines("corpus_links.tsv")]
    name, etype, ui = next(
        r[:3] for r in rows if " " not in r[0] and shipped(r[0], r[1]) is not None
    )
    (ent,) = normalise(f"We saw {name} today.", [(2, 3)], label=etype)
    assert f"MESH:{ui}" in ent._.ids and ent._.match_kind == "curated"


def test_guideline_links_name_a_mention_under_their_guideline_only(lexicon_dir, normalise):
    """A name the corpora link to different concepts (pipeline/data/guideline_links.tsv)
    links as the followed guideline's corpus does, and not at all without a guideline."""
    from pipeline.corpus_links import CorpusLinker
    from pipeline.data import data_lines
    from pipeline.lexicon import load_lexicon

    lexicon = load_lexicon(lexicon_dir)
    rows = [["bc5cdr", "ethylol", "Chemical", "D000431", "3"]]
    linker = CorpusLinker(lexicon, [], rows)
    assert lexicon.concepts[linker("Ethylol", "Chemical", "bc5cdr")].curie == "MESH:D000431"
    assert linker("ethylol", "Chemical", "biored") is None and linker("ethylol", "Chemical") is None
    with pytest.raises(ValueError, match="unknown guideline 'cdr'"):
        CorpusLinker(lexicon, [], [["cdr", *rows[0][1:]]])
    shipped = CorpusLinker(lexicon)
    found = [
        r
        for r in (line.split("\t") for line in data_lines("guideline_links.tsv"))
        if " " not in r[1] and shipped(r[1], r[2], r[0]) is not None
    ]
    assert found, "no shipped guideline link names a fixture concept"
    guideline, name, etype, ui = found[0][:4]
    (ent,) = normalise(f"We saw {name} today.", [(2, 3)], label=etype, guideline=guideline)
    assert f"MESH:{ui}" in ent._.ids and ent._.match_kind == "curated"
    (ent,) = normalise(f"We saw {name} today.", [(2, 3)], label=etype)
    assert f"MESH:{ui}" not in ent._.ids


def test_a_tumour_without_a_mesh_identifier_gets_its_site_heading(normalise):
    """ "parathyroid tumor" is a MONDO concept that MONDO does not map to MeSH: it
    keeps it and also gets Parathyroid Neoplasms, named "parathyroid neoplasms"; a name
    that MeSH knows gets nothing more."""
    from pipeline.name_forms import neoplasm_forms

    assert neoplasm_forms("prostate carcinomas") == ["prostate neoplasms", "prostate neoplasm"]
    assert neoplasm_forms("carcinoma") == [] and neoplasm_forms("prostate hyperplasia") == []
    text = "Patients with a parathyroid tumor or a parathyroid neoplasm."
    tumor, neoplasm = normalise(text, [(3, 5), (7, 9)])
    assert tumor._.concept.startswith("MONDO:") and "MESH:D010282" in tumor._.ids
    assert tumor._.ids[0] == tumor._.concept
    assert neoplasm._.concept == "MESH:D010282"
    assert [i for i in neoplasm._.ids if i.startswith("MESH:")] == ["MESH:D010282"]
