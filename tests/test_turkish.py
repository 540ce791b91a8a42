"""Turkish and bilingual Turkish/English abstracts (issue 7).

All Turkish sentences here are written for these tests; the seed is read from
../shared at test time.
"""

import pytest
from conftest import ROOT, shared_path

from pipeline.turkish.cognates import en_keys, tr_key
from pipeline.turkish.matcher import word_runs
from pipeline.turkish.morphology import fold, stems, turkish_lower


def test_turkish_case_folding():
    assert turkish_lower("İLAÇ ISI") == "ilaç ısı"
    assert fold("İnterferon") == fold("interferon") == "interferon"
    assert fold("LÖKOSİTOKLASTİK VASKÜLİT") == fold("lokositoklastik vaskulit")


@pytest.mark.parametrize(
    "word, stem",
    [
        ("myelomda", "myelom"),
        ("vaskülitin", "vaskulit"),
        ("hastaların", "hasta"),
        ("yetmezliğinde", "yetmezlik"),  # possessive + pronominal n + locative, ğ -> k
        ("kalsifikasyonla", "kalsifikasyon"),
        ("tüberkülozu", "tuberkuloz"),
        ("myelomlu", "myelom"),
    ],
)
def test_suffix_stripping_finds_the_stem(word, stem):
    assert stem in stems(fold(word))
    assert stems(fold(word))[0] == fold(word)  # the whole word is always tried first


@pytest.mark.parametrize(
    "turkish, english",
    [
        ("lökositoklastik", "leukocytoclastic"),
        ("vaskülit", "vasculitis"),
        ("miyelom", "myeloma"),
        ("deksametazon", "dexamethasone"),
        ("kalsifikasyon", "calcification"),
        ("pulmoner", "pulmonary"),
        ("şizofreni", "schizophrenia"),
        ("siklofosfamid", "cyclophosphamide"),
        ("hipertansiyon", "hypertension"),
    ],
)
def test_cognate_keys_meet(turkish, english):
    assert tr_key(fold(turkish)) in en_keys(english)


def test_word_runs_stop_at_punctuation_and_apostrophe_suffixes():
    text = "KOAH'lı hastalarda, derin ven trombozu"
    runs = [[w.text for w in run] for run in word_runs(text, 0, len(text))]
    assert runs == [["KOAH"], ["hastalarda"], ["derin", "ven", "trombozu"]]


TURKISH_DOC = (
    "Özet\n"
    "Multipl myelomlu hastalarda hiperkalsemi sık görülür. Bu hastalara zoledronik asit "
    "ve deksametazon verildi. Kalp yetmezliğinde tedavi değiştirildi ve hastaların "
    "üçünde akut böbrek hasarı gelişti.\n"
)


def _entities(doc):
    return [(e["text"], e["concept"], e["language"]) for e in doc._.record["entities"]]


def test_turkish_section_entities(process):
    doc = process(TURKISH_DOC)
    assert doc._.sections[-1].language == "tr"
    ents = _entities(doc)
    for ent in doc._.record["entities"]:
        assert doc.text[ent["start"] : ent["end"]] == ent["text"]
    assert ("Multipl myelomlu", "MESH:D009101", "tr") in ents
    assert ("hiperkalsemi", "MESH:D006934", "tr") in ents
    assert ("zoledronik asit", "MESH:D000077211", "tr") in ents
    assert ("deksametazon", "MESH:D003907", "tr") in ents
    assert ("Kalp yetmezliğinde", "MESH:D006333", "tr") in ents
    assert ("akut böbrek hasarı", "MESH:D058186", "tr") in ents
    # inflected verbs are not MeSH supplementary chemicals ("verildi" ~ "Veryl")
    assert not any(t in ("verildi", "gelişti", "görülür") for t, _, _ in ents)


def test_undiacritised_turkish(process):
    doc = process(
        "Ozet\nLokositoklastik vaskulit tanisi alan hastalarda bas agrisi ve ates sikti. "
        "Hastalarin yarisinda kalp yetmezligi de vardi ve tedaviye siklofosfamid eklendi.\n"
    )
    ents = {t.lower(): c for t, c, _ in _entities(doc)}
    assert ents.get("lokositoklastik vaskulit") == "MESH:D018366"
    assert ents.get("bas agrisi") == "MESH:D006261"
    assert ents.get("kalp yetmezligi") == "MESH:D006333"
    assert ents.get("siklofosfamid") == "MESH:D003520"


def test_alignment_with_the_parallel_english_abstract(process):
    # "apandisit" is in no Turkish table and its cognate key misses "appendicitis"
    # (French-style "apan-"); it is linked only because the English abstract names it.
    english = "Abstract\nThe patient had appendicitis and underwent surgery without delay.\n"
    turkish = "Özet\nHastada apandisit saptandı ve gecikmeden ameliyat yapıldı.\n"
    doc = process(english + turkish)
    ents = doc._.record["entities"]
    en = {e["concept"] for e in ents if e["language"] == "en" and "appendicitis" in e["text"]}
    tr = {e["concept"] for e in ents if e["language"] == "tr" and "apandisit" in e["text"]}
    assert en and tr == en
    alone = process(turkish)
    assert all("apandisit" not in e["text"] for e in alone._.record["entities"])


@pytest.mark.shared
def test_seed_turkish_abstract_matches_english_abstract(process):
    path = shared_path("seeds", "004_fceec56f15590a81.txt")
    doc = process(path.read_text("utf-8"), "seed004")
    rec = doc._.record
    sections = rec["sections"]
    names = [s["name"] for s in sections]
    ozet = names.index("Özet")
    abstract = names.index("Abstract")
    assert sections[ozet]["language"] == "tr"
    tr = {e["concept"] for e in rec["entities"] if e["section"] == ozet}
    en = {e["concept"] for e in rec["entities"] if e["section"] == abstract}
    wanted = {
        "MESH:D009101",  # multiple myeloma / multipl myelom(da)
        "MESH:D018366",  # leukocytoclastic vasculitis / lökositoklastik vaskülit
        "MESH:D002114",  # (metastatic) pulmonary calcification / pulmoner kalsifikasyon
        "MESH:D000069286",  # bortezomib
        "MESH:D003907",  # dexamethasone / deksametazon
    }
    assert wanted <= tr
    assert wanted <= en
    for e in rec["entities"]:
        if e["section"] == ozet:
            assert e["language"] == "tr"
            assert rec["text"][e["start"] : e["end"]] == e["text"]


def test_turkish_gold_files_are_ours_and_well_formed():
    from pipeline.formats.pubtator import iter_pubtator

    sentences = 0
    for name in ("turkish_test.pubtator", "turkish_blind.pubtator", "turkish_dev.pubtator"):
        for doc in iter_pubtator(ROOT / "benchmarks" / "data" / name):
            sentences += doc.text.count(". ") + 1
            for ann in doc.annotations:
                assert doc.text[ann.start : ann.end] == ann.text
                assert ann.type in ("Disease", "Chemical") and ann.ids
    assert sentences >= 80


def test_short_undiacritised_turkish_is_identified():
    from pipeline.language import identify

    assert identify("Hastalarin cogunda ates ve oksuruk vardi.")[0] == "tr"
    assert identify("Kontrol grubunda hic yan etki gorulmedi.")[0] == "tr"
    assert identify("Kisa metin.")[0] == "und"  # too short to say
    assert identify("No adverse events were seen in the control group.")[0] == "en"


def test_language_id_on_the_held_out_set():
    from pipeline.language import identify

    path = ROOT / "benchmarks" / "data" / "turkish_langid.tsv"
    rows = [
        ln.split("\t")
        for ln in path.read_text("utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    got = [(exp, identify(s)[0]) for exp, s in rows]
    assert sum(1 for e, g in got if e == g == "tr") >= 26
    assert not any(e == "en" and g == "tr" for e, g in got)


def _split(text: str, language: str = "tr") -> list[str]:
    from pipeline.data import word_list
    from pipeline.sentences import SentenceSplitter

    cuts = SentenceSplitter(set(word_list("abbreviations.txt"))).boundaries(
        text, 0, len(text), language
    )
    return [text[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]


def test_turkish_sentence_splitting():
    text = (
        "Prof. Dr. Can Ak ve Doç. Dr. Ece Su hastayı değerlendirdi. Hastaya 2. Kür "
        "uygulandı, 3. kür ertelendi. Kalsiyum 14,2 mg/dL idi. Yak. 3 ay sonra "
        "iyileşti (bkz. Tablo 2). Örn. ateş, öksürük vb. Belirtiler geriledi."
    )
    assert _split(text) == [
        "Prof. Dr. Can Ak ve Doç. Dr. Ece Su hastayı değerlendirdi.",
        "Hastaya 2. Kür uygulandı, 3. kür ertelendi.",
        "Kalsiyum 14,2 mg/dL idi.",
        "Yak. 3 ay sonra iyileşti (bkz. Tablo 2).",
        "Örn. ateş, öksürük vb. Belirtiler geriledi.",
    ]


def test_numbers_still_end_english_and_figure_sentences():
    assert _split("It was seen in 2005. The patient recovered.", "en") == [
        "It was seen in 2005.",
        "The patient recovered.",
    ]
    assert _split("Lezyonlar küçüldü (Şekil 1). Hasta Şekil 2. Sonra iyileşti.") == [
        "Lezyonlar küçüldü (Şekil 1).",
        "Hasta Şekil 2.",
        "Sonra iyileşti.",
    ]


def test_english_and_turkish_paragraphs_of_one_section(process):
    text = (
        "Metastatic calcification of the lungs was seen in a patient with multiple "
        "myeloma who was treated with dexamethasone.\n\n"
        "Multipl myelomlu bir hastada akciğerlerde metastatik kalsifikasyon görüldü ve "
        "hastaya deksametazon verildi.\n"
    )
    doc = process(text)
    langs = [s["language"] for s in doc._.record["sections"]]
    assert langs == ["en", "tr"]
    tr = {(e["text"], e["concept"]) for e in doc._.record["entities"] if e["language"] == "tr"}
    assert ("deksametazon", "MESH:D003907") in tr
    assert ("Multipl myelomlu", "MESH:D009101") in tr


def test_common_words_are_not_cognates(process):
    doc = process(
        "Özet\nHastaların çoğunda ateş vardı ve koroner arter hastalığıydı. Proton pompa "
        "inhibitörleri kesildi, tedaviye devam edildi.\n"
    )
    ents = {e["text"]: e["concept"] for e in doc._.record["entities"]}
    assert "vardı" not in ents  # not "warts"
    assert ents.get("koroner arter hastalığıydı") == "MESH:D003324"
    assert ents.get("Proton pompa inhibitörleri") == "MESH:D054328"
    assert ents.get("ateş") == "MESH:D005334"


def test_english_paragraphs_stay_one_section():
    from pipeline.language import split_by_language
    from pipeline.sections import Section

    text = (
        "The patient was treated with dexamethasone and recovered well.\n\n"
        "Two months later the disease relapsed and bortezomib was started.\n"
    )
    section = Section("Abstract", 0, len(text), 0, "en", 1.0)
    assert split_by_language(text, section, 20, 0.9, ("en", "tr")) == [section]
