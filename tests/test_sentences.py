from pipeline.data import word_list
from pipeline.sentences import SentenceSplitter

SPLIT = SentenceSplitter(set(word_list("abbreviations.txt")))


def sents(text):
    cuts = SPLIT.boundaries(text, 0, len(text)) + [len(text)]
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]


def test_abbreviations_and_citations_do_not_split():
    text = "As shown in Fig. 2 and by Smith et al. (2001), doses rose. Then it fell."
    assert sents(text) == [
        "As shown in Fig. 2 and by Smith et al. (2001), doses rose.",
        "Then it fell.",
    ]


def test_decimals_and_units_do_not_split():
    text = "Calcium was 13.8 mg dL–1 (normal range: 8.2-10.4 mg dL–1). Hemoglobin was 7 g dL–1."
    assert len(sents(text)) == 2


def test_line_broken_sentences_are_joined_and_blank_lines_split():
    text = "The patient had severe\ndyspnea due to calcinosis. She\nrecovered\n\nNew paragraph without period"
    assert sents(text) == [
        "The patient had severe\ndyspnea due to calcinosis.",
        "She\nrecovered",
        "New paragraph without period",
    ]


def test_initials_and_turkish_abbreviations():
    assert len(sents("Treated by J. Smith in Ankara. Bkz. Tablo 2 için. Dr. Yılmaz baktı.")) == 3
    assert len(sents("Hastaya 3. kür verildi. Sonra düzeldi.")) == 2


def test_question_and_exclamation_marks():
    assert len(sents("Was it sepsis? No! It was vasculitis.")) == 3


def test_sentence_starts_move_to_the_next_word(nlp):
    from pipeline.sentences import set_sentence_starts

    doc = nlp.make_doc("One two.  \n Three four. Five")
    # 9 is the space after "two." (the start moves on to "Three"); 100 is past the end
    set_sentence_starts(doc, [9, 23, 100])
    assert [t.text for t in doc if t.is_sent_start] == ["One", "Three", "Five"]
    assert sum(t.is_sent_start is False for t in doc) == len(doc) - 3
