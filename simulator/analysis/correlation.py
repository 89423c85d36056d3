"""Spearman rank correlations of each factor with an outcome, for designs without indices."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

NOTE = ("rank correlations only: Sobol indices need a Sobol design and Morris indices a Morris "
        "design (design.kind in the experiment file)")


def spearman(x: pd.DataFrame, y: np.ndarray) -> pd.DataFrame:
    """Return one row per factor: ``rho``, its 95% interval (Fisher z) ``low``/``high`` and ``n``.

    Factors that are text or true/false are ranked by their order in the data; rows with a
    missing outcome are left out. A factor or outcome that does not vary gets NaN.
    """
    from scipy.stats import spearmanr

    y = np.asarray(y, float)
    keep = ~np.isnan(y)
    rows = []
    for name in x.columns:
        col = x[name][keep]
        codes = col.to_numpy(float) if _numeric(col) else pd.factorize(col, sort=True)[0]
        n = int(keep.sum())
        if n < 4 or np.ptp(codes) == 0 or np.ptp(y[keep]) == 0:
            rows.append((name, math.nan, math.nan, math.nan, n))
            continue
        rho = float(spearmanr(codes, y[keep]).statistic)
        half = 1.96 / math.sqrt(n - 3)
        z = math.atanh(max(min(rho, 0.999999), -0.999999))
        rows.append((name, rho, math.tanh(z - half), math.tanh(z + half), n))
    return pd.DataFrame(rows, columns=["factor", "rho", "low", "high", "n"])


def _numeric(col: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
