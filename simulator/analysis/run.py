"""Analyse a sweep: indices (or rank correlations) for every outcome, PRIM for each interest."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from simulator.analysis.correlation import NOTE as CORRELATION_NOTE
from simulator.analysis.correlation import spearman
from simulator.analysis.folder import SweepData, point_means, unit_matrix
from simulator.analysis.morris import morris_indices
from simulator.analysis.prim import PrimResult, prim
from simulator.analysis.sobol import sobol_indices

SOBOL_FIRM = 64  # base samples below which Sobol indices are flagged as rough
AVERAGING = ("indices and correlations read one value per design point: the mean of the "
             "outcome over the point's successful replicates (true/false outcomes become the "
             "share of replicates); PRIM reads every successful run")


@dataclass
class Analysis:
    """What ``analyze`` found: the method, a table of indices, PRIM results and notes."""

    sweep: SweepData
    method: str  # "sobol", "morris" or "spearman"
    indices: pd.DataFrame  # long: outcome, factor and the method's columns
    prim: dict[str, PrimResult] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # outcome -> why
    seconds: float = 0.0

    def outcomes(self) -> list[str]:
        """Return the outcomes that have indices, in column order."""
        return list(dict.fromkeys(self.indices["outcome"])) if len(self.indices) else []

    def ranking(self, outcome: str) -> list[str]:
        """Return the factors ordered from most to least influential on ``outcome``."""
        sub = self.indices[self.indices["outcome"] == outcome]
        key = {"sobol": "ST", "morris": "mu_star"}.get(self.method, "rho")
        order = sub.assign(k=sub[key].abs()).sort_values("k", ascending=False, na_position="last")
        return order["factor"].tolist()


def method_of(kind: str) -> str:
    """Return the analysis a design supports: sobol, morris, or spearman for the others."""
    return kind if kind in ("sobol", "morris") else "spearman"


def analyze(sweep: SweepData, outcomes: list[str] | None = None, seed: int = 0) -> Analysis:
    """Return the analysis of ``sweep``: indices for ``outcomes`` (default all) and PRIM boxes."""
    t0 = time.perf_counter()
    method = method_of(sweep.kind)
    cols = outcomes if outcomes is not None else sweep.outcome_columns()
    notes = [AVERAGING]
    if method == "spearman":
        notes.append(CORRELATION_NOTE)
    d = len(sweep.factors)
    base = len(sweep.design) // (2 * d + 2 if sweep.manifest["design"].get("second_order")
                                 else d + 2)
    if method == "sobol" and base < SOBOL_FIRM:
        notes.append(f"a Sobol base sample of N = {base} gives rough indices with wide "
                     "intervals (values outside 0 to 1 are estimation noise); raise "
                     "design.samples for firmer ones")
    failed = len(sweep.runs) - len(sweep.ok)
    if failed:
        notes.append(f"{failed} failed run(s) left out")
    means = point_means(sweep, cols)
    tables, skipped = [], {}
    for c in cols:
        try:
            t = _indices(sweep, method, means[c].to_numpy(float), seed)
        except ValueError as exc:
            skipped[c] = str(exc)
            continue
        tables.append(t.assign(outcome=c))
    indices = (pd.concat(tables, ignore_index=True) if tables else pd.DataFrame())
    if len(indices):
        indices = indices[["outcome", *[c for c in indices.columns if c != "outcome"]]]
    found = {name: _prim(sweep, name) for name in sweep.interest if name in sweep.runs}
    return Analysis(sweep, method, indices, found, notes, skipped, time.perf_counter() - t0)


def _indices(sweep: SweepData, method: str, y: np.ndarray, seed: int) -> pd.DataFrame:
    problem = sweep.manifest["design"]["salib_problem"]
    if method == "sobol":
        return sobol_indices(problem, y, bool(sweep.manifest["design"].get("second_order")),
                             seed)
    if method == "morris":
        return morris_indices(problem, unit_matrix(sweep), y,
                              int(sweep.manifest["design"].get("levels", 4)), seed)
    seen = y[~np.isnan(y)]
    if len(seen) == 0 or np.ptp(seen) == 0:
        raise ValueError("the outcome does not vary across the design")
    return spearman(sweep.design[sweep.factors], y)


def _prim(sweep: SweepData, name: str) -> PrimResult:
    ok = sweep.ok
    y = ok[name].fillna(False).astype(bool).to_numpy()
    return prim(ok[sweep.factors], y)


def interest_table(analysis: Analysis) -> pd.DataFrame:
    """Return one row per outcome of interest: its condition, runs, share of runs, boxes."""
    rows = []
    for name, cond in analysis.sweep.interest.items():
        res = analysis.prim.get(name)
        rows.append({"interest": name, "condition": cond, "runs": res.n if res else 0,
                     "hits": res.hits if res else 0,
                     "share": res.hits / res.n if res and res.n else float("nan"),
                     "boxes": len(res.boxes) if res else 0})
    return pd.DataFrame(rows)


def box_table(analysis: Analysis) -> pd.DataFrame:
    """Return one row per PRIM box and restricted factor: the limits, coverage, density, mass."""
    rows: list[dict[str, Any]] = []
    for name, res in analysis.prim.items():
        for b, box in enumerate(res.boxes, start=1):
            for factor in box.restricted or [None]:
                lim = box.limits.get(factor) if factor else None
                rows.append({
                    "interest": name, "box": b, "factor": factor,
                    "low": lim[0] if isinstance(lim, tuple) else None,
                    "high": lim[1] if isinstance(lim, tuple) else None,
                    "values": None if lim is None or isinstance(lim, tuple)
                    else ", ".join(str(v) for v in lim),
                    "coverage": box.coverage, "density": box.density, "mass": box.mass,
                    "runs": box.n})
    return pd.DataFrame(rows, columns=["interest", "box", "factor", "low", "high", "values",
                                       "coverage", "density", "mass", "runs"])


def trajectory_table(analysis: Analysis) -> pd.DataFrame:
    """Return every peeling step of every box: coverage, density, mass, restricted factors."""
    rows = []
    for name, res in analysis.prim.items():
        for b, (path, chosen) in enumerate(zip(res.trajectories, res.chosen, strict=True), 1):
            for i, box in enumerate(path):
                rows.append({"interest": name, "box": b, "step": i, "coverage": box.coverage,
                             "density": box.density, "mass": box.mass,
                             "restricted": len(box.restricted),
                             "factors": ", ".join(box.restricted), "chosen": i == chosen})
    return pd.DataFrame(rows, columns=["interest", "box", "step", "coverage", "density",
                                       "mass", "restricted", "factors", "chosen"])


def write_analysis(analysis: Analysis) -> list[str]:
    """Write ``analysis/`` in the sweep folder (CSV tables and summary.json); return the names."""
    from simulator.analysis.files import write_files

    return write_files(analysis)
