"""Guards on the compiled day's cost: no reference counting per region or per phase call.

Helpers that took the parameter and state tuples made a 10,000-region grid day cost ~85 ms on
the benchmark machine (one NRT increment and decrement per array of both tuples around every
call); with array and scalar helpers it costs ~5 ms. The bound is loose (a busy shared machine
may be several times slower) but catches that kind of regression.
"""

from __future__ import annotations

import time

from simulator.core.build import allocate, build
from simulator.core.run import init_range, run_range
from tests.conftest import ROOT

DAY_BOUND_S = 0.040


def test_a_10000_region_grid_day_is_fast():
    from simulator.scenario import load_scenario

    built = build(load_scenario(ROOT / "benchmarks" / "scenarios" / "grid100.toml"))
    assert int(built.map.land.sum()) == 10_000
    days = 5
    best = float("inf")
    for _ in range(3):
        state = allocate(built, 1, days, 1)
        init_range(built.params, state, 0, 0, 1)
        t0 = time.perf_counter()
        run_range(built.params, state, 0, 0, 1, 0, days)
        best = min(best, (time.perf_counter() - t0) / days)
    assert best < DAY_BOUND_S, f"{best * 1e3:.1f} ms per 10,000-region day"


SMALL_DAY_BOUND_S = 40e-6


def test_a_20_region_day_has_no_per_phase_reference_counting():
    """Each phase took the tuples by value: ~3-6 µs a call, ~95 µs a day (PERFORMANCE.md, 6).

    On references a 20-region day costs ~9 µs; the bound is four times that.
    """
    from benchmarks.grid import grid_scenario

    built = build(grid_scenario(5, 4))
    days = 200
    best = float("inf")
    for _ in range(5):
        state = allocate(built, 1, days, 1)
        init_range(built.params, state, 0, 0, 1)
        t0 = time.perf_counter()
        run_range(built.params, state, 0, 0, 1, 0, days)
        best = min(best, (time.perf_counter() - t0) / days)
    assert best < SMALL_DAY_BOUND_S, f"{best * 1e6:.1f} µs per 20-region day"
