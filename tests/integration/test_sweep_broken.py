"""Broken experiment files: one line each, a documented exit code, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli import app
from tests.integration.sweep_helpers import TINY, write_tiny

CASES = [
    ("misspelt key", TINY.replace("replicates = 3", "replicate = 3"), 3,
     ["tiny.toml: replicate: unknown key; did you mean 'replicates'?"]),
    ("misspelt factor key", TINY.replace("factions.east.morale", "factions.east.moral"), 3,
     ["factors.east_morale.key: 'moral' is not a key of factions.east; did you mean 'morale'?"]),
    ("bad range", TINY.replace("range = [0.006, 0.018]", "range = [0.02, 0.01]"), 3,
     ["factors.west_lethality", "low must be below high"]),
    ("range outside the schema", TINY.replace("range = [0.006, 0.018]", "range = [0.1, 2.0]"),
     3, ["factors.west_lethality: factions.west.lethality = 2.0 is not allowed"]),
    ("missing base scenario", TINY.replace("synthetic_duel.toml", "nope.toml"), 4,
     ["tiny.toml: scenario:", "nope.toml: file not found"]),
    ("bad condition", TINY.replace("territory_west_final > 0.55", "territory_wes_final > 0.55"),
     3, ["interest.west_wins: unknown outcome column 'territory_wes_final'; did you mean "
         "'territory_west_final'?"]),
    ("code in a condition", TINY.replace("territory_west_final > 0.55",
                                         "__import__('os').system('true')"),
     3, ["interest.west_wins: call is not allowed"]),
    ("unknown series", TINY.replace('series = ["territory_west"]', 'series = ["terr"]'), 3,
     ["outputs.series: unknown column 'terr'"]),
    ("sobol not a power of 2", TINY.replace('kind = "latin"', 'kind = "sobol"')
     .replace("samples = 8", "samples = 10"), 3, ["design", "power of 2"]),
    ("invalid toml", TINY + "\n[[oops", 3, ["tiny.toml: invalid TOML"]),
]


@pytest.mark.parametrize(("text", "code", "needles"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_broken_experiment(tmp_path: Path, text: str, code: int, needles: list[str]) -> None:
    exp = write_tiny(tmp_path, text)
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["sweep", str(exp), "-o", str(out), "--workers", "1"])
    assert r.exit_code == code, r.output
    lines = [ln for ln in r.output.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, r.output
    for n in needles:
        assert n in lines[0], lines[0]
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.toml"]


CSV_CASES = [
    ("missing file", None, 4, "points.csv: file not found"),
    ("unknown column", "west_lethality,east_moral\n0.01,0.5\n", 3, "unknown: east_moral"),
    ("not a number", "west_lethality,east_morale\n0.01,abc\n", 3,
     "line 2, column east_morale: not a number"),
    ("out of range", "west_lethality,east_morale\n0.5,0.5\n", 3,
     "outside the factor's range"),
    ("empty", "", 3, "empty"),
]


@pytest.mark.parametrize(("csv", "code", "needle"), [c[1:] for c in CSV_CASES],
                         ids=[c[0] for c in CSV_CASES])
def test_broken_points_csv(tmp_path: Path, csv: str | None, code: int, needle: str) -> None:
    text = TINY.replace('kind = "latin"\nsamples = 8', 'kind = "csv"\nfile = "points.csv"')
    exp = write_tiny(tmp_path, text)
    if csv is not None:
        (tmp_path / "points.csv").write_text(csv)
    r = CliRunner().invoke(app, ["sweep", str(exp), "-o", str(tmp_path / "out")])
    assert r.exit_code == code, r.output
    lines = [ln for ln in r.output.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0], r.output
    assert not (tmp_path / "out").exists()


def test_resume_needs_output(tmp_path: Path) -> None:
    exp = write_tiny(tmp_path)
    r = CliRunner().invoke(app, ["sweep", str(exp), "--resume"])
    assert r.exit_code == 2 and "--resume needs -o" in r.output
