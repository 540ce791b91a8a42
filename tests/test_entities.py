"""Entity recognition, abbreviations and normalisation on text written for these tests."""

from functools import partial

from conftest import assert_offsets


def ents(doc):
    return [(e.text, e.label_, e._.concept, e._.match_kind) for e in doc.ents]


def short_forms(doc):
    """(text, concept) of the entities that are defined abbreviations."""
    return [(e.text, e._.concept) for e in doc.ents if e._.match_kind == "abbreviation"]


def test_abbreviation_gets_long_form_concept(process):
    doc = process("Patients with multiple myeloma (MM) were enrolled. MM relapsed in 12 of them.")
    mm = [e for e in doc.ents if e.text == "MM"]
    assert len(mm) == 2
    for e in mm:
        assert e._.concept == "MESH:D009101" and e.label_ == "Disease"
        assert e._.match_kind == "abbreviation" and e._.long_form == "multiple myeloma"
        assert "MONDO:0009693" in e._.ids


def test_hyphenated_short_form_is_defined_and_linked(process):
    """scispaCy rejects "A-T" (our tokenizer splits it into one-letter tokens)."""
    doc = process(
        "Ataxia-telangiectasia (A-T) is recessive. Cells from A-T patients, and A-T-like."
    )
    short = [e for e in doc.ents if e._.match_kind == "abbreviation"]
    assert [e.start_char for e in short] == [23, 53]  # not the one inside "A-T-like"
    assert all(e.text == "A-T" and e._.concept == "MESH:D001260" for e in short)


def test_short_form_before_a_separator_and_one_letter_short_forms(process):
    """ "(DEN: 10 mg/kg)" defines an abbreviation (models/pipeline.cfg sets `separators`);
    "testosterone (T)" does only with `single_letters` (off by default), and then not
    a lower-case letter nor a letter glued to a word."""
    from pipeline.abbreviations import _short_forms_scispacy_rejects

    doc = process(
        "Rats got diethylnitrosamine (DEN: 10 mg/kg) and testosterone (T). "
        "DEN raised T levels; T-cells and Tx were unchanged; heparin (h) too."
    )
    found = {
        (e.start_char, e.text, e._.concept) for e in doc.ents if e._.match_kind == "abbreviation"
    }
    assert found == {(29, "DEN", "MESH:D004052"), (66, "DEN", "MESH:D004052")}
    letters = _short_forms_scispacy_rejects(doc, single_letters=True)
    assert [(s.start_char, s.text, s._.long_form.text) for s in letters] == [
        (62, "T", "testosterone"),
        (77, "T", "testosterone"),
    ]
    assert not _short_forms_scispacy_rejects(doc)


def test_a_chemical_defines_the_abbreviation_after_it(process):
    """Schwartz & Hearst find no letters of "GSH" in "glutathione" nor of "CDDP" in
    "cisplatin"; the parentheses right after a chemical still define them
    (`after_entity`), but not a route of administration nor a slashed pair. After a
    chemical that only ends a longer word, the whole word is the long form."""
    doc = process(
        "Rats got glutathione (GSH) and cisplatin (CDDP). GSH rose and CDDP-treated rats "
        "lived; streptozotocin (ICV) and ethinylestradiol (CPA/EE) were given too. ICV. "
        "Then NG-nitro-L-glutathione (NGX); NGX fell."
    )
    short = [
        (e.text, e._.concept, e._.long_form) for e in doc.ents if e._.match_kind == "abbreviation"
    ]
    assert short == [
        ("GSH", "MESH:D005978", "glutathione"),
        ("CDDP", "MESH:D002945", "cisplatin"),
        ("GSH", "MESH:D005978", "glutathione"),
        ("NGX", "MESH:D005978", "NG-nitro-L-glutathione"),
        ("NGX", "MESH:D005978", "NG-nitro-L-glutathione"),
    ]  # no "ICV" as streptozotocin, no "CPA/EE" as ethinylestradiol


def test_a_chemical_defines_the_abbreviation_before_its_dose(process):
    """ "glutathione (GSH 100 mg/kg)", "(GSH, 3-30mg/kg)": a short form followed by a
    dose is defined too; a lab code's number ("(CB 3717)") and a lower-case word
    before a dose ("(bolus 0.1 mg)") are not short forms of it."""
    doc = process(
        "Rats got glutathione (GSH 100 mg/kg, ip) and cisplatin (CB 3717). GSH rose; "
        "CB fell. Then heparin (bolus 0.1 mg) was given; bolus doses followed."
    )
    assert short_forms(doc) == [("GSH", "MESH:D005978"), ("GSH", "MESH:D005978")]


def test_a_disease_defines_the_abbreviation_after_it_without_digits(process):
    """ "myotonic dystrophy (DM)": no DM letters in order, but the disease defines it; a
    short form with a digit after a disease is a gene symbol ("(ALMS1)")."""
    doc = process(
        "Patients with myotonic dystrophy (DM) and Alstrom syndrome (ALMS1) were seen. "
        "DM was mild; ALMS1 was sequenced."
    )
    assert short_forms(doc) == [("DM", "MESH:D009223"), ("DM", "MESH:D009223")]


def test_a_word_of_its_own_long_form_is_no_short_form(process):
    doc = process("Renal function fell in the enalapril group (enalapril: risk ratio 1.4).")
    found = [(e.text, e._.concept) for e in doc.ents if e.label_ == "Chemical"]
    assert found == [("enalapril", "MESH:D004656"), ("enalapril", "MESH:D004656")]


def test_a_short_form_holding_a_word_of_its_long_form_defines_nothing(process):
    text = (
        "We gave a timolol suspension that forms a gel on application to the eye "
        "(timolol gellan) daily. Heart rate fell on timolol gellan."
    )
    doc = process(text)
    found = [(e.text, e._.concept) for e in doc.ents if e.label_ == "Chemical"]
    assert found == [("timolol", "MESH:D013999")] * 3
    assert not doc._.abbreviations


def test_an_acronym_may_repeat_later_words_of_its_long_form(process):
    doc = process("Interferon gamma (IFN gamma) was measured. IFN gamma rose.")
    assert [(a.text, a._.long_form.text) for a in doc._.abbreviations] == [
        ("IFN gamma", "Interferon gamma"),
        ("IFN gamma", "Interferon gamma"),
    ]


def test_short_form_of_an_induced_disease_is_the_disease(process):
    doc = process("Heparin-induced thrombocytopenia (HIT) is rare. HIT resolved.")
    hit = [e for e in doc.ents if e.text == "HIT"]
    assert [(e.label_, e._.concept) for e in hit] == [("Disease", "MESH:D013921")] * 2
    assert all(e._.long_form == "thrombocytopenia" for e in hit)  # the entity it stands for
    assert ("Heparin", "Chemical") in [(e.text, e.label_) for e in doc.ents]


def test_short_form_of_a_non_entity_is_dropped(process):
    doc = process("Plasma renin activity (PRA) was low. PRA rose after treatment.")
    assert not [e for e in doc.ents if e.text == "PRA"]


def test_a_short_form_that_is_a_chemical_name_stays(process):
    """The dictionary knows only part of the long form, but "MESNA" is the preferred
    name of a chemical concept itself (no acronym): it stays a chemical."""
    text = "Sodium mercaptoethanesulfonate (MESNA) was added. MESNA protected the bladder."
    doc = process(text)
    mesna = [e for e in doc.ents if e.text == "MESNA"]
    assert [(e.label_, e._.concept) for e in mesna] == [("Chemical", "MESH:D015080")] * 2
    assert all(e._.long_form == "mercaptoethanesulfonate" for e in mesna)  # a string
    assert_offsets(text, doc)


def test_an_entity_holding_a_short_form_and_more_stays():
    """Only entities within an occurrence of a short form whose long form is no entity
    go: "VLCAD deficiency" names a disease even though "VLCAD" (an enzyme) is none."""
    import spacy
    from spacy.language import Language

    import pipeline.abbreviations  # noqa: F401  (registers the factories)
    from pipeline.tokenizer import make_tokenizer

    text = "Very-long-chain acyl-CoA dehydrogenase (VLCAD) was low. VLCAD rose; VLCAD deficiency."
    marked = [
        ("VLCAD rose", "VLCAD", "Chemical"),
        ("VLCAD deficiency", "VLCAD deficiency", "Disease"),
    ]
    if "test_fake_vlcad" not in Language.factories:

        @Language.component("test_fake_vlcad")
        def fake(doc):
            spans = []
            for anchor, mention, label in marked:
                start = doc.text.index(anchor)
                spans.append(doc.char_span(start, start + len(mention), label=label))
            doc.ents = spans
            return doc

    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    nlp.add_pipe("medlink_abbreviation_detector", name="abbreviation_detector")
    nlp.add_pipe("test_fake_vlcad")
    nlp.add_pipe("medlink_abbreviations")
    doc = nlp(text)
    assert [(e.text, e.label_) for e in doc.ents] == [("VLCAD deficiency", "Disease")]


def test_longest_match_and_word_boundaries(process):
    doc = process(
        "Non-myeloablative allogeneic transplantation for acute myeloid leukemia in a man."
    )
    texts = [e.text for e in doc.ents]
    assert "acute myeloid leukemia" in texts
    assert "leukemia" not in texts
    assert all(e.text != "ia" for e in doc.ents)


def test_case_rules_for_short_terms(process):
    doc = process("The lesion measured 12 mm and the patient was given 5 mg of dexamethasone.")
    assert not [e for e in doc.ents if e.text.lower() == "mm"]
    assert ("dexamethasone", "Chemical") in [(e.text, e.label_) for e in doc.ents]


def test_unicode_dashes_and_line_break_hyphenation(process):
    text = "Cutaneous leukocyto-\n clastic vasculitis and non‐Hodgkin lymphoma were seen."
    doc = process(text)
    by_text = {e.text: e for e in doc.ents}
    assert "Cutaneous leukocyto-\n clastic vasculitis" in by_text
    nhl = by_text["non‐Hodgkin lymphoma"]
    assert nhl._.concept == "MESH:D008228"
    for e in doc.ents:
        assert text[e.start_char : e.end_char] == e.text


def test_identifiers_are_curies_per_type(process):
    doc = process(
        "Bortezomib was given to a human with multiple myeloma and Escherichia coli sepsis."
    )
    got = {e.text.lower(): e._.ids for e in doc.ents}
    assert "PUBCHEM.COMPOUND:387447" in got["bortezomib"]
    assert "MESH:D000069286" in got["bortezomib"]
    assert "NCBITaxon:9606" in got["human"]
    assert "NCBITaxon:562" in got["escherichia coli"]
    assert {"MESH:D009101", "MONDO:0009693"} <= set(got["multiple myeloma"])


def test_plural_and_generic_words(process):
    doc = process("Drugs such as anthracyclines caused arrhythmias in these patients.")
    texts = {e.text: e for e in doc.ents}
    assert "Drugs" not in texts  # a class word, not a concept
    assert texts["anthracyclines"]._.concept == "MESH:D018943"
    assert texts["arrhythmias"]._.concept == "MESH:D001145"
    assert texts["arrhythmias"]._.match_kind == "variant"  # generated plural of "arrhythmia"


def test_tokenizer_matches_spacys_affix_rules():
    """The one-pass tokenizer must split exactly as spaCy's Tokenizer does with the same
    prefix/suffix/infix rules: the trained model and the lexicon keys depend on it."""
    import spacy
    from spacy.tokenizer import Tokenizer

    from pipeline.tokenizer import make_tokenizer

    nlp = spacy.blank("en")
    ours = make_tokenizer(nlp)
    reference = Tokenizer(
        nlp.vocab,
        rules={},
        prefix_search=ours.prefix_search,
        suffix_search=ours.suffix_search,
        infix_finditer=ours.infix_finditer,
    )
    texts = [
        "",
        " ",
        "  leading and trailing  ",
        "Non-Hodgkin's lymphoma (NHL),\n\tIL-2__x 5.5 mg/kg\u00a0x\u2009y \n z",
        "a \n b\r\n\r\nc\u2028d  e",
        "\u0130la\u00e7 \u03a3\u03a3 caf\u00e9 e\u0301 \u00bd \U0001d400\u200b",
    ]
    for text in texts:
        got = [(t.text, t.idx, t.whitespace_) for t in ours(text)]
        assert got == [(t.text, t.idx, t.whitespace_) for t in reference(text)], text


def _with_fake_model(
    lexicon_dir,
    model_span: tuple[int, int] | None,
    classes_need_model: bool,
    label: str = "Chemical",
    **config,
):
    """Tokenizer, a stand-in for the statistical model marking one span, the lexicon NER."""
    import spacy
    from spacy.language import Language

    import pipeline.entity_matcher  # noqa: F401  (registers medlink_lexicon_ner)
    from pipeline.tokenizer import make_tokenizer

    name = f"test_fake_model_{model_span}_{label}"
    if name not in Language.factories:

        @Language.component(name)
        def fake_model(doc):
            if model_span is not None:
                doc.ents = [doc.char_span(*model_span, label=label)]
            return doc

    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    nlp.add_pipe(name, name="medlink_model_ner")
    nlp.add_pipe(
        "medlink_lexicon_ner",
        config={
            "lexicon_dir": str(lexicon_dir),
            "prefer": "lexicon",
            "classes_need_model": classes_need_model,
            **config,
        },
    )
    return nlp


def test_dictionary_match_grows_over_the_models_modifiers(lexicon_dir):
    text = "Acute cholestatic hepatitis after isoflurane."
    model = (text.index("cholestatic"), text.index(" after"))
    grown = _with_fake_model(lexicon_dir, model, False, "Disease", model_modifiers=True)(text)
    plain = _with_fake_model(lexicon_dir, model, False, "Disease")(text)
    (ent,) = [e for e in grown.ents if e.label_ == "Disease"]
    (head,) = [e for e in plain.ents if e.label_ == "Disease"]
    assert (ent.text, head.text) == ("cholestatic hepatitis", "hepatitis")
    assert ent._.concept is None and ent._.candidates == head._.candidates  # linked later


def test_dictionary_drug_grows_over_its_salt_words_without_the_model(lexicon_dir):
    """`chemical_salts`: the salt words join the dictionary's drug whatever the model
    marks (here nothing), and "sodium" is no entity of its own any more."""
    text = "She took sertraline hydrochloride and piperacillin sodium."
    grown = _with_fake_model(lexicon_dir, None, False, chemical_salts=True)(text)
    plain = _with_fake_model(lexicon_dir, None, False)(text)
    assert [e.text for e in grown.ents] == ["sertraline hydrochloride", "piperacillin sodium"]
    assert [e.text for e in plain.ents] == ["sertraline", "piperacillin", "sodium"]
    assert [e._.candidates for e in grown.ents] == [e._.candidates for e in plain.ents[:2]]


def test_dictionary_disease_grows_over_the_models_head_noun(lexicon_dir):
    text = "Thromboembolic disease recurred."
    model = (0, len("Thromboembolic disease"))
    grown = _with_fake_model(lexicon_dir, model, False, "Disease", model_words=True)(text)
    plain = _with_fake_model(lexicon_dir, model, False, "Disease")(text)
    assert [e.text for e in grown.ents] == ["Thromboembolic disease"]
    assert [e.text for e in plain.ents] == ["Thromboembolic"]
    assert grown.ents[0]._.candidates == plain.ents[0]._.candidates


def test_class_names_need_the_model_when_asked(lexicon_dir):
    text = "Calcium channel blockers were stopped; later calcium channel blockers were resumed."
    first = (0, len("Calcium channel blockers"))
    gated = _with_fake_model(lexicon_dir, first, True)(text)
    assert [e.text for e in gated.ents] == ["Calcium channel blockers"]  # only the confirmed one
    plain = _with_fake_model(lexicon_dir, first, False)(text)
    assert [e.text.lower() for e in plain.ents] == ["calcium channel blockers"] * 2


def test_abbreviation_detector_defines_what_scispacys_does():
    """The linear parenthesis search must define the same abbreviations, with the
    same long forms and occurrences, as scispaCy's Matcher-based detector, except
    those whose short form is a word of its long form ("alpha" for "TNF-alpha")."""
    import spacy
    from scispacy.abbreviation import AbbreviationDetector

    from pipeline.abbreviations import LinearAbbreviationDetector, _names_itself
    from pipeline.tokenizer import make_tokenizer

    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    ours, reference = LinearAbbreviationDetector(nlp), AbbreviationDetector(nlp)

    def as_set(doc):
        return {
            (a.start, a.end, a._.long_form.start, a._.long_form.end)
            for a in doc._.abbreviations
            if not _names_itself(a, a._.long_form)
        }

    texts = [
        "",
        "No parentheses here.",
        "(Leading) parentheses and empty () ones.",
        "Multiple myeloma (MM) and acute kidney injury (AKI): MM with AKI, then MM again.",
        "Tumour necrosis factor alpha (TNF-alpha (TNFa)) was high (p < 0.05) in MM.",
        "Left ventricular ejection fraction ((LVEF)) and LVEF) and (LVEF.",
        "Interleukin 6 (IL6) rose; IL6 (interleukin 6) fell; (IL6) IL6 IL6.",
        "Ejection fraction (EF) and early filling (EF) both written EF.",
        "A long aside (one two three four five six seven eight nine ten) ends (ALA).",
    ]
    serialising = LinearAbbreviationDetector(nlp, make_serializable=True)
    (mm,) = serialising(nlp(texts[3]))._.abbreviations[:1]
    assert mm["short_text"] in ("MM", "AKI") and isinstance(mm["long_text"], str)
    for text in texts:
        got, expected = ours(nlp(text)), reference(nlp(text))
        assert as_set(got) == as_set(expected), text
    assert as_set(ours(nlp(texts[3])))  # the test texts do define abbreviations


def test_token_bounds_only_at_token_edges():
    """The dictionary's char offsets become token indices only where tokens begin
    and end; elsewhere -1 (the matcher then asks ``Doc.char_span``)."""
    import spacy

    from pipeline.entity_matcher import token_bounds
    from pipeline.tokenizer import make_tokenizer

    nlp = spacy.blank("en")
    nlp.tokenizer = make_tokenizer(nlp)
    doc = nlp.make_doc("Breast  cancer (BC) in rats.")
    firsts, afters = token_bounds(doc, [0, 8, 1, 16, 23], [14, 14, 14, 18, 26])
    assert firsts == [0, 2, -1, 4, 7] and afters == [3, 3, 3, 5, -1]
    assert doc[firsts[0] : afters[0]].text == "Breast  cancer" and doc[4:5].text == "BC"


def test_a_disease_name_grows_over_a_glued_non_and_a_type(nlp):
    """ "non-papillary renal cell carcinoma" and "type IID von Willebrand disease" are
    one mention each (`disease_prefixes`); "non-" before a single word is not taken
    ("non-hypertensive": the corpora mark "hypertensive"), nor a "non" that ends a
    longer word, nor a "type" not followed by a type number."""
    from spacy.tokens import Span

    from pipeline.entity_matcher import grow_over_prefixes

    doc = nlp.make_doc(
        "A non-papillary renal cell carcinoma in non-hypertensive rats; anon-renal cell "
        "carcinoma; non- renal cell carcinoma; type IID von Willebrand disease; "
        "type of von Willebrand disease."
    )
    spans = ((3, 7), (10, 11), (15, 18), (21, 24), (27, 30), (33, 36))
    grown = grow_over_prefixes(doc, [Span(doc, s, e, label="Disease") for s, e in spans])
    assert [g.text for g in grown] == [
        "non-papillary renal cell carcinoma",
        "hypertensive",
        "renal cell carcinoma",  # "anon-"
        "renal cell carcinoma",  # "non- " is not glued
        "type IID von Willebrand disease",
        "von Willebrand disease",  # "type of"
    ]


def _mention(doc, text, word, label="Chemical", within=None):
    """The Span of `word` (its first occurrence, or the one inside `within`)."""
    start = text.index(within or word) + (within or word).index(word)
    return doc.char_span(start, start + len(word), label=label)


def test_a_chemical_grows_over_the_locants_and_stereo_prefixes_glued_before_it(nlp):
    """The corpora begin a chemical mention with its glued prefix ("5-fluorouracil",
    "L-dopa"), so a mention found after it grows over it; not over "(+)-" (BioRED
    leaves it out), a word that is no prefix ("anti-"), a prefix that does not begin
    the word ("N-nitroso-N-"), another mention, or a prefix before a disease."""
    from spacy.tokens import Span

    from pipeline.chemical_prefixes import grow_over_chemical_prefixes

    text = (
        "Urinary 5-hydroxyindoleacetic acid, L-dihydroxyphenylalanine, 2,3,5-triphenyl"
        "tetrazolium chloride, (2R,4R)-aminopyrrolidine, alpha-tocopherol, (+)-propranolol, "
        "anti-histamine, N-nitroso-N-methylurea, D-penicillamine and 5-glaucoma."
    )
    doc = nlp.make_doc(text)

    span = partial(_mention, doc, text)

    ents = [
        span("hydroxyindoleacetic acid"),
        span("dihydroxyphenylalanine"),
        span("triphenyltetrazolium chloride"),
        span("aminopyrrolidine"),
        span("tocopherol"),
        span("propranolol"),
        span("histamine"),
        span("methylurea"),
        span("D", within="D-penicillamine"),
        span("penicillamine"),
        span("glaucoma", "Disease"),
    ]
    assert all(isinstance(e, Span) for e in ents)
    grown = grow_over_chemical_prefixes(doc, ents)
    assert [g.text for g in grown] == [
        "5-hydroxyindoleacetic acid",
        "L-dihydroxyphenylalanine",
        "2,3,5-triphenyltetrazolium chloride",
        "(2R,4R)-aminopyrrolidine",
        "alpha-tocopherol",
        "propranolol",
        "histamine",
        "methylurea",
        "D",
        "penicillamine",  # "D" is a mention of its own
        "glaucoma",
    ]
    assert grown[0].start_char == text.index("5-hydroxy")


def test_a_chemical_grows_over_the_salt_words_beside_it(nlp):
    """The corpora draw the salt form as one mention: a drug grows over the salt words
    after it ("bupivacaine hydrochloride", "heparin sodium") and before it ("sodium
    valproate", "calcium disodium edetate"), taking in a salt word's own mention and
    keeping the drug's candidates; not over an ion naming a channel ("calcium channel
    blocker"), nor a salt word beside "ions", nor one glued without a space, nor a word
    other than a metal before the mention ("salt dust")."""
    from spacy.tokens import Span

    from pipeline.chemical_salts import grow_over_salt_words

    text = (
        "Bupivacaine hydrochloride, unfractionated heparin sodium, sodium valproate, "
        "calcium disodium edetate, nifedipine calcium channel blocker, calcium ions, "
        "salt dust and lidocaine-HCl."
    )
    doc = nlp.make_doc(text)

    span = partial(_mention, doc, text)

    ents = [
        span("Bupivacaine"),
        span("unfractionated heparin"),
        span("sodium", within="heparin sodium"),
        span("valproate"),
        span("edetate"),
        span("nifedipine"),
        span("calcium", within="calcium ions"),
        span("ions"),
        span("dust"),
        span("lidocaine"),
    ]
    assert all(isinstance(e, Span) for e in ents)
    ents[0]._.candidates = ((7, 0),)
    grown = grow_over_salt_words(doc, ents)
    assert [g.text for g in grown] == [
        "Bupivacaine hydrochloride",
        "unfractionated heparin sodium",
        "sodium valproate",
        "calcium disodium edetate",
        "nifedipine",
        "calcium",
        "ions",
        "dust",
        "lidocaine",
    ]
    assert grown[0]._.candidates == ((7, 0),) and grown[0]._.grown
    assert all(text[g.start_char : g.end_char] == g.text for g in grown)


def test_the_salt_form_is_one_mention_linked_to_its_drug(lexicon_dir):
    """Without the model (fast profile) the dictionary knows the drugs and "sodium"
    alone; the salt words join the drug's mention, which keeps the drug's concept."""
    from pipeline.nlp import load_pipeline

    fast = load_pipeline(lexicon_dir=lexicon_dir, profile="fast")
    text = "He received bupivacaine hydrochloride and diclofenac sodium."
    doc = fast(text)
    chems = [(e.text, e._.concept) for e in doc.ents if e.label_ == "Chemical"]
    assert chems == [
        ("bupivacaine hydrochloride", "MESH:D002045"),
        ("diclofenac sodium", "MESH:D004008"),
    ]
    assert_offsets(text, doc)
