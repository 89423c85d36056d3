"""Before fan-out: the design, a warm-up run (compile cache, outcome columns), batch size."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from simulator.errors import ScenarioError
from simulator.scenario.render import suggestion
from simulator.sweep import conditions
from simulator.sweep.designs import build_design
from simulator.sweep.experiment import LoadedExperiment
from simulator.sweep.tasks import Plan

TARGET_BATCH_S = 1.0  # aim for about a second of work per batch ...
MIN_BATCH_S = 0.5  # ... and never less than half a second, when there are enough runs


@dataclass
class Prepared:
    """Everything the runner needs besides the executor."""

    design: pd.DataFrame
    outcome_columns: list[str]
    kept: list[str]
    series: list[str]
    schema: pa.Schema
    series_schema: pa.Schema | None
    seconds_per_run: float


def warm_up(lx: LoadedExperiment) -> tuple[Any, float]:
    """Return a short run's Results (kernels compiled and cached) and the seconds of one run."""
    from simulator.engine import run

    small = run(lx.base, seed=lx.experiment.seed, replicates=1, days=min(2, lx.days),
                snapshot_replicates=0)
    t0 = time.perf_counter()
    run(lx.base, seed=lx.experiment.seed, replicates=1, days=lx.days, snapshot_replicates=0)
    return small, time.perf_counter() - t0


def prepare(lx: LoadedExperiment, design: pd.DataFrame | None = None) -> Prepared:
    """Return the design, checked outputs and conditions, and the batch files' schemas."""
    design = build_design(lx) if design is None else design
    small, per_run = warm_up(lx)
    outcome_cols = [c for c in small.outcomes.columns if c not in ("replicate", "seed")]
    out = lx.experiment.outputs
    problems = _unknown(lx.shown, "outputs.outcomes", out.outcomes, outcome_cols)
    ts_cols = [c for c in small.timeseries.columns if c not in ("replicate", "day", "date")]
    problems += _unknown(lx.shown, "outputs.series", out.series, ts_cols)
    for name, text in lx.experiment.interest.items():
        if name in outcome_cols or name in lx.experiment.factors:
            problems.append(f"{lx.shown}: interest.{name}: the name is taken by an outcome or "
                            "a factor; choose another")
        try:
            conditions.check_columns(text, outcome_cols)
        except conditions.ConditionError as exc:
            problems.append(f"{lx.shown}: interest.{name}: {exc} (got {text!r})")
    if problems:
        raise ScenarioError(problems)
    kept = list(out.outcomes) or outcome_cols
    schema = _schema(small.outcomes, design, lx, kept)
    series_schema = None
    if out.series:
        fields = [pa.field(c, pa.int64()) for c in ("point", "replicate", "day")]
        for c in out.series:
            t = pa.Schema.from_pandas(small.timeseries[[c]], preserve_index=False).field(c).type
            fields.append(pa.field(c, pa.float32() if pa.types.is_floating(t) else t))
        series_schema = pa.schema(fields)
    return Prepared(design, outcome_cols, kept, list(out.series), schema, series_schema, per_run)


def _unknown(shown: str, key: str, names: list[str], allowed: list[str]) -> list[str]:
    out = []
    for n in names:
        if n not in allowed:
            hint = suggestion(n, allowed) or f"; allowed: {', '.join(allowed)}"
            out.append(f"{shown}: {key}: unknown column '{n}'{hint}")
    return out


def _schema(outcomes: pd.DataFrame, design: pd.DataFrame, lx: LoadedExperiment,
            kept: list[str]) -> pa.Schema:
    names = [f.name for f in lx.factors]
    o = pa.Schema.from_pandas(outcomes[kept], preserve_index=False)
    d = pa.Schema.from_pandas(design[names], preserve_index=False)
    fields = [pa.field("point", pa.int64()), pa.field("replicate", pa.int64()),
              pa.field("seed", pa.int64()), *d, *o]
    fields += [pa.field(n, pa.bool_()) for n in lx.experiment.interest]
    fields.append(pa.field("error", pa.string()))
    return pa.schema(fields)


def choose_batch_size(lx: LoadedExperiment, n_runs: int, per_run: float, workers: int) -> int:
    """Return the runs per batch: the experiment's, or about a second of work (>= 0.5 s)."""
    if lx.experiment.batch_size:
        return min(lx.experiment.batch_size, n_runs)
    per_run = max(per_run, 1e-4)
    want = math.ceil(TARGET_BATCH_S / per_run)
    spread = math.ceil(n_runs / max(4 * workers, 1))  # a few batches per worker
    floor = math.ceil(MIN_BATCH_S / per_run)
    return int(np.clip(min(want, max(spread, floor)), 1, n_runs))


def to_tables(result: dict[str, Any], prep: Prepared, lx: LoadedExperiment
              ) -> tuple[pa.Table, pa.Table | None]:
    """Return a finished batch as Arrow tables with the sweep's fixed schemas."""
    o = result["outcomes"]
    for c in prep.outcome_columns:
        if c not in o.columns:
            o[c] = None
    for name, text in lx.experiment.interest.items():
        vals = conditions.evaluate(text, o).astype(object)
        vals[o["error"].notna().to_numpy()] = None
        o[name] = vals
    names = [f.name for f in lx.factors]
    values = prep.design.set_index("point").loc[o["point"].to_numpy(), names]
    for n in names:
        o[n] = values[n].to_numpy()
    o = o[prep.schema.names]
    table = pa.Table.from_pandas(o, schema=prep.schema, preserve_index=False)
    series = None
    if prep.series_schema is not None:
        s = result["series"]
        if s is None:
            s = pd.DataFrame({c: [] for c in prep.series_schema.names})
        series = pa.Table.from_pandas(s[prep.series_schema.names], schema=prep.series_schema,
                                      preserve_index=False)
    return table, series


def plan_of(prep: Prepared, lx: LoadedExperiment, batch_size: int) -> Plan:
    """Return the batch plan of the sweep."""
    return Plan(len(prep.design), lx.experiment.replicates, batch_size)
