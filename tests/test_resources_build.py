"""The lexicon compiler on small vocabulary files written for these tests."""

import json

import pytest
from conftest import FIXTURES

from pipeline.lexicon import CASE_SENSITIVE, VARIANT, Lexicon
from pipeline.resources.build import (
    anion_name,
    build_lexicon,
    code_variants,
    complex_name,
    is_case_sensitive,
    plural_variants,
)
from pipeline.resources.sources import DirectorySource, SourceError


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    out = tmp_path_factory.mktemp("lex") / "lexicon"
    manifest = build_lexicon(DirectorySource(FIXTURES / "vocab"), out, log=lambda m: None)
    return out, manifest, Lexicon(out)


def test_manifest_records_sources_with_hashes(tiny):
    out, manifest, _ = tiny
    names = {s["name"] for s in manifest["sources"]}
    assert {"mesh_id_label_mappings.tsv", "mesh_supp_id_label_mappings.tsv", "mondo.json"} <= names
    assert all(len(s["sha256"]) == 64 for s in manifest["sources"])
    assert json.loads((out / "manifest.json").read_text())["version"] == manifest["version"]


def test_rebuild_is_skipped_when_sources_are_unchanged(tiny):
    out, manifest, _ = tiny
    before = (out / "terms.marshal").stat().st_mtime_ns
    messages = []
    again = build_lexicon(DirectorySource(FIXTURES / "vocab"), out, log=messages.append)
    assert again["version"] == manifest["version"]
    assert (out / "terms.marshal").stat().st_mtime_ns == before
    assert any("up to date" in m for m in messages)


def test_a_lexicon_in_an_older_layout_is_rebuilt_with_the_same_version(tmp_path):
    """The layout is not the content: a lexicon written before the term index became a
    trie is refused with the command that mends it, and that command rebuilds it (the
    sources are unchanged) under the same version, which the NER model's tags name."""
    from pipeline.lexicon import LexiconMissing

    out = tmp_path / "lexicon"
    source = DirectorySource(FIXTURES / "vocab")
    manifest = build_lexicon(source, out, log=lambda m: None)
    path = out / "manifest.json"
    old = {k: v for k, v in json.loads(path.read_text()).items() if k != "format"}
    path.write_text(json.dumps(old))
    with pytest.raises(LexiconMissing, match="older layout: run `medlink resources build`"):
        Lexicon(out)
    messages = []
    again = build_lexicon(source, out, log=messages.append)
    assert not any("up to date" in m for m in messages)
    assert again["version"] == manifest["version"]
    assert Lexicon(out).lookup("multiple myeloma")


@pytest.mark.parametrize("name", ["terms.marisa", "concepts.marshal", "terms.marshal"])
def test_a_damaged_lexicon_is_refused_with_the_command_that_mends_it(tmp_path, name):
    import shutil

    from pipeline.lexicon import LexiconMissing

    out = tmp_path / "lexicon"
    build_lexicon(DirectorySource(FIXTURES / "vocab"), out, log=lambda m: None)
    shutil.copy(out / name, tmp_path / "whole")
    (out / name).write_bytes((tmp_path / "whole").read_bytes()[:100])  # cut short
    with pytest.raises(LexiconMissing, match="damaged .*medlink resources build --force"):
        Lexicon(out)
    (out / name).unlink()
    with pytest.raises(LexiconMissing, match="damaged"):
        Lexicon(out)


def test_term_index_reads_like_a_mapping(tmp_path):
    from pipeline.term_index import TermIndex, write_term_index

    entries = {"aspirin": ((3, 1, None),), "multiple myeloma": ((0, 1, None), (7, 32, None))}
    write_term_index(tmp_path / "t.marisa", entries.items())
    index = TermIndex(tmp_path / "t.marisa")
    assert len(index) == 2 and set(index) == set(entries)
    assert dict(index.items()) == entries
    assert index["multiple myeloma"] == entries["multiple myeloma"]
    assert index.get("aspirin") == index.lookup("aspirin") == entries["aspirin"]
    assert index.get("multiple") is None and index.get("multiple", ()) == ()
    assert index.lookup("multiple") is None  # a prefix of a key is no key
    assert "aspirin" in index and "aspiri" not in index and 3 not in index
    with pytest.raises(KeyError):
        index["myeloma"]


def test_types_ids_and_cross_references(tiny):
    _, _, lex = tiny
    (mm, _), *_ = lex.lookup("multiple myeloma")
    assert mm.curie == "MESH:D009101" and mm.type == "Disease"
    assert "MONDO:0009693" in mm.ids
    assert mm.ids.index("MONDO:0009693") < mm.ids.index("MONDO:0088888")  # SSSOM "mesh:" prefix
    (dex, _), *_ = lex.lookup("decadron")
    assert dex.type == "Chemical" and "PUBCHEM.COMPOUND:5743" in dex.ids
    (human, _), *_ = lex.lookup("homo sapiens")
    assert human.curie == "NCBITaxon:9606" and "MESH:D006801" in human.ids
    # supplementary concepts take their type from the descriptor they map to
    (scr, _), *_ = lex.lookup("medlinkamide")
    assert scr.curie == "MESH:C000001" and scr.type == "Chemical"
    assert "PUBCHEM.COMPOUND:999" in scr.ids
    (scr_d, _), *_ = lex.lookup("medlink syndrome")
    assert scr_d.type == "Disease"


def test_excluded_and_untyped_descriptors_are_absent(tiny):
    _, _, lex = tiny
    assert lex.lookup("abattoirs") == []  # J tree: no entity type
    assert lex.lookup("methemoglobin") == []  # proteins are excluded


def test_proteins_are_no_chemicals_whatever_else_files_them():
    """Glycoproteins sit under Carbohydrates too (D09.400.430), small RNAs under Antisense
    Elements, cDNA under Laboratory Chemicals: they stay out, a drug also filed there
    stays in."""
    from pipeline.resources.build import load_type_rules, mesh_type

    rules = load_type_rules()
    cadherins = ["D09.400.430.890.200.200", "D12.776.395.550.200.200", "D23.050.301.350.200"]
    assert mesh_type(cadherins, rules) is None
    assert mesh_type(["D09.400.430.500", "D02.455.326"], rules) == "Chemical"
    assert mesh_type(["D09.698.373.400"], rules) == "Chemical"  # heparin's polysaccharides
    micro_rnas = ["D13.150.650.319", "D13.444.735.150.319"]
    assert mesh_type(micro_rnas, rules) is None  # nucleic acids, antisense ones too
    assert mesh_type(["D27.720.470.410"], rules) is None  # a laboratory chemical alone
    assert mesh_type(["D27.720.470.410", "D03.633.100"], rules) == "Chemical"


def test_the_forms_a_drug_is_given_in_are_no_chemicals():
    """Tablets, normal saline and placebos are forms, not substances (D26.255, D26.776,
    D26.660); the rest of Pharmaceutical Preparations stays: a drug combination, a
    herbal drug, and a form that is also a colloid ("Aerosols", D20.280)."""
    from pipeline.resources.build import load_type_rules, mesh_type

    rules = load_type_rules()
    assert mesh_type(["D26.255.830"], rules) is None  # Tablets
    assert mesh_type(["D26.776.498.500.750"], rules) is None  # Saline Solution
    assert mesh_type(["D26.660", "E02.785"], rules) is None  # Placebos
    assert mesh_type(["D26.310.875"], rules) == "Chemical"  # a drug combination
    assert mesh_type(["D26.335"], rules) == "Chemical"  # Drugs, Chinese Herbal
    assert mesh_type(["D26.255.165.055", "D20.280.055"], rules) == "Chemical"  # Aerosols


def test_corpus_marked_descriptor_of_an_excluded_tree_is_kept(tiny):
    """Enalapril's only tree is Peptides (excluded), but corpus_terms.tsv lists it: the
    training corpora mark it as a Chemical, so the lexicon keeps it with all its names."""
    _, _, lex = tiny
    (c, _), *_ = lex.lookup("enalapril")
    assert c.curie == "MESH:D004656" and c.type == "Chemical"
    # its laboratory code in the three ways it is written
    for code in ("MK 421", "MK-421", "MK421"):
        assert lex.lookup(code)[0][0].curie == "MESH:D004656", code


def test_code_variants():
    assert code_variants("FK 506") == ["FK-506", "FK506"]
    assert code_variants("vitamin B 12") == ["vitamin B-12", "vitamin B12"]
    assert code_variants("type 2 diabetes") == [] and code_variants("5 fluorouracil") == []


def test_acids_are_also_named_by_their_anion_and_complexes_by_their_parts(tiny):
    assert anion_name("aspartic acid") == "aspartate" and anion_name("nitrous acid") == "nitrite"
    assert anion_name("amino acid") is None and anion_name("aspartate") is None
    assert complex_name("iron - dextran complex") == "iron - dextran"
    assert complex_name("vitamin b complex") == "vitamin b" and complex_name("b complex") is None
    _, _, lex = tiny
    assert [c.curie for c, _ in lex.lookup("aspartate")] == ["MESH:D001224"]
    assert lex.lookup("aspartate")[0][1] & VARIANT
    # "nitrates" names another concept: "nitrate" is not given to Nitric Acid
    assert lex.lookup("nitrate") == []
    assert [c.curie for c, _ in lex.lookup("nitric acid")] == ["MESH:D009565"]
    assert [c.curie for c, _ in lex.lookup("iron-dextran")] == ["MESH:D007505"]
    assert [c.curie for c, _ in lex.lookup("iron dextran")] == ["MESH:D007505"]


def test_stop_word_keeps_its_acronym_sense(tiny):
    _, _, lex = tiny
    assert lex.lookup("AIDS")[0][0].curie == "MESH:D000163"
    assert lex.lookup("aids") == []  # "aids" is a stop word (it aids diagnosis)


def test_mondo_synonyms_filtered(tiny):
    _, _, lex = tiny
    assert lex.lookup("skin") == []  # everyday word
    assert lex.lookup("PCM") == []  # acronym synonym
    assert lex.lookup("rare") == []
    (c, _), *_ = lex.lookup("medlinkosis")
    assert c.curie == "MONDO:0099999"


def test_omim_ids_follow_mesh_and_mondo(tiny):
    """NCBI-disease style corpora give OMIM IDs where MeSH has none (or had none then):
    a MONDO-only disease is its MONDO and OMIM ids, a MeSH disease lists the OMIM
    cross-references of its MONDO terms last."""
    _, _, lex = tiny
    (own, _), *_ = lex.lookup("medlinkosis")
    assert own.ids == ("MONDO:0099999", "OMIM:999999")
    (mm, _), *_ = lex.lookup("multiple myeloma")
    assert mm.ids[0] == "MESH:D009101" and mm.ids[-1] == "OMIM:254500"
    assert {i.split(":")[0] for i in mm.ids[1:-1]} == {"MONDO"}


def test_plurals_and_case_rules(tiny):
    _, _, lex = tiny
    assert lex.lookup("multiple myelomas")[0][0].curie == "MESH:D009101"
    assert lex.lookup("MLA-7")[0][0].curie == "MESH:C000001"
    assert lex.lookup("mla-7") == []  # acronyms keep their case
    assert lex.candidates("MLA-7")[0][1] & CASE_SENSITIVE
    assert is_case_sensitive("IgA") and is_case_sensitive("MM") and not is_case_sensitive("Myeloma")
    assert plural_variants("lesion") == ["lesions"] and plural_variants("therapy") == ["therapies"]


def test_nlm_xml_descriptors_and_supplementary(tmp_path):
    out = tmp_path / "lexicon"
    build_lexicon(DirectorySource(FIXTURES / "nlm_xml"), out, log=lambda m: None)
    lex = Lexicon(out)
    assert lex.lookup("adriamycin")[0][0].curie == "MESH:D004317"
    assert lex.lookup("DXL-9")[0][0].curie == "MESH:C123456"
    assert lex.lookup("doxolinkin")[0][0].type == "Chemical"


def test_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        DirectorySource(tmp_path / "nope")


def test_empty_source_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no MeSH descriptors"):
        build_lexicon(DirectorySource(tmp_path), tmp_path / "out", log=lambda m: None)


def test_match_walks_prefixes_to_the_same_longest_terms(tiny):
    """The matcher extends n-grams through the prefix set; trying every length up to
    the longest term of the first token (the slow way) must find the same keys."""
    from pipeline.lexicon import TOKEN_RE
    from pipeline.textnorm import fold_text

    _, _, lex = tiny
    text = (
        "Multiple myeloma, multiple myelomas and Kahler disease; MLA-7 with Decadron or MK 421;"
        " 9-fluoro-16alpha-methylprednisolone and 9-fluoro-16alpha-methyl."
    )
    folded = fold_text(text)
    toks = TOKEN_RE.findall(folded.text)
    slow = []
    for i, tok in enumerate(toks):
        for j in range(min(i + lex.first.get(tok, 0), len(toks)), i, -1):
            if " ".join(toks[i:j]) in lex.terms:
                slow.append(" ".join(toks[i:j]))
                break
    fast = [m.key for m in lex.match(text, folded)]
    assert fast == slow and "multiple myeloma" in fast and "mk 421" in fast
    # a term longer than the stored prefixes (7 tokens), found past them
    long_key = "9 - fluoro - 16alpha - methylprednisolone"
    assert long_key in fast and long_key.count(" ") + 1 > lex.prefix_tokens


def test_drugbank_names_join_the_mesh_salt_that_files_their_drug(tiny):
    _, manifest, lex = tiny
    assert "drugbank_mappings.tsv" in {s["name"] for s in manifest["sources"]}
    # DrugBank -> CHEBI:90001 -> C000009 "medlinkasone acetate", named after the drug
    (drug, _), *_ = lex.lookup("medlinkasone")
    assert drug.curie == "MESH:C000009"
    assert lex.lookup("ambiguone") == []  # its ChEBI entries lead to two salts
    assert lex.lookup("dexamethasonol") == []  # D003907's name does not begin with it
    assert lex.lookup("multiple") == []  # a disease, not a chemical
    assert lex.lookup("orphanol") == []  # no ChEBI entry, no salt named after it
    # no ChEBI entry, but one descriptor is the drug's salt: "Saltapride Hydrochloride"
    assert [c.curie for c, _ in lex.lookup("saltapride")] == ["MESH:D900001"]
    assert lex.lookup("twosalt") == []  # two salts of it: which one is meant is unknown
    # or one descriptor has an entry term of it and a salt word: "Entryonium Bromide"
    assert [c.curie for c, _ in lex.lookup("entryonium")] == ["MESH:D900004"]
    # a name that already names a concept does not gain a second one
    assert [c.curie for c, _ in lex.lookup("dexamethasone")] == ["MESH:D003907"]


def test_data_fingerprint_reads_rows_not_comments(tmp_path, monkeypatch):
    """Rewording a data file's comment keeps the lexicon version (a trained model
    records it); a new row changes it."""
    import pipeline.data as data
    from pipeline.resources import build

    shipped = data.resources.files("pipeline.data")
    for name in build.DATA_FILES:
        (tmp_path / name).write_bytes(shipped.joinpath(name).read_bytes())
    monkeypatch.setattr(data.resources, "files", lambda package: tmp_path)
    before = build._data_fingerprint()
    salts = tmp_path / "salt_words.txt"
    salts.write_text("# reworded\n\n" + salts.read_text().replace("#", "# and"))
    assert build._data_fingerprint() == before
    salts.write_text(salts.read_text() + "pamoate\n")
    assert build._data_fingerprint() != before


def test_formulas_name_the_salt_or_molecule(tiny):
    _, _, lex = tiny
    assert [c.curie for c, _ in lex.lookup("CaCl2")] == ["MESH:D002122"]
    assert [c.curie for c, _ in lex.lookup("H2O2")] == ["MESH:D006861"]
    assert lex.lookup("cacl2") == []  # formulas keep their case
    assert lex.lookup("KI") == []  # potassium iodide's formula is also an abbreviation
