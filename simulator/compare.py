"""Read results folders back, and compare two scenarios run with the same seeds.

Two folders run with the same root seed and replicate numbers share their random streams
(common random numbers), so replicate ``r`` of A and replicate ``r`` of B form a pair and the
paired differences ``B - A`` isolate what the scenarios' differences do.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulator.errors import MissingFileError, ScenarioError

END_COLUMNS = ("escalation", "displaced", "refugees")
COLUMNS = ("outcome", "category", "n_pairs", "mean_a", "mean_b", "mean_diff", "diff_low",
           "diff_high", "share_b_gt_a")


def end_of_run(ts: pd.DataFrame) -> pd.DataFrame:
    """Return one row per replicate from a time series: last-day values and peaks.

    Columns (when the series has their source): ``escalation_final``, ``escalation_peak``,
    ``displaced_final``, ``refugees_final``, ``military_deaths_<faction>_final``,
    ``ceasefire_final`` (text) and ``ceasefire_reached`` (True if any day was in ceasefire).
    """
    ts = ts.sort_values(["replicate", "day"], kind="stable")
    rep = ts["replicate"]
    last = ts.groupby("replicate", sort=True).tail(1).set_index("replicate")
    out = pd.DataFrame(index=last.index)
    wanted = [*END_COLUMNS, *(c for c in ts.columns if c.startswith("military_deaths_"))]
    for c in wanted:
        if c in last:
            out[f"{c}_final"] = last[c].astype(float)
    if "escalation" in ts:
        out["escalation_peak"] = ts["escalation"].groupby(rep).max().astype(float)
    if "ceasefire" in ts:
        out["ceasefire_final"] = last["ceasefire"].astype(str)
        out["ceasefire_reached"] = (ts["ceasefire"].astype(str) == "ceasefire").groupby(rep).any()
    return out.reset_index()


def outcome_table(outcomes: pd.DataFrame, ts: pd.DataFrame) -> pd.DataFrame:
    """Return ``outcomes`` joined with ``end_of_run(ts)`` (columns already in outcomes win)."""
    end = end_of_run(ts)
    extra = [c for c in end.columns if c == "replicate" or c not in outcomes.columns]
    return outcomes.merge(end[extra], on="replicate", how="left", validate="one_to_one")


def read_manifest(folder: Path) -> dict[str, Any]:
    """Return the parsed ``manifest.json`` of a results folder (raises OSError, ValueError)."""
    return json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))


def read_table(folder: Path, name: str, manifest: dict[str, Any] | None = None,
               keep: Callable[[str], bool] | None = None) -> pd.DataFrame:
    """Return the table ``name`` (``timeseries``, ``outcomes``, ``events``) of a results folder.

    Parquet or CSV, as the manifest's ``files`` lists it; ``keep(column)`` selects columns.
    """
    folder = Path(folder)
    manifest = manifest if manifest is not None else read_manifest(folder)
    path = folder / manifest["files"][name]
    if path.suffix == ".parquet":
        if keep is None:
            return pd.read_parquet(path)
        import pyarrow.parquet as pq

        return pd.read_parquet(path, columns=[c for c in pq.read_schema(path).names if keep(c)])
    return pd.read_csv(path, usecols=keep)


@dataclass
class Folder:
    """A complete results folder: its path, manifest and per-replicate outcome table."""

    path: Path
    manifest: dict[str, Any]
    outcomes: pd.DataFrame


def _wanted(column: str) -> bool:
    return column in ("replicate", "day", "ceasefire", *END_COLUMNS) or column.startswith(
        "military_deaths_")


def load_folder(path: Path) -> Folder:
    """Return a complete results folder; raise ``ScenarioError`` (exit 3) if it is not one."""
    path = Path(path)
    if not path.is_dir():
        raise MissingFileError(f"{path}: no such results folder")
    try:
        manifest = read_manifest(path)
    except (OSError, ValueError):
        raise ScenarioError(f"{path}: not a results folder (no readable manifest.json)") from None
    status = manifest.get("status") if isinstance(manifest, dict) else None
    if status != "complete":
        raise ScenarioError(f"{path}: not a complete results folder (status: {status})")
    try:
        outcomes = read_table(path, "outcomes", manifest)
        ts = read_table(path, "timeseries", manifest, keep=_wanted)
    except (OSError, KeyError, ValueError) as exc:
        raise ScenarioError(f"{path}: cannot read its tables ({exc})") from None
    seeds = manifest.get("seeds")
    if not isinstance(seeds, dict) or not isinstance(seeds.get("replicates"), list):
        raise ScenarioError(f"{path}: its manifest.json lists no seeds")
    reps = sorted(int(r) for r in seeds["replicates"])
    if sorted(outcomes["replicate"].astype(int)) != reps:
        raise ScenarioError(f"{path}: outcomes do not match the manifest's replicates")
    return Folder(path, manifest, outcome_table(outcomes, ts))


def check_paired(a: Folder, b: Folder) -> None:
    """Raise ``ScenarioError`` unless A and B ran the same root seed and replicate numbers."""
    sa, sb = a.manifest.get("seeds", {}), b.manifest.get("seeds", {})
    if sa.get("root") != sb.get("root"):
        raise ScenarioError(f"seeds differ: {a.path} has root seed {sa.get('root')}, {b.path} "
                            f"has {sb.get('root')}; run both with the same --seed")
    ra, rb = sa.get("replicates", []), sb.get("replicates", [])
    if sorted(ra) != sorted(rb):
        raise ScenarioError(f"replicates differ: {a.path} has {_span(ra)}, {b.path} has "
                            f"{_span(rb)}; run both with the same --replicates")


def _span(reps: list[int]) -> str:
    if not reps:
        return "none"
    return f"{len(reps)} replicate(s) ({min(reps)}-{max(reps)})"


def t_interval(d: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Return the t interval ``(low, high)`` of the mean of ``d`` (NaNs for fewer than two)."""
    from scipy import stats

    n = d.size
    if n < 2:
        return float("nan"), float("nan")
    m, se = float(d.mean()), float(d.std(ddof=1)) / np.sqrt(n)
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se
    return m - half, m + half


def _row(outcome: str, category: str, xa: np.ndarray, xb: np.ndarray) -> dict[str, Any]:
    d = xb - xa
    lo, hi = t_interval(d)
    return {"outcome": outcome, "category": category, "n_pairs": int(d.size),
            "mean_a": float(xa.mean()), "mean_b": float(xb.mean()), "mean_diff": float(d.mean()),
            "diff_low": lo, "diff_high": hi, "share_b_gt_a": float((xb > xa).mean())}


def is_categorical(series: pd.Series) -> bool:
    """Return True for text outcomes (holders, ceasefire state), False for numbers and flags."""
    return not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series))


def paired_differences(a: Folder, b: Folder) -> pd.DataFrame:
    """Return one row per numeric outcome, and per category of a text outcome, of B - A.

    Columns ``COLUMNS``: means of A and B, the mean paired difference with its 95% t interval,
    and the share of pairs where B > A. A text outcome (e.g. ``holder_tripoli``) gives one row
    per category: the shares of replicates in it (``mean_a``, ``mean_b``) and their paired
    difference (``share_b_gt_a``: pairs where B is in it and A is not).
    """
    check_paired(a, b)
    oa = a.outcomes.set_index("replicate").sort_index()
    ob = b.outcomes.set_index("replicate").sort_index()
    rows = []
    for col in [c for c in oa.columns if c in ob.columns and c != "seed"]:
        if is_categorical(oa[col]) or is_categorical(ob[col]):
            va, vb = oa[col].astype(str), ob[col].astype(str)
            for cat in sorted(set(va) | set(vb)):
                rows.append(_row(col, cat, (va == cat).to_numpy(float),
                                 (vb == cat).to_numpy(float)))
        else:
            rows.append(_row(col, "", oa[col].to_numpy(float), ob[col].to_numpy(float)))
    return pd.DataFrame(rows, columns=list(COLUMNS))
