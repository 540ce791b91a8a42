"""PostgreSQL sink against a real, throwaway server (tests/pg_server.py): COPY
loads, migrations, reloads, concurrent loaders, rollback and resume, and no
password in any error. Skipped without PostgreSQL, except under CI."""

import json
import os
import re
import subprocess
import sys
import threading

import psycopg
import pytest
from conftest import ROOT
from pg_server import free_port, start_server
from sink_records import check_queries, expected_counts, make_records, variant, write_jsonl

from pipeline.cli import main
from pipeline.sinks import SinkError, open_sink, parse_sink_url
from pipeline.sinks.load import LoadInterrupted, load_files
from pipeline.sinks.postgres import PostgresSink, lock_key
from pipeline.sinks.rows import make_item
from pipeline.sinks.sqlfiles import latest_version, migrations

PASSWORD = "Zq8-not-for-logs-41"


@pytest.fixture(scope="session")
def pg():
    server = start_server()
    if server is None:
        reason = "PostgreSQL is not installed (no initdb)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI is set: .ci/run installs it")
        pytest.skip(reason)
    yield server
    server.stop()


@pytest.fixture
def url(pg, request):
    """A fresh database per test."""
    return pg.create_database("t_" + re.sub(r"\W+", "_", request.node.name).lower()[:55])


@pytest.fixture(scope="module")
def records(process):
    return make_records(process)


def quiet(msg):
    pass


def counts(url) -> dict[str, int]:
    with open_sink(url, migrate=False) as sink, sink.conn.cursor() as cur:
        out = {}
        for t in ("documents", "sections", "sentences", "mentions", "document_concepts"):
            out[t] = cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        return out


def test_copy_load_queries_and_reload(url, records, tmp_path):
    path = write_jsonl(tmp_path / "r.jsonl", records)
    with open_sink(url) as sink:
        summary = load_files(sink, [path], batch_size=4, log=quiet)
        assert (summary.written, summary.batches, summary.failed) == (len(records), 2, 0)
        assert sink.schema_version() == latest_version("postgres")
        check_queries(sink, records)
        again = load_files(sink, [path], log=quiet)
        assert (again.written, again.unchanged) == (0, len(records))
        changed = [variant(r) if r["id"] == "mm-2" else r for r in records]
        summary = load_files(sink, [write_jsonl(tmp_path / "c.jsonl", changed)], log=quiet)
        assert (summary.written, summary.unchanged) == (1, len(records) - 1)
        with sink.conn.cursor() as cur:
            cur.execute("SELECT record FROM documents WHERE doc_id = 'mm-2'")
            assert cur.fetchone()[0] == next(r for r in changed if r["id"] == "mm-2")
            cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'document_concepts'")
            indexes = {i for (i,) in cur.fetchall()}
    assert {"document_concepts_concept", "document_concepts_doc_type"} <= indexes
    assert counts(url) == expected_counts(changed)


def test_migrations_run_once_even_when_loaders_race(url):
    errors = []

    def opener():
        try:
            open_sink(url).close()
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_sink(url) as sink:
        assert sink.migrate() == []
        rows = sink.conn.execute("SELECT version, name FROM schema_version").fetchall()
    assert rows == [(v, n) for v, n, _ in migrations("postgres")]


def consistent(url) -> int:
    """Every stored document's rows match its own stored record; the count."""
    with psycopg.connect(**parse_sink_url(url).connect) as conn:
        bad = conn.execute(
            """SELECT d.doc_id FROM documents d
               WHERE jsonb_array_length(d.record -> 'entities')
                     <> (SELECT count(*) FROM mentions m WHERE m.doc_id = d.doc_id)
                  OR jsonb_array_length(d.record -> 'concepts')
                     <> (SELECT count(*) FROM document_concepts c WHERE c.doc_id = d.doc_id)
                  OR jsonb_array_length(d.record -> 'sentences')
                     <> (SELECT count(*) FROM sentences s WHERE s.doc_id = d.doc_id)"""
        ).fetchall()
        assert bad == []
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def test_two_loaders_at_once_overlapping(url, records, tmp_path):
    many = [dict(r, id=f"{r['id']}-{k}") for k in range(20) for r in records if r["entities"]]
    a = write_jsonl(tmp_path / "a.jsonl", many)
    b = write_jsonl(tmp_path / "b.jsonl", [variant(r) for r in many])  # same ids, same order
    open_sink(url).close()
    summaries, failures, start = [], [], threading.Barrier(2)

    def loader(paths):
        try:
            with open_sink(url) as sink:
                start.wait()
                for path in paths:  # contents change each round: every batch rewrites
                    summaries.append(load_files(sink, [path], batch_size=5, log=quiet))
        except Exception as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=loader, args=(p,)) for p in ((a, b, a), (b, a, b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert [(s.failed, s.retried) for s in summaries] == [(0, 0)] * 6
    assert consistent(url) == len(many)


def test_a_loader_waits_for_the_other_loaders_lock_on_a_document(url, records):
    item = make_item(records[0], "mem:1")
    with open_sink(url) as holder, open_sink(url) as waiter:
        done = threading.Event()
        with holder.conn.transaction():
            holder.conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(item.doc_id),))
            t = threading.Thread(target=lambda: (waiter.write_batch([item]), done.set()))
            t.start()
            assert not done.wait(0.5)  # blocked while the other transaction is open
        t.join(10)
        assert done.is_set()
    assert counts(url)["documents"] == 1


def test_failure_mid_batch_rolls_back_and_the_load_resumes(url, records, tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "r.jsonl", records)
    real_copy = PostgresSink._copy
    seen = {"mentions": 0}

    def flaky_copy(cur, table, rows):
        real_copy(cur, table, rows)
        if table == "mentions":
            seen["mentions"] += 1
            if seen["mentions"] == 2:  # second batch, after all its COPYs
                raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(PostgresSink, "_copy", staticmethod(flaky_copy))
    with open_sink(url) as sink, pytest.raises(LoadInterrupted) as info:
        load_files(sink, [path], batch_size=3, log=quiet)
    assert info.value.summary.batches == 1
    assert counts(url) == expected_counts(records[:3])
    monkeypatch.setattr(PostgresSink, "_copy", staticmethod(real_copy))
    with open_sink(url) as sink:
        summary = load_files(sink, [path], batch_size=3, log=quiet)
    assert (summary.written, summary.unchanged) == (len(records) - 3, 3)
    assert counts(url) == expected_counts(records)


def test_bad_lines_and_rejected_records_are_reported(url, records, tmp_path, capsys):
    bad = json.loads(json.dumps(records[0]))
    bad["sections"][0]["end"] = -1  # violates CHECK (end_offset >= start_offset)
    lines = [bad, "{not json", *records[1:]]
    path = write_jsonl(tmp_path / "r.jsonl", lines)
    assert main(["load", str(path), "--sink", url]) == 1
    err = capsys.readouterr().err
    assert f"{path}:1: failed" in err and "check constraint" in err
    assert f"{path}:2: skipped" in err
    assert PASSWORD not in err and url.split("@")[0].split(":")[-1] not in err
    assert counts(url)["documents"] == len(records) - 1


def test_cli_query_on_postgres(url, records, tmp_path, capsys):
    path = write_jsonl(tmp_path / "r.jsonl", records)
    assert main(["load", str(path), "--sink", url]) == 0
    capsys.readouterr()
    argv = ["query", "cooccur", "--disease", "MONDO:0009693", "--type", "Chemical"]
    assert main([*argv, "--sink", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["concept\tname\tdocuments\tmentions", "MESH:D000069286\tBortezomib\t2\t3"]
    with open_sink(url, read_only=True) as sink:  # what `medlink query` uses
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            sink.conn.execute("DELETE FROM mentions")
        sink.conn.rollback()
    assert counts(url) == expected_counts(records)


def test_refused_connection_and_bad_password_never_show_it(pg, records, tmp_path, capsys):
    closed = f"postgresql://medlink:{PASSWORD}@127.0.0.1:{free_port()}/medlink"
    with pytest.raises(SinkError) as info:
        open_sink(closed)
    text = f"{info.value!s} {info.value!r} {info.value.__cause__!r} {info.value.__context__!r}"
    assert "cannot connect" in text and PASSWORD not in text
    path = write_jsonl(tmp_path / "r.jsonl", records[:1])
    assert main(["load", str(path), "--sink", closed]) == 2
    assert main(["query", "documents", "--concept", "MESH:D009101", "--sink", closed]) == 2
    wrong = f"postgresql://medlink:{PASSWORD}@127.0.0.1:{pg.port}/medlink"
    assert main(["load", str(path), "--sink", wrong]) == 2
    err = capsys.readouterr().err
    assert "password authentication failed" in err and "postgresql://medlink:***@" in err
    assert PASSWORD not in err
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "load", str(path), "--sink", closed],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "Connection refused" in proc.stderr
    assert PASSWORD not in proc.stderr + proc.stdout
