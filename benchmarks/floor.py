"""The arithmetic floor of grid100's combat: what the equations' functions cost per region-day.

In every region of ``grid100.toml`` both factions fight every day, and the model's combat
(docs/MODEL.md, "Ground combat") needs per region and day: each faction's log-normal noise (a
counter-based normal by Box-Muller: ``log``, ``cos``, ``sqrt``; then ``exp``), each faction's
supply factor (``exp``), the square law's closed form (``atanh``, ``cosh``, ``sinh``, square
roots) and the intensity (``exp``). This times exactly those calls (the engine's own compiled
functions) over 10,000 regions, with nothing else: no state, no branches of the phases, no
fields, no movement. ``python -m benchmarks.floor`` prints one JSON line.
"""

from __future__ import annotations

import json
import math
import statistics
import time

import numpy as np
from numba import njit

from simulator.core.combat import lanchester2
from simulator.core.fields import supply_factor
from simulator.core.rng import STREAM_COMBAT, day_key, entity_key, mix_hashed, normal, splitmix64


@njit(cache=True)
def _noise(uid: np.ndarray, days: int, out: np.ndarray) -> None:
    """Fill ``out[i]`` with the product of both factions' noise factors, for every day."""
    for d in range(days):
        h = day_key(1, 0, d)
        for i in range(uid.shape[0]):
            e = 1.0
            for k in range(2):
                key = entity_key(h, mix_hashed(uid[i], splitmix64(np.uint64(k + 7))),
                                 STREAM_COMBAT)
                e *= math.exp(0.2 * normal(key, 0) - 0.02)
            out[i] = e


@njit(cache=True)
def _supply(dist: np.ndarray, days: int, out: np.ndarray) -> None:
    """Fill ``out[i]`` with both factions' supply factors' product, for every day."""
    for d in range(days):
        for i in range(dist.shape[0]):
            out[i] = (supply_factor(dist[i] + d, 0.3, 0.2, 10.0)
                      * supply_factor(dist[i] + 1.0, 0.3, 0.2, 10.0))


@njit(cache=True)
def _square_law(x: np.ndarray, y: np.ndarray, days: int, out: np.ndarray) -> None:
    """Fill ``out[i]`` with the closed form's outcome and the intensity, for every day."""
    for d in range(days):
        for i in range(x.shape[0]):
            a, b = lanchester2(x[i], y[i], 0.012 + 1e-6 * d, 0.010, 1.0)
            out[i] = 1.0 - math.exp(-(x[i] + y[i] - a - b) / 50.0)


def floor(days: int = 20, repeats: int = 5, regions: int = 10_000) -> dict:
    """Return the median ns per region-day of each group of calls and their sum."""
    rng = np.random.default_rng(1)
    uid = ((1 << 62) + np.arange(regions)).astype(np.uint64)
    dist = rng.uniform(0.0, 20.0, regions)
    x, y = rng.uniform(50.0, 150.0, regions), rng.uniform(50.0, 150.0, regions)
    out = np.empty(regions)
    cases = {"noise": lambda n: _noise(uid, n, out), "supply": lambda n: _supply(dist, n, out),
             "square_law_and_intensity": lambda n: _square_law(x, y, n, out)}
    res = {}
    for name, fn in cases.items():
        fn(1)
        runs = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn(days)
            runs.append((time.perf_counter() - t0) / (regions * days) * 1e9)
        res[name] = statistics.median(runs)
    res["combat_floor"] = sum(res.values())
    return res


if __name__ == "__main__":
    print(json.dumps(floor()))
