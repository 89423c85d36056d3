"""Sobol indices (first order S1 and total ST, with bootstrap confidence intervals) via SALib."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

CONF = 0.95
RESAMPLES = 200


def sobol_indices(problem: dict[str, Any], y: np.ndarray, second_order: bool = False,
                  seed: int = 0) -> pd.DataFrame:
    """Return one row per factor: ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (95% half-widths).

    ``y`` holds one value per design point in Saltelli's order (N·(D+2) points, or N·(2D+2)
    with ``second_order``). Raises ``ValueError`` when ``y`` has NaN or does not vary.
    """
    import warnings

    from SALib.analyze import sobol

    y = np.asarray(y, dtype=float)
    _check(y)
    with warnings.catch_warnings():  # "constant values" in a resample: the intervals say it
        warnings.simplefilter("ignore", UserWarning)
        res = sobol.analyze(problem, y, calc_second_order=second_order,
                            num_resamples=RESAMPLES, conf_level=CONF, print_to_console=False,
                            seed=seed)
    return pd.DataFrame({
        "factor": problem["names"],
        "S1": np.asarray(res["S1"], float), "S1_conf": np.asarray(res["S1_conf"], float),
        "ST": np.asarray(res["ST"], float), "ST_conf": np.asarray(res["ST_conf"], float),
    })


def _check(y: np.ndarray) -> None:
    if np.isnan(y).any():
        raise ValueError(f"{int(np.isnan(y).sum())} design point(s) have no successful run")
    if np.ptp(y) == 0:
        raise ValueError("the outcome does not vary across the design")
