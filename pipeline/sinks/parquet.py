"""Parquet sink: one Parquet file per table, for analytics (pandas, Arrow, DuckDB).

A directory holds immutable snapshots (``snap-*/<table>.parquet``) and a
``CURRENT`` file naming the live one. A batch rewrites the tables into a new
snapshot and then replaces ``CURRENT`` atomically, so readers always see whole
batches and a failed batch leaves nothing behind. Writers take an exclusive
``flock`` on ``DIR/.lock``. The previous snapshot is kept for readers still on it.
"""

import fcntl
import json
import os
import shutil
import uuid
from contextlib import contextmanager

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.sinks.base import QUERIES, Sink
from pipeline.sinks.rows import DOCUMENT_TABLES, TABLES, Item, batch_rows
from pipeline.sinks.url import SinkError, SinkURL

SCHEMA_VERSION = 1
_INT = {
    "text_length",
    "entity_count",
    "idx",
    "start_offset",
    "end_offset",
    "header_end",
    "section_idx",
    "sentence_idx",
    "mentions",
}
SCHEMAS = {
    table: pa.schema(
        [
            (c, pa.int64() if c in _INT else pa.float64() if c == "language_score" else pa.string())
            for c in cols
        ]
    )
    for table, cols in TABLES.items()
}


def _table(name: str, rows: list[tuple]) -> pa.Table:
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in TABLES[name]]
    return pa.Table.from_arrays(
        [pa.array(c, type=f.type) for c, f in zip(cols, SCHEMAS[name], strict=True)],
        schema=SCHEMAS[name],
    )


class ParquetSink(Sink):
    dialect = "parquet"

    def __init__(self, url: SinkURL, read_only: bool = False):
        super().__init__(url, read_only)
        self.dir = url.path

    @contextmanager
    def _locked(self):
        with open(self.dir / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _current(self) -> dict | None:
        try:
            return json.loads((self.dir / "CURRENT").read_text())
        except FileNotFoundError:
            return None

    def schema_version(self) -> int:
        cur = self._current()
        return cur["schema_version"] if cur else 0

    def read(self, table: str, columns: list[str] | None = None) -> pa.Table:
        """One table of the live snapshot."""
        cur = self._current()
        if cur is None:
            return _table(table, []).select(columns or list(TABLES[table]))
        return pq.read_table(self.dir / cur["snapshot"] / f"{table}.parquet", columns=columns)

    def _publish(self, tables: dict[str, pa.Table]) -> None:
        old = self._current()
        name = f"snap-{uuid.uuid4().hex}"
        tmp = self.dir / name
        tmp.mkdir()
        try:
            for table, data in tables.items():
                pq.write_table(data, tmp / f"{table}.parquet")
            pointer = self.dir / ".CURRENT.tmp"
            pointer.write_text(json.dumps({"snapshot": name, "schema_version": SCHEMA_VERSION}))
            os.replace(pointer, self.dir / "CURRENT")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        keep = {name, old["snapshot"] if old else None}
        for path in self.dir.glob("snap-*"):
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    def migrate(self) -> list[int]:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SinkError(f"cannot use {self.url}: {exc.strerror}") from None
        with self._locked():
            cur = self._current()
            if cur is not None:
                if cur["schema_version"] != SCHEMA_VERSION:
                    raise SinkError(
                        f"{self.url}: snapshot schema {cur['schema_version']}, "
                        f"this medlink writes {SCHEMA_VERSION}"
                    )
                return []
            self._publish({t: _table(t, []) for t in TABLES})
            return [SCHEMA_VERSION]

    def write_batch(self, items: list[Item], force: bool = False) -> tuple[int, int]:
        with self._locked():
            tables = {t: self.read(t) for t in TABLES}
            docs = tables["documents"]
            todo = items
            if not force:
                stored = dict(
                    zip(
                        docs.column("doc_id").to_pylist(),
                        docs.column("record_sha256").to_pylist(),
                        strict=True,
                    )
                )
                todo = [i for i in items if stored.get(i.doc_id) != i.sha256]
            if not todo:
                return 0, len(items)
            rows = batch_rows(todo)
            ids = pa.array([i.doc_id for i in todo], type=pa.string())
            for table in DOCUMENT_TABLES:
                old = tables[table]
                kept = old.filter(pc.invert(pc.is_in(old.column("doc_id"), value_set=ids)))
                tables[table] = pa.concat_tables([kept, _table(table, rows[table])])
            new = pa.array([r[0] for r in rows["concepts"]], type=pa.string())
            old = tables["concepts"]
            kept = old.filter(pc.invert(pc.is_in(old.column("curie"), value_set=new)))
            tables["concepts"] = pa.concat_tables([kept, _table("concepts", rows["concepts"])])
            old = tables["concept_xrefs"]
            have = set(
                zip(*(old.column(c).to_pylist() for c in TABLES["concept_xrefs"]), strict=True)
            )
            fresh = [r for r in rows["concept_xrefs"] if r not in have]
            tables["concept_xrefs"] = pa.concat_tables([old, _table("concept_xrefs", fresh)])
            self._publish(tables)
        return len(todo), len(items) - len(todo)

    def query(self, name: str, params: dict) -> tuple[list[str], list[tuple]]:
        """The questions of ``sql/queries.sql``, answered with pandas."""
        if name not in QUERIES:
            raise ValueError(f"unknown query {name!r}")
        concepts = self.read("concepts", ["curie", "name"]).to_pandas()
        xrefs = self.read("concept_xrefs").to_pandas()
        links = self.read("document_concepts").to_pandas()
        curie = params["concept" if name == "documents" else "disease"]
        target = set(concepts.loc[concepts.curie == curie, "curie"])
        target |= set(xrefs.loc[xrefs.xref == curie, "concept"])
        hits = links[links.concept.isin(target)]
        if name == "documents":
            docs = self.read("documents", ["doc_id", "source"]).to_pandas()
            out = hits.merge(docs, on="doc_id")[["doc_id", "source", "concept", "mentions"]]
            out = out.sort_values(["mentions", "doc_id"], ascending=[False, True])
        else:
            other = links[
                links.doc_id.isin(set(hits.doc_id))
                & (links.type == params["type"])
                & ~links.concept.isin(target)
            ]
            out = (
                other.groupby("concept", as_index=False)
                .agg(documents=("doc_id", "count"), mentions=("mentions", "sum"))
                .merge(concepts.rename(columns={"curie": "concept"}), on="concept")
            )[["concept", "name", "documents", "mentions"]]
            out = out.sort_values(
                ["documents", "mentions", "concept"], ascending=[False, False, True]
            )
        out = out.head(params["limit"])
        rows = [
            tuple(getattr(v, "item", lambda v=v: v)() for v in r)
            for r in out.itertuples(index=False)
        ]
        return list(out.columns), rows
