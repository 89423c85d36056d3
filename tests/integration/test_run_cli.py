"""``libya-sim run`` in-process: exit codes, the results folder, the summary, safe printing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from simulator.cli import app

ROOT = Path(__file__).resolve().parents[2]
DUEL = str(ROOT / "scenarios" / "synthetic_duel.toml")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SMALL = ["--replicates", "3", "--days", "20"]
MANIFEST_KEYS = {"status", "seeds", "scenario_sha256", "schema_version", "versions", "cpu",
                 "git_commit", "timings", "files"}


def invoke(*args: str) -> tuple[Result, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result, ANSI.sub("", result.stdout), ANSI.sub("", result.stderr)


def leftovers(folder: Path) -> list[str]:
    """Return temporary files or folders left inside or beside ``folder``."""
    names = [p.name for p in folder.parent.iterdir() if ".partial-" in p.name]
    if folder.is_dir():
        names += [p.name for p in folder.iterdir() if p.name.startswith(".")]
    return names


def test_run_writes_a_complete_folder(tmp_path: Path) -> None:
    out = tmp_path / "duel"
    result, stdout, stderr = invoke("run", DUEL, *SMALL, "--seed", "5", "-o", str(out),
                                    "--no-report")
    assert result.exit_code == 0, stderr
    assert stdout.strip().splitlines()[-1] == str(out)
    names = {p.name for p in out.iterdir()}
    assert names == {"timeseries.parquet", "outcomes.parquet", "events.parquet",
                     "snapshots.npz", "scenario.toml", "manifest.json"}
    assert not leftovers(out)
    m = json.loads((out / "manifest.json").read_text())
    assert set(m) >= MANIFEST_KEYS
    assert m["status"] == "complete"
    assert m["seeds"] == {"root": 5, "replicates": [0, 1, 2]}
    assert {"libya-sim", "numba", "llvmlite", "numpy", "mesa", "plotly"} <= set(m["versions"])
    assert m["git_commit"] is None or re.fullmatch(r"[0-9a-f]{40}", m["git_commit"])
    assert {"build_s", "compile_s", "simulate_s", "write_s", "total_s"} <= set(m["timings"])
    assert len(m["scenario_sha256"]) == 64
    assert "median (5-95%)" in stdout and "Wilson" in stdout
    for row in ("holder of West capital", "ceasefire state at the end", "civilian deaths",
                "peak displaced", "escalation at the end"):
        assert row in stdout


def test_run_csv_and_single_replicate(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result, stdout, stderr = invoke("run", DUEL, "--days", "10", "--format", "csv",
                                    "-o", str(out))
    assert result.exit_code == 0, stderr
    assert {"timeseries.csv", "outcomes.csv", "events.csv"} <= {p.name for p in out.iterdir()}
    assert "value" in stdout and "[" not in stdout.split("holder of West capital")[1][:40]


def test_default_folder_is_runs_slug_timestamp(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result, stdout, stderr = invoke("run", DUEL, "--days", "5")
    assert result.exit_code == 0, stderr
    path = stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"runs/synthetic-duel-\d{8}-\d{6}", path), path
    assert (tmp_path / path / "manifest.json").exists()


def test_help_documents_no_report() -> None:
    result, stdout, _ = invoke("run", "--help")
    assert result.exit_code == 0
    words = " ".join(stdout.replace("│", " ").split())
    assert "--no-report" in words and "libya-sim report DIR" in words


@pytest.mark.parametrize(("args", "code", "expect"), [
    (["run", "missing.toml"], 4, "missing.toml"),
    (["run", DUEL, "--set", "run.dayz=3"], 3, "did you mean 'days'?"),
    (["run", DUEL, "--set", "factions.west.morale=1.4"], 3, "factions.west.morale"),
    (["run", DUEL, "--format", "xml"], 2, "--format: expected parquet or csv"),
    (["run", DUEL, "--replicates", "0"], 2, "--replicates"),
    (["run", DUEL, "--days", "-3"], 2, "--days"),
    (["run", DUEL, "--frobnicate"], 2, "No such option"),
])
def test_run_errors(tmp_path: Path, args: list[str], code: int, expect: str) -> None:
    out = tmp_path / "never"
    result, stdout, stderr = invoke(*args, "-o", str(out))
    assert result.exit_code == code, stderr
    assert expect in stderr
    assert "Traceback" not in stdout + stderr
    assert not out.exists() and not leftovers(out)


def test_run_refuses_a_used_folder(tmp_path: Path) -> None:
    out = tmp_path / "used"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result, _, stderr = invoke("run", DUEL, "--days", "5", "-o", str(out))
    assert result.exit_code == 5
    assert stderr.count("\n") == 1 and "not an empty folder" in stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"] and not leftovers(out)


def test_failed_run_leaves_a_failed_manifest(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import simulator.engine

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kernel exploded\non two lines")

    monkeypatch.setattr(simulator.engine, "run", boom)
    out = tmp_path / "failed"
    result, stdout, stderr = invoke("run", DUEL, "--days", "5", "-o", str(out))
    assert result.exit_code == 1
    assert "internal error: RuntimeError" in stderr and "Traceback" not in stderr
    m = json.loads((out / "manifest.json").read_text())
    assert m["status"] == "failed: RuntimeError: kernel exploded on two lines"
    assert {p.name for p in out.iterdir()} == {"manifest.json", "scenario.toml"}
    assert not leftovers(out)


def test_scenario_strings_are_printed_safely(tmp_path: Path) -> None:
    evil = tmp_path / "evil.toml"
    evil.write_text(
        f'extends = "{DUEL}"\n'
        'name = "[bold red]Evil\\u001b[31m\\u0007 duel"\n'
        '[places.west_capital]\nlabel = "[link=http://x]Cap\\u001b]0;pwned\\u0007"\n')
    out = tmp_path / "evil-run"
    result = CliRunner().invoke(app, ["run", str(evil), "--days", "5", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = result.stdout + result.stderr
    assert "\x1b" not in text and "\x07" not in text
    assert "[bold red]Evil?[31m? duel" in text
    assert "[link=http://x]Cap?]0;pwned?" in text


def test_compile_notice_and_time(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    import time

    from simulator.cli import run_cmd

    monkeypatch.setattr(run_cmd, "COMPILE_NOTICE_S", 0.01)
    view = run_cmd.RunView(2, 10)
    view.compiling()
    time.sleep(0.3)  # a compile that takes a while: the notice shows, then its time
    view.update(4, 20)
    view.close()
    err = capsys.readouterr().err
    assert "compiling the engine" in err and re.search(r"compiled in \d+\.\d s", err)
    assert "simulating 2 replicate(s) x 10 days" in err
    quick = run_cmd.RunView(1, 5)
    monkeypatch.setattr(run_cmd, "COMPILE_NOTICE_S", 5.0)
    quick.compiling()  # loaded from the disk cache at once: no notice
    quick.update(5, 5)
    quick.close()
    assert "compil" not in capsys.readouterr().err


def test_help_examples_use_valid_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.cli import run_cmd

    monkeypatch.chdir(ROOT)
    epilog = next(c for c in app.registered_commands if c.callback.__name__ == "run").epilog
    examples = re.findall(r"libya-sim run (\S+)((?: --set \S+)+)", epilog)
    assert examples and run_cmd
    for scenario, sets in examples:
        args = [a for a in sets.split() if a != "--set"]
        result = CliRunner().invoke(app, ["validate", scenario, *sum((["--set", a]
                                                                      for a in args), [])])
        assert result.exit_code == 0, result.stderr
