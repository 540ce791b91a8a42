"""`medlink train terms`: the corpus terms never come from a test document (BioRED reuses
BC5CDR and NCBI-disease abstracts), train-only derivations leave dev documents out too,
and the derivation runs over a lexicon without the corpus terms, so it reproduces itself."""

from collections import Counter

import pytest
from conftest import FIXTURES

from pipeline import held_out
from pipeline.cli import EXIT_USAGE, main
from pipeline.corpus_terms import CORPORA, _rarely_marked, base_lexicon, derive, derive_files
from pipeline.lexicon import Lexicon
from pipeline.resources import build
from pipeline.resources.sources import DirectorySource

VOCAB = DirectorySource(FIXTURES / "vocab")


def pubtator(docs: dict[str, str | None]) -> str:
    """Made-up abstracts: PMID -> a disease name marked twice in the title (None: none)."""
    blocks = []
    for pmid, name in docs.items():
        title = f"A {name} and {name} in one patient." if name else "Nothing to see."
        lines = [f"{pmid}|t|{title}", f"{pmid}|a|The patient recovered."]
        for start in (title.find(f" {name} ") + 1, title.rfind(f" {name} ") + 1) if name else ():
            lines.append(f"{pmid}\t{start}\t{start + len(name)}\t{name}\tDisease\tD000999")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


@pytest.fixture
def data(tmp_path):
    """BC5CDR train 1, dev 2; BioRED train 3 (a BC5CDR test document) and 4 (an
    NCBI-disease dev document); every other split one unrelated document."""
    files = {
        rel: {f"9{n}": None}
        for n, rel in enumerate(
            [c[1] for c in CORPORA.values()]
            + [c[2] for c in CORPORA.values() if c[2]]
            + list(held_out.TEST_SPLITS)
        )
    }
    files["bc5cdr/CDR_TrainingSet.PubTator.txt"] = {"1": "flurbosis"}
    files["bc5cdr/CDR_DevelopmentSet.PubTator.txt"] = {"2": "quarkosis"}
    files["biored/Train.PubTator"] = {"3": "zorbitis", "4": "plimpitis"}
    files["bc5cdr/CDR_TestSet.PubTator.txt"] = {"3": "zorbitis"}
    files["ncbi_disease/NCBIdevelopset_corpus.txt"] = {"4": "plimpitis"}
    for rel, docs in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(pubtator(docs), encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory):
    out = tmp_path_factory.mktemp("base") / "lexicon"
    return base_lexicon(out, source=VOCAB, log=lambda m: None)


def names(data, lexicon, splits) -> set[str]:
    return {surface for surface, *_ in derive(data, lexicon, splits).terms}


def test_held_out_ids(data):
    assert "3" in held_out.test_document_ids(data)
    assert {"2", "4"} <= held_out.dev_document_ids(data)


def test_test_documents_never_count(data, lexicon):
    """BioRED train document 3 is a BC5CDR test abstract: its name stays out."""
    assert names(data, lexicon, "train+dev") == {"flurbosis", "quarkosis", "plimpitis"}


def test_train_only_leaves_dev_documents_out(data, lexicon):
    """Document 4 is a BioRED training document, but NCBI-disease dev: out as well."""
    assert names(data, lexicon, "train") == {"flurbosis"}


def test_drug_codes_are_kept_and_acronyms_left_out(data, lexicon):
    """An acronym is defined per document; a sponsor's code names one compound anywhere."""
    rel = data / "bc5cdr/CDR_TrainingSet.PubTator.txt"
    rel.write_text(pubtator({"1": "flurbosis", "5": "ZK-9921", "6": "FLQR"}), encoding="utf-8")
    assert names(data, lexicon, "train") == {"flurbosis", "ZK-9921"}


def test_a_name_marked_in_some_places_only_is_a_link_not_a_term(data, lexicon):
    """Marked twice, written unmarked three times: no dictionary term, a link-only name."""
    unmarked = "5|t|The flurbosis theory.\n5|a|A flurbosis test and a flurbosis scale.\n"
    rel = data / "bc5cdr/CDR_TrainingSet.PubTator.txt"
    rel.write_text(pubtator({"1": "flurbosis"}) + "\n" + unmarked, encoding="utf-8")
    derived = derive(data, lexicon, "train")
    assert not derived.terms
    assert derived.links == [("flurbosis", "Disease", "D000999", 2)]


def test_a_name_the_corpora_link_differently_is_a_link_under_each_guideline(data, lexicon):
    """BC5CDR links "flurbosis" to D000999 (3 of 3), BioRED to D000431 (2 of 2): pooled,
    no concept has three quarters of the five, so no pooled term or link; each guideline
    gets its own corpus's concept. A name one corpus splits gets none."""

    def docs(first: int, n: int, ui: str) -> str:
        return "\n".join(
            pubtator({str(first + k): "flurbosis"}).replace("D000999", ui) for k in range(n)
        )

    split = pubtator({"31": "quarkosis"}) + "\n" + pubtator({"32": "quarkosis"})
    (data / "bc5cdr/CDR_TrainingSet.PubTator.txt").write_text(
        docs(11, 3, "D000999"), encoding="utf-8"
    )
    (data / "biored/Train.PubTator").write_text(
        docs(21, 2, "D000431") + "\n" + split.replace("D000999", "D000431", 2), encoding="utf-8"
    )
    derived = derive(data, lexicon, "train")
    assert not [r for r in derived.terms + derived.links if r[0] == "flurbosis"]
    assert derived.guideline_links == [
        ("bc5cdr", "flurbosis", "Disease", "D000999", 6),
        ("biored", "flurbosis", "Disease", "D000431", 4),
    ]


def test_a_species_name_annotated_consistently_is_a_term_with_its_taxid(data, lexicon):
    """The species corpora give NCBI taxids: "zorblefish" marked with 9606 twice in each
    of two LINNAEUS abstracts becomes a species term; a name split between taxa does not,
    nor one the lexicon names as a disease ("anthrax" is a disease and an organism)."""
    docs = []
    for pmid, (name, taxid) in enumerate(
        [("zorblefish", "9606"), ("zorblefish", "9606"), ("quarkfish", "9606")], start=41
    ):
        docs.append(pubtator({str(pmid): name}).replace("Disease\tD000999", f"Species\t{taxid}"))
    docs.append(pubtator({"44": "quarkfish"}).replace("Disease\tD000999", "Species\t10090"))
    # the lexicon names it a disease: the species corpora's organism sense gives way
    for pmid in ("45", "46"):
        docs.append(
            pubtator({pmid: "multiple myeloma"}).replace("Disease\tD000999", "Species\t9606")
        )
    (data / "species_corpora/Linnaeus_Train.PubTator").write_text("\n".join(docs), encoding="utf-8")
    species = [t for t in derive(data, lexicon, "train").terms if t[1] == "Species"]
    assert species == [("zorblefish", "Species", "9606", 4)]


def test_missing_test_split_is_an_error(data, lexicon, tmp_path):
    (data / "biored/Test.PubTator").unlink()
    with pytest.raises(FileNotFoundError):
        derive(data, lexicon, "train")
    with pytest.raises(FileNotFoundError):
        derive_files(data, tmp_path / "out", "train", tmp_path / "lex")
    assert not (tmp_path / "lex").exists()  # failed before building anything


def test_guideline_stop_pairs_come_from_each_corpus_alone(data, lexicon):
    """BC5CDR leaves "dexamethasone" unmarked (0 of 3), BioRED marks it (3 of 3): pooled,
    half of the matches are marked, so only the bc5cdr guideline stops it."""
    title = "Dexamethasone was given."

    def doc(pmid: str, marked: bool) -> str:
        ann = f"\n{pmid}\t0\t13\tDexamethasone\tChemical\tD003907" if marked else ""
        return f"{pmid}|t|{title}\n{pmid}|a|The patient recovered.{ann}\n"

    for rel, first, marked in (
        ("bc5cdr/CDR_TrainingSet.PubTator.txt", 11, False),
        ("biored/Train.PubTator", 21, True),
    ):
        docs = "\n".join(doc(str(first + n), marked) for n in range(3))
        (data / rel).write_text(docs, encoding="utf-8")
    stop, _, guideline_stop, *_ = derive(data, lexicon, "train")
    assert ("dexamethasone", "Chemical") not in stop
    assert [r for r in guideline_stop if r[1] == "dexamethasone"] == [
        ("bc5cdr", "dexamethasone", "Chemical", 3, 0)
    ]


def test_a_stopped_name_is_stopped_in_its_british_spelling_too():
    """NCBI-disease train spells it "tumorigenesis" (1 of 16 marked); "tumourigenesis" in
    a dev abstract is the same name. A British key with counts of its own keeps them."""
    matched = Counter({("tumorigenesis", "Disease"): 16, ("anesthetic", "Chemical"): 6})
    matched[("anaesthetic", "Chemical")] = 3
    marked = Counter({("tumorigenesis", "Disease"): 1})
    assert _rarely_marked(matched, marked) == [
        ("anaesthetic", "Chemical", 3, 0),
        ("anesthetic", "Chemical", 6, 0),
        ("tumorigenesis", "Disease", 16, 1),
        ("tumourigenesis", "Disease", 16, 1),
    ]
    marked[("tumorigenesis", "Disease")] = 8  # marked half of the time: neither stops
    assert ("tumourigenesis", "Disease", 16, 8) not in _rarely_marked(matched, marked)


def test_base_lexicon_ignores_the_corpus_terms(tmp_path, monkeypatch):
    """Whatever corpus_terms.tsv holds, the lexicon the derivation runs over is the same,
    so deriving twice gives the same files; a full build does take the rows."""
    real = build._data_lines
    rows = [["myelomatosis variant", "Disease", "D009101", "3"]]

    def with_rows(name):
        return rows if name == "corpus_terms.tsv" else real(name)

    monkeypatch.setattr(build, "_data_lines", lambda n: [] if n == "corpus_terms.tsv" else real(n))
    base_lexicon(tmp_path / "empty", source=VOCAB, log=lambda m: None)
    monkeypatch.setattr(build, "_data_lines", with_rows)
    lex = base_lexicon(tmp_path / "rows", source=VOCAB, log=lambda m: None)
    for name in ("concepts.marshal", "terms.marshal", "terms.marisa"):
        assert (tmp_path / "empty" / name).read_bytes() == (tmp_path / "rows" / name).read_bytes()
    assert lex.lookup("myelomatosis variant") == []
    assert lex.lookup("enalapril") == []  # excluded tree: only corpus_terms.tsv keeps it
    build.build_lexicon(VOCAB, tmp_path / "full", log=lambda m: None)
    full = Lexicon(tmp_path / "full")
    assert full.lookup("myelomatosis variant")[0][0].curie == "MESH:D009101"


def test_lexicon_with_corpus_terms_is_refused(tmp_path):
    build.build_lexicon(VOCAB, tmp_path / "full", log=lambda m: None)
    with pytest.raises(ValueError, match="built with the corpus terms"):
        base_lexicon(tmp_path / "full", source=VOCAB, log=lambda m: None)


def test_base_lexicon_is_reused(tmp_path):
    base_lexicon(tmp_path / "lex", source=VOCAB, log=lambda m: None)
    messages = []
    base_lexicon(tmp_path / "lex", source=VOCAB, log=messages.append)
    assert any("up to date" in m for m in messages)


def test_derive_files_writes_the_header(data, tmp_path, monkeypatch):
    import pipeline.corpus_terms as ct

    monkeypatch.setattr(ct, "base_lexicon", lambda d, log=print: base_lexicon(d, VOCAB, log))
    derive_files(data, tmp_path / "out", "train", tmp_path / "lex", log=lambda m: None)
    text = (tmp_path / "out" / "corpus_terms.tsv").read_text(encoding="utf-8")
    assert "--splits train" in text and "any dev or test split" in text
    assert "flurbosis\tDisease\tD000999\t2\n" in text
    stops = (tmp_path / "out" / "guideline_stop_terms.tsv").read_text(encoding="utf-8")
    assert "--splits train" in stops and "#guideline\tterm key\ttype" in stops


def test_splits_option_is_for_terms_only(data):
    assert main(["train", "model", "--splits", "train", "--data", str(data)]) == EXIT_USAGE


def test_vocabulary_horizons(data):
    """The newest supplementary record each guideline's gold names (ten-character UIs
    after six-digit ones) and its OMIM-named mentions; test documents never count."""
    from pipeline.corpus_terms import vocabulary_horizons

    def doc(pmid, ids):
        title = "Flurbosis and quarkosis."
        rows = [f"{pmid}\t0\t9\tFlurbosis\tDisease\t{ids[0]}"]
        rows.append(f"{pmid}\t14\t23\tquarkosis\tDisease\t{ids[1]}")
        return "\n".join([f"{pmid}|t|{title}", f"{pmid}|a|None.", *rows]) + "\n"

    (data / "ncbi_disease/NCBItrainset_corpus.txt").write_text(
        doc("5", ["C538445", "OMIM:610102"]) + "\n" + doc("6", ["C012345", "D000999|OMIM:1"])
    )
    (data / "biored/Train.PubTator").write_text(
        doc("7", ["C582180", "C000606551"]) + "\n" + doc("3", ["C000999999", "D000999"])
    )
    # BC5CDR's gold names no supplementary record; document 3 is a BC5CDR test abstract
    assert vocabulary_horizons(data, "train") == [
        ("ncbi_disease", "C538445", 2),
        ("biored", "C000606551", 0),
    ]


def test_a_species_corpus_term_names_the_taxon(tmp_path, monkeypatch):
    real = build._data_lines
    rows = [["zorblefish", "Species", "9606", "4"], ["quarkfish", "Species", "424242", "2"]]
    monkeypatch.setattr(
        build, "_data_lines", lambda n: rows if n == "corpus_terms.tsv" else real(n)
    )
    build.build_lexicon(VOCAB, tmp_path / "full", log=lambda m: None)
    full = Lexicon(tmp_path / "full")
    assert [c.curie for c, _ in full.lookup("zorblefish")] == ["NCBITaxon:9606"]
    assert full.lookup("quarkfish") == []  # a taxon the lexicon lacks is not made up
