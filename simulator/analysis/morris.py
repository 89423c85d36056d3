"""Morris elementary effects: mu, mu* (with SALib's bootstrap interval) and sigma (with ours)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from simulator.analysis.sobol import CONF, RESAMPLES, _check


def morris_indices(problem: dict[str, Any], x: np.ndarray, y: np.ndarray, levels: int,
                   seed: int = 0) -> pd.DataFrame:
    """Return one row per factor: ``mu``, ``mu_star``, ``mu_star_conf``, ``sigma``, ``sigma_conf``.

    ``x`` are the design's unit coordinates (trajectories of D+1 points, SALib's order), ``y``
    one value per point. Confidence values are 95% half-widths from bootstrapping trajectories
    (``mu_star_conf`` from SALib). Raises ``ValueError`` when ``y`` has NaN or does not vary.
    """
    from SALib.analyze import morris

    x, y = np.asarray(x, float), np.asarray(y, float)
    _check(y)
    res = morris.analyze(problem, x, y, num_resamples=RESAMPLES, conf_level=CONF,
                         print_to_console=False, num_levels=levels, seed=seed)
    effects = elementary_effects(x, y)
    return pd.DataFrame({
        "factor": problem["names"], "mu": np.asarray(res["mu"], float),
        "mu_star": np.asarray(res["mu_star"], float),
        "mu_star_conf": np.asarray(res["mu_star_conf"], float),
        "sigma": np.asarray(res["sigma"], float),
        "sigma_conf": _sigma_conf(effects, seed),
    })


def elementary_effects(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return the elementary effects, shape (trajectories, factors): Δy / Δx_i along each step."""
    d = x.shape[1]
    n = len(x) // (d + 1)
    ee = np.full((n, d), np.nan)
    for t in range(n):
        xs, ys = x[t * (d + 1):(t + 1) * (d + 1)], y[t * (d + 1):(t + 1) * (d + 1)]
        dx, dy = np.diff(xs, axis=0), np.diff(ys)
        for step in range(d):
            i = int(np.argmax(np.abs(dx[step])))
            ee[t, i] = dy[step] / dx[step, i]
    return ee


def _sigma_conf(effects: np.ndarray, seed: int) -> np.ndarray:
    """Return the 95% half-width of each factor's sigma from resampling trajectories."""
    rng = np.random.default_rng(seed)
    n = len(effects)
    if n < 2:
        return np.full(effects.shape[1], np.nan)
    idx = rng.integers(0, n, size=(RESAMPLES, n))
    sigmas = np.nanstd(effects[idx], axis=1, ddof=1)
    from scipy.stats import norm

    return norm.ppf(0.5 + CONF / 2) * np.nanstd(sigmas, axis=0, ddof=1)
