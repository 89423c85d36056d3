"""The overhead of ``LibyaModel.step()`` above the compiled day (issue 10; docs/PERFORMANCE.md).

Run on its own: ``.venv/bin/python -m benchmarks.bench_mesa_step [--days N] [--scenario PATH]``.

The overhead has two parts, each timed on its own because the day itself (milliseconds, noisy
on a shared machine) would drown them in a difference of two timings:

- ``python``: ``model.step()`` with the compiled kernels replaced by no-ops: Mesa's step
  wrapper, the epoch lookup, the data collector (and, with a policy, its ``decide()``);
- ``entry``: one call of the compiled one-day kernel that runs no day: unboxing ``Params`` and
  ``State`` (paid once per step, twice with a policy; the fast path pays it once per chunk).

The overhead is ``python + entry`` (``python + 2 entry`` with a policy). For context it also
times, in lockstep on identical states, ``model.step()`` and a bare call of the kernel for one
day through numba's dispatcher (and checks that both give the same recorder), and the mean day
of the fast path (all days in one call per parameter epoch).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


class _NoKernels:
    """Stands in for ``mesa_model.kernels.Kernels``: every compiled call does nothing."""

    def run_day(self, *args: object) -> None:
        """Do nothing."""

    decide = dynamics = run_day


def _median_us(ns: list[int]) -> float:
    return float(np.median(ns) / 1e3)


def _python_part(model, n: int) -> float:  # noqa: ANN001
    """Return the median microseconds of ``model.step()`` with no-op kernels."""
    real, model._kernels = model._kernels, _NoKernels()
    ts = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        model.step()
        ts.append(time.perf_counter_ns() - t0)
    model._kernels = real
    return _median_us(ts)


def measure(scenario: str, days: int) -> dict[str, float]:
    """Return the figures (microseconds) for ``days`` days of ``scenario``."""
    from simulator import LibyaModel, load_scenario
    from simulator.core.build import allocate
    from simulator.core.run import init_range, run_range
    from simulator.mesa_model import Sponsor

    s = load_scenario(scenario)

    class Keep(Sponsor):
        def decide(self) -> None:
            self.support = self.support

    pol_kw = {"policies": {next(iter(s.sponsors)): Keep}} if s.sponsors else {}
    model = LibyaModel(s, days=days)
    ref = LibyaModel(s, days=days)  # its state is advanced by the bare kernel
    built, st = ref.built, ref.state
    step_t, kern_t = [], []
    for d in range(1, days + 1):
        p = built.params_from(d)
        t0 = time.perf_counter_ns()
        run_range(p, st, 0, 0, 1, d - 1, d)
        t1 = time.perf_counter_ns()
        model.step()
        step_t.append(time.perf_counter_ns() - t1)
        kern_t.append(t1 - t0)
    if not np.array_equal(model.state.rec, st.rec):
        raise AssertionError("the model and the bare kernel diverged")
    entry_fn = model._kernels.entry("run_range", model.params, model.state, 5)
    entry = []
    for _ in range(300):
        t0 = time.perf_counter_ns()
        entry_fn(model.params, model.state, 0, 0, 1, days, days)
        entry.append(time.perf_counter_ns() - t0)
    python = _python_part(LibyaModel(s, days=10 * days), days)
    python_pol = _python_part(LibyaModel(s, days=10 * days, **pol_kw), days)
    chunk = allocate(built, 1, days, 1)
    init_range(built.params, chunk, 0, 0, 1)
    t0 = time.perf_counter_ns()
    day = 0
    for first in sorted({d for d, _ in built.epochs} | {days + 1}):
        end = min(days, first - 1)
        if end > day:  # one call per parameter epoch, as the engine does
            run_range(built.params_from(day + 1), chunk, 0, 0, 1, day, end)
            day = end
    chunk_us = (time.perf_counter_ns() - t0) / days / 1e3
    e = _median_us(entry)
    return {
        "days": days,
        "regions": int(built.map.n_regions),
        "overhead_us": python + e,
        "overhead_with_policy_us": python_pol + 2 * e,
        "python_us": python,
        "python_with_policy_us": python_pol,
        "entry_us": e,
        "step_median_us": _median_us(step_t),
        "dispatcher_day_median_us": _median_us(kern_t),
        "fast_path_mean_day_us": chunk_us,
    }


def main() -> None:
    """Print the figures as JSON with the machine and date."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "baseline.toml"))
    ap.add_argument("--days", type=int, default=365)
    a = ap.parse_args()
    out = {k: round(v, 1) if isinstance(v, float) else v
           for k, v in measure(a.scenario, a.days).items()}
    out.update(machine=f"{platform.machine()} {platform.processor() or ''}".strip(),
               python=platform.python_version(), date=time.strftime("%Y-%m-%d %H:%M"))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
