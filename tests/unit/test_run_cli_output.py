"""The results folder writer: atomic files, and folders that never look complete when not."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from simulator.errors import OutputError
from simulator.output import ResultsFolder, atomic_write, write_frame
from tests.conftest import make


def test_atomic_write_leaves_no_temp_file_when_the_write_fails(tmp_path: Path) -> None:
    target = tmp_path / "table.parquet"

    def half_then_fail(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    for exc in (OSError, KeyboardInterrupt):
        def writer(tmp: Path, exc: type = exc) -> None:
            tmp.write_bytes(b"half")
            raise exc()

        with pytest.raises(exc):
            atomic_write(target, writer)
        assert list(tmp_path.iterdir()) == []
    with pytest.raises(OSError):
        atomic_write(target, half_then_fail)
    assert list(tmp_path.iterdir()) == []


def test_write_frame_by_suffix(tmp_path: Path) -> None:
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    assert pd.read_parquet(write_frame(df, tmp_path / "t.parquet")).equals(df)
    assert pd.read_csv(write_frame(df, tmp_path / "t.csv")).equals(df)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.parquet"]


def test_unfinished_folder_keeps_only_scenario_and_manifest(tmp_path: Path) -> None:
    import simulator

    s = make()
    r = simulator.run(s, replicates=2, days=5)
    out = tmp_path / "run"
    folder = ResultsFolder(out)
    assert not out.exists() and folder.tmp.name.startswith(".run.partial-")
    folder.start(s, r.seed, r.replicates, r.days)
    m = json.loads((folder.tmp / "manifest.json").read_text())
    assert m["status"] == "running"
    assert folder.write_results(r, "parquet")
    folder.finish("interrupted", interrupted={"signal": "SIGINT"})
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "scenario.toml"]
    m = json.loads((out / "manifest.json").read_text())
    assert m["status"] == "interrupted" and m["files"] == {"scenario": "scenario.toml"}
    assert not folder.tmp.exists()


def test_write_results_stops_between_files(tmp_path: Path) -> None:
    import simulator

    s = make()
    r = simulator.run(s, replicates=1, days=3)
    folder = ResultsFolder(tmp_path / "x")
    folder.start(s, r.seed, r.replicates, r.days)
    calls = []
    assert not folder.write_results(r, "csv", should_stop=lambda: bool(calls.append(1)) or
                                    len(calls) > 1)
    assert sorted(p.name for p in folder.tmp.iterdir()) == [
        "manifest.json", "scenario.toml", "timeseries.csv"]
    folder.discard()
    assert not folder.tmp.exists()


def test_a_used_path_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="not an empty folder"):
        ResultsFolder(tmp_path / "file")
    (tmp_path / "empty").mkdir()
    folder = ResultsFolder(tmp_path / "empty")  # an empty folder may be reused
    folder.start(make(), 1, [0], 1)
    assert folder.finish("failed: RuntimeError: x") == tmp_path / "empty"
    assert json.loads((tmp_path / "empty" / "manifest.json").read_text())["status"].startswith(
        "failed")
