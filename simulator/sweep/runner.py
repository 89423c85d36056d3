"""Run a sweep: create or reopen its folder, fan batches out, store them, combine at the end."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from simulator.output import cpu_info, resolved_toml, scenario_sha256, versions
from simulator.sweep.designs import salib_problem
from simulator.sweep.experiment import LoadedExperiment
from simulator.sweep.prepare import Prepared, choose_batch_size, plan_of, to_tables
from simulator.sweep.store import SweepFolder, code_identity
from simulator.sweep.tasks import Plan, make_task, point_seed

STOP_ENV = "LIBYA_SIM_STOP_AFTER_BATCHES"
STOP_EXIT = 137  # as if killed by SIGKILL (128 + 9)


class Stopped(Exception):  # noqa: N818 - a stop the caller asked for, not an error
    """Raised when ``should_stop()`` said so; the folder's manifest says ``interrupted``."""


@dataclass
class SweepResult:
    """What a finished sweep reports: where it is, runs, failures, seconds."""

    path: Path
    runs: int
    failures: int
    batches_run: int
    seconds: float


def open_or_create(lx: LoadedExperiment, prep: Prepared, out: Path, resume: bool,
                   workers: int) -> tuple[SweepFolder, Plan]:
    """Return the sweep folder (new, or reopened with ``resume``) and its batch plan."""
    code = code_identity()
    scen_sha = scenario_sha256(lx.base)
    if resume and (out / "manifest.json").exists():
        folder = SweepFolder.open(out, lx.sha256, scen_sha, code)
        return folder, plan_of(prep, lx, int(folder.manifest["batch_size"]))
    n_runs = len(prep.design) * lx.experiment.replicates
    plan = plan_of(prep, lx, choose_batch_size(lx, n_runs, prep.seconds_per_run, workers))
    manifest = _manifest(lx, prep, plan, code, scen_sha)
    files = {"experiment.toml": lx.path.read_bytes(), "scenario.toml":
             resolved_toml(lx.base).encode()}
    if lx.points_file is not None:
        files["points.csv"] = lx.points_file.read_bytes()
    design = pa.Table.from_pandas(prep.design, preserve_index=False)
    return SweepFolder.create(out, manifest, files, design), plan


def _manifest(lx: LoadedExperiment, prep: Prepared, plan: Plan, code: dict[str, Any],
              scen_sha: str) -> dict[str, Any]:
    e = lx.experiment
    return {
        "kind": "sweep", "status": "running", "schema_version": 1, "name": e.name,
        "experiment": {"file": "experiment.toml", "source": lx.shown, "sha256": lx.sha256},
        "scenario": {"file": "scenario.toml", "source": lx.base.source, "sha256": scen_sha},
        "design": {**e.design.model_dump(), "points": plan.n_points,
                   "salib_problem": salib_problem(lx.factors),
                   "unit_columns": [f"u_{f.name}" for f in lx.factors],
                   "note": "design.parquet rows are in the sampler's order; SALib sees the unit "
                           "cube (u_ columns), the scenario the mapped values"},
        "factors": [{"name": f.name, "key": f.key, "low": f.low, "high": f.high,
                     "values": list(f.values) if f.values is not None else None,
                     "distribution": f.distribution, "mean": f.mean, "sd": f.sd, "mode": f.mode,
                     "integer": f.integer, "range_source": f.range_source}
                    for f in lx.factors],
        "replicates": e.replicates, "days": lx.days,
        "seeds": {"root": e.seed, "mode": e.seeds,
                  "rule": "per_point: seed = first 8 bytes (little-endian) of "
                          "sha256('libya-sim sweep <root> <point>') & (2**62 - 1); "
                          "replicate r of a point uses the engine's streams (seed, r)"},
        "runs": plan.n_runs, "batch_size": plan.batch_size, "batches": plan.n_batches,
        "batches_done": 0, "failures": 0,
        "outcomes": prep.kept, "interest": dict(e.interest),
        "series": {"columns": prep.series, "every": e.outputs.series_every} if prep.series
        else None,
        "code": code, "versions": versions(), "cpu": cpu_info(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "executions": [], "timings": {},
        "files": {"experiment": "experiment.toml", "scenario": "scenario.toml",
                  "design": "design.parquet", "batches": "batches/"},
    }


def execute(lx: LoadedExperiment, prep: Prepared, folder: SweepFolder, plan: Plan,
            executor: Any, progress: Callable[[int, int, int], None],
            should_stop: Callable[[], bool]) -> SweepResult:
    """Run the missing batches, then combine; return the result (``Stopped`` if asked to stop).

    ``progress(runs_done, runs_total, failures)`` is called after every stored batch.
    """
    t0 = time.perf_counter()
    done = folder.done()
    pending = [b for b in range(plan.n_batches) if b not in done]
    runs_done = sum(len(plan.runs(b)) for b in done)
    failures = folder.failures(done)
    stop_after = int(os.environ.get(STOP_ENV, "0") or 0)
    folder.manifest["executions"].append({"started": _now(), **executor.describe()})
    folder.save(status="running")
    seeds = [point_seed(lx.experiment.seed, p, lx.experiment.seeds)
             for p in range(plan.n_points)]
    names = [f.name for f in lx.factors]
    points = prep.design[names].to_dict("records")
    keys = {f.name: f.key for f in lx.factors}
    progress(runs_done, plan.n_runs, failures)
    queue, stored = iter(pending), 0
    slots = executor.slots
    while True:
        if should_stop():
            raise Stopped()
        while executor.in_flight() < slots:
            b = next(queue, None)
            if b is None:
                break
            executor.submit(make_task(b, plan, points, keys, lx.base_raw, lx.base.source,
                                      lx.days, seeds, prep.series,
                                      lx.experiment.outputs.series_every))
        if executor.in_flight() == 0:
            break
        for result in executor.finished(timeout=0.2):
            table, series = to_tables(result, prep, lx)
            folder.write_batch(result["batch"], table, series)
            stored += 1
            runs_done += table.num_rows
            failures += table.num_rows - table.column("error").null_count
            folder.manifest.update(batches_done=plan.n_batches - len(pending) + stored,
                                   failures=failures)
            progress(runs_done, plan.n_runs, failures)
            if stop_after and stored >= stop_after:
                executor.close(kill=True)
                os._exit(STOP_EXIT)
        if stored and stored % 20 == 0:
            folder.save()
    rows, failures = folder.combine(plan.n_batches, "batch", "outcomes.parquet")
    files = {"outcomes": "outcomes.parquet"}
    if prep.series:
        folder.combine(plan.n_batches, "series", "series.parquet")
        files["series"] = "series.parquet"
    elapsed = time.perf_counter() - t0
    folder.manifest["files"].update(files)
    folder.manifest["executions"][-1].update(ended=_now(), batches_run=stored, seconds=elapsed)
    folder.save(status="complete" if failures == 0 else "partial", batches_done=plan.n_batches,
                failures=failures)
    return SweepResult(folder.path, rows, failures, stored, elapsed)


def mark_stopped(folder: SweepFolder, signal_name: str) -> None:
    """Record in the manifest that the sweep was interrupted (resume with --resume)."""
    if folder.manifest.get("executions"):
        folder.manifest["executions"][-1].update(ended=_now(), stopped_by=signal_name)
    folder.save(status="interrupted", interrupted={"signal": signal_name,
                                                   "batches_done": len(folder.done())})


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
