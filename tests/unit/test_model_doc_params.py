"""docs/MODEL.md's parameter tables name every parameter of the scenario schema, and no other.

A row's first cell names one or more parameters in backticks: ``factions.<id>.lethality``, or
``local.w_power``, ``w_ties``, ``w_pay`` (the later names share the first one's table). Rows
whose default cell says "see ..." only point to other tables and count for nothing.
"""

from __future__ import annotations

import re
import typing

from pydantic import BaseModel

from simulator.scenario.reference import _model_of
from simulator.scenario.render import _unwrap
from simulator.scenario.schema import Scenario
from tests.conftest import ROOT

# Scenario fields that need no row, and why. Every other field must have one.
NOT_PARAMETERS = (
    "name", "description", "*.label", "*.color",  # display text
    "run.*",  # how long, how many replicates, which seed, snapshots: how to run, not the model
    "map.kind",  # which map (docs/DATA.md), a choice of geography rather than a quantity
    "places.<id>.*",  # where named region sets lie (boxes, discs, cities): geography
    "events[].*",  # dated facts with their sources: "Scripted events (phase 1)" describes them
    "engine.disabled_phases",  # switches whole phases off (experiments, tests); see §1.3
    "engine.event_capacity",  # size of the event log buffer; the dynamics do not read it
    "engine.batch_replicates",  # replicates per compiled call; results do not depend on it
    # Air units and air defence: their rows belong to the "Air power" section, which another
    # change completes (the rows already there are checked like any other).
    "air_units[].*", "air_defence[].*",
)
PLACEHOLDER = re.compile(r"<[^>]+>")


def schema_paths(model: type[BaseModel] = Scenario, prefix: str = "") -> list[str]:
    """Return the dotted path of every leaf field (``factions.<id>.morale``, ``forces[].place``)."""
    out = []
    for name, info in model.model_fields.items():
        sub = _model_of(info.annotation)
        if sub is None:
            out.append(prefix + name)
            continue
        origin = typing.get_origin(_unwrap(info.annotation))
        tail = ".<id>." if origin is dict else "[]." if origin is list else "."
        out += schema_paths(sub, prefix + name + tail)
    return out


def documented() -> set[str]:
    """Return the parameter names in the first cells of docs/MODEL.md's tables."""
    names: set[str] = set()
    for line in (ROOT / "docs/MODEL.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("| `") or len(cells) < 2 or cells[1].startswith("see "):
            continue
        ticks = [PLACEHOLDER.sub("<id>", t) for t in re.findall(r"`([^`]+)`", cells[0])]
        table = ticks[0].rsplit(".", 1)[0]
        names.add(ticks[0])
        names.update(f"{table}.{t}" for t in ticks[1:] if "." not in t)
    return names


def matches(path: str, pattern: str) -> bool:
    """Return True if ``pattern`` names ``path``: equal, ``x.*`` (below x) or ``*.x`` (ends)."""
    if pattern.endswith(".*"):
        return path.startswith(pattern[:-1])
    if pattern.startswith("*."):
        return path.endswith(pattern[1:])
    return path == pattern


def test_every_parameter_has_a_row_in_model_md():
    names = documented()
    missing = [p for p in schema_paths()
               if not any(matches(p, n) for n in (*names, *NOT_PARAMETERS))]
    assert not missing, f"no row in docs/MODEL.md's parameter tables: {missing}"


def test_every_row_names_a_parameter():
    paths = schema_paths()
    stale = [n for n in documented() if not any(matches(p, n) for p in paths)]
    assert not stale, f"rows of docs/MODEL.md name no scenario field: {stale}"
