"""Small statistics for ensembles: Wilson intervals and quantile bands."""

from __future__ import annotations

import math

import numpy as np


def wilson_interval(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Return the Wilson score interval ``(low, high)`` of a proportion (95% by default)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def band(values: np.ndarray, lo: float = 5, hi: float = 95) -> tuple[float, float, float]:
    """Return the ``(low, median, high)`` percentiles of ``values``."""
    q = np.percentile(np.asarray(values, dtype=float), [lo, 50, hi])
    return float(q[0]), float(q[1]), float(q[2])
