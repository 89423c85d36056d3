"""The experiment files in experiments/ load, open with their question and name outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.sweep import load_experiment

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "experiments").glob("*.toml"))
QUESTIONS = [p for p in FILES if p.name != "smoke.toml"]


def test_at_least_four_question_files() -> None:
    assert len(QUESTIONS) >= 4, [p.name for p in FILES]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_experiment_loads(path: Path) -> None:
    lx = load_experiment(path)  # keys, ranges and extremes checked against the base scenario
    assert lx.factors and lx.experiment.interest


@pytest.mark.parametrize("path", QUESTIONS, ids=[p.stem for p in QUESTIONS])
def test_experiment_opens_with_its_question(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Question") and "?" in path.read_text(encoding="utf-8")
    assert "not yet calibrated" in load_experiment(path).experiment.description
