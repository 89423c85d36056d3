"""Guards on the compiled day's cost: no reference counting per region or per phase call.

Helpers that took the parameter and state tuples made a 10,000-region grid day cost ~85 ms on
the benchmark machine (one NRT increment and decrement per array of both tuples around every
call); with array and scalar helpers it costs ~5 ms. Phases that took the tuples by value cost
3-6 µs a call whatever the map's size (PERFORMANCE.md, section 6). The bounds are loose (a busy
shared machine may be several times slower) but catch that kind of regression.
"""

from __future__ import annotations

import time

from simulator.core.build import allocate, build
from simulator.core.run import init_range, run_range
from tests.conftest import ROOT

DAY_BOUND_S = 0.040
SMALL_DAY_BOUND_S = 40e-6
EMPTY_SHARE_BOUND = 0.30  # an empty 100 x 100 grid's day / a full one's (measured 0.07-0.10)
SPARSE_SHARE_BOUND = 0.75  # the same with 90 % of the regions empty (measured 0.37-0.49)


def _best_day_seconds(built, days: int, repeats: int) -> float:  # noqa: ANN001
    """Return the fastest of ``repeats`` runs' seconds per day of replicate 0."""
    best = float("inf")
    for _ in range(repeats):
        state = allocate(built, 1, days, 1)
        init_range(built.params, state, 0, 0, 1)
        t0 = time.perf_counter()
        run_range(built.params, state, 0, 0, 1, 0, days)
        best = min(best, (time.perf_counter() - t0) / days)
    return best


def test_a_10000_region_grid_day_is_fast():
    from simulator.scenario import load_scenario

    built = build(load_scenario(ROOT / "benchmarks" / "scenarios" / "grid100.toml"))
    assert int(built.map.land.sum()) == 10_000
    best = _best_day_seconds(built, 5, 3)
    assert best < DAY_BOUND_S, f"{best * 1e3:.1f} ms per 10,000-region day"


def test_a_20_region_day_has_no_per_phase_reference_counting():
    """~95 µs a day with the tuples passed by value; ~9 µs on references (bound: 40 µs)."""
    from benchmarks.grid import grid_scenario

    best = _best_day_seconds(build(grid_scenario(5, 4)), 200, 5)
    assert best < SMALL_DAY_BOUND_S, f"{best * 1e6:.1f} µs per 20-region day"


def test_empty_regions_cost_a_fraction_of_full_ones():
    """Days of grid100 with everything, 90 % of the regions empty, and all empty, timed here.

    An empty region still costs its place in every loop over the land (~60 ns a day, against
    ~600 for a full one); inside a war it also carries the supply and objective fields
    (~190 ns; PERFORMANCE.md, "Empty regions"), so 90 % empty costs ~40 % of a full day.
    """
    from benchmarks.empty import built_grid, day_seconds

    full, sparse, empty = (day_seconds(built_grid(k), 5, 3)[0] for k in ("full", "sparse",
                                                                          "empty"))
    assert empty < EMPTY_SHARE_BOUND * full, f"empty {empty * 1e3:.2f} ms, full {full * 1e3:.2f}"
    assert sparse < SPARSE_SHARE_BOUND * full, (f"90 % empty {sparse * 1e3:.2f} ms, "
                                                f"full {full * 1e3:.2f}")
