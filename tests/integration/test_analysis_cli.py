"""``libya-sim analyze`` and ``report`` on a tiny real sweep; errors with their exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from tests.integration.sweep_helpers import DUEL, ROOT, command, sweep, write_tiny

SOBOL = f"""
name = "Tiny Sobol sweep"
description = "Three levers of the synthetic duel."
scenario = "{DUEL}"
days = 30
replicates = 2
seed = 3

[design]
kind = "sobol"
samples = 8

[factors.west_lethality]
key = "factions.west.lethality"
range = [0.006, 0.018]

[factors.east_lethality]
key = "factions.east.lethality"
range = [0.006, 0.018]

[factors.east_morale]
key = "factions.east.morale"

[interest]
west_gains = "territory_west_final > 0.5"
"""


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*command(), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=1800)  # the first test may pay numba's cold compile (minutes)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("analysis")
    r = sweep(str(write_tiny(base, SOBOL)), "-o", str(base / "s"), "--workers", "2")
    assert r.returncode == 0, r.stderr
    return base / "s"


def test_analyze_writes_indices_and_boxes(tiny: Path) -> None:
    r = cli("analyze", str(tiny))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == str(tiny / "analysis")
    assert "Total-order Sobol index ST" in r.stdout and "PRIM: west_gains" in r.stdout
    folder = tiny / "analysis"
    assert {p.name for p in folder.iterdir()} == {"indices.csv", "prim_boxes.csv",
                                                  "prim_trajectory.csv", "interest.csv",
                                                  "summary.json"}
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["method"] == "sobol" and summary["points"] == 8 * 5
    assert summary["runs"] == 80 and summary["failed_runs"] == 0
    idx = pd.read_csv(folder / "indices.csv")
    assert set(idx.columns) == {"outcome", "factor", "S1", "S1_conf", "ST", "ST_conf"}
    assert "territory_west_final" in set(idx["outcome"])
    terr = idx[idx["outcome"] == "territory_west_final"].set_index("factor")
    assert terr["ST"].idxmax() in ("west_lethality", "east_lethality", "east_morale")
    traj = pd.read_csv(folder / "prim_trajectory.csv")
    assert (traj["step"] == 0).any() and traj["coverage"].between(0, 1).all()


def test_analyze_one_outcome_and_unknown_outcome(tiny: Path) -> None:
    r = cli("analyze", str(tiny), "--outcome", "civilian_deaths")
    assert r.returncode == 0, r.stderr
    idx = pd.read_csv(tiny / "analysis" / "indices.csv")
    assert set(idx["outcome"]) == {"civilian_deaths"}
    r = cli("analyze", str(tiny), "--outcome", "nope")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "nope" in r.stderr


def test_report_on_a_sweep_folder(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "sweep.html"
    r = cli("report", str(tiny), "-o", str(out))
    assert r.returncode == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    assert "Not yet calibrated" in html and "Tiny Sobol sweep" in html
    assert html.count("<script type='text/javascript'>") == 1  # plotly.js once, inline
    assert "<script src=" not in html  # nothing fetched (the browser test blocks the network)


def test_missing_and_unfinished_folders(tmp_path: Path) -> None:
    r = cli("analyze", str(tmp_path / "nowhere"))
    assert r.returncode == 4 and r.stderr.count("\n") == 1 and "no such sweep" in r.stderr
    r = cli("analyze", str(tmp_path))
    assert r.returncode == 4 and "not a sweep folder" in r.stderr
    exp = write_tiny(tmp_path, SOBOL.replace("samples = 8", "samples = 4"))
    r = sweep(str(exp), "-o", str(tmp_path / "cut"), "--workers", "1",
              env={"LIBYA_SIM_STOP_AFTER_BATCHES": "1"})
    assert r.returncode == 137, r.stderr
    for command_ in ("analyze", "report"):
        r = cli(command_, str(tmp_path / "cut"))
        assert r.returncode == 3, r.stderr
        assert r.stderr.count("\n") == 1 and "not finished" in r.stderr and "--resume" in r.stderr
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "manifest.json").write_text('{"status": "complete"}')
    r = cli("analyze", str(tmp_path / "run"))
    assert r.returncode == 3 and "not a sweep folder" in r.stderr
