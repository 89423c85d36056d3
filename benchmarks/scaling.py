"""ns per region-day from 100 to 1,000,000 regions, and the peak memory of the largest case.

``ns_per_region_day`` is single-thread wall time of one replicate's trajectory (recording
included, compile and build excluded) over regions x days, on the benchmark grid. The largest
cases run in a subprocess that reports its peak resident memory (``resource.getrusage``); run
as ``python -m benchmarks.scaling REGIONS DAYS BUDGET_S`` it prints one JSON line.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time

import numpy as np

from benchmarks.grid import (
    GRID100,
    grid_scenario,
    prepare,
    shape_for,
    time_trajectory,
    warm_up,
)
from benchmarks.sub import run_json


def grid100(days: int, repeats: int) -> dict:
    """Return the median ns per region-day on grid100.toml (100 x 100) over ``repeats`` runs."""
    from simulator.scenario import load_scenario

    runs = [time_trajectory(load_scenario(GRID100), days) for _ in range(repeats)]
    ns = [r["ns_per_region_day"] for r in runs]
    return {"regions": 10_000, "days": days, "runs_ns": ns, "ns_per_region_day":
            statistics.median(ns)}


def in_process(regions: int, days: int, repeats: int) -> dict:
    """Return the median ns per region-day of ``repeats`` runs of ``days`` days."""
    runs = [time_trajectory(grid_scenario(*shape_for(regions)), days) for _ in range(repeats)]
    ns = [r["ns_per_region_day"] for r in runs]
    return {"regions": regions, "days": days, "repeats": repeats,
            "ns_per_region_day": statistics.median(ns), "build_s": runs[0]["build_s"]}


def big_case(regions: int, days: int, budget_s: float) -> dict:
    """Run one replicate of ``regions`` for up to ``days`` days in this process.

    The state is allocated for ``days`` days (all recorder rows and snapshots) and every page
    of it touched, so the peak does not depend on how many days run; days run one compiled
    call at a time until ``days`` or until ``budget_s`` seconds of simulation are spent.
    Returns the days run, the timings and the peak resident memory in MB.
    """
    from simulator.core.run import init_range, run_range

    warm_up()
    t0 = time.perf_counter()
    built, params, state = prepare(grid_scenario(*shape_for(regions)), days)
    for a in state:  # touch every page now (np.zeros maps lazily): the peak is that of all days
        flat = a.reshape(-1).view(np.uint8)
        flat[::4096] = flat[::4096].copy()
    t1 = time.perf_counter()
    init_range(params, state, 0, 0, 1)
    done = 0
    while done < days and time.perf_counter() - t1 < budget_s:
        run_range(params, state, 0, 0, 1, done, done + 1)
        done += 1
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    n = int(built.map.land.sum())
    nbytes = sum(a.nbytes for a in state) + sum(
        getattr(a, "nbytes", 0) for a in built.params)
    return {"regions": n, "days_allocated": days, "days_run": done, "build_s": t1 - t0,
            "simulate_s": t2 - t1, "ns_per_region_day": (t2 - t1) / (n * max(done, 1)) * 1e9,
            "state_and_params_mb": nbytes / 2**20, "peak_memory_mb": peak}


def subprocess_case(regions: int, days: int, budget_s: float) -> dict:
    """Return ``big_case`` run in a fresh interpreter (so its peak memory is its own)."""
    return run_json([sys.executable, "-m", "benchmarks.scaling", str(regions), str(days),
                     str(budget_s)], timeout=budget_s + 600)


def scaling(quick: bool) -> dict:
    """Return the scaling curve: ns per region-day for 100 ... 1,000,000 regions."""
    # The same days for every size up to 10,000 regions: early days (fighting everywhere) cost
    # more than late ones, so unequal horizons would mix map size with the course of the war.
    plan = ((100, 20, 5), (1_000, 20, 3), (10_000, 20, 1)) if quick else \
        ((100, 60, 7), (1_000, 60, 5), (10_000, 60, 3))
    curve = [in_process(n, d, r) for n, d, r in plan]
    curve.append(subprocess_case(100_000, 10, 8.0 if quick else 300.0))
    million = subprocess_case(1_000_000, 30, 15.0 if quick else 1800.0)
    curve.append(million)
    return {"curve": curve, "million": million}


if __name__ == "__main__":
    n_regions, n_days, budget = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    print(json.dumps(big_case(n_regions, n_days, budget)))
