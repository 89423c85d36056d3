"""Region-day cost by mechanism (issue 7) and two-year history runs per second, on one thread.

Usage: ``NUMBA_NUM_THREADS=1 .venv/bin/python scripts/bench_mechanisms.py [--days 60] [--runs 8]``

1. Phase by phase, directly: the benchmark grid (benchmarks/scenarios/grid100.toml: 100 x 100
   regions, both factions' fighters and civilians everywhere) with an air unit per side added, is
   run day by day through the compiled ``run_range`` with the phase list set to one phase at a
   time (the phase list is data, so no recompilation); each phase's wall time is divided by
   region-days.
2. Phase by phase, by removal: whole runs with ``engine.disabled_phases = [phase]``; the cost
   of a phase is the full run's time minus that run's (dynamics change without the phase, so
   this is a cross-check only).
3. Two-year runs of scenarios/history_2019_2020.toml per second.

Prints a Markdown table for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import numpy as np  # noqa: E402

import simulator  # noqa: E402
from simulator.core.build import allocate, build  # noqa: E402
from simulator.core.day import DECISION_PHASES, DYNAMIC_PHASES, PHASES  # noqa: E402
from simulator.core.run import init_range, run_range  # noqa: E402
from simulator.loader_helpers import deep_update  # noqa: E402
from simulator.scenario import load_scenario, scenario_from_dict  # noqa: E402
from simulator.scenario.loader import read_toml  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GRID = ROOT / "benchmarks" / "scenarios" / "grid100.toml"
HISTORY = ROOT / "scenarios" / "history_2019_2020.toml"


def grid_scenario(days: int, disabled: list[str] | None = None):  # noqa: ANN201
    """Return the benchmark grid with one drone unit per side (every mechanism working)."""
    raw = read_toml(GRID)
    raw["air_units"] = [
        {"faction": "west", "place": "west_capital", "count": 12, "range_km": 600.0},
        {"faction": "east", "place": "east_capital", "count": 12, "range_km": 600.0},
    ]
    deep_update(raw, ["initial", "escalation"], 3)
    deep_update(raw, ["run", "days"], days)
    deep_update(raw, ["run", "snapshot_replicates"], 0)
    if disabled:
        deep_update(raw, ["engine", "disabled_phases"], disabled)
    return scenario_from_dict(raw, source=str(GRID))


def per_phase(days: int) -> dict[str, float]:
    """Return seconds spent in each phase over ``days`` days of one replicate of the grid."""
    built = build(grid_scenario(days))
    P, S = built.params, allocate(built, 1, days, 0)
    init_range(P, S, 0, 0, 1)
    none = np.zeros(0, dtype=np.int64)
    one = {
        ph: P._replace(
            decision_phases=np.array([PHASES.index(ph)]) if ph in DECISION_PHASES else none,
            dynamic_phases=np.array([PHASES.index(ph)]) if ph in DYNAMIC_PHASES else none)
        for ph in (*DECISION_PHASES, *DYNAMIC_PHASES)
    }
    run_range(one["record"], S, 0, 0, 1, 0, 1)  # warm the dispatcher (compiled from the cache)
    S = allocate(built, 1, days, 0)
    init_range(P, S, 0, 0, 1)
    spent = dict.fromkeys(one, 0.0)
    for d in range(1, days + 1):
        for ph, p in one.items():
            t = time.perf_counter()
            run_range(p, S, 0, 0, 1, d - 1, d)
            spent[ph] += time.perf_counter() - t
    return spent


def whole(days: int, disabled: list[str] | None = None) -> float:
    """Return the simulate time of one replicate of the grid (compile excluded)."""
    r = simulator.run(grid_scenario(days, disabled), replicates=1, days=days)
    return float(r.timings.simulate)


def history_rate(runs: int) -> float:
    """Return two-year runs of the history scenario per second (one thread)."""
    s = load_scenario(HISTORY)
    simulator.run(s, replicates=1, days=5)  # compile / load the cache
    r = simulator.run(s, replicates=runs, days=730, snapshot_replicates=0)
    return runs / float(r.timings.simulate)


def main() -> None:
    """Run the three measurements and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=60)
    ap.add_argument("--runs", type=int, default=8)
    a = ap.parse_args()
    built = build(grid_scenario(a.days))
    region_days = built.params.active.shape[0] * a.days
    whole(2)  # load the compiled kernels
    full = whole(a.days)
    spent = per_phase(a.days)
    print(f"threads: {os.environ['NUMBA_NUM_THREADS']}; grid: {built.params.active.shape[0]} "
          f"regions x {a.days} days")
    print("| phase | ns per region-day (direct) | ns per region-day (full run minus run without "
          "it) |")
    print("| --- | ---: | ---: |")
    for ph, sec in spent.items():
        removal = ""
        if ph != "record":
            removal = f"{(full - whole(a.days, [ph])) / region_days * 1e9:.0f}"
        print(f"| {ph} | {sec / region_days * 1e9:.0f} | {removal} |")
    print(f"| all (sum of phases) | {sum(spent.values()) / region_days * 1e9:.0f} | "
          f"{full / region_days * 1e9:.0f} (full run) |")
    print(f"history, two-year runs per second (one thread): {history_rate(a.runs):.2f}")


if __name__ == "__main__":
    main()
