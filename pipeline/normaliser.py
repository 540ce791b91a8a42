"""Normalisation: give every entity its concept, identifiers and canonical name.

The concept is the best lexicon candidate of the entity's type (candidates are
ranked at build time: MeSH descriptor names and entry terms first, then
supplementary concepts, MONDO/taxonomy synonyms and generated variants).
Entities without lexicon candidates (e.g. from a statistical model) are looked
up by their text, then by variant forms of it (pipeline/name_forms.py: another
heredity word or way to write a type, the site's heading for a condition of a site,
"thyroid damage" -> Thyroid Diseases, singular, last conjunct, "X of the Y" -> "Y X",
shorter heads), chemical element symbols ("Na", "Ca2+") through the element's name,
and misspelt chemical names through the name one edit away (pipeline/spelling.py). A
dictionary match grown over a heredity word or a type, and a disease match grown over
other words, is looked up whole first. Composite mentions ("breast and ovarian
cancer") get the identifiers of every part, unless their concept's own name holds the
conjunction. A disease concept without a MeSH identifier also gets the MeSH heading of
another form of its name ("parathyroid tumor" -> Parathyroid Neoplasms; "autosomal
dominant disease" -> Genetic Diseases, Inborn). ``match_kind`` says how the link was made.
"""

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.corpus_links import CorpusLinker
from pipeline.elements import ElementLinker
from pipeline.extensions import SpanValues
from pipeline.guideline_features import doc_guideline
from pipeline.lexicon import CURATED, PREFERRED, SECONDARY, VARIANT, load_lexicon
from pipeline.name_forms import (
    CONJUNCTION_WORD,
    composite_parts,
    neoplasm_forms,
    site_heading_forms,
    variant_forms,
    whole_name_forms,
)
from pipeline.spelling import SpellingLinker
from pipeline.stage import BatchStage
from pipeline.undefined_abbreviations import TABLES, AbbreviationLinker


def match_kind(flags: int) -> str:
    if flags & VARIANT:
        return "variant"
    if flags & PREFERRED and not flags & SECONDARY:
        return "exact"
    if flags & CURATED:
        return "curated"
    return "synonym"


@Language.factory(
    "medlink_normaliser",
    default_config={"lexicon_dir": None, "drop_unlinked_model": False, "respell": []},
)
def make_normaliser(
    nlp: Language,
    name: str,
    lexicon_dir: str | None,
    drop_unlinked_model: bool,
    respell: list[str],
):
    """`drop_unlinked_model`: remove model mentions that no lexicon form links (their
    precision is low, and an entity without an identifier is of little use downstream).
    `respell`: the entity types whose mentions no form links are tried respelt, one
    edit away ("amphothericin B"; pipeline/spelling.py)."""
    if unknown := set(respell) - {"Chemical", "Disease", "Species"}:
        raise ValueError(f"respell: unknown entity types {sorted(unknown)}")
    lexicon = load_lexicon(lexicon_dir)
    concepts = lexicon.concepts
    elements = ElementLinker(lexicon)  # "Na", "Ca2+": link-only element symbols
    # "ASA", "PTZ", "VHL": link-only, undefined in the document
    abbreviations = {etype: AbbreviationLinker(lexicon, etype) for etype in TABLES}
    respelt = SpellingLinker(lexicon) if respell else None
    corpus_links = CorpusLinker(lexicon)  # "lead": link-only, marked in some places only
    respell_types = frozenset(respell)

    def best_of_type(cands, label: str) -> tuple[int, int] | None:
        """The first (best) candidate whose concept has the entity's type."""
        for cand in cands:  # a loop, not next() over a generator: called for every mention
            if concepts[cand[0]].type == label:
                return cand
        return None

    def whole_name(name: str, label: str) -> tuple[int, int] | None:
        """The concept of a name with a heredity word or a type, as written or in
        another form of it."""
        forms = whole_name_forms(name)
        for form in [name, *forms] if forms else ():
            if (cand := best_of_type(lexicon.candidates(form), label)) is not None:
                return cand
        return None

    def by_name(name: str, label: str) -> tuple[tuple[int, int] | None, bool]:
        """The best candidate of the name as written, else of its first variant form
        that has one (pipeline/name_forms.py); and whether it came from a variant."""
        if (best := best_of_type(lexicon.candidates(name), label)) is not None:
            return best, False
        for form in variant_forms(name):
            if (best := best_of_type(lexicon.candidates(form), label)) is not None:
                return best, True
        return None, False

    def mesh_heading(name: str) -> list[str]:
        """The MeSH identifiers of the first other form of the name that has them: the
        site's neoplasm heading, another heredity word, the type written otherwise (a
        subtype's type), the site's heading for a condition of it."""
        for form in neoplasm_forms(name) + whole_name_forms(name) + site_heading_forms(name):
            if (cand := best_of_type(lexicon.candidates(form), "Disease")) is not None:
                mesh = [i for i in concepts[cand[0]].ids if i.startswith("MESH:")]
                if mesh:
                    return mesh
        return []

    def normaliser(doc: Doc) -> Doc:
        guideline = doc_guideline(doc)
        for ent in doc.ents:
            ext = SpanValues(ent)
            label = ent.label_
            cands = ext.get("candidates")
            via_variant = False
            if cands is not None:
                # a match grown over a heredity word or a type keeps its core's
                # candidates: the whole name may be known written otherwise ("familial"
                # + "breast and ovarian cancer" is "hereditary breast and ovarian
                # cancer", "type IID" + "von Willebrand disease" is its type 2); a
                # disease grown over other words (Span._.grown) may be known whole, as
                # written or in a variant form ("non-immune thrombocytopenia",
                # "male-infertility", "renal oncocytomas"; dev concept F1 +0.003 to
                # +0.007, BENCHMARKS.md)
                best = whole_name(ent.text, label)
                if best is None and label == "Disease" and ext.get("grown"):
                    best = by_name(ent.text, label)[0]
                best = best or best_of_type(cands, label)
            else:
                # a short form whose long form came from the model is looked up by the long form
                name = ext.get("long_form") or ent.text
                best, via_variant = by_name(name, label)
                link = corpus_links(name, label, guideline) if best is None else None
                if link is not None:
                    best, via_variant = (link, CURATED), True
                if best is None and label == "Chemical" and (el := elements(name)) is not None:
                    best, via_variant = (el, CURATED), True
                linker = abbreviations.get(label) if not ext.get("long_form") else None
                if best is None and linker is not None and (ab := linker(ent.text)) is not None:
                    best, via_variant = (ab, CURATED), True
                if best is None and label in respell_types and (sp := respelt(name, label)):
                    best, via_variant = sp, True
            if best is None:
                ext.set("ids", [])
                ext.set("match_kind", ext.get("match_kind") or "unlinked")
                continue
            idx, flags = best
            concept = concepts[idx]
            ext.set("concept", concept.curie)
            ids = list(concept.ids)
            if label == "Disease" and not any(i.startswith("MESH:") for i in ids):
                ids += mesh_heading(ext.get("long_form") or ent.text)
            # a concept named with the conjunction ("Hereditary Breast and Ovarian Cancer
            # Syndrome") is the whole mention's, not one conjunct's
            parts = [] if CONJUNCTION_WORD.search(concept.name) else composite_parts(ent)
            for part in parts:
                if (other := best_of_type(lexicon.candidates(part), label)) is not None:
                    ids += [c for c in concepts[other[0]].ids if c not in ids]
            ext.set("ids", ids)
            ext.set("canonical", concept.name)
            kind = ext.get("match_kind")
            if via_variant and kind == "model":
                pass  # the model found it; the lexicon knows only another form of it
            elif kind != "abbreviation":
                ext.set("match_kind", match_kind(flags))
        if drop_unlinked_model:
            doc.ents = [e for e in doc.ents if e._.ids or e._.match_kind != "model"]
        return doc

    return BatchStage(normaliser)
