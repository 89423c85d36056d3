"""Seeds, batches and the task a worker runs: many replicates of one or more points.

Run ``i`` of a sweep is point ``i // replicates``, replicate ``i % replicates``; batch ``b``
holds runs ``b * batch_size ...``. A point's seed comes from the root seed and the point alone
(or is the root seed, with ``seeds = "common"``), and replicate ``r`` of a point uses the
engine's streams keyed by (seed, r), so a run's numbers never depend on its batch or worker.
"""

from __future__ import annotations

import copy
import hashlib
import os
import time
from dataclasses import dataclass
from typing import Any

import pandas as pd

ERROR_CHARS = 500


def point_seed(root: int, point: int, mode: str) -> int:
    """Return the engine seed of ``point``: the root (``common``) or a hash of (root, point)."""
    if mode == "common":
        return int(root)
    digest = hashlib.sha256(f"libya-sim sweep {int(root)} {int(point)}".encode()).digest()
    return int.from_bytes(digest[:8], "little") & (2**62 - 1)


@dataclass(frozen=True)
class Plan:
    """How the runs of a sweep split into batches."""

    n_points: int
    replicates: int
    batch_size: int

    @property
    def n_runs(self) -> int:
        """Return the number of runs (points x replicates)."""
        return self.n_points * self.replicates

    @property
    def n_batches(self) -> int:
        """Return the number of batches."""
        return -(-self.n_runs // self.batch_size)

    def runs(self, b: int) -> range:
        """Return the run indices of batch ``b``."""
        return range(b * self.batch_size, min((b + 1) * self.batch_size, self.n_runs))

    def groups(self, b: int) -> list[tuple[int, int, int]]:
        """Return batch ``b`` as (point, first replicate, count) groups, in run order."""
        out: list[tuple[int, int, int]] = []
        for i in self.runs(b):
            p, r = divmod(i, self.replicates)
            if out and out[-1][0] == p:
                out[-1] = (p, out[-1][1], out[-1][2] + 1)
            else:
                out.append((p, r, 1))
        return out


def make_task(b: int, plan: Plan, points: list[dict[str, Any]], keys: dict[str, str],
              base_raw: dict[str, Any], source: str, days: int, seeds: list[int],
              series: list[str], series_every: int) -> dict[str, Any]:
    """Return the picklable description of batch ``b`` that ``run_task`` runs."""
    groups = [{"point": p, "seed": seeds[p], "rep0": r0, "n": n,
               "set": {keys[name]: v for name, v in points[p].items()}}
              for p, r0, n in plan.groups(b)]
    return {"batch": b, "base": base_raw, "source": source, "days": days, "groups": groups,
            "series": series, "series_every": series_every}


def init_worker() -> None:
    """Prepare a pool process: one numba thread, Ctrl-C left to the parent."""
    import signal

    os.environ["NUMBA_NUM_THREADS"] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_task(task: dict[str, Any]) -> dict[str, Any]:
    """Run one batch; return its outcome rows, series rows and seconds of work.

    A point whose scenario is invalid, or a run that raises, gives rows with ``error`` set;
    the other groups of the batch go on.
    """
    os.environ.setdefault("NUMBA_NUM_THREADS", "1")
    import numba

    numba.set_num_threads(1)
    t0 = time.perf_counter()
    outs, series = [], []
    for g in task["groups"]:
        try:
            o, s = _run_group(task, g)
        except Exception as exc:  # noqa: BLE001 - recorded per run; the others go on
            text = " ".join(f"{type(exc).__name__}: {exc}".split())[:ERROR_CHARS]
            o = pd.DataFrame({"replicate": range(g["rep0"], g["rep0"] + g["n"])})
            o["seed"], o["error"], s = g["seed"], text, None
        o.insert(0, "point", g["point"])
        outs.append(o)
        if s is not None:
            series.append(s)
    return {"batch": task["batch"], "outcomes": pd.concat(outs, ignore_index=True),
            "series": pd.concat(series, ignore_index=True) if series else None,
            "seconds": time.perf_counter() - t0, "pid": os.getpid()}


def _run_group(task: dict[str, Any], g: dict[str, Any]) -> tuple[pd.DataFrame, Any]:
    from simulator.engine import run
    from simulator.scenario import scenario_from_dict
    from simulator.sweep.experiment import set_key

    raw = copy.deepcopy(task["base"])
    for key, value in g["set"].items():
        set_key(raw, key.split("."), value)
    scenario = scenario_from_dict(raw, task["source"])
    res = run(scenario, seed=g["seed"], replicates=g["n"], days=task["days"],
              first_replicate=g["rep0"], snapshot_replicates=0)
    o = res.outcomes.copy()
    o["error"] = None
    s = None
    if task["series"]:
        ts = res.timeseries
        every, days = task["series_every"], task["days"]
        keep = (ts["day"] % every == 0) | (ts["day"] == days)
        s = ts.loc[keep, ["replicate", "day", *task["series"]]].reset_index(drop=True)
        s.insert(0, "point", g["point"])
    return o, s
