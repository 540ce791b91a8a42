"""The Dask engine gives the same output as the local engine (in-process LocalCluster)."""

import pytest
from conftest import FIXTURES, ROOT

from pipeline.engines import PipelineSpec
from pipeline.runner import run

distributed = pytest.importorskip("distributed", reason="needs the .[dask] extra")


def test_dask_engine_output_matches_local(tmp_path, lexicon_dir):
    cfg = tmp_path / "pipeline.cfg"  # a private copy: both runs must use the same config
    cfg.write_bytes((ROOT / "models" / "pipeline.cfg").read_bytes())
    spec = PipelineSpec(cfg, lexicon=lexicon_dir)
    inputs = [FIXTURES / "readers"]
    local = tmp_path / "local"
    run(spec.load(), inputs, local, log=lambda m: None, progress=False)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        out = tmp_path / "dask"
        summary = run(
            None,
            inputs,
            out,
            engine="dask",
            scheduler=cluster.scheduler_address,
            spec=spec,
            batch_size=3,
            log=lambda m: None,
            progress=False,
        )
    assert summary.documents == 16 and summary.errors == 7
    for name in ("records.jsonl", "errors.jsonl", "deleted.jsonl"):
        assert (out / name).read_bytes() == (local / name).read_bytes(), name
