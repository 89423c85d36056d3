"""What regions with no people and no forces cost per day, on the 100 x 100 benchmark grid.

``python -m benchmarks.empty [--days 20] [--repeats 5]`` prints one JSON line. Three grids of
``grid100.toml``'s size and per-region load (100 west and 90 east fighters and 1,000 civilians
in every region that has any), every mechanism on:

- ``full``: grid100 itself, forces and civilians in all 10,000 regions;
- ``sparse``: the same load in a strip of 10 columns (1,000 regions, both capitals in it);
  the other 9,000 regions have no people and no forces on day 0;
- ``empty``: no civilians anywhere and 5,000 fighters in each capital's region only;
- ``strip``: the sparse grid's occupied part alone, a full 10 x 100 grid.

Each is run day by day on this thread through the compiled ``run_range`` (recording and a
snapshot included, compile and build excluded); the best of ``repeats`` runs counts. An empty
region's cost is measured twice: on the empty grid (nothing happens anywhere) and inside the
sparse grid's war ((sparse − strip) / 9,000). The cost per phase of the empty and sparse grids
(the phase list is data, as in scripts/bench_mechanisms.py; the cost of a call with no phase is
taken off) says where it goes.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace

import numpy as np

from benchmarks.grid import grid_scenario

WIDTH = HEIGHT = 100
STRIP = range(45, 55)  # the sparse grid's occupied columns (west holds x < 50, east the rest)


def _strip_cells() -> list[list[int]]:
    return [[x, y] for x in STRIP for y in range(HEIGHT)]


def _sparse(raw: dict) -> None:
    """Edit grid100's raw table: the per-region load only in the strip, capitals inside it."""
    per = {"west": 100.0, "east": 90.0}
    raw["places"]["strip"] = {"cells": _strip_cells()}
    mid = (HEIGHT - 1) / 2 * np.sqrt(3.0) / 2.0
    for cap, x in (("west_capital", STRIP[1]), ("east_capital", STRIP[-2])):
        raw["places"][cap]["near"] = [{"lon": float(x), "lat": float(mid), "radius_km": 0.0}]
    raw["forces"] = [d for d in raw["forces"] if d["place"] != "everywhere"]
    raw["forces"] += [{"faction": f, "place": "strip", "fighters": n * len(_strip_cells())}
                      for f, n in per.items()]
    raw["civilians"]["initial_displaced"] *= len(STRIP) / WIDTH


def _empty(raw: dict) -> None:
    """Edit grid100's raw table: nobody anywhere but each capital's garrison."""
    raw["forces"] = [d for d in raw["forces"] if d["place"] != "everywhere"]
    for cap in ("west_capital", "east_capital"):
        raw["places"][cap]["near"][0]["radius_km"] = 0.0
    raw["civilians"]["initial_displaced"] = 0.0


def built_grid(kind: str, width: int = WIDTH, height: int = HEIGHT):  # noqa: ANN201
    """Return the built ``full``, ``sparse``, ``empty`` or ``strip`` grid (module docstring)."""
    from simulator.core.build import build, build_map

    if kind == "strip":
        return build(grid_scenario(len(STRIP), height))
    edit = {"full": None, "sparse": _sparse, "empty": _empty}[kind]
    s = grid_scenario(width, height, edit)
    m = build_map(s)
    if kind != "full":
        people = np.zeros(m.n_regions)
        if kind == "sparse":
            people[[x * height + y for x, y in _strip_cells()]] = s.map.population_per_region
        m = replace(m, population=people)
    return build(s, m)


def occupied_share(state) -> float:  # noqa: ANN001
    """Return the share of regions of replicate 0 with a fighter or a civilian in them."""
    busy = (state.forces[0].sum(axis=0) >= 1.0) | (state.home[0] + state.hosted[0] >= 1.0)
    return float(busy.mean())


def day_seconds(built, days: int, repeats: int, params=None) -> tuple[float, object]:  # noqa: ANN001
    """Return the fastest of ``repeats`` runs' seconds per day of replicate 0, and its state."""
    from simulator.core.build import allocate
    from simulator.core.run import init_range, run_range

    p = built.params if params is None else params
    best, last = float("inf"), None
    for _ in range(repeats):
        state = allocate(built, 1, days, 1)
        init_range(p, state, 0, 0, 1)
        t0 = time.perf_counter()
        run_range(p, state, 0, 0, 1, 0, days)
        best, last = min(best, (time.perf_counter() - t0) / days), state
    return best, last


def per_phase(built, days: int) -> dict[str, float]:  # noqa: ANN001
    """Return ns per region-day of each phase: the median over ``days`` days of replicate 0.

    Each phase runs in its own call of ``run_range``; the median cost of a call that runs no
    phase (turning the tuples into references, ~50 µs) is taken off.
    """
    from simulator.core.build import allocate
    from simulator.core.day import DECISION_PHASES, DYNAMIC_PHASES, PHASES
    from simulator.core.run import init_range, run_range

    P, none = built.params, np.zeros(0, dtype=np.int64)
    one = {ph: P._replace(
        decision_phases=np.array([PHASES.index(ph)]) if ph in DECISION_PHASES else none,
        dynamic_phases=np.array([PHASES.index(ph)]) if ph in DYNAMIC_PHASES else none)
        for ph in (*DECISION_PHASES, *DYNAMIC_PHASES)}
    one["nothing"] = P._replace(decision_phases=none, dynamic_phases=none)
    S = allocate(built, 1, days, 1)
    init_range(P, S, 0, 0, 1)
    spent: dict[str, list[float]] = {ph: [] for ph in one}
    for d in range(1, days + 1):
        for ph, p in one.items():
            t = time.perf_counter()
            run_range(p, S, 0, 0, 1, d - 1, d)
            spent[ph].append(time.perf_counter() - t)
    call = float(np.median(spent.pop("nothing")))
    n = int(built.map.land.sum())
    return {ph: round((float(np.median(sec)) - call) / n * 1e9, 1) for ph, sec in spent.items()}


def measure(days: int = 20, repeats: int = 5) -> dict:
    """Return ns per region-day of each grid, the share occupied, and the derived costs."""
    from benchmarks.grid import warm_up

    warm_up()
    out: dict = {"days": days}
    for kind in ("full", "sparse", "empty", "strip"):
        built = built_grid(kind)
        sec, state = day_seconds(built, days, repeats)
        regions = int(built.map.land.sum())
        out[kind] = {"ns_per_region_day": round(sec / regions * 1e9, 1),
                     "ms_per_day": round(sec * 1e3, 3),
                     "occupied_share_at_end": round(occupied_share(state), 4)}
    ms = {k: out[k]["ms_per_day"] for k in ("full", "sparse", "empty", "strip")}
    out["sparse_over_full"] = round(ms["sparse"] / ms["full"], 3)
    out["empty_over_full"] = round(ms["empty"] / ms["full"], 3)
    n_empty = (WIDTH - len(STRIP)) * HEIGHT
    out["empty_region_ns_in_sparse"] = round((ms["sparse"] - ms["strip"]) / n_empty * 1e6, 1)
    for kind in ("empty", "sparse"):
        out[f"{kind}_per_phase"] = per_phase(built_grid(kind), days)
    return out


def main() -> None:
    """Print the measurement as one JSON line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    print(json.dumps(measure(a.days, a.repeats)))


if __name__ == "__main__":
    main()
