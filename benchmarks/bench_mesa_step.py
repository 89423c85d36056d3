"""The overhead of ``LibyaModel.step()`` above the compiled day (issue 10; docs/PERFORMANCE.md).

Run on its own: ``.venv/bin/python -m benchmarks.bench_mesa_step [--days N] [--scenario PATH]``.

Three lockstep trajectories of the same scenario and seed (so every day costs the same in each):
``step`` times ``model.step()``; ``kernel`` times one direct call of the compiled one-day kernel
on an identical state (``run_range`` for one day, what ``step`` calls inside); ``chunk`` runs all
the days in one compiled call, as ``simulator.run`` does, and gives the mean day. Printed:
medians in microseconds of ``step``, ``kernel`` and their difference per day (the Python
overhead of the Mesa layer: the step wrapper, the epoch lookup, the data collector), the
overhead with one Python ``decide()`` policy (two compiled calls), and the per-call cost of
entering the compiled code (``kernel`` minus ``chunk``).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def measure(scenario: str, days: int) -> dict[str, float]:
    """Return median microseconds per day of step, kernel and their difference, and more."""
    from simulator import LibyaModel, load_scenario
    from simulator.core.build import allocate
    from simulator.core.run import init_range, run_range
    from simulator.mesa_model import Sponsor

    s = load_scenario(scenario)

    class Keep(Sponsor):
        def decide(self) -> None:
            self.support = self.support

    model = LibyaModel(s, days=days)
    ref = LibyaModel(s, days=days)  # its state is advanced by the bare kernel
    pol_kw = {"policies": {next(iter(s.sponsors)): Keep}} if s.sponsors else {}
    pol = LibyaModel(s, days=days, **pol_kw)
    built, st = ref.built, ref.state
    step_t, kern_t, pol_t = [], [], []
    for d in range(1, days + 1):
        p = built.params_from(d)
        t0 = time.perf_counter_ns()
        run_range(p, st, 0, 0, 1, d - 1, d)
        t1 = time.perf_counter_ns()
        model.step()
        t2 = time.perf_counter_ns()
        pol.step()
        t3 = time.perf_counter_ns()
        kern_t.append(t1 - t0)
        step_t.append(t2 - t1)
        pol_t.append(t3 - t2)
    if not np.array_equal(model.state.rec, st.rec):
        raise AssertionError("the model and the bare kernel diverged")
    chunk = allocate(built, 1, days, 1)
    init_range(built.params, chunk, 0, 0, 1)
    t0 = time.perf_counter_ns()
    day = 0
    starts = sorted({d for d, _ in built.epochs} | {days + 1})
    for first in starts:  # one call per epoch of parameters, as the engine does
        end = min(days, first - 1)
        if end > day:
            run_range(built.params_from(day + 1), chunk, 0, 0, 1, day, end)
            day = end
    chunk_us = (time.perf_counter_ns() - t0) / days / 1e3
    step = np.array(step_t) / 1e3
    kern = np.array(kern_t) / 1e3
    pol_a = np.array(pol_t) / 1e3
    return {
        "days": days,
        "regions": int(built.map.n_regions),
        "step_median_us": float(np.median(step)),
        "kernel_median_us": float(np.median(kern)),
        "overhead_median_us": float(np.median(step - kern)),
        "overhead_with_policy_median_us": float(np.median(pol_a - kern)),
        "chunk_mean_us": float(chunk_us),
        "entry_cost_us": float(np.median(kern) - chunk_us),
    }


def main() -> None:
    """Print the figures as JSON with the machine and date."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "baseline.toml"))
    ap.add_argument("--days", type=int, default=365)
    a = ap.parse_args()
    out = measure(a.scenario, a.days)
    out.update(machine=f"{platform.machine()} {platform.processor() or ''}".strip(),
               python=platform.python_version(), date=time.strftime("%Y-%m-%d %H:%M"))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
