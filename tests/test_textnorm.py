from pipeline.textnorm import fold, fold_text, normalise_surface, normalise_term


def test_fold_preserves_length_and_maps_dashes():
    text = "İLAÇ mg dL–1 non‐Hodgkin"
    assert len(fold(text)) == len(text)
    assert fold("dL–1") == "dl-1"
    assert fold("non‐Hodgkin") == "non-hodgkin"


def test_fold_text_joins_line_break_hyphenation_and_maps_offsets():
    text = "leukocyto-\n clastic vasculitis"
    ft = fold_text(text)
    assert ft.text == "leukocytoclastic vasculitis"
    start, end = ft.original_span(0, len("leukocytoclastic"))
    assert text[start:end] == "leukocyto-\n clastic"


def test_fold_text_keeps_real_hyphens_and_whitespace():
    text = "IgG-kappa  \n multiple\tmyeloma"
    ft = fold_text(text)
    assert ft.text == "igg-kappa  \n multiple\tmyeloma" and ft.offsets is None
    assert ft.original_span(13, 29) == (13, 29)
    # a hyphen at a line end before an upper-case word is a real hyphen
    assert fold_text("Durie-\nSalmon").text == "durie-\nsalmon"


def test_term_normalisation():
    assert normalise_term("  Myeloma,   Multiple ") == "myeloma, multiple"
    assert normalise_surface("IL–2") == "IL-2"


def test_fold_is_per_character_even_for_final_sigma():
    # str.lower() of a whole word makes a final capital sigma "ς"; fold maps characters
    # one by one (lexicon keys were built that way), so it must give "σ"
    assert fold("ΟΔΟΣ ΣΑ") == "οδοσ σα"
    assert fold("İstanbul") == "istanbul"
