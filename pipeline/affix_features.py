"""Word beginnings and endings as input features of the statistical NER model.

Drug and disease names share beginnings and endings more than whole words ("-olol",
"-azole", "-mab", "-itis", "-emia", "hepato-"): a name never seen in training still
looks like one. The shared tok2vec embeds only a word's first character and last
three (spaCy's PREFIX and SUFFIX); these tables embed longer ones beside it, so the
pretrained tok2vec weights still fit (``medlink.LexiconAwareTok2Vec.v2``).
"""

from functools import lru_cache

import numpy
from spacy.attrs import LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc
from thinc.api import HashEmbed, Model, chain, concatenate, with_array

# rows of each hash table (words share rows by hash, as in spaCy's HashEmbed)
ROWS = 5000


@lru_cache(maxsize=50_000)
def affix_hashes(word: str, affixes: tuple[int, ...]) -> tuple[int, ...]:
    """One hash per affix: n > 0 the first n characters of `word`, n < 0 the last -n
    (a word shorter than n gives itself)."""
    return tuple(hash_string(word[:n] if n > 0 else word[n:]) for n in affixes)


def affix_embedding(affixes: tuple[int, ...], width: int) -> Model:
    """`width` features per affix and token, from the token's lower-case form."""
    n = len(affixes)

    def forward(model: Model, docs: list[Doc], is_train: bool):
        out = []
        for doc in docs:  # each distinct word once
            words, where = numpy.unique(doc.to_array(LOWER), return_inverse=True)
            strings = doc.vocab.strings
            rows = [affix_hashes(strings[int(w)], affixes) for w in words.tolist()]
            table = numpy.array(rows, dtype="uint64").reshape(len(words), n)
            out.append(model.ops.asarray(table[where.reshape(-1)], dtype="uint64"))
        return out, lambda d_out: []  # nothing to learn below: the input is the text

    tables = [HashEmbed(width, ROWS, column=i, seed=101 + i) for i in range(n)]
    return chain(Model("affixes", forward), with_array(concatenate(*tables)))
