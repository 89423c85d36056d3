"""Load an experiment file: validate it, its base scenario, its factors' keys and ranges.

Every problem is one line naming the file and the key (``file: factors.x.range: ...``), raised
as ``ScenarioError`` (exit 3) or ``MissingFileError`` (exit 4) before anything is written.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from simulator.errors import ScenarioError
from simulator.scenario.loader import _record, display_path, read_toml, scenario_from_dict
from simulator.scenario.render import short_repr, suggestion, validation_lines
from simulator.scenario.schema import Scenario
from simulator.sweep.ranges import default_range
from simulator.sweep.schema import Experiment, Factor


@dataclass(frozen=True)
class FactorSpec:
    """A factor ready to sample: its key, support and how unit coordinates map to values."""

    name: str
    key: str
    low: float | None
    high: float | None
    values: tuple[Any, ...] | None
    distribution: str
    mean: float | None
    sd: float | None
    mode: float | None
    levels: int
    integer: bool
    range_source: str


@dataclass
class LoadedExperiment:
    """An experiment file, validated, with its base scenario and resolved factors."""

    path: Path
    shown: str
    experiment: Experiment
    sha256: str
    base: Scenario
    base_raw: dict[str, Any]
    factors: list[FactorSpec]
    days: int
    points_file: Path | None = None


def load_experiment(path: str | Path) -> LoadedExperiment:
    """Return the validated experiment of ``path``; raise a user error listing every problem."""
    from simulator.scenario import load_scenario

    path = Path(path)
    raw = read_toml(path)
    shown = display_path(path)
    prov: dict = {}
    _record(raw, (), shown, prov)
    try:
        exp = Experiment.model_validate(raw)
    except ValidationError as err:
        lines = validation_lines(err, Experiment, prov, shown)
        raise ScenarioError([ln.replace("Value error, ", "") for ln in lines]) from None
    base_path = path.parent / exp.scenario
    if not base_path.exists():
        from simulator.errors import MissingFileError

        raise MissingFileError(f"{shown}: scenario: {display_path(base_path)}: file not found")
    base = load_scenario(base_path, exp.set)
    base_raw = base.model_dump(mode="python")
    problems: list[str] = []
    factors = [_factor(shown, name, f, base_raw, problems) for name, f in exp.factors.items()]
    if problems:
        raise ScenarioError(problems)
    for spec in factors:
        _check_extremes(shown, spec, base_raw, base.source, problems)
    points_file = None
    if exp.design.kind == "csv":
        points_file = path.parent / str(exp.design.file)
    if problems:
        raise ScenarioError(problems)
    return LoadedExperiment(path=path, shown=shown, experiment=exp,
                            sha256=hashlib.sha256(path.read_bytes()).hexdigest(), base=base,
                            base_raw=base_raw, factors=factors,
                            days=exp.days or base.run.days, points_file=points_file)


def get_key(raw: dict[str, Any], parts: list[str]) -> tuple[Any, str | None]:
    """Return the value at dotted ``parts`` of ``raw`` and None, or None and what went wrong."""
    node: Any = raw
    for n, part in enumerate(parts):
        here = ".".join(parts[:n]) or "the scenario"
        if isinstance(node, dict):
            if part not in node:
                return None, f"'{part}' is not a key of {here}" + suggestion(part, node)
            node = node[part]
        elif isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                return None, f"{here} is a list of {len(node)}; use an index below {len(node)}"
            node = node[int(part)]
        else:
            return None, f"{here} is a value, not a table"
    return node, None


def set_key(raw: dict[str, Any], parts: list[str], value: Any) -> None:
    """Set the value at dotted ``parts`` of ``raw`` in place (the key must exist)."""
    node: Any = raw
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(parts[-1])] = value
    else:
        node[parts[-1]] = value


def _factor(shown: str, name: str, f: Factor, base_raw: dict[str, Any],
            problems: list[str]) -> FactorSpec:
    where = f"{shown}: factors.{name}"
    current, problem = get_key(base_raw, f.key.split("."))
    if problem:
        problems.append(f"{where}.key: {problem} (got {short_repr(f.key)})")
        return FactorSpec(name, f.key, None, None, None, f.distribution, None, None, None,
                          f.levels, False, "unknown")
    if isinstance(current, (dict, list)) and f.values is None:
        problems.append(f"{where}.key: {f.key} is a table or list; a range needs a single value")
    elif f.values is None and (isinstance(current, bool) or
                               not isinstance(current, (int, float))):
        problems.append(f"{where}.key: {f.key} is not a number (got {short_repr(current)}); "
                        "give values = [...]")
    integer = isinstance(current, int) and not isinstance(current, bool)
    low = high = None
    source = "values" if f.values is not None else "range"
    if f.values is None and f.distribution != "normal":
        if f.range is not None:
            low, high = f.range
        else:
            found = default_range(f.key)
            if found is None:
                problems.append(f"{where}.range: {f.key} has no range in docs/MODEL.md's "
                                "parameter table or the schema; give range = [low, high]")
            else:
                (low, high), source = found
        if f.distribution == "loguniform" and low is not None and low <= 0:
            problems.append(f"{where}.range: loguniform needs low > 0 (got {low})")
        if f.distribution == "triangular" and low is not None and not low <= f.mode <= high:
            problems.append(f"{where}.mode: must lie in the range (got {f.mode})")
    elif f.range is not None:
        low, high = f.range
    return FactorSpec(name=name, key=f.key, low=low, high=high,
                      values=tuple(f.values) if f.values is not None else None,
                      distribution=f.distribution, mean=f.mean, sd=f.sd, mode=f.mode,
                      levels=f.levels, integer=integer, range_source=source)


def extremes(spec: FactorSpec) -> list[Any]:
    """Return the values of a factor worth checking up front: its bounds or its listed values."""
    if spec.values is not None:
        vals = list(spec.values)
        return vals if len(vals) <= 20 else [vals[0], vals[-1]]
    if spec.low is None:
        return []
    return [convert(spec, spec.low), convert(spec, spec.high)]


def convert(spec: FactorSpec, value: Any) -> Any:
    """Return ``value`` as the scenario key wants it (rounded for integer keys)."""
    if spec.integer and isinstance(value, float):
        return int(round(value))
    return value


def _check_extremes(shown: str, spec: FactorSpec, base_raw: dict[str, Any], source: str,
                    problems: list[str]) -> None:
    for value in extremes(spec):
        raw = copy.deepcopy(base_raw)
        set_key(raw, spec.key.split("."), value)
        try:
            scenario_from_dict(raw, source)
        except ScenarioError as exc:
            first = exc.problems[0].split(": ", 1)[-1]
            problems.append(f"{shown}: factors.{spec.name}: {spec.key} = {short_repr(value)} "
                            f"is not allowed: {first}")
            return
