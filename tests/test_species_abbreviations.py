"""Abbreviated binomials ("E. coli") linked like the species named in full."""


def species(doc):
    return [(e.text, e._.concept, e._.match_kind) for e in doc.ents if e.label_ == "Species"]


def test_a_binomial_defines_its_abbreviated_form(process):
    doc = process("Borrelia burgdorferi was cultured. B. burgdorferi and B.burgdorferi grew.")
    assert species(doc) == [
        ("Borrelia burgdorferi", "NCBITaxon:139", "exact"),
        ("B. burgdorferi", "NCBITaxon:139", "abbreviation"),
        ("B.burgdorferi", "NCBITaxon:139", "abbreviation"),
    ]
    assert [e._.long_form for e in doc.ents][1:] == ["Borrelia burgdorferi"] * 2
    record = doc._.record["entities"][1]
    assert (record["match"], record["name"]) == ("abbreviation", "Borrelia burgdorferi")


def test_an_abbreviated_form_before_a_hyphen(process):
    doc = process("Pseudomonas putida was grown. P. putida-induced sepsis followed.")
    assert species(doc)[1] == ("P. putida", "NCBITaxon:303", "abbreviation")


def test_an_undefined_form_is_linked_when_one_species_abbreviates_to_it(process):
    doc = process("Patients with L. monocytogenes were tested for P. falciparum.")
    assert species(doc)[1:] == [
        ("L. monocytogenes", "NCBITaxon:1639", "abbreviation"),
        ("P. falciparum", "NCBITaxon:5833", "abbreviation"),
    ]
    # several of the NCBI Taxonomy's species abbreviate to "C. remanei": an undefined
    # form stays unlinked (species corpora: fewer errors). "C. elegans", which the species
    # corpora annotate consistently, is a corpus term (pipeline/corpus_terms.py).
    assert species(process("Mutant C. remanei strains were studied.")) == []
    assert species(process("Mutant C. elegans strains were studied.")) == [
        ("C. elegans", "NCBITaxon:6239", "curated")
    ]


def test_a_form_two_species_share_is_left_alone(process):
    doc = process("Mycobacterium bovis and Mycoplasma bovis were cultured. M. bovis grew.")
    assert [s[0] for s in species(doc)] == ["Mycobacterium bovis", "Mycoplasma bovis"]


def test_initials_that_abbreviate_no_species_stay_words(process):
    doc = process("As J. Smith noted in group A. total counts fell, i.e. the cells died.")
    assert species(doc) == []


def test_an_undefined_form_of_a_genus_the_document_names_is_linked(process):
    """ "C. remanei" alone is ambiguous; after a mention of the genus, or of another
    species of it, it is Caenorhabditis remanei."""
    doc = process("Caenorhabditis briggsae was compared with C. remanei strains.")
    assert species(doc)[1] == ("C. remanei", "NCBITaxon:31234", "abbreviation")
    assert doc.ents[1]._.long_form == "Caenorhabditis remanei"
    doc = process("The Caenorhabditis genus: C. remanei mutants were studied.")
    assert ("C. remanei", "NCBITaxon:31234", "abbreviation") in species(doc)


def test_a_form_two_named_genera_could_give_is_left_alone(process):
    """Both Mycobacterium and Mycoplasma have a species "bovis": "M. bovis" stays a
    word when the document names both genera only."""
    doc = process("Mycobacterium tuberculosis and Mycoplasma pneumoniae grew; M. bovis did not.")
    assert [s[0] for s in species(doc)] == ["Mycobacterium tuberculosis", "Mycoplasma pneumoniae"]
