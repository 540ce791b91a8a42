"""SQLite sink: schema and migrations, idempotent reloads, bad lines and records,
interrupted loads, concurrent loaders, `medlink load/query/run --sink`, URLs."""

import json
import sqlite3
import threading

import pytest
from conftest import ROOT
from sink_records import (
    check_queries,
    expected_counts,
    make_records,
    variant,
    write_jsonl,
)

import pipeline.sinks.sqlite as sqlite_sink
from pipeline.cli import main
from pipeline.sinks import SinkError, open_sink, parse_sink_url, redact
from pipeline.sinks.load import LoadInterrupted, load_files
from pipeline.sinks.sqlfiles import latest_version, migrations


@pytest.fixture(scope="module")
def records(process):
    return make_records(process)


def counts(db) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "sections", "sentences", "mentions", "document_concepts")
        }


def quiet(msg):
    pass


def test_urls_parse_and_never_show_passwords(tmp_path):
    assert parse_sink_url("sqlite:///rel/x.db").path.as_posix() == "rel/x.db"
    assert parse_sink_url("sqlite:////abs/x.db").path.as_posix() == "/abs/x.db"
    assert parse_sink_url("parquet:out/pq").path.as_posix() == "out/pq"
    pg = parse_sink_url("postgresql://me:p%40ss@db.example:5433/medlink?sslmode=require")
    assert pg.connect == {
        "host": "db.example",
        "port": 5433,
        "dbname": "medlink",
        "user": "me",
        "password": "p@ss",
        "sslmode": "require",
        "connect_timeout": "10",
    }
    assert "p%40ss" not in str(pg) and "p@ss" not in repr(pg) and str(pg).count("***") == 1
    assert redact("postgres://u:secret@h/db") == "postgres://u:***@h/db"
    for bad in (
        "mysql://u:secret@h/db",
        "postgresql://u:secret@h:notaport/db",
        "postgresql://u:secret@h:5432/",
        "postgresql://u:secret@h/db?options=-csearch_path%3Dx",
        "sqlite://",
        "medlink.db",
    ):
        with pytest.raises(SinkError) as info:
            parse_sink_url(bad)
        assert "secret" not in str(info.value)


def test_load_writes_every_table_and_answers_queries(tmp_path, records):
    db = tmp_path / "m.db"
    path = write_jsonl(tmp_path / "records.jsonl", records)
    with open_sink(f"sqlite:///{db}") as sink:
        summary = load_files(sink, [path], batch_size=4, log=quiet)
        assert (summary.read, summary.written, summary.batches) == (len(records), len(records), 2)
        assert sink.schema_version() == latest_version("sqlite") >= 1
        check_queries(sink, records)
    assert counts(db) == expected_counts(records)
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT record FROM documents WHERE doc_id = 'mm-3'").fetchone()[0]
        assert json.loads(stored) == next(r for r in records if r["id"] == "mm-3")
        vocab = dict(conn.execute("SELECT curie, vocabulary FROM concepts"))
        assert vocab["NCBITaxon:9606"] == "NCBITaxon" and vocab["MESH:D009101"] == "MESH"
        xref = conn.execute("SELECT concept FROM concept_xrefs WHERE xref = 'MONDO:0009693'")
        assert xref.fetchall() == [("MESH:D009101",)]
        plan = " ".join(
            row[-1]
            for row in conn.execute(
                "EXPLAIN QUERY PLAN SELECT doc_id FROM document_concepts WHERE concept = ?",
                ("MESH:D009101",),
            )
        )
        assert "document_concepts_concept" in plan


def test_reload_replaces_rows_without_duplicates(tmp_path, records):
    db = tmp_path / "m.db"
    url = f"sqlite:///{db}"
    path = write_jsonl(tmp_path / "a.jsonl", records)
    with open_sink(url) as sink:
        load_files(sink, [path], log=quiet)
        again = load_files(sink, [path], log=quiet)
        assert (again.written, again.unchanged) == (0, len(records))
        forced = load_files(sink, [path], force=True, log=quiet)
        assert (forced.written, forced.unchanged) == (len(records), 0)
        assert counts(db) == expected_counts(records)
        changed = [variant(r) if r["id"] == "mm-1" else r for r in records]
        changed[0]["entities"][0]["assertion"] = "negated"  # an optional field (schema 2)
        summary = load_files(sink, [write_jsonl(tmp_path / "b.jsonl", changed)], log=quiet)
        assert (summary.written, summary.unchanged) == (1, len(records) - 1)
    assert counts(db) == expected_counts(changed)
    assert counts(db)["mentions"] == expected_counts(records)["mentions"] - 1
    with sqlite3.connect(db) as conn:
        got = conn.execute("SELECT doc_id, idx FROM mentions WHERE assertion = 'negated'")
        assert got.fetchall() == [("mm-1", 0)]


def test_migrations_apply_in_order_once(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    with open_sink(url) as sink:
        assert sink.migrate() == []
    extra = (*migrations("sqlite"), (99, "extra", "CREATE TABLE extra_t (x INTEGER);\n"))
    monkeypatch.setattr(sqlite_sink, "migrations", lambda dialect: extra)
    with open_sink(url, migrate=False) as sink:
        assert sink.migrate() == [99]
        assert sink.migrate() == []
        assert sink.schema_version() == 99
        rows = sink.conn.execute("SELECT version, name FROM schema_version").fetchall()
        assert [v for v, _ in rows] == [v for v, _, _ in extra]


def test_an_older_database_is_upgraded_in_order(tmp_path, monkeypatch, records):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    first = migrations("sqlite")[:1]
    monkeypatch.setattr(sqlite_sink, "migrations", lambda dialect: first)
    with open_sink(url) as sink:
        assert sink.schema_version() == 1
        columns = {row[1] for row in sink.conn.execute("PRAGMA table_info(mentions)")}
        assert "assertion" not in columns
    monkeypatch.undo()
    with open_sink(url, migrate=False) as sink:
        assert sink.migrate() == [v for v, _, _ in migrations("sqlite")[1:]]
        columns = {row[1] for row in sink.conn.execute("PRAGMA table_info(mentions)")}
        assert "assertion" in columns
        path = write_jsonl(tmp_path / "r.jsonl", records)
        assert load_files(sink, [path], log=quiet).written == len(records)


def test_malformed_lines_are_reported_and_skipped(tmp_path, records, capsys):
    lines = [records[0], '{"id": "broken", "entities": [', "[1, 2]", records[1]]
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)
    with open(path, "ab") as fh:
        fh.write(b'{"id": "latin1", "source": "caf\xe9"}\n')  # not UTF-8
    db = tmp_path / "m.db"
    assert main(["load", str(path), "--sink", f"sqlite:///{db}"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:2: skipped" in err and f"{path}:3: skipped" in err
    assert f"{path}:5: skipped" in err
    assert "2 records read: 2 written" in err and "3 skipped" in err
    assert counts(db)["documents"] == 2


def test_a_rejected_record_is_isolated_and_the_rest_loads(tmp_path, records):
    bad = json.loads(json.dumps(records[1]))
    bad["entities"][0]["end"] = bad["entities"][0]["start"]  # violates CHECK (end > start)
    broken = {"id": "no-fields", "source": "x"}  # a JSON object without the record fields
    path = write_jsonl(tmp_path / "r.jsonl", [records[0], bad, broken, *records[2:]])
    db = tmp_path / "m.db"
    with open_sink(f"sqlite:///{db}") as sink:
        summary = load_files(sink, [path], batch_size=100, log=quiet)
    assert (summary.written, summary.failed) == (len(records) - 1, 2)
    assert summary.problems[0].startswith(f"{path}:2: failed")
    assert summary.problems[1].startswith(f"{path}:3: failed")
    with sqlite3.connect(db) as conn:
        ids = {i for (i,) in conn.execute("SELECT doc_id FROM documents")}
        orphans = conn.execute("SELECT count(*) FROM mentions WHERE doc_id = ?", (bad["id"],))
        assert orphans.fetchone()[0] == 0
    assert ids == {r["id"] for r in records} - {bad["id"]}


def test_interrupted_load_rolls_back_the_batch_and_resumes(tmp_path, records, monkeypatch):
    db = tmp_path / "m.db"
    path = write_jsonl(tmp_path / "r.jsonl", records)
    calls = {"mentions": 0}
    real_insert = sqlite_sink._insert

    def failing_insert(table):
        if table == "mentions":
            calls["mentions"] += 1
            if calls["mentions"] == 2:  # second batch: documents rows already inserted
                return "INSERT INTO vanished_table VALUES (?)"
        return real_insert(table)

    monkeypatch.setattr(sqlite_sink, "_insert", failing_insert)
    with open_sink(f"sqlite:///{db}") as sink, pytest.raises(LoadInterrupted) as info:
        load_files(sink, [path], batch_size=3, log=quiet)
    assert info.value.summary.batches == 1 and "run the load again" in str(info.value)
    assert counts(db) == expected_counts(records[:3])
    monkeypatch.setattr(sqlite_sink, "_insert", real_insert)
    with open_sink(f"sqlite:///{db}") as sink:
        summary = load_files(sink, [path], batch_size=3, log=quiet)
    assert (summary.written, summary.unchanged) == (len(records) - 3, 3)
    assert counts(db) == expected_counts(records)


def consistent(db) -> None:
    """Each stored document's rows match its own stored record, whichever won."""
    with sqlite3.connect(db) as conn:
        for doc_id, raw, n in conn.execute("SELECT doc_id, record, entity_count FROM documents"):
            record = json.loads(raw)
            got = conn.execute(
                "SELECT (SELECT count(*) FROM mentions WHERE doc_id = ?),"
                " (SELECT count(*) FROM document_concepts WHERE doc_id = ?),"
                " (SELECT count(*) FROM sentences WHERE doc_id = ?)",
                (doc_id, doc_id, doc_id),
            ).fetchone()
            assert got == (
                len(record["entities"]),
                len(record["concepts"]),
                len(record["sentences"]),
            )
            assert n == len(record["entities"])


def test_two_loaders_at_once_do_not_corrupt(tmp_path, records):
    many = [dict(r, id=f"{r['id']}-{k}") for k in range(8) for r in records if r["entities"]]
    other = [variant(r) for r in many[len(many) // 3 :]]  # overlaps, different content
    url = f"sqlite:///{tmp_path / 'm.db'}"
    open_sink(url).close()
    a = write_jsonl(tmp_path / "a.jsonl", many)
    b = write_jsonl(tmp_path / "b.jsonl", other)
    failures, start = [], threading.Barrier(2)

    def loader(paths):
        try:
            with open_sink(url) as sink:
                start.wait()
                for path in paths:  # contents change each round: read, then write
                    load_files(sink, [path], batch_size=4, log=quiet)
        except Exception as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=loader, args=(p,)) for p in ((a, b, a), (b, a, b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert counts(tmp_path / "m.db")["documents"] == len(many)
    consistent(tmp_path / "m.db")


def test_cli_run_with_sink_then_query(tmp_path, lexicon_dir, capsys):
    db = tmp_path / "m.db"
    out = tmp_path / "out"
    argv = ["run", str(ROOT / "corpus"), "--out", str(out), "--lexicon", str(lexicon_dir)]
    assert main([*argv, "--sink", f"sqlite:///{db}"]) == 0
    assert counts(db)["documents"] == len(list((ROOT / "corpus").glob("*.txt")))
    capsys.readouterr()
    query = ["query", "documents", "--concept", "MESH:D009101", "--sink", f"sqlite:///{db}"]
    assert main(query) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "doc_id\tsource\tconcept\tmentions"
    assert lines[1].startswith("case_report_bilingual_tr_en\t")
    cooc = ["query", "cooccur", "--disease", "MESH:D009101", "--format", "json"]
    assert main([*cooc, "--limit", "1", "--sink", f"sqlite:///{db}"]) == 0
    top = json.loads(capsys.readouterr().out)
    assert top["concept"].startswith("MESH:") and top["documents"] >= 1


def test_cli_usage_errors_exit_2(tmp_path, capsys):
    path = write_jsonl(tmp_path / "r.jsonl", [])
    assert main(["load", str(path), "--sink", "mysql://u:hunter2@h/db"]) == 2
    assert main(["load", str(tmp_path / "none.jsonl"), "--sink", "sqlite:///x.db"]) == 2
    missing = f"sqlite:///{tmp_path / 'missing.db'}"
    assert main(["query", "documents", "--concept", "MESH:D009101", "--sink", missing]) == 2
    assert not (tmp_path / "missing.db").exists()  # queries never create a database
    sqlite3.connect(tmp_path / "empty.db").close()
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert main(["query", "documents", "--concept", "MESH:D009101", "--sink", empty]) == 2
    assert "no medlink tables" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["query", "documents", "--concept", "not a curie"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["run", str(path), "--out", str(tmp_path), "--sink", "oracle://u:hunter2@h/db"])
    assert info.value.code == 2
    assert "hunter2" not in capsys.readouterr().err
