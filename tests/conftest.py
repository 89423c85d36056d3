"""Shared fixtures: small scenarios built in memory."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from simulator.loader_helpers import deep_update
from simulator.scenario import scenario_from_dict

ROOT = Path(__file__).resolve().parents[1]

DUEL: dict[str, Any] = {
    "name": "test duel",
    "run": {"start_date": "2020-01-01", "days": 30, "seed": 3, "snapshot_every": 5},
    "map": {"kind": "grid", "width": 9, "height": 7, "population_per_region": 1000.0},
    "factions": {"a": {"lethality": 0.012, "morale": 0.8}, "b": {"lethality": 0.01, "morale": 0.8}},
    "places": {
        "west": {"box": [0, 0, 4.2, 100]},
        "east": {"box": [4.3, 0, 100, 100]},
        "front": {"box": [3.4, 0, 5.1, 100]},
        "a_capital": {"key": True, "near": [{"lon": 1, "lat": 3, "radius_km": 0}]},
        "b_capital": {"key": True, "near": [{"lon": 7.5, "lat": 3, "radius_km": 0}]},
    },
    "control": [{"faction": "a", "places": ["west"]}, {"faction": "b", "places": ["east"]}],
    "forces": [
        {"faction": "a", "place": "front", "fighters": 3000},
        {"faction": "b", "place": "front", "fighters": 2600},
    ],
}


def make(base: dict[str, Any] | None = None, **changes: Any):
    """Return a Scenario from ``base`` (default: the duel) with dotted-path ``changes``."""
    raw = copy.deepcopy(base if base is not None else DUEL)
    for key, value in changes.items():
        deep_update(raw, key.split("__"), value)
    return scenario_from_dict(raw, source="<test>")


@pytest.fixture
def duel():
    """Return the small duel scenario."""
    return make()
