"""Read a finished sweep folder: manifest, design and outcomes, checked before any analysis."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulator.errors import MissingFileError, ScenarioError

FINISHED = ("complete", "partial")
META = ("point", "replicate", "seed", "error")


@dataclass
class SweepData:
    """A finished sweep: its manifest, design (one row per point) and runs (one row per run)."""

    path: Path
    manifest: dict[str, Any]
    design: pd.DataFrame
    runs: pd.DataFrame

    @property
    def factors(self) -> list[str]:
        """Return the factor names in SALib's order."""
        return list(self.manifest["design"]["salib_problem"]["names"])

    @property
    def factor_info(self) -> dict[str, dict[str, Any]]:
        """Return each factor's manifest entry (key, low, high, values, distribution)."""
        return {f["name"]: f for f in self.manifest.get("factors", [])}

    @property
    def kind(self) -> str:
        """Return the design's kind: factorial, latin, sobol, morris or csv."""
        return str(self.manifest["design"]["kind"])

    @property
    def interest(self) -> dict[str, str]:
        """Return the named outcomes of interest and their conditions."""
        return dict(self.manifest.get("interest") or {})

    @property
    def ok(self) -> pd.DataFrame:
        """Return the runs that did not fail."""
        return self.runs[self.runs["error"].isna()] if "error" in self.runs else self.runs

    def outcome_columns(self) -> list[str]:
        """Return the numeric (and true/false) outcome columns, interest columns excluded."""
        skip = set(META) | set(self.factors) | set(self.interest)
        return [c for c in self.runs.columns if c not in skip and is_numeric(self.runs[c])]


def is_numeric(col: pd.Series) -> bool:
    """Return True for a column of numbers or true/false values (nulls of failed runs aside)."""
    if pd.api.types.is_bool_dtype(col) or pd.api.types.is_numeric_dtype(col):
        return True
    if col.dtype != object:
        return False
    values = col.dropna()
    return len(values) > 0 and all(isinstance(v, (bool, np.bool_, int, float, np.number))
                                   for v in values)


def is_numeric_factor(col: pd.Series) -> bool:
    """Return True when a factor's values are numbers (not text or true/false)."""
    return pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)


def load_sweep(path: str | Path) -> SweepData:
    """Return the sweep at ``path``; raise one line (exit 4 missing, 3 not finished) if unusable."""
    path = Path(path)
    if not path.is_dir():
        raise MissingFileError(f"{path}: no such sweep folder")
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MissingFileError(f"{path}: not a sweep folder (no manifest.json)") from None
    except (OSError, ValueError) as exc:
        raise ScenarioError(f"{path}/manifest.json: cannot be read ({exc})") from None
    if manifest.get("kind") != "sweep":
        raise ScenarioError(f"{path}: not a sweep folder (a results folder of `libya-sim run`?"
                            "; use `libya-sim report` on it)")
    status = str(manifest.get("status", "unknown"))
    if status not in FINISHED or not (path / "outcomes.parquet").is_file():
        raise ScenarioError(f"{path}: the sweep is not finished (status: {status}); go on "
                            f"with: libya-sim sweep EXPERIMENT -o {path} --resume")
    try:
        design = pd.read_parquet(path / "design.parquet")
        runs = pd.read_parquet(path / "outcomes.parquet")
    except (OSError, ValueError) as exc:
        raise ScenarioError(f"{path}: cannot read the sweep's tables ({exc})") from None
    runs = runs.sort_values(["point", "replicate"]).reset_index(drop=True)
    return SweepData(path=path, manifest=manifest, design=design.sort_values("point")
                     .reset_index(drop=True), runs=runs)


def point_means(sweep: SweepData, columns: list[str]) -> pd.DataFrame:
    """Return the mean of each column over a point's successful replicates, one row per point.

    True/false columns become shares of replicates; a point whose replicates all failed is NaN.
    Rows follow ``design.parquet`` (SALib's order).
    """
    ok = sweep.ok
    data = ok[["point"]].copy()
    for c in columns:
        data[c] = ok[c].astype(float)
    means = data.groupby("point")[columns].mean()
    return means.reindex(sweep.design["point"].to_numpy()).reset_index(drop=True)


def unit_matrix(sweep: SweepData) -> np.ndarray:
    """Return the design's unit-cube coordinates, shape (points, factors), in SALib's order."""
    return sweep.design[[f"u_{f}" for f in sweep.factors]].to_numpy(dtype=float)
