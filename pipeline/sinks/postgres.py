"""PostgreSQL sink (psycopg 3): the shared database.

Rows go in with COPY. Each batch first takes transaction-scoped advisory locks on
its document ids (sorted, so two loaders cannot deadlock); a loader reloading a
document another loader is writing waits for that commit and then replaces it.
Shared concept rows are upserted from COPY-filled staging tables in key order.
"""

import hashlib
import re

import psycopg
from psycopg import errors, sql

from pipeline.sinks.base import QUERIES, Sink
from pipeline.sinks.rows import DOCUMENT_TABLES, TABLES, Item, batch_rows
from pipeline.sinks.sqlfiles import migrations, statements
from pipeline.sinks.url import SinkError, SinkURL, scrub

STAGING = {"concepts": "stage_concepts", "concept_xrefs": "stage_concept_xrefs"}
RETRIES = 3  # a deadlock or serialization failure retries the batch
_PARAM = re.compile(r"(?<![:\w]):([a-z_]+)\b")


def lock_key(doc_id: str) -> int:
    """A signed 64-bit advisory lock key for a document id."""
    return int.from_bytes(
        hashlib.blake2b(doc_id.encode(), digest_size=8).digest(), "big", signed=True
    )


def _copy_sql(table: str) -> sql.Composed:
    cols = TABLES[table]  # whitelist: KeyError for anything else
    target = STAGING.get(table, table)
    return sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(target), sql.SQL(", ").join(map(sql.Identifier, cols))
    )


class PostgresSink(Sink):
    dialect = "postgres"
    data_errors = Sink.data_errors + (psycopg.IntegrityError, psycopg.DataError)

    def __init__(self, url: SinkURL, read_only: bool = False):
        super().__init__(url, read_only)
        self.sql = statements("postgres")
        try:
            self.conn = psycopg.connect(**{"application_name": "medlink", **url.connect})
        except psycopg.Error as exc:
            raise SinkError(f"cannot connect to {url}: {scrub(exc, url)}") from None
        self.conn.read_only = read_only
        self._staging = False

    def close(self) -> None:
        self.conn.close()

    def schema_version(self) -> int:
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute("SELECT to_regclass('schema_version') IS NOT NULL")
            if not cur.fetchone()[0]:
                return 0
            return max((v for (v,) in cur.execute(self.sql["applied_versions"])), default=0)

    def migrate(self) -> list[int]:
        done = []
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                cur.execute(self.sql["migration_lock"])
                cur.execute(self.sql["schema_version_table"])
                applied = {v for (v,) in cur.execute(self.sql["applied_versions"])}
                for version, name, script in migrations(self.dialect):
                    if version not in applied:
                        cur.execute(script)
                        cur.execute(self.sql["record_migration"], (version, name))
                        done.append(version)
        except psycopg.Error as exc:
            raise SinkError(f"cannot migrate {self.url}: {scrub(exc, self.url)}") from None
        return done

    def write_batch(self, items: list[Item], force: bool = False) -> tuple[int, int]:
        for attempt in range(RETRIES):
            try:
                return self._write_batch(items, force)
            except (errors.DeadlockDetected, errors.SerializationFailure):
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _write_batch(self, items: list[Item], force: bool) -> tuple[int, int]:
        s = self.sql
        with self.conn.transaction(), self.conn.cursor() as cur:
            if not self._staging:
                cur.execute(s["staging_tables"])
            cur.execute(s["lock_documents"], (sorted({lock_key(i.doc_id) for i in items}),))
            todo = items
            if not force:
                cur.execute(s["existing_documents"], ([i.doc_id for i in items],))
                stored = dict(cur.fetchall())
                todo = [i for i in items if stored.get(i.doc_id) != i.sha256]
            rows = batch_rows(todo)
            ids = [i.doc_id for i in todo]
            for table in DOCUMENT_TABLES:
                cur.execute(s[f"delete_{table}"], (ids,))
            for table in STAGING:
                self._copy(cur, table, rows[table])
                cur.execute(s[f"upsert_{table}"])
            for table in reversed(DOCUMENT_TABLES):
                self._copy(cur, table, rows[table])
        self._staging = True
        return len(todo), len(items) - len(todo)

    @staticmethod
    def _copy(cur, table: str, rows: list[tuple]) -> None:
        if rows:
            with cur.copy(_copy_sql(table)) as copy:
                for row in rows:
                    copy.write_row(row)

    def query(self, name: str, params: dict) -> tuple[list[str], list[tuple]]:
        if name not in QUERIES:
            raise ValueError(f"unknown query {name!r}")
        text = _PARAM.sub(r"%(\1)s", statements("queries")[name])
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute(text, params)
            return [d.name for d in cur.description], cur.fetchall()
