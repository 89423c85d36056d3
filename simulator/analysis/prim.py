"""PRIM (Friedman and Fisher 1999): boxes of factor ranges where an outcome of interest is common.

Peeling: from the box holding every run, repeatedly remove the ``alpha`` share of the runs at
the low or high end of one numeric factor (or every run of one value of a text or true/false
factor), choosing the peel that leaves the highest density (share of runs inside the box with
the outcome of interest), until the box holds less than ``min_mass`` of the runs. Each box on
the way is a point of the trade-off curve: coverage (share of all runs of interest that fall in
the box) against density. The box reported is the densest with coverage ≥ ``min_coverage``,
pruned: a restriction whose release costs less than ``prune`` of density is released (peeling
often trims a factor that does not matter by a few runs). Covering: the runs of that box are
then set aside and PRIM runs again on the rest, for up to ``max_boxes`` boxes, while a box is
denser than all the runs together and covers at least ``MIN_NEXT_COVERAGE``. No pasting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

ALPHA = 0.05
MIN_MASS = 0.05
MIN_COVERAGE = 0.5
MAX_BOXES = 3
PRUNE = 0.02
MIN_NEXT_COVERAGE = 0.1


@dataclass
class Box:
    """Limits per factor: ``(low, high)`` for numbers, the kept values for other factors."""

    limits: dict[str, Any]
    n: int = 0
    hits: int = 0
    coverage: float = 0.0
    density: float = 0.0
    mass: float = 0.0
    restricted: list[str] = field(default_factory=list)

    def contains(self, x: pd.DataFrame) -> np.ndarray:
        """Return a boolean array: which rows of ``x`` lie inside the box."""
        inside = np.ones(len(x), dtype=bool)
        for name, lim in self.limits.items():
            col = x[name]
            if isinstance(lim, tuple):
                v = col.to_numpy(float)
                inside &= (v >= lim[0]) & (v <= lim[1])
            else:
                inside &= col.isin(lim).to_numpy()
        return inside


@dataclass
class PrimResult:
    """The boxes found (each with its peeling trajectory) for one outcome of interest."""

    boxes: list[Box]
    trajectories: list[list[Box]]
    chosen: list[int]
    n: int
    hits: int


def _numeric(col: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)


def full_box(x: pd.DataFrame) -> Box:
    """Return the box of every value of ``x``'s columns."""
    limits: dict[str, Any] = {}
    for name in x.columns:
        col = x[name]
        if _numeric(col):
            v = col.to_numpy(float)
            limits[name] = (float(v.min()), float(v.max()))
        else:
            limits[name] = sorted(pd.unique(col).tolist(), key=str)
    return Box(limits)


def _stats(box: Box, inside: np.ndarray, y: np.ndarray, full: Box, n_all: int,
           hits_all: int) -> Box:
    box.n = int(inside.sum())
    box.hits = int(y[inside].sum())
    box.mass = box.n / n_all if n_all else 0.0
    box.density = box.hits / box.n if box.n else 0.0
    box.coverage = box.hits / hits_all if hits_all else 0.0
    box.restricted = [k for k in box.limits if box.limits[k] != full.limits[k]]
    return box


def _candidates(box: Box, x: pd.DataFrame, inside: np.ndarray, alpha: float):  # noqa: ANN202
    """Yield (limits, inside) of every possible peel of ``box``."""
    for name, lim in box.limits.items():
        col = x[name]
        if isinstance(lim, tuple):
            v = col.to_numpy(float)
            vin = v[inside]
            lo_cut = np.quantile(vin, alpha, method="lower")
            hi_cut = np.quantile(vin, 1 - alpha, method="higher")
            keep_lo = inside & (v > lo_cut)  # peel the low end (ties at the cut go too)
            if keep_lo.any():
                new = dict(box.limits)
                new[name] = (float(v[keep_lo].min()), lim[1])
                yield new, keep_lo
            keep_hi = inside & (v < hi_cut)
            if keep_hi.any():
                new = dict(box.limits)
                new[name] = (lim[0], float(v[keep_hi].max()))
                yield new, keep_hi
        elif len(lim) > 1:
            for value in lim:
                keep = inside & (col != value).to_numpy()
                if keep.any():
                    new = dict(box.limits)
                    new[name] = [w for w in lim if w != value]
                    yield new, keep


def peel(x: pd.DataFrame, y: np.ndarray, alpha: float = ALPHA,
         min_mass: float = MIN_MASS) -> list[Box]:
    """Return the peeling trajectory: the boxes from the full box to the smallest allowed."""
    y = np.asarray(y, dtype=bool)
    n_all, hits_all = len(y), int(y.sum())
    full = full_box(x)
    inside = np.ones(n_all, dtype=bool)
    box = _stats(Box(dict(full.limits)), inside, y, full, n_all, hits_all)
    path = [box]
    while True:
        best = None
        for limits, keep in _candidates(box, x, inside, alpha):
            n = int(keep.sum())
            if n < min_mass * n_all:
                continue
            score = (y[keep].mean(), n)
            if best is None or score > best[0]:
                best = (score, limits, keep)
        if best is None or best[0][0] <= box.density:
            break
        _, limits, inside = best
        box = _stats(Box(limits), inside, y, full, n_all, hits_all)
        path.append(box)
    return path


def choose(path: list[Box], min_coverage: float = MIN_COVERAGE) -> int:
    """Return the index of the densest box with coverage ≥ ``min_coverage`` (ties: larger)."""
    ok = [i for i, b in enumerate(path) if b.coverage >= min_coverage] or [0]
    return max(ok, key=lambda i: (round(path[i].density, 12), path[i].coverage))


def prune(box: Box, x: pd.DataFrame, y: np.ndarray, left: np.ndarray, full: Box,
          tol: float = PRUNE) -> Box:
    """Return ``box`` without the restrictions whose release lowers its density by < ``tol``."""
    n_all, hits_all = len(y), int(y.sum())
    while box.restricted:
        trials = []
        for name in box.restricted:
            limits = {**box.limits, name: full.limits[name]}
            trial = _stats(Box(limits), Box(limits).contains(x) & left, y, full, n_all, hits_all)
            trials.append((box.density - trial.density, trial))
        loss, trial = min(trials, key=lambda t: t[0])
        if loss >= tol:
            break
        box = trial
    return box


def prim(x: pd.DataFrame, y: np.ndarray, alpha: float = ALPHA, min_mass: float = MIN_MASS,
         min_coverage: float = MIN_COVERAGE, max_boxes: int = MAX_BOXES,
         prune_tol: float = PRUNE) -> PrimResult:
    """Return PRIM's boxes for the true values of ``y`` over the factors ``x`` (one row a run).

    Coverage and density of every box are counted over all the runs (not just those left
    after covering), so they read the same for every box.
    """
    y = np.asarray(y, dtype=bool)
    x = x.reset_index(drop=True)
    n_all, hits_all = len(y), int(y.sum())
    full = full_box(x)
    left = np.ones(n_all, dtype=bool)
    boxes, paths, chosen = [], [], []
    while len(boxes) < max_boxes and y[left].sum() > 0:
        base = y[left].mean()
        path = peel(x[left].reset_index(drop=True), y[left], alpha, min_mass * n_all / left.sum())
        i = choose(path, min_coverage if not boxes else 0.0)
        for b in path:  # restate on all runs: the box minus the runs of earlier boxes
            b.limits = {**full.limits, **{k: b.limits[k] for k in b.restricted}}
            _stats(b, b.contains(x) & left, y, full, n_all, hits_all)
        box = prune(path[i], x, y, left, full, prune_tol)
        if box.density <= base or not box.restricted or (
                boxes and (box.coverage < MIN_NEXT_COVERAGE or box.density <= hits_all / n_all)):
            break
        boxes.append(box)
        paths.append(path)
        chosen.append(i)
        left &= ~box.contains(x)
    return PrimResult(boxes, paths, chosen, n_all, hits_all)
