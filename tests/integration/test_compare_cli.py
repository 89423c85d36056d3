"""``libya-sim compare``: paired differences of two folders run with the same seeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result
from typer.testing import CliRunner

from simulator.cli import app
from simulator.compare import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
DUEL = str(ROOT / "scenarios" / "synthetic_duel.toml")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
RUN = ["--replicates", "6", "--days", "40", "--seed", "3"]


def invoke(*args: str) -> tuple[Result, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result, ANSI.sub("", result.stdout), ANSI.sub("", result.stderr)


def run(out: Path, *extra: str) -> Path:
    result, _, err = invoke("run", DUEL, *RUN, "-o", str(out), *extra)
    assert result.exit_code == 0, err
    return out


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("cmp")
    return {
        "a": run(base / "a"),
        "b": run(base / "b", "--set", "factions.west.lethality=0.03", "--format", "csv"),
        "seed": run(base / "seed", "--seed", "4"),
        "fewer": run(base / "fewer", "--replicates", "5"),
    }


def test_compare_writes_csv_and_prints_a_table(folders: dict[str, Path],
                                               tmp_path: Path) -> None:
    out = tmp_path / "cmp.csv"
    result, stdout, stderr = invoke("compare", str(folders["a"]), str(folders["b"]),
                                    "-o", str(out))
    assert result.exit_code == 0, stderr
    assert stdout.strip().splitlines()[-1] == str(out)
    assert "6 paired replicate(s)" in stdout and "P(B>A)" in stdout
    df = pd.read_csv(out, keep_default_na=False, na_values=[""])
    assert list(df.columns) == list(COLUMNS)
    assert (df.n_pairs == 6).all()
    outcomes = set(df.outcome)
    assert {"civilian_deaths", "peak_displaced", "territory_west_final", "escalation_final",
            "holder_west_capital", "ceasefire_final", "ceasefire_reached"} <= outcomes
    # the paired difference is computed on the pairs, as the tables say
    a = pd.read_parquet(folders["a"] / "outcomes.parquet").set_index("replicate")
    b = pd.read_csv(folders["b"] / "outcomes.csv").set_index("replicate")
    d = b["civilian_deaths"] - a["civilian_deaths"]
    row = df[df.outcome == "civilian_deaths"].iloc[0]
    assert row.mean_diff == pytest.approx(d.mean())
    assert row.share_b_gt_a == pytest.approx((d > 0).mean())
    assert row.diff_low <= row.mean_diff <= row.diff_high
    holders = df[df.outcome == "holder_west_capital"]
    assert holders.mean_a.sum() == pytest.approx(1) and holders.mean_b.sum() == pytest.approx(1)


def test_compare_parquet_output(folders: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "sub" / "same.parquet"
    result, _, stderr = invoke("compare", str(folders["a"]), str(folders["a"]), "-o", str(out))
    assert result.exit_code == 0, stderr
    df = pd.read_parquet(out)
    assert (df.mean_diff == 0).all()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_default_output_is_comparison_csv(folders: dict[str, Path], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result, stdout, _ = invoke("compare", str(folders["a"]), str(folders["b"]))
    assert result.exit_code == 0
    assert stdout.strip().splitlines()[-1] == "comparison.csv"
    assert (tmp_path / "comparison.csv").exists()


def interrupted(tmp_path: Path, src: Path) -> Path:
    bad = tmp_path / "interrupted"
    bad.mkdir()
    m = json.loads((src / "manifest.json").read_text())
    m["status"] = "interrupted"
    (bad / "manifest.json").write_text(json.dumps(m))
    return bad


@pytest.mark.parametrize(("which", "code", "expect"), [
    ("seed", 3, "seeds differ"),
    ("fewer", 3, "replicates differ"),
    ("interrupted", 3, "not a complete results folder (status: interrupted)"),
    ("empty", 3, "not a results folder"),
    ("missing", 4, "no such results folder"),
])
def test_compare_refuses(folders: dict[str, Path], tmp_path: Path, which: str, code: int,
                         expect: str) -> None:
    other = {"interrupted": lambda: interrupted(tmp_path, folders["a"]),
             "empty": lambda: tmp_path,
             "missing": lambda: tmp_path / "nope"}.get(which, lambda: folders.get(which))()
    out = tmp_path / "c.csv"
    result, stdout, stderr = invoke("compare", str(folders["a"]), str(other), "-o", str(out))
    assert result.exit_code == code, stderr
    assert stdout == ""
    assert stderr.count("\n") == 1 and stderr.startswith("error: ") and expect in stderr
    assert not out.exists()


def test_compare_bad_output_name(folders: dict[str, Path], tmp_path: Path) -> None:
    result, _, stderr = invoke("compare", str(folders["a"]), str(folders["a"]),
                               "-o", str(tmp_path / "c.xlsx"))
    assert result.exit_code == 2 and "--output" in stderr
