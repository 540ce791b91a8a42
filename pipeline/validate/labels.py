"""Does a mention's label name the concept its identifier stands for?

Cheap tests first (the lexicon's own term index, folded-name equality, acronym
initials), a difflib similarity only when those fail, so validating ~10,000
annotations stays fast. Names come from the identifier registry plus the names
of the identifiers the lexicon groups with it (MONDO <-> MeSH <-> PubChem).
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from pipeline.lexicon import Lexicon, term_key
from pipeline.resources.build import uninvert
from pipeline.resources.registry import IdRegistry
from pipeline.validate.identifiers import ParsedId

GOOD_SIMILARITY = 0.8
_SMALL_WORDS = {"of", "the", "and", "in", "with", "to", "for", "a", "an"}


fold = lru_cache(maxsize=200_000)(term_key)


def _own_names(pid: ParsedId, registry: IdRegistry) -> list[str]:
    if pid.prefix == "MESH":
        e = registry.mesh(pid.local)
        return [e.name, *e.terms] if e else []
    if pid.prefix == "MONDO":
        e = registry.mondo(pid.local)
        if not e:
            return []
        names = [e.name, *e.synonyms]
        for ui in e.mesh:
            m = registry.mesh(ui)
            names.extend([m.name, *m.terms] if m else [])
        return names
    if pid.prefix == "PUBCHEM.COMPOUND":
        row = registry.pubchem(pid.local)
        if not row:
            return []
        mesh_uis, chebi = row
        names = list(chebi)
        for ui in mesh_uis:
            m = registry.mesh(ui)
            names.extend([m.name, *m.terms] if m else [])
        return names
    if pid.prefix == "NCBITaxon":
        t = registry.taxon(pid.local)
        return [n for n in t if n] if t else []
    return []


def names_of(pid: ParsedId, registry: IdRegistry, lexicon: Lexicon) -> list[str]:
    """Names and synonyms of an identifier and of the ids the lexicon links it to."""
    names = _own_names(pid, registry)
    concept = lexicon.by_curie(pid.curie)
    if concept is not None:
        names.append(concept.name)
        for other in concept.ids:
            if other != pid.curie:
                prefix, _, local = other.partition(":")
                names.extend(_own_names(ParsedId(other, prefix, local, True), registry))
    return list(dict.fromkeys(uninvert(n) for n in names if n))


def is_acronym_of(label: str, name: str) -> bool:
    letters = [c for c in label if c.isalnum()]
    if not 2 <= len(letters) <= 8 or sum(c.isupper() for c in letters) < 2:
        return False
    words = [w for w in fold(name).split() if w.isalnum() and w not in _SMALL_WORDS]
    initials = "".join(w[0] for w in words)
    return initials == "".join(letters).lower()


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in fold(text).split() if w.isalnum() and w not in _SMALL_WORDS}


def same_head(label: str, names: list[str]) -> bool:
    """The label's last word is the last word of one of the names ("hemiplegic
    migraine" / "classic migraine"): a broader or narrower concept, not another one."""
    words = [w for w in fold(label).split() if w.isalnum()]
    if not words:
        return False
    head = _stem(words[-1])
    for name in names:
        tail = [w for w in fold(name).split() if w.isalnum()]
        if tail and _stem(tail[-1]) == head:
            return True
    return False


def similarity(label: str, names: list[str]) -> tuple[float, str]:
    """Best difflib ratio of the folded label against the folded names."""
    key = fold(label)
    best, best_name = 0.0, ""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(key)
    for name in names:
        matcher.set_seq1(fold(name))
        if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
            continue
        r = matcher.ratio()
        if r > best:
            best, best_name = r, name
    return best, best_name


def label_agreement(
    label: str, pid: ParsedId, registry: IdRegistry, lexicon: Lexicon
) -> tuple[float, str, str]:
    """(score, how, closest name). how: "term", "name", "acronym", "similar" or "weak"."""
    for concept, _flags in lexicon.lookup(label):
        if pid.curie in concept.ids:
            return 1.0, "term", concept.name
    names = names_of(pid, registry, lexicon)
    key = fold(label)
    for name in names:
        if fold(name) == key:
            return 1.0, "name", name
    for name in names:
        if is_acronym_of(label, name):
            return 0.9, "acronym", name
    words = _stems(label)
    for name in names:
        if words and words <= _stems(name):
            return 0.85, "contained", name
    score, name = similarity(label, names)
    return round(score, 3), ("similar" if score >= GOOD_SIMILARITY else "weak"), name
