"""``libya-sim sweep`` on a local pool: determinism, resume after a stop or SIGKILL, failures."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.integration.sweep_helpers import ROOT, command, outcomes, sweep, write_tiny


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("sweep_ref")
    exp = write_tiny(base)
    r = sweep(str(exp), "-o", str(base / "ref"), "--workers", "2")
    assert r.returncode == 0, r.stderr
    return exp, base / "ref"


def test_folder_layout_and_manifest(reference: tuple[Path, Path]) -> None:
    _, ref = reference
    names = {p.name for p in ref.iterdir()}
    assert {"manifest.json", "experiment.toml", "scenario.toml", "design.parquet",
            "batches", "outcomes.parquet", "series.parquet"} <= names
    m = json.loads((ref / "manifest.json").read_text())
    assert m["status"] == "complete" and m["runs"] == 24 and m["failures"] == 0
    assert m["batches"] == 6 and m["batches_done"] == 6
    df = outcomes(ref)
    assert len(df) == 24 and not df.duplicated(["point", "replicate"]).any()
    assert list(df.columns[:5]) == ["point", "replicate", "seed", "west_lethality",
                                    "east_morale"]
    assert df["west_lethality"].between(0.006, 0.018).all()
    assert df["east_morale"].between(0.2, 1.0).all()  # docs/MODEL.md's range
    assert df["error"].isna().all() and df["west_wins"].dtype == bool
    assert df.groupby("point")["seed"].nunique().eq(1).all()
    assert df["seed"].nunique() == 8
    s = pd.read_parquet(ref / "series.parquet")
    assert sorted(s["day"].unique()) == [0, 10, 20, 30] and len(s) == 24 * 4


def test_same_outcomes_with_one_worker_and_other_batches(reference: tuple[Path, Path],
                                                         tmp_path: Path) -> None:
    exp, ref = reference
    text = exp.read_text().replace("batch_size = 4", "batch_size = 7")
    other = write_tiny(tmp_path, text)
    r = sweep(str(other), "-o", str(tmp_path / "one"), "--workers", "1")
    assert r.returncode == 0, r.stderr
    pd.testing.assert_frame_equal(outcomes(ref), outcomes(tmp_path / "one"))


def test_stop_after_batches_then_resume(reference: tuple[Path, Path], tmp_path: Path) -> None:
    exp, ref = reference
    out = tmp_path / "stopped"
    r = sweep(str(exp), "-o", str(out), "--workers", "2",
              env={"LIBYA_SIM_STOP_AFTER_BATCHES": "2"})
    assert r.returncode == 137, r.stderr
    assert not (out / "outcomes.parquet").exists()
    done = len(list((out / "batches").glob("batch-*.parquet")))
    assert 2 <= done < 6
    r = sweep(str(exp), "-o", str(out), "--resume", "--workers", "2")
    assert r.returncode == 0, r.stderr
    m = json.loads((out / "manifest.json").read_text())
    assert m["status"] == "complete" and len(m["executions"]) == 2
    assert m["executions"][1]["batches_run"] == 6 - done
    pd.testing.assert_frame_equal(outcomes(ref), outcomes(out))


def test_sigkill_then_resume(reference: tuple[Path, Path], tmp_path: Path) -> None:
    exp, ref = reference
    out = tmp_path / "killed"
    text = exp.read_text().replace("batch_size = 4", "batch_size = 1")
    exp1 = write_tiny(tmp_path, text)
    with open(tmp_path / "log", "wb") as log:
        proc = subprocess.Popen([*command(), "sweep", str(exp1), "-o", str(out), "--workers",
                                 "1"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log,
                                start_new_session=True)
    t0 = time.monotonic()
    while len(list((out / "batches").glob("batch-*.parquet"))) < 3:
        assert proc.poll() is None, (tmp_path / "log").read_text()
        assert time.monotonic() - t0 < 300
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert not (out / "outcomes.parquet").exists()
    r = sweep(str(exp1), "-o", str(out), "--resume", "--workers", "2")
    assert r.returncode == 0, r.stderr
    pd.testing.assert_frame_equal(outcomes(ref), outcomes(out))


def test_sigint_marks_interrupted(reference: tuple[Path, Path], tmp_path: Path) -> None:
    exp, _ = reference
    out = tmp_path / "int"
    text = exp.read_text().replace("batch_size = 4", "batch_size = 1").replace(
        "days = 30", "days = 400")
    exp1 = write_tiny(tmp_path, text)
    with open(tmp_path / "log", "wb") as log:
        proc = subprocess.Popen([*command(), "sweep", str(exp1), "-o", str(out), "--workers",
                                 "1"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
    t0 = time.monotonic()
    while not list((out / "batches").glob("batch-*.parquet")):
        assert proc.poll() is None, (tmp_path / "log").read_text()
        assert time.monotonic() - t0 < 300
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 143
    log = (tmp_path / "log").read_text()
    assert "Traceback" not in log and "interrupted by SIGTERM" in log
    m = json.loads((out / "manifest.json").read_text())
    assert m["status"] == "interrupted"


def test_resume_refuses_a_changed_experiment(reference: tuple[Path, Path],
                                             tmp_path: Path) -> None:
    exp, ref = reference
    changed = write_tiny(tmp_path, exp.read_text().replace("seed = 5", "seed = 6"))
    r = sweep(str(changed), "-o", str(ref), "--resume")
    assert r.returncode == 3
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "experiment file changed" in lines[0], r.stderr


def test_failed_runs_are_recorded_and_exit_partial(tmp_path: Path) -> None:
    # a factor whose upper value breaks a cross-check at some points only would be ideal; a
    # csv design that sets morale above 1 at one point fails that point's validation.
    exp = write_tiny(tmp_path, f"""
name = "Partial"
scenario = "{ROOT / 'scenarios' / 'synthetic_duel.toml'}"
days = 10
replicates = 2
[design]
kind = "csv"
file = "points.csv"
[factors.west_morale]
key = "factions.west.morale"
""")
    (tmp_path / "points.csv").write_text("west_morale\n0.5\n1.5\n0.7\n")
    r = sweep(str(exp), "-o", str(tmp_path / "p"), "--workers", "1")
    assert r.returncode == 6, r.stderr
    df = outcomes(tmp_path / "p")
    assert len(df) == 6
    assert df["error"].notna().tolist() == [False, False, True, True, False, False]
    assert "morale" in df["error"].iloc[2]
    m = json.loads((tmp_path / "p" / "manifest.json").read_text())
    assert m["status"] == "partial" and m["failures"] == 2
