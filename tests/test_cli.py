"""`medlink run` end to end, including bad inputs (written to a temporary directory)."""

import json
import subprocess
import sys

from conftest import ROOT

from pipeline.cli import main


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_run_on_corpus(tmp_path, lexicon_dir):
    out = tmp_path / "out"
    assert (
        main(["run", str(ROOT / "corpus"), "--out", str(out), "--lexicon", str(lexicon_dir)]) == 0
    )
    records = read_jsonl(out / "records.jsonl")
    assert len(records) == len(list((ROOT / "corpus").glob("*.txt")))
    assert (out / "errors.jsonl").read_text() == ""
    assert not list(out.glob(".*partial"))
    bilingual = next(r for r in records if r["id"] == "case_report_bilingual_tr_en")
    langs = {s["name"]: s["language"] for s in bilingual["sections"]}
    assert langs["Abstract"] == "en" and langs["Özet"] == "tr"


def test_bad_inputs_are_reported_and_the_batch_completes(tmp_path, lexicon_dir):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a_good.txt").write_text("Aspirin relieved the headache.", encoding="utf-8")
    (inp / "b_empty.txt").write_bytes(b"")
    (inp / "c_blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (inp / "d_binary.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (inp / "e_latin1.txt").write_bytes("Hastaya deksametazon başlandı".encode("iso-8859-9"))
    (inp / "f_big.txt").write_text("word " * 400, encoding="utf-8")
    (inp / "g_good.txt").write_text("Cisplatin caused nephrotoxicity.", encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        [
            "run",
            str(inp),
            str(tmp_path / "missing.txt"),
            "--out",
            str(out),
            "--lexicon",
            str(lexicon_dir),
            "--max-bytes",
            "1000",
        ]
    )
    assert code == 1
    records = read_jsonl(out / "records.jsonl")
    assert [r["id"] for r in records] == ["a_good", "g_good"]
    errors = {e["source"].rsplit("/", 1)[-1]: e["reason"] for e in read_jsonl(out / "errors.jsonl")}
    assert errors == {
        "b_empty.txt": "empty",
        "c_blank.txt": "empty",
        "d_binary.bin": "binary",
        "e_latin1.txt": "encoding",
        "f_big.txt": "oversized",
        "missing.txt": "missing",
    }


def test_missing_lexicon_is_a_usage_error(tmp_path):
    code = main(
        ["run", str(ROOT / "corpus"), "--out", str(tmp_path), "--lexicon", str(tmp_path / "none")]
    )
    assert code == 2


def test_every_command_has_help():
    for args in (
        ["--help"],
        ["run", "--help"],
        ["resources", "--help"],
        ["resources", "build", "--help"],
        ["resources", "info", "--help"],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True
        )
        assert proc.returncode == 0 and "usage:" in proc.stdout


def test_warnings_still_reach_the_terminal_after_the_pipeline_is_imported():
    """medspaCy ignores every warning of the process when imported; the stages that
    import it keep our warnings (TagSourceMismatch, GuidelineCoverage) visible."""
    import subprocess
    import sys

    code = "import warnings, pipeline.nlp; warnings.warn('still heard', UserWarning)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and "still heard" in done.stderr
