"""SQLite sink: the embedded default.

Writers serialise on ``BEGIN IMMEDIATE`` (the database write lock, taken before
reading anything) and wait up to ``busy_timeout`` for each other; WAL lets
readers run while a loader writes.
"""

import json
import sqlite3

from pipeline.sinks.base import QUERIES, Sink
from pipeline.sinks.rows import DOCUMENT_TABLES, TABLES, Item, batch_rows
from pipeline.sinks.sqlfiles import migrations, statements
from pipeline.sinks.url import SinkError, SinkURL

BUSY_TIMEOUT_MS = 60_000


def _split(script: str) -> list[str]:
    """Statements of a migration script (sqlite3.execute runs one at a time)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()
    ):
        raise ValueError(f"incomplete SQL statement at the end of a migration: {buf[:80]!r}")
    return out


def _insert(table: str) -> str:
    cols = TABLES[table]  # whitelist: KeyError for anything else
    return f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})'


class SqliteSink(Sink):
    dialect = "sqlite"
    data_errors = Sink.data_errors + (sqlite3.IntegrityError,)

    def __init__(self, url: SinkURL, read_only: bool = False):
        super().__init__(url, read_only)
        self.sql = statements("sqlite")
        path = url.path
        if path.parent and not path.parent.is_dir():
            raise SinkError(f"cannot open {url}: directory {path.parent} does not exist")
        try:
            # mode=ro: a query never creates the file or writes to it
            target, uri = (
                (f"{path.resolve().as_uri()}?mode=ro", True) if read_only else (path, False)
            )
            self.conn = sqlite3.connect(
                target, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, uri=uri
            )
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not read_only:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise SinkError(f"cannot open {url}: {exc}") from None

    def close(self) -> None:
        self.conn.close()

    def _applied(self) -> list[int]:
        return [v for (v,) in self.conn.execute(self.sql["applied_versions"])]

    def schema_version(self) -> int:
        try:
            return max(self._applied(), default=0)
        except sqlite3.OperationalError:
            return 0

    def migrate(self) -> list[int]:
        done = []
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self.conn.execute(self.sql["schema_version_table"])
                applied = set(self._applied())
                for version, name, script in migrations(self.dialect):
                    if version in applied:
                        continue
                    for stmt in _split(script):
                        self.conn.execute(stmt)
                    self.conn.execute(self.sql["record_migration"], (version, name))
                    done.append(version)
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise SinkError(f"cannot migrate {self.url}: {exc}") from None
        return done

    def write_batch(self, items: list[Item], force: bool = False) -> tuple[int, int]:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            if not force:
                batch_ids = json.dumps([i.doc_id for i in items])
                stored = dict(c.execute(self.sql["existing_documents"], (batch_ids,)))
                todo = [i for i in items if stored.get(i.doc_id) != i.sha256]
            else:
                todo = items
            rows = batch_rows(todo)
            ids = [(i.doc_id,) for i in todo]
            for table in DOCUMENT_TABLES:
                c.executemany(self.sql[f"delete_{table}"], ids)
            c.executemany(self.sql["upsert_concepts"], rows["concepts"])
            c.executemany(self.sql["upsert_concept_xrefs"], rows["concept_xrefs"])
            for table in reversed(DOCUMENT_TABLES):
                c.executemany(_insert(table), rows[table])
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return len(todo), len(items) - len(todo)

    def query(self, name: str, params: dict) -> tuple[list[str], list[tuple]]:
        if name not in QUERIES:
            raise ValueError(f"unknown query {name!r}")
        cur = self.conn.execute(statements("queries")[name], params)
        return [d[0] for d in cur.description], cur.fetchall()
