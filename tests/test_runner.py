"""The runner: mixed-format batches, ordered parallel output, resume after completion and
after SIGKILL (no duplicate or truncated record), and the manifest."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import FIXTURES, ROOT

from pipeline.engines import PipelineSpec
from pipeline.nlp import PROFILES
from pipeline.runner import run
from pipeline.writer import read_manifest

R = FIXTURES / "readers"


def lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def quiet(msg):
    pass


def test_mixed_formats_offsets_errors_deletions_and_manifest(tmp_path, nlp):
    out = tmp_path / "out"
    summary = run(nlp, [R], out, log=quiet, progress=False)
    records = lines(out / "records.jsonl")
    ids = [r["id"] for r in records]
    assert ids == [
        "PMC9000010",
        "2001",
        "2002",
        "2001",
        "2002",
        "1001",
        "1003",
        "j1",
        "j2",
        "docs:7",
        "note",
        "90000001",
        "90000002",
        "90000005",
        "70000001",
        "70000002",
    ]
    assert summary.documents == 16 and summary.errors == 7 and summary.deleted == 2
    for r in records:
        for e in r["entities"]:
            assert r["text"][e["start"] : e["end"]] == e["text"]
    pm = next(r for r in records if r["id"] == "90000001")
    assert pm["metadata"]["journal"] == "Journal of Invented Examples"
    assert "Cisplatin" in {e["text"] for e in pm["entities"]}
    errs = {(e["id"], e["reason"]) for e in lines(out / "errors.jsonl")}
    assert ("90000003", "malformed_xml") in errs and ("1002", "malformed_xml") in errs
    assert [d["id"] for d in lines(out / "deleted.jsonl")] == ["80000001", "80000002"]
    entries, _ = read_manifest(out / "manifest.jsonl")
    assert [e["kind"] for e in entries] == ["run"] + ["done"] * 9
    assert entries[0]["pipeline"] == PipelineSpec().identity()
    assert entries[-1]["ends"]["records.jsonl"] == (out / "records.jsonl").stat().st_size
    pubmed = next(e for e in entries[1:] if e["source"].endswith("pubmed_sample.xml"))
    assert (pubmed["format"], pubmed["records"], pubmed["errors"], pubmed["deleted"]) == (
        "pubmed",
        3,
        2,
        2,
    )

    # The same command again skips every finished input and changes nothing.
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    again = run(nlp, [R], out, log=quiet, progress=False)
    assert again.documents == 0 and again.skipped_inputs == 9 and again.errors == 7
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_torn_tail_and_unfinished_input_are_cut_on_restart(tmp_path, nlp):
    out = tmp_path / "out"
    run(nlp, [R / "note.txt"], out, log=quiet, progress=False)
    good = (out / "records.jsonl").read_bytes()
    with open(out / "records.jsonl", "ab") as fh:  # a record of an unfinished input, cut short
        fh.write(b'{"id":"half","text":"Asp')
    with open(out / "manifest.jsonl", "ab") as fh:
        fh.write(b'{"kind":"done","sou')
    run(nlp, [R / "note.txt", R / "pubtator_sample.txt"], out, log=quiet, progress=False)
    data = (out / "records.jsonl").read_bytes()
    assert data.startswith(good) and b"half" not in data
    assert [r["id"] for r in lines(out / "records.jsonl")] == ["note", "70000001", "70000002"]


def _make_jsonl(path, n):
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"Case {i}: aspirin was given for headache and cisplatin caused nephrotoxicity."
            fh.write(json.dumps({"id": f"d{i:04d}", "text": text}) + "\n")


SCRIPT = """
import sys
from pathlib import Path
from pipeline.runner import run
from pipeline.engines import PipelineSpec
from pipeline.nlp import PROFILES
spec = PipelineSpec(Path(sys.argv[5]), lexicon=Path(sys.argv[3]))
run(None, [Path(sys.argv[1])], Path(sys.argv[2]), spec=spec, workers=int(sys.argv[4]),
    batch_size=4, checkpoint_every=8, log=lambda m: None, progress=False)
"""


@pytest.fixture(scope="module")
def frozen(tmp_path_factory, lexicon_dir):
    """A private copy of the config, so both sides of a comparison use the same one."""
    cfg = tmp_path_factory.mktemp("cfg") / "pipeline.cfg"
    cfg.write_bytes((ROOT / "models" / "pipeline.cfg").read_bytes())
    spec = PipelineSpec(cfg, lexicon=lexicon_dir)
    return spec, spec.load()


@pytest.mark.slow
def test_sigkill_mid_run_then_resume_gives_the_uninterrupted_output(tmp_path, frozen, lexicon_dir):
    spec, nlp = frozen
    inp = tmp_path / "docs.jsonl"
    _make_jsonl(inp, 240)
    ref = tmp_path / "ref"
    run(nlp, [inp], ref, log=quiet, progress=False)
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-c",
        SCRIPT,
        str(inp),
        str(out),
        str(lexicon_dir),
        "1",
        str(spec.config),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    records = out / "records.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if records.exists() and records.stat().st_size > 40_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the runner and its workers
    proc.wait()
    killed_at = len(records.read_bytes().splitlines())
    assert 0 < killed_at < 240
    entries, _ = read_manifest(out / "manifest.jsonl")
    assert entries and entries[-1]["kind"] == "checkpoint"
    msgs = []
    again = run(nlp, [inp], out, batch_size=4, checkpoint_every=8, log=msgs.append, progress=False)
    assert any(m.startswith(f"resuming {inp} after ") for m in msgs)
    assert 0 < again.documents < 240  # continued from the checkpoint, did not start over
    assert records.read_bytes() == (ref / "records.jsonl").read_bytes()
    entries, _ = read_manifest(out / "manifest.jsonl")
    assert entries[-1]["kind"] == "done" and entries[-1]["records"] == 240


def test_two_workers_keep_input_order_and_match_one_process(tmp_path, frozen):
    spec, nlp = frozen
    inp = tmp_path / "docs.jsonl"
    _make_jsonl(inp, 40)
    one, two = tmp_path / "one", tmp_path / "two"
    run(nlp, [inp, R / "note.txt"], one, log=quiet, progress=False)
    run(
        None,
        [inp, R / "note.txt"],
        two,
        spec=spec,
        workers=2,
        batch_size=3,
        log=quiet,
        progress=False,
    )
    assert (two / "records.jsonl").read_bytes() == (one / "records.jsonl").read_bytes()
    assert [r["id"] for r in lines(two / "records.jsonl")][-2:] == ["d0039", "note"]


def test_workers_replaced_after_each_batch_give_the_same_records(tmp_path, frozen):
    """A long run's workers are recycled (their vocabulary grows): a fresh worker per
    batch still gives the records of one process, in input order."""
    spec, nlp = frozen
    inp = tmp_path / "docs.jsonl"
    _make_jsonl(inp, 10)
    one, two = tmp_path / "one", tmp_path / "two"
    run(nlp, [inp], one, log=quiet, progress=False)
    opts = dict(spec=spec, workers=2, batch_size=3, log=quiet, progress=False)
    summary = run(None, [inp], two, recycle_batches=1, **opts)
    assert summary.documents == 10
    assert (two / "records.jsonl").read_bytes() == (one / "records.jsonl").read_bytes()


def test_one_process_run_renews_its_pipeline_and_gives_the_same_records(tmp_path, frozen):
    """Without workers the pipeline is replaced in the same process (its vocabulary
    grows); a fresh pipeline per batch gives the same records."""
    from pipeline.engines import RenewedPipeline

    spec, nlp = frozen
    inp = tmp_path / "docs.jsonl"
    _make_jsonl(inp, 7)
    one, two = tmp_path / "one", tmp_path / "two"
    run(nlp, [inp], one, log=quiet, progress=False)
    summary = run(
        nlp, [inp], two, spec=spec, batch_size=3, recycle_batches=1, log=quiet, progress=False
    )
    assert summary.documents == 7
    assert (two / "records.jsonl").read_bytes() == (one / "records.jsonl").read_bytes()
    renewed = RenewedPipeline(spec, every=1, nlp=nlp)
    renewed.process([])
    assert renewed.nlp is nlp
    renewed.process([])
    assert renewed.nlp is not nlp and renewed.batches == 1


def test_progress_lines_when_not_a_terminal(tmp_path, nlp):
    msgs = []
    from pipeline.progress import Progress

    p = Progress(1000, msgs.append, tty=False, every=0.0)
    p.update(10, 1, 500)
    p.close()
    assert msgs and "10 docs" in msgs[0] and "50.0% of input" in msgs[0] and "ETA" in msgs[0]


def test_cli_profile_fast_and_dask_usage(tmp_path, lexicon_dir):
    import spacy

    from pipeline.cli import main

    out = tmp_path / "out"
    args = ["run", str(R / "note.txt"), "--out", str(out), "--lexicon", str(lexicon_dir)]
    assert main([*args, "--profile", "fast"]) == 0
    (rec,) = lines(out / "records.jsonl")
    full = spacy.util.load_config(ROOT / "models" / "pipeline.cfg")["nlp"]["pipeline"]
    assert rec["pipeline"]["components"] == [c for c in full if c not in PROFILES["fast"]]
    assert "medlink_model_ner" in full and "medlink_model_ner" not in rec["pipeline"]["components"]
    assert main([*args, "--engine", "dask"]) == 2  # no --scheduler


def test_checkpoint_resume_and_rollback_when_the_input_changed(tmp_path, nlp):
    inp = tmp_path / "docs.jsonl"
    _make_jsonl(inp, 30)
    out = tmp_path / "out"
    opts = dict(batch_size=4, checkpoint_every=8, log=quiet, progress=False)
    run(nlp, [R / "note.txt", inp], out, **opts)
    full = (out / "records.jsonl").read_bytes()
    manifest = out / "manifest.jsonl"
    kept = manifest.read_text().splitlines()[:-2]  # as if killed after a checkpoint
    assert [e["kind"] for e in map(json.loads, kept)][-1] == "checkpoint"
    manifest.write_text("\n".join(kept) + "\n")
    msgs = []
    again = run(nlp, [R / "note.txt", inp], out, **{**opts, "log": msgs.append})
    assert any("after" in m for m in msgs) and 0 < again.documents < 30
    assert (out / "records.jsonl").read_bytes() == full

    manifest.write_text("\n".join(kept) + "\n")
    _make_jsonl(inp, 12)  # the input changed under the checkpoint: redo it from its start
    again = run(nlp, [R / "note.txt", inp], out, **opts)
    assert again.documents == 12 and again.skipped_inputs == 1
    ids = [r["id"] for r in lines(out / "records.jsonl")]
    assert ids == ["note"] + [f"d{i:04d}" for i in range(12)]


def test_output_of_another_pipeline_is_not_resumed_into(tmp_path, nlp):
    """Records of two pipelines must not mix in one output: a run with another profile
    (or config, lexicon, version) into an existing output stops before writing."""
    from pipeline.runner import OtherPipelineOutput

    inp = tmp_path / "in.jsonl"
    inp.write_text('{"id": "a", "text": "Cisplatin caused nephrotoxicity."}\n')
    out = tmp_path / "out"
    run(nlp, [inp], out, log=quiet, progress=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(OtherPipelineOutput, match="profile 'full' -> 'fast'"):
        run(None, [inp], out, log=quiet, progress=False, spec=PipelineSpec(profile="fast"))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    again = run(nlp, [inp], out, log=quiet, progress=False)  # the same pipeline resumes
    assert again.skipped_inputs == 1


def test_output_of_a_medlink_that_did_not_record_its_pipeline_is_not_resumed(tmp_path, nlp):
    from pipeline.runner import OtherPipelineOutput

    inp = tmp_path / "in.jsonl"
    inp.write_text('{"id": "a", "text": "Cisplatin caused nephrotoxicity."}\n')
    out = tmp_path / "out"
    run(nlp, [inp], out, log=quiet, progress=False)
    manifest = out / "manifest.jsonl"
    manifest.write_text("".join(manifest.read_text().splitlines(True)[1:]))  # no run entry
    with pytest.raises(OtherPipelineOutput, match="earlier version"):
        run(nlp, [inp], out, log=quiet, progress=False)


def test_refused_resume_writes_nothing_and_a_new_output_may_change_its_mind(tmp_path, nlp):
    """A refused run leaves the output as it was, even with an input changed under a
    checkpoint; an output holding no record yet takes whatever pipeline comes."""
    from pipeline.runner import OtherPipelineOutput

    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.jsonl").write_text(
        json.dumps({"kind": "run", "pipeline": {"profile": "fast"}, "ends": {}}) + "\n"
    )
    inp = tmp_path / "in.jsonl"
    inp.write_text('{"id": "a", "text": "Cisplatin caused nephrotoxicity."}\n')
    summary = run(nlp, [inp], out, log=quiet, progress=False)  # only a run record: new
    assert summary.documents == 1
    entries, _ = read_manifest(out / "manifest.jsonl")
    entries[-1] = {**entries[-1], "kind": "checkpoint", "items": 0}
    (out / "manifest.jsonl").write_text("".join(json.dumps(e) + "\n" for e in entries))
    inp.write_text('{"id": "b", "text": "Changed."}\n')  # would roll the checkpoint back
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(OtherPipelineOutput):
        run(None, [inp], out, log=quiet, progress=False, spec=PipelineSpec(profile="fast"))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
