"""``libya-sim report``, the report written by ``run`` and ``compare``, and its size."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

import simulator.report.build as report_build
from simulator.cli import app
from simulator.report import build_report

ROOT = Path(__file__).resolve().parents[2]
DUEL = str(ROOT / "scenarios" / "synthetic_duel.toml")
BASELINE = str(ROOT / "scenarios" / "baseline.toml")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
MAX_BYTES = 15_000_000


def invoke(*args: str) -> tuple[Result, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result, ANSI.sub("", result.stdout), ANSI.sub("", result.stderr)


def test_run_writes_the_report_and_lists_it(tmp_path: Path) -> None:
    out = tmp_path / "duel"
    result, stdout, stderr = invoke("run", DUEL, "-r", "3", "--days", "30", "-o", str(out))
    assert result.exit_code == 0, stderr
    assert stdout.strip().splitlines()[-1] == str(out)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Hypothetical scenario of a model: not a forecast" in html
    assert "cdn.plot.ly" not in html.split("</head>")[0].split("<script")[0]
    m = json.loads((out / "manifest.json").read_text())
    assert m["status"] == "complete" and m["files"]["report"] == "report.html"
    assert m["timings"]["report_s"] > 0
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert "report:" in stderr


def test_no_report_writes_none(tmp_path: Path) -> None:
    out = tmp_path / "duel"
    result, _, stderr = invoke("run", DUEL, "--days", "5", "-o", str(out), "--no-report")
    assert result.exit_code == 0, stderr
    assert not (out / "report.html").exists()
    assert "report" not in json.loads((out / "manifest.json").read_text())["files"]


def test_a_failing_report_keeps_the_results(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(folder: Path) -> str:
        raise RuntimeError("no figures today")

    monkeypatch.setattr(report_build, "build_report", boom)
    out = tmp_path / "duel"
    result, stdout, stderr = invoke("run", DUEL, "--days", "5", "-o", str(out))
    assert result.exit_code == 0, stderr
    assert stdout.strip().splitlines()[-1] == str(out)
    assert "warning: the report could not be built" in stderr and "no figures today" in stderr
    assert not (out / "report.html").exists()
    m = json.loads((out / "manifest.json").read_text())
    assert m["status"] == "complete" and "report" not in m["files"]
    assert {"timeseries.parquet", "outcomes.parquet", "events.parquet"} <= {
        p.name for p in out.iterdir()}
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_report_command_rebuilds_from_the_files(tmp_path: Path) -> None:
    out = tmp_path / "duel"
    assert invoke("run", DUEL, "--days", "10", "-o", str(out), "--no-report")[0].exit_code == 0
    target = tmp_path / "elsewhere.html"
    result, stdout, stderr = invoke("report", str(out), "-o", str(target))
    assert result.exit_code == 0, stderr
    assert stdout.strip().splitlines()[-1] == str(target)
    assert target.stat().st_size > 1_000_000
    result, stdout, _ = invoke("report", str(out))
    assert result.exit_code == 0 and (out / "report.html").exists()


def test_report_command_errors(tmp_path: Path) -> None:
    result, _, stderr = invoke("report", str(tmp_path / "nothing"))
    assert result.exit_code == 4 and "no such results folder" in stderr
    half = tmp_path / "half"
    half.mkdir()
    (half / "manifest.json").write_text(json.dumps({"status": "interrupted", "files": {}}))
    result, _, stderr = invoke("report", str(half))
    assert result.exit_code == 3 and "not a complete results folder" in stderr
    assert not (half / "report.html").exists()
    result, _, stderr = invoke("report", str(half), "-o", str(tmp_path))
    assert result.exit_code == 5 and "is a folder" in stderr


def test_compare_writes_an_html_report(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    common = ["--days", "20", "-r", "3", "--seed", "4", "--no-report"]
    assert invoke("run", DUEL, *common, "-o", str(a))[0].exit_code == 0
    assert invoke("run", DUEL, *common, "--set", "combat.noise=0.5", "-o", str(b))[0] \
        .exit_code == 0
    table = tmp_path / "ab.csv"
    result, stdout, stderr = invoke("compare", str(a), str(b), "-o", str(table))
    assert result.exit_code == 0, stderr
    html = (tmp_path / "ab.html").read_text(encoding="utf-8")
    assert "Paired differences" in html and "Hypothetical scenario of a model" in html
    assert stdout.strip().splitlines()[-1] == str(table)
    result, _, _ = invoke("compare", str(a), str(b), "-o", str(tmp_path / "c.csv"),
                          "--no-report")
    assert result.exit_code == 0 and not (tmp_path / "c.html").exists()


def test_two_year_report_is_under_15_mb(tmp_path: Path) -> None:
    out = tmp_path / "base"
    result, _, stderr = invoke("run", BASELINE, "--days", "730", "-o", str(out), "--no-report")
    assert result.exit_code == 0, stderr
    t0 = time.perf_counter()
    html = build_report(out)
    seconds = time.perf_counter() - t0
    size = len(html.encode("utf-8"))
    assert size < MAX_BYTES, f"report of a two-year run is {size / 1e6:.1f} MB"
    assert html.count("Plotly.newPlot") >= 10
    print(f"two-year report: {size / 1e6:.2f} MB in {seconds:.1f} s")
