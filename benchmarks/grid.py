"""The benchmark grid (scenarios/grid100.toml) scaled to any width x height, and timed runs of it.

``grid_scenario(w, h)`` keeps the per-region load of the 100 x 100 file: both factions'
fighters in every region (100 west, 90 east), civilians everywhere, capitals at 10 % and 90 % of
the width, every mechanism on. ``time_trajectory`` runs one replicate on the calling thread
through the compiled kernels (recording included, compile and build excluded).
"""

from __future__ import annotations

import copy
import time
import tomllib
from pathlib import Path

import numpy as np

GRID100 = Path(__file__).resolve().parent / "scenarios" / "grid100.toml"
SQRT3_2 = float(np.sqrt(3.0) / 2.0)
MAX_DEPLOYMENT = 1e7  # the schema's upper bound on fighters per deployment and on manpower


def grid_raw(width: int, height: int) -> dict:
    """Return the raw table of grid100.toml rescaled to a ``width x height`` grid."""
    with open(GRID100, "rb") as fh:
        raw = tomllib.load(fh)
    raw = copy.deepcopy(raw)
    n, n0 = width * height, raw["map"]["width"] * raw["map"]["height"]
    raw["map"]["width"], raw["map"]["height"] = width, height
    split = width / 2 - 0.25
    raw["places"]["west_half"]["box"] = [-1.0, -1.0, split, 1e6]
    raw["places"]["east_half"]["box"] = [split, -1.0, 1e6, 1e6]
    mid = (height - 1) / 2 * SQRT3_2
    raw["places"]["west_capital"]["near"][0].update(lon=0.1 * (width - 1), lat=mid)
    raw["places"]["east_capital"]["near"][0].update(lon=0.9 * (width - 1), lat=mid)
    forces = []
    for dep in raw["forces"]:
        if dep["place"] != "everywhere":
            forces.append(dep)
            continue
        total = dep["fighters"] * n / n0  # split: the schema caps one deployment at 1e7
        parts = int(np.ceil(total / MAX_DEPLOYMENT))
        forces += [{**dep, "fighters": total / parts} for _ in range(parts)]
    raw["forces"] = forces
    raw["civilians"]["initial_displaced"] *= n / n0
    for f in raw["factions"].values():
        f["manpower"] = min(f["manpower"] * n / n0, MAX_DEPLOYMENT)
    raw["name"] = f"Benchmark grid {width} x {height}"
    return raw


def grid_scenario(width: int, height: int, edit=None, **sections: dict):  # noqa: ANN001, ANN201
    """Return the benchmark Scenario on a ``width x height`` grid.

    ``sections`` update top-level tables (``engine={"disabled_phases": [...]}``); ``edit(raw)``
    may change the raw table further before it is validated.
    """
    from simulator.scenario import scenario_from_dict

    raw = grid_raw(width, height)
    for key, table in sections.items():
        raw.setdefault(key, {}).update(table)
    if edit is not None:
        edit(raw)
    return scenario_from_dict(raw, source=str(GRID100))


def shape_for(regions: int) -> tuple[int, int]:
    """Return a near-square ``(width, height)`` with exactly ``regions`` cells (a power of ten)."""
    w = int(round(np.sqrt(regions)))
    while regions % w:
        w += 1
    return max(w, regions // w), min(w, regions // w)


def prepare(scenario, days: int, seed: int = 1):  # noqa: ANN001, ANN201
    """Return ``(built, params, state)`` ready to run ``days`` days of replicate 0 (one batch)."""
    from simulator.core.build import allocate, build

    built = build(scenario)
    params = built.params._replace(seed=np.uint64(seed))
    state = allocate(built, 1, days, 1)
    return built, params, state


def time_trajectory(scenario, days: int, seed: int = 1) -> dict:  # noqa: ANN001
    """Return build and simulate seconds of one replicate run on this thread (compile excluded).

    The kernels must already be compiled (``warm_up``). Recording (one row a day and grid
    snapshots) is part of the timed day, as in every real run.
    """
    from simulator.core.run import init_range, run_range

    t0 = time.perf_counter()
    built, params, state = prepare(scenario, days, seed)
    t1 = time.perf_counter()
    init_range(params, state, 0, 0, 1)
    run_range(params, state, 0, 0, 1, 0, days)
    t2 = time.perf_counter()
    regions = int(built.map.land.sum())
    return {
        "regions": regions,
        "days": days,
        "build_s": t1 - t0,
        "simulate_s": t2 - t1,
        "ns_per_region_day": (t2 - t1) / (regions * days) * 1e9,
        "state": state,
    }


def warm_up() -> float:
    """Compile (or load from the disk cache) the kernels; return the seconds it took."""
    t0 = time.perf_counter()
    from simulator.core.run import init_range, run_range

    _, params, state = prepare(grid_scenario(6, 5), 2)
    init_range(params, state, 0, 0, 1)
    run_range(params, state, 0, 0, 1, 0, 2)
    return time.perf_counter() - t0
