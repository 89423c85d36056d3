"""Shared helpers of the sweep tests: a tiny experiment, the CLI in a subprocess, comparisons."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DUEL = ROOT / "scenarios" / "synthetic_duel.toml"

TINY = f"""
name = "Tiny sweep"
scenario = "{DUEL}"
days = 30
replicates = 3
seed = 5
batch_size = 4

[design]
kind = "latin"
samples = 8

[factors.west_lethality]
key = "factions.west.lethality"
range = [0.006, 0.018]

[factors.east_morale]
key = "factions.east.morale"

[outputs]
series = ["territory_west"]
series_every = 10

[interest]
west_wins = "holder_east_capital == 'west' or territory_west_final > 0.55"
"""


def write_tiny(folder: Path, text: str = TINY) -> Path:
    path = folder / "tiny.toml"
    path.write_text(text)
    return path


def command() -> list[str]:
    exe = Path(sys.executable).with_name("libya-sim")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "from simulator.cli import main; main()"]


def sweep(*args: str, env: dict[str, str] | None = None, timeout: float = 1800,
          **kw) -> subprocess.CompletedProcess:  # noqa: ANN003
    return subprocess.run([*command(), "sweep", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})}, **kw)


def outcomes(folder: Path) -> pd.DataFrame:
    df = pd.read_parquet(folder / "outcomes.parquet")
    return df.sort_values(["point", "replicate"]).reset_index(drop=True)
