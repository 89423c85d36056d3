"""Air interdiction and strikes on air bases (docs/MODEL.md, "Air power"): the behaviour asked."""

import copy as pycopy
import math

import numpy as np
import pytest

import simulator
from simulator.core.air import air_phase as _air_phase
from simulator.core.build import allocate, build
from simulator.core.refs import on_refs
from simulator.errors import ScenarioError
from tests.conftest import make

air_phase = on_refs(_air_phase)

# A strip of 9 regions 25 km apart: a's drones at x = 0 reach 175 km, so x = 6 ("target",
# 150 km) is in range and x = 8 ("far", 200 km) is not. Both are b's; a and b fight in both.
LINE = {
    "name": "air line",
    "run": {"days": 1, "snapshot_every": 1},
    "map": {"kind": "grid", "width": 9, "height": 1, "population_per_region": 0.0},
    "factions": {"a": {}, "b": {}},
    "places": {"a_land": {"cells": [[x, 0] for x in range(5)]},
               "b_land": {"cells": [[x, 0] for x in range(5, 9)]},
               "base": {"cells": [[0, 0]]}, "target": {"cells": [[6, 0]]},
               "far": {"cells": [[8, 0]]}},
    "control": [{"faction": "a", "places": ["a_land"]}, {"faction": "b", "places": ["b_land"]}],
    "forces": [{"faction": f, "place": p, "fighters": 500}
               for f in ("a", "b") for p in ("target", "far")],
    "air_units": [{"faction": "a", "place": "base", "count": 2, "range_km": 175,
                   "kills_per_sortie": 0.0}],
    "air": {"interdiction_share": 0.5, "base_share": 0.0},
    "combat": {"noise": 0.0, "daily_noise": 0.0},
    "local": {"fighters_per_1000": 0.0},
    "engine": {"disabled_phases": ["factions", "logistics", "control", "allegiance"]},
}
# b's air defence over the target only (10 km reach), two systems.
SHIELD = [{"faction": "b", "place": "target", "systems": 2, "range_km": 10}]


def after_air(raw, **changes):
    """Return (built, S) after one air phase of ``raw`` with ``changes`` (replicate 0, day 1)."""
    built = build(make(raw, **changes))
    S = allocate(built, 1, 1, 1)
    air_phase(built.params, S, 0, 0, 1)
    return built, S


def region(built, place):
    return int(built.places[place][0])


def test_interdiction_cuts_supply_in_range_only():
    built, S = after_air(LINE)
    # rho = 1000 x 0.5 x 2 sorties / 500 enemy fighters in range = 2; u = exp(-0.5 x 2)
    assert S.air_cut[0, 1, region(built, "target")] == pytest.approx(math.exp(-1.0), rel=1e-12)
    assert S.air_cut[0, 1, region(built, "far")] == 1.0
    assert np.all(S.air_cut[0, 0] == 1.0)  # a's own supply is not struck


def test_air_defence_over_the_struck_region_protects_supply():
    built, S = after_air(LINE, air_defence=SHIELD)
    u = S.air_cut[0, 1, region(built, "target")]
    assert u == pytest.approx(math.exp(-1.0 * math.exp(-0.7 * 2)), rel=1e-12)
    assert math.exp(-1.0) < u < 1.0


def fighters_after_a_day(**changes):
    r = simulator.run(make(LINE, **changes), days=1)
    snaps = r.snapshots
    assert snaps.days[-1] == 1
    forces = snaps.forces[0, -1]  # [faction, region]
    built = build(make(LINE))
    return {p: forces[:, region(built, p)] for p in ("target", "far")}


def test_interdiction_lowers_the_struck_factions_combat_power_in_range_only():
    none = fighters_after_a_day(air__interdiction_share=0.0)
    hit = fighters_after_a_day()
    shielded = fighters_after_a_day(air_defence=SHIELD)
    # b's fire on a falls where its supply was struck, less so under its air defence ...
    assert none["target"][0] < shielded["target"][0] < hit["target"][0]
    assert hit["target"][1] < none["target"][1]  # a, hit less, keeps more fire on b
    # ... and nowhere out of range.
    assert np.array_equal(hit["far"], none["far"])


def test_a_unit_with_zero_shares_behaves_as_before_whatever_the_defaults():
    zero = simulator.run(make(LINE, air__interdiction_share=0.0), days=1).timeseries
    own = simulator.run(make(LINE, air_units__0__interdiction_share=0.0,
                             air_units__0__base_share=0.0), days=1).timeseries
    assert zero.equals(own)


# Bases: b has 10 drones at the target (in range of a's unit) and 10 at the far end (out of
# range); no one has fighters, so all of a's sorties that fly go to b's air base in range.
BASES = {**pycopy.deepcopy(LINE), "forces": [],
         "air_units": [{"faction": "a", "place": "base", "count": 10, "range_km": 175},
                       {"faction": "b", "place": "target", "count": 10, "range_km": 10},
                       {"faction": "b", "place": "far", "count": 10, "range_km": 10}],
         "air": {"interdiction_share": 0.0, "base_share": 0.5}}


def test_base_strike_destroys_assets_at_a_base_in_range_only():
    built, S = after_air(BASES)
    # 10 drones x 1 sortie x 0.5 on bases x 0.1 destroyed per sortie
    assert S.air_assets[0].tolist() == [10.0, pytest.approx(9.5, rel=1e-12), 10.0]
    assert S.air_ground[0].tolist() == [0.0, pytest.approx(0.5, rel=1e-12)]
    r = simulator.run(make(BASES), days=1)
    assert r.timeseries["air_destroyed_ground_b"].tolist() == [0.0, pytest.approx(0.5)]
    assert r.timeseries["air_destroyed_ground_a"].tolist() == [0.0, 0.0]


def test_air_defence_over_the_base_protects_the_assets_on_the_ground():
    built, S = after_air(BASES, air_defence=SHIELD)
    assert S.air_ground[0, 1] == pytest.approx(0.5 * math.exp(-0.7 * 2), rel=1e-12)
    # the base sorties flew into 2 systems: exposure 0.5 x 2, attrition 0.05 per system-day
    assert S.air_assets[0, 0] == pytest.approx(10.0 * math.exp(-0.05 * 1.0), rel=1e-12)


def test_no_base_strike_on_a_lost_base_or_without_leave_to_escalate_to_air_war():
    taken = [{"faction": "a", "places": ["a_land", "target"]},
             {"faction": "b", "places": ["far"]}]
    assert after_air(BASES, control=taken)[1].air_ground[0, 1] == 0.0
    r = simulator.run(make(BASES, initial__escalation=2, escalation__max_level=2), days=1)
    assert r.timeseries["air_destroyed_ground_b"].iloc[-1] == 0.0


def test_shares_over_one_are_refused():
    with pytest.raises(ScenarioError, match="interdiction_share \\+ base_share"):
        make(LINE, air__interdiction_share=0.8, air__base_share=0.3)
    with pytest.raises(ScenarioError, match=r"air_units\[0\]"):
        make(LINE, air_units__0__base_share=0.6)
