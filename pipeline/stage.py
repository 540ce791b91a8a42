"""Stages that run stage-major over each batch of documents.

spaCy chains the components of ``nlp.pipe`` as generators, so a component without
a ``pipe`` method takes documents one at a time and each document passes through
every stage before the next one starts. Our stages are small Python functions over
large shared tables (the lexicon index, the language identifier's arrays, the
schema validator), and going from one to the next for every document keeps
evicting each other's code and data from the CPU caches. With ``pipe`` below, a
stage processes a whole batch before handing it on: the records are the same and
the fast profile spends about 15 % less CPU per abstract (BENCHMARKS.md).
"""

from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch


class BatchPipe:
    """``pipe`` for a callable component: each batch through ``self`` before the next stage."""

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            yield from [self(doc) for doc in batch]  # a list: the whole batch first


class BatchStage(BatchPipe):
    """A function component (Doc -> Doc) with :class:`BatchPipe`'s ``pipe``."""

    def __init__(self, fn: Callable[[Doc], Doc]):
        self.fn = fn

    def __call__(self, doc: Doc) -> Doc:
        return self.fn(doc)
