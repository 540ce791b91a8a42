"""Dictionary matches as model features: the tags, the layer that reads them, and a
model trained with them inside the pipeline."""

import hashlib
import json
import warnings

import numpy
import pytest
import spacy
from spacy.training import Example
from test_train import DOCS, NCBI_TRAIN, pubtator

from pipeline.cli import main
from pipeline.entity_matcher import load_corpus_stop, stop_fingerprint
from pipeline.lexicon import load_lexicon
from pipeline.lexicon_features import (
    KINDS,
    USER_DATA_KEY,
    TagsMissing,
    lexicon_tags,
    set_lexicon_tags,
    uses_lexicon_tags,
)
from pipeline.model_ner import TagSourceMismatch
from pipeline.train import AFFIXES, blank_model

TEXT = "Cisplatin caused acute renal failure in mice."
GOLD = {"entities": [(0, 9, "Chemical"), (17, 36, "Disease")]}


def first(kind: str) -> int:
    return 1 + 2 * KINDS.index(kind)


def test_tags_mark_first_and_inner_tokens_of_each_kind(lexicon_dir):
    doc = blank_model().make_doc(TEXT)  # the medlink tokenizer
    tags = lexicon_tags(doc, load_lexicon(str(lexicon_dir)))
    by_token = dict(zip([t.text for t in doc], tags.tolist(), strict=True))
    assert by_token["Cisplatin"] == first("Chemical")
    assert [by_token[w] for w in ("acute", "renal", "failure")] == [first("Disease")] + [
        first("Disease") + 1
    ] * 2
    assert by_token["mice"] == first("Species")
    assert by_token["caused"] == by_token["in"] == by_token["."] == 0


def test_a_pharmacological_class_has_its_own_tag(lexicon_dir):
    nlp = blank_model()
    doc = nlp.make_doc("Calcium channel blockers were stopped.")
    tags = lexicon_tags(doc, load_lexicon(str(lexicon_dir)))
    assert tags[:3].tolist() == [first("Class"), first("Class") + 1, first("Class") + 1]


def test_the_ner_reads_the_tags_beside_the_tok2vec(lexicon_dir):
    """The NER's input is the shared tok2vec's vectors followed by the tag embedding:
    other tags change only the last columns."""
    nlp = blank_model(lexicon_tags=True)
    lexicon = load_lexicon(str(lexicon_dir))
    nlp.initialize(lambda: [Example.from_dict(set_lexicon_tags(nlp.make_doc(TEXT), lexicon), GOLD)])
    assert uses_lexicon_tags(nlp) and not uses_lexicon_tags(blank_model())
    features = next(
        n for n in nlp.get_pipe("ner").model.walk() if n.name == "lexicon_aware_tok2vec"
    )
    docs = [nlp.make_doc(TEXT), nlp.make_doc(TEXT)]
    set_lexicon_tags(docs[0], lexicon)
    docs[1].user_data[USER_DATA_KEY] = numpy.zeros(len(docs[1]), dtype="i")
    for doc in docs:
        nlp.get_pipe("tok2vec")(doc)
    tagged, untagged = features.predict(docs)
    assert tagged.shape == (len(docs[0]), 64 + 16 + 16 * len(AFFIXES))
    numpy.testing.assert_array_equal(tagged[:, :64], docs[0].tensor)
    numpy.testing.assert_array_equal(tagged[:, :64], untagged[:, :64])
    assert (tagged[0, 64:80] != untagged[0, 64:80]).any()  # "Cisplatin": Chemical, not outside
    numpy.testing.assert_array_equal(tagged[1, 64:80], untagged[1, 64:80])  # "caused": outside
    numpy.testing.assert_array_equal(tagged[:, 80:], untagged[:, 80:])  # the same words


def test_the_ner_embeds_word_beginnings_and_endings(lexicon_dir):
    """Each affix of AFFIXES gets 16 columns after the tags: words that share an ending
    share its columns ("atenolol", "propranolol": "olol", "nolol"), not the others."""
    from pipeline.affix_features import affix_hashes
    from pipeline.lexicon_features import lexicon_aware_tok2vec

    assert affix_hashes("olol", (-6, 3)) == affix_hashes("olol", (-4, 3))  # short: itself
    assert uses_lexicon_tags(blank_model(lexicon_tags=True, affixes=()))
    v1 = [n.name for n in lexicon_aware_tok2vec(64).walk()]  # what older models were built with
    assert "lexicon_tags" in v1 and "affixes" not in v1
    nlp = blank_model(lexicon_tags=True)
    text = "Atenolol and propranolol"

    def untagged():
        doc = nlp.make_doc(text)
        doc.user_data[USER_DATA_KEY] = numpy.zeros(len(doc), dtype="i")
        return doc

    nlp.initialize(lambda: [Example.from_dict(untagged(), {"entities": []})])
    doc = untagged()
    nlp.get_pipe("tok2vec")(doc)
    features = next(
        n for n in nlp.get_pipe("ner").model.walk() if n.name == "lexicon_aware_tok2vec"
    )
    (out,) = features.predict([doc])
    columns = {n: slice(80 + 16 * i, 96 + 16 * i) for i, n in enumerate(AFFIXES)}
    for n in (-4, -5):  # "olol", "nolol"
        numpy.testing.assert_array_equal(out[0, columns[n]], out[2, columns[n]])
    for n in (-6, 3, 4, 5):  # "enolol" / "anolol", "ate" / "pro", ...
        assert (out[0, columns[n]] != out[2, columns[n]]).any()


def test_model_trained_with_tags_runs_in_the_pipeline(tmp_path, lexicon_dir):
    from conftest import write_test_splits

    from pipeline.ingest import InputDoc, make_doc
    from pipeline.nlp import DEFAULT_CONFIG, load_pipeline

    data = tmp_path / "data"
    write_test_splits(data)
    (data / NCBI_TRAIN).write_text(pubtator(DOCS), encoding="utf-8")
    out = tmp_path / "ner"
    args = ["train", "--data", str(data), "--out", str(out), "--lexicon", str(lexicon_dir)]
    assert main(args + ["--corpora", NCBI_TRAIN, "--max-epochs", "1", "--lexicon-tags"]) == 0
    assert uses_lexicon_tags(spacy.load(out))
    trained = spacy.load(out).meta["medlink"]  # provenance, to reproduce and to check tags
    assert trained["corpora"] == {NCBI_TRAIN: ["Disease"]} and trained["seed"] == 0
    assert (
        trained["corpus_sha256"][NCBI_TRAIN]
        == hashlib.sha256((data / NCBI_TRAIN).read_bytes()).hexdigest()
    )
    assert trained["lexicon_tags"] and trained["epochs"] == 1
    assert trained["lexicon_version"] == load_lexicon(str(lexicon_dir)).version
    assert trained["corpus_stop"] == stop_fingerprint(load_corpus_stop())
    config = DEFAULT_CONFIG.read_text().replace('model_dir = "models/ner"', f'model_dir = "{out}"')
    (tmp_path / "pipeline.cfg").write_text(config, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # same lexicon and stop pairs: nothing to say
        nlp = load_pipeline(tmp_path / "pipeline.cfg", lexicon_dir)
        doc = nlp(make_doc(nlp, InputDoc("t", "test", TEXT)))
    assert doc.user_data[USER_DATA_KEY][0] == first("Chemical")
    assert doc._.record["entities"]
    meta = json.loads((out / "meta.json").read_text())
    meta["medlink"]["lexicon_version"] = "0123456789abcdef"  # trained with another lexicon
    (out / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.warns(TagSourceMismatch, match="lexicon_version 0123456789abcdef"):
        load_pipeline(tmp_path / "pipeline.cfg", lexicon_dir)


def test_a_tags_model_run_alone_says_the_tags_are_missing(lexicon_dir):
    """spacy.load on such a model gives no tags (every token outside): a warning, not
    silently lower accuracy; with the tags set there is none."""
    from pipeline.model_ner import resolve_model_dir

    model = spacy.load(resolve_model_dir("models/ner"))
    assert uses_lexicon_tags(model)
    with pytest.warns(TagsMissing, match="medlink_model_ner"):
        model(TEXT)
    doc = set_lexicon_tags(model.make_doc(TEXT), load_lexicon(str(lexicon_dir)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model(doc)


def test_training_tags_are_the_model_stage_tags(lexicon_dir):
    """`medlink train --lexicon-tags` tags its examples as the pipeline's model stage
    tags the same text: same lexicon, same stop pairs, same tokens."""
    from pipeline.entity_matcher import load_corpus_stop
    from pipeline.ingest import InputDoc, make_doc
    from pipeline.nlp import load_pipeline
    from pipeline.train import tag_examples

    nlp = blank_model(lexicon_tags=True)
    examples = [Example.from_dict(nlp.make_doc(TEXT), GOLD)]
    tag_examples(examples, lexicon_dir)
    pipeline = load_pipeline(lexicon_dir=lexicon_dir)
    lexicon = load_lexicon(str(lexicon_dir))
    doc = make_doc(pipeline, InputDoc("t", "test", TEXT))
    stage = pipeline.get_pipe("medlink_model_ner")
    assert stage.tagger is not None  # the shipped model reads the tags
    stage.tagger(doc)
    numpy.testing.assert_array_equal(
        examples[0].predicted.user_data[USER_DATA_KEY], doc.user_data[USER_DATA_KEY]
    )
    numpy.testing.assert_array_equal(
        doc.user_data[USER_DATA_KEY], lexicon_tags(doc, lexicon, load_corpus_stop())
    )


def test_cached_matches_belong_to_their_doc_and_stop_pairs(lexicon_dir):
    from pipeline.entity_matcher import dictionary_matches

    lexicon = load_lexicon(str(lexicon_dir))
    doc = blank_model().make_doc("Cisplatin caused acute renal failure. Aspirin relieved headache.")
    types = {"Chemical", "Disease", "Species"}
    kept, _ = dictionary_matches(doc, lexicon, types, frozenset({("headache", "Disease")}))
    assert {"aspirin", "headache"} & {m.key for m in kept} == {"aspirin"}
    # as many other stop pairs: not the cached matches
    kept, _ = dictionary_matches(doc, lexicon, types, frozenset({("aspirin", "Chemical")}))
    assert {"aspirin", "headache"} & {m.key for m in kept} == {"headache"}
    part = doc[6:].as_doc(copy_user_data=True)  # "Aspirin relieved headache."
    tags = lexicon_tags(part, lexicon)
    assert tags[0] == first("Chemical") and tags[2] == first("Disease")


def test_the_shipped_model_learnt_its_tags_from_the_default_lexicon(lexicon_dir):
    """models/ner reads tags from the lexicon `medlink resources build` makes: a change
    to the lexicon's data or builder needs a retrained model (README: train), or the
    measured accuracy no longer holds."""
    from pipeline.model_ner import resolve_model_dir

    meta = json.loads((resolve_model_dir("models/ner") / "meta.json").read_text())
    trained = meta["medlink"]
    assert trained["lexicon_tags"]
    assert trained["lexicon_version"] == load_lexicon(str(lexicon_dir)).version
    assert trained["corpus_stop"] == stop_fingerprint(load_corpus_stop())
