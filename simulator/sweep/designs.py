"""Designs: the points of a sweep, as unit coordinates and factor values, one row per point.

Latin hypercube, Sobol (Saltelli's scheme) and Morris come from SALib on the unit cube
``[0, 1]^d`` with the experiment's root seed; each factor then maps its unit coordinate to a
value (uniform, log-uniform, normal, triangular, or an index into its listed values). The
rows keep SALib's order, so ``SALib.analyze.sobol``/``morris`` can read outcomes sorted by
point with ``salib_problem()``.
"""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulator.errors import MissingFileError, ScenarioError
from simulator.scenario.loader import display_path
from simulator.scenario.render import short_repr
from simulator.sweep.experiment import FactorSpec, LoadedExperiment, convert


def salib_problem(factors: list[FactorSpec]) -> dict[str, Any]:
    """Return the SALib problem of the unit cube the design samples (names in factor order)."""
    return {"num_vars": len(factors), "names": [f.name for f in factors],
            "bounds": [[0.0, 1.0]] * len(factors)}


def build_design(lx: LoadedExperiment) -> pd.DataFrame:
    """Return the points: ``point``, ``u_<factor>`` (unit coordinates) and ``<factor>`` values."""
    d = lx.experiment.design
    names = [f.name for f in lx.factors]
    if d.kind == "csv":
        values = read_points(lx)
        units = np.column_stack([_unit_of(f, values[f.name]) for f in lx.factors])
    elif d.kind == "factorial":
        levels = [_levels(f) for f in lx.factors]
        combos = list(itertools.product(*[range(len(v)) for v in levels]))
        values = pd.DataFrame({f.name: [levels[j][c[j]] for c in combos]
                               for j, f in enumerate(lx.factors)})
        units = np.array([[c[j] / max(len(levels[j]) - 1, 1) for j in range(len(levels))]
                          for c in combos], dtype=float).reshape(len(combos), len(levels))
    else:
        units = _sample_unit(d.kind, lx.factors, d.samples, d.levels, d.second_order,
                             lx.experiment.seed)
        values = pd.DataFrame({f.name: [to_value(f, u) for u in units[:, j]]
                               for j, f in enumerate(lx.factors)})
    out = pd.DataFrame({"point": np.arange(len(values), dtype=np.int64)})
    for j, name in enumerate(names):
        out[f"u_{name}"] = units[:, j].astype(float)
    for name in names:
        out[name] = values[name].to_numpy()
    return out


def _sample_unit(kind: str, factors: list[FactorSpec], n: int, levels: int, second: bool,
                 seed: int) -> np.ndarray:
    problem = salib_problem(factors)
    if kind == "latin":
        from SALib.sample import latin

        return np.asarray(latin.sample(problem, n, seed=seed))
    if kind == "sobol":
        from SALib.sample import sobol

        return np.asarray(sobol.sample(problem, n, calc_second_order=second, scramble=True,
                                       seed=seed))
    from SALib.sample import morris

    return np.asarray(morris.sample(problem, n, num_levels=levels, seed=seed))


def to_value(f: FactorSpec, u: float) -> Any:
    """Return factor ``f``'s value at unit coordinate ``u``."""
    u = float(u)
    if f.values is not None:
        return f.values[min(int(u * len(f.values)), len(f.values) - 1)]
    if f.distribution == "normal":
        from scipy.stats import norm

        x = float(f.mean + f.sd * norm.ppf(min(max(u, 1e-3), 1 - 1e-3)))
        if f.low is not None:
            x = min(max(x, f.low), f.high)
        return convert(f, x)
    lo, hi = float(f.low), float(f.high)
    if f.distribution == "loguniform":
        x = math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))
    elif f.distribution == "triangular":
        c = (f.mode - lo) / (hi - lo)
        x = lo + (hi - lo) * (math.sqrt(u * c) if u < c else 1 - math.sqrt((1 - u) * (1 - c)))
    else:
        x = lo + u * (hi - lo)
    return convert(f, x)


def _levels(f: FactorSpec) -> list[Any]:
    if f.values is not None:
        return list(f.values)
    if f.distribution == "normal" and f.low is None:
        return [to_value(f, u) for u in np.linspace(0.1, 0.9, f.levels)]
    if f.distribution == "loguniform":
        grid = np.geomspace(f.low, f.high, f.levels)
    else:
        grid = np.linspace(f.low, f.high, f.levels)
    return list(dict.fromkeys(convert(f, float(x)) for x in grid))


def _unit_of(f: FactorSpec, col: pd.Series) -> np.ndarray:
    if f.values is not None:
        idx = [f.values.index(v) if v in f.values else 0 for v in col]
        return np.asarray(idx, float) / max(len(f.values) - 1, 1)
    if f.low is None or f.high == f.low:
        return np.full(len(col), np.nan)
    return (col.to_numpy(float) - f.low) / (f.high - f.low)


def read_points(lx: LoadedExperiment) -> pd.DataFrame:
    """Return the explicit points of a csv design; raise one line per problem."""
    path = lx.points_file
    assert path is not None
    shown = display_path(path)
    where = f"{lx.shown}: design.file: {shown}"
    rows = _read_csv(path, where)
    if not rows or not rows[0]:
        raise ScenarioError(f"{where}: empty; expected a header row naming the factors")
    header, body = [h.strip() for h in rows[0]], rows[1:]
    names = [f.name for f in lx.factors]
    unknown = [h for h in header if h not in names]
    missing = [n for n in names if n not in header]
    if unknown or missing or len(set(header)) != len(header):
        raise ScenarioError(f"{where}: columns must be the factors ({', '.join(names)}); "
                            f"unknown: {', '.join(unknown) or 'none'}, "
                            f"missing: {', '.join(missing) or 'none'}")
    if not body:
        raise ScenarioError(f"{where}: no points below the header")
    problems: list[str] = []
    cols: dict[str, list[Any]] = {n: [] for n in names}
    for i, row in enumerate(body, start=2):
        if len(row) != len(header):
            problems.append(f"{where}: line {i}: expected {len(header)} values (got {len(row)})")
            continue
        for h, text in zip(header, row, strict=True):
            f = next(x for x in lx.factors if x.name == h)
            value, problem = _parse_value(f, text.strip())
            if problem:
                problems.append(f"{where}: line {i}, column {h}: {problem} "
                                f"(got {short_repr(text)})")
            cols[h].append(value)
        if len(problems) >= 10:
            break
    if problems:
        raise ScenarioError(problems)
    return pd.DataFrame(cols)


def _read_csv(path: Path, where: str) -> list[list[str]]:
    if not path.is_file():
        raise MissingFileError(f"{where}: file not found")
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            return [r for r in csv.reader(fh) if r]
    except UnicodeDecodeError:
        raise ScenarioError(f"{where}: not UTF-8 text") from None
    except (OSError, csv.Error) as exc:
        raise ScenarioError(f"{where}: cannot be read as CSV ({exc})") from None


def _parse_value(f: FactorSpec, text: str) -> tuple[Any, str | None]:
    if f.values is not None:
        for v in f.values:
            if str(v) == text:
                return v, None
        return None, f"not one of the factor's values {list(f.values)}"
    try:
        x = float(text)
    except ValueError:
        return None, "not a number"
    if not math.isfinite(x):
        return None, "not a finite number"
    if f.low is not None and not f.low <= x <= f.high and f.range_source == "range":
        return None, f"outside the factor's range [{f.low}, {f.high}]"
    return convert(f, x), None
