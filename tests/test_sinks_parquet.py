"""Parquet sink: snapshot tables readable by pandas, reloads that replace rows,
all-or-nothing batches, concurrent writers, and the same query answers."""

import json
import threading

import pandas as pd
import pyarrow.parquet as pq
import pytest
from sink_records import check_queries, expected_counts, make_records, variant, write_jsonl

from pipeline.cli import main
from pipeline.sinks import open_sink
from pipeline.sinks.load import LoadInterrupted, load_files
from pipeline.sinks.rows import TABLES


@pytest.fixture(scope="module")
def records(process):
    return make_records(process)


def quiet(msg):
    pass


def tables(directory) -> dict[str, pd.DataFrame]:
    """The live snapshot, read the way an analyst would: CURRENT, then pandas."""
    snap = directory / json.loads((directory / "CURRENT").read_text())["snapshot"]
    return {t: pd.read_parquet(snap / f"{t}.parquet") for t in TABLES}


def counts(directory) -> dict[str, int]:
    t = tables(directory)
    return {
        k: len(t[k])
        for k in ("documents", "sections", "sentences", "mentions", "document_concepts")
    }


def test_load_reload_and_query(tmp_path, records):
    out = tmp_path / "pq"
    path = write_jsonl(tmp_path / "r.jsonl", records)
    with open_sink(f"parquet:{out}") as sink:
        summary = load_files(sink, [path], batch_size=4, log=quiet)
        assert (summary.written, summary.batches) == (len(records), 2)
        check_queries(sink, records)
        again = load_files(sink, [path], log=quiet)
        assert (again.written, again.unchanged) == (0, len(records))
        changed = [variant(r) if r["id"] == "mm-3" else r for r in records]
        load_files(sink, [write_jsonl(tmp_path / "c.jsonl", changed)], log=quiet)
    assert counts(out) == expected_counts(changed)
    t = tables(out)
    assert t["documents"].doc_id.is_unique
    assert (
        json.loads(t["documents"].set_index("doc_id").loc["mm-3", "record"])["entities"]
        == (next(r for r in changed if r["id"] == "mm-3")["entities"])
    )
    assert t["mentions"].start_offset.dtype == "int64"
    assert set(t["concepts"].vocabulary) >= {"MESH", "NCBITaxon"}
    assert len(list(out.glob("snap-*"))) <= 2  # the live snapshot and the previous one


def test_a_failed_batch_leaves_the_live_snapshot_untouched(tmp_path, records, monkeypatch):
    out = tmp_path / "pq"
    path = write_jsonl(tmp_path / "r.jsonl", records)
    with open_sink(f"parquet:{out}") as sink:
        load_files(sink, [path], batch_size=3, log=quiet)
        before = (out / "CURRENT").read_text()
        real_write, calls = pq.write_table, []

        def failing_write(table, where, **kw):
            calls.append(where)
            if len(calls) == 3:  # mid-snapshot: some tables already written
                raise OSError(28, "No space left on device")
            return real_write(table, where, **kw)

        monkeypatch.setattr(pq, "write_table", failing_write)
        with pytest.raises(LoadInterrupted):
            load_files(sink, [path], batch_size=3, force=True, log=quiet)
        assert (out / "CURRENT").read_text() == before
        assert len(list(out.glob("snap-*"))) <= 2
    assert counts(out) == expected_counts(records)


def test_concurrent_writers_keep_every_document_once(tmp_path, records):
    url = f"parquet:{tmp_path / 'pq'}"
    many = [dict(r, id=f"{r['id']}-{k}") for k in range(4) for r in records if r["entities"]]
    a = write_jsonl(tmp_path / "a.jsonl", many)
    b = write_jsonl(tmp_path / "b.jsonl", [variant(r) for r in many])
    open_sink(url).close()
    failures, start = [], threading.Barrier(2)

    def loader(paths):
        try:
            with open_sink(url) as sink:
                start.wait()
                for path in paths:
                    load_files(sink, [path], batch_size=3, log=quiet)
        except Exception as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=loader, args=(p,)) for p in ((a, b), (b, a))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    t = tables(tmp_path / "pq")
    assert sorted(t["documents"].doc_id) == sorted(r["id"] for r in many)
    for doc_id, raw in zip(t["documents"].doc_id, t["documents"].record, strict=True):
        assert (t["mentions"].doc_id == doc_id).sum() == len(json.loads(raw)["entities"])


def test_cli_load_and_query(tmp_path, records, capsys):
    path = write_jsonl(tmp_path / "r.jsonl", records)
    url = f"parquet:{tmp_path / 'pq'}"
    assert main(["load", str(path), "--sink", url]) == 0
    capsys.readouterr()
    assert main(["query", "documents", "--concept", "MESH:D002945", "--sink", url]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert sorted(r.split("\t")[0] for r in rows) == ["mm-3", "nephro-1"]


def test_query_on_a_missing_directory_is_a_usage_error(tmp_path, capsys):
    url = f"parquet:{tmp_path / 'absent'}"
    assert main(["query", "cooccur", "--disease", "MESH:D009101", "--sink", url]) == 2
    assert "no medlink tables" in capsys.readouterr().err
    assert not (tmp_path / "absent").exists()
