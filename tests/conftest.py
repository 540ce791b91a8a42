"""Shared fixtures: the built pipeline (lexicon built on first use) and ../shared."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared not beside the repository)")
    return path


@pytest.fixture(scope="session")
def lexicon_dir() -> Path:
    from pipeline.lexicon import default_home, default_lexicon_dir
    from pipeline.resources.build import build_lexicon
    from pipeline.resources.sources import open_source

    out = default_lexicon_dir()
    if not (out / "manifest.json").exists():
        build_lexicon(open_source(None, default_home()), out)
    return out


@pytest.fixture(scope="session")
def nlp(lexicon_dir):
    from pipeline.nlp import load_pipeline

    return load_pipeline(lexicon_dir=lexicon_dir)


@pytest.fixture(scope="session")
def process(nlp):
    from pipeline.ingest import InputDoc, make_doc

    def _process(text: str, doc_id: str = "t"):
        return nlp(make_doc(nlp, InputDoc(doc_id, "test", text)))

    return _process


@pytest.fixture(scope="session")
def process_under(lexicon_dir):
    """`process_under(guideline)(text)`: the pipeline under another guideline than the
    config's, each loaded once (the model learnt those for some types only, so the
    GuidelineCoverage warning is expected)."""
    from pipeline.ingest import InputDoc, make_doc
    from pipeline.model_ner import GuidelineCoverage
    from pipeline.nlp import load_pipeline

    loaded = {}

    def _under(guideline: str):
        if guideline not in loaded:
            with pytest.warns(GuidelineCoverage):
                nlp = load_pipeline(lexicon_dir=lexicon_dir, guideline=guideline)
            loaded[guideline] = lambda text: nlp(make_doc(nlp, InputDoc("t", "test", text)))
        return loaded[guideline]

    return _under


@pytest.fixture(scope="session")
def biored(process_under):
    """The pipeline under the `biored` guideline."""
    return process_under("biored")


def assert_offsets(text: str, doc) -> None:
    """Every entity is the slice of the input text its offsets name."""
    for ent in doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text


def write_test_splits(data: Path) -> None:
    """Empty test-split files under a made-up corpora directory: every training corpus
    holds their documents out (pipeline.held_out), and a missing split is an error."""
    from pipeline.held_out import TEST_SPLITS

    for split in TEST_SPLITS:
        (data / split).parent.mkdir(parents=True, exist_ok=True)
        (data / split).write_text("", encoding="utf-8")
