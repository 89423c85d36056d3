"""Air power and local allegiance: kernels against twins, and the behaviour the issue asks."""

import copy as pycopy

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simulator
from simulator.core.air import air_phase as _air_phase
from simulator.core.allegiance import allegiance_phase as _allegiance_phase
from simulator.core.build import allocate, build
from simulator.core.layout import State
from simulator.core.refs import on_refs
from tests.conftest import DUEL, make
from tests.kernels import twins_air
from tests.kernels.air_before import air_phase as _air_phase_before
from tests.kernels.test_kernels_vs_twins import assert_same, copy

# The phases run on references, as in the day (and from the same disk cache).
air_phase = on_refs(_air_phase)
allegiance_phase = on_refs(_allegiance_phase)
air_phase_before = on_refs(_air_phase_before)


AIR = pycopy.deepcopy(DUEL)
AIR["air_units"] = [
    {"faction": "a", "place": "a_capital", "count": 5, "range_km": 200},
    {"faction": "b", "place": "b_capital", "count": 3, "range_km": 120, "kills_per_sortie": 3},
]
AIR["air_defence"] = [{"faction": "b", "place": "front", "systems": 1, "range_km": 60},
                      {"faction": "a", "place": "a_capital", "systems": 2, "range_km": 30}]
AIR["local_groups"] = [{"place": "front", "fighters": 300, "side": "a",
                        "loyalty": {"a": 0.3, "b": 0.7}}]


def random_air_state(seed, both_reach=False):
    """Return random (P, S) of the AIR duel; with ``both_reach`` each base is in the other's range.

    The interdiction and base shares and the assets are random too (0 or more).
    """
    raw = pycopy.deepcopy(AIR)
    if both_reach:
        raw["air_units"][1]["range_km"] = 200
    built = build(make(raw))
    rs = np.random.default_rng(seed)
    S = allocate(built, 2, 3, 1)
    S.forces[:] *= rs.random(S.forces.shape) * 2
    S.forces[:, 1] += rs.choice([0.0, 0.0, 40.0, 400.0], size=S.forces[:, 1].shape)
    S.control[:] = rs.integers(-1, 2, size=S.control.shape)
    S.treasury[:] = rs.random(S.treasury.shape) * 10
    S.loyalty[:] = rs.random(S.loyalty.shape)
    S.air_assets[:] *= rs.choice([0.0, 0.5, 1.0, 2.0], size=S.air_assets.shape)
    S.air_cut[:] = rs.random(S.air_cut.shape)
    shares = rs.choice([0.0, 0.1, 0.45], size=(2, 2))
    P = built.params._replace(seed=np.uint64(seed), defect_rate=5.0, air_int_share=shares[0],
                              air_base_share=shares[1], air_interdiction=rs.random() * 2)
    return P, S


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_air_phase_equals_twin(seed, both_reach):
    P, S = random_air_state(seed, both_reach)
    S1, S2 = copy(S), copy(S)
    air_phase(P, S1, 1, 3, 4)
    twins_air.air_phase(P, S2, 1, 3, 4)
    assert_same(S1, S2)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_air_phase_with_zero_shares_is_bit_identical_to_the_old_phase(seed, both_reach):
    # The phase of main at 972fab1 (tests/kernels/air_before.py) knew only strikes on fighters.
    P, S = random_air_state(seed, both_reach)
    P = P._replace(air_int_share=np.zeros(2), air_base_share=np.zeros(2))
    S.air_cut[:] = 1.0
    S1, S2 = copy(S), copy(S)
    air_phase(P, S1, 1, 3, 4)
    air_phase_before(P, S2, 1, 3, 4)
    for name, a, b in zip(State._fields, S1, S2, strict=True):
        assert np.array_equal(a, b, equal_nan=True), name


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 300))
def test_allegiance_phase_equals_twin(seed, day):
    P, S = random_air_state(seed)
    S1, S2 = copy(S), copy(S)
    allegiance_phase(P, S1, 0, 2, day)
    twins_air.allegiance_phase(P, S2, 0, 2, day)
    assert_same(S1, S2)


STRIP = {
    "name": "air strip",
    "run": {"days": 1},
    "map": {"kind": "grid", "width": 9, "height": 1, "population_per_region": 0.0},
    "factions": {"a": {}, "b": {}},
    "places": {"a_land": {"cells": [[x, 0] for x in range(5)]},
               "b_land": {"cells": [[x, 0] for x in range(5, 9)]},
               "base": {"cells": [[0, 0]]}, "target": {"cells": [[6, 0]]},
               "b_edge": {"cells": [[5, 0]]}, "far": {"cells": [[8, 0]]}},
    "control": [{"faction": "a", "places": ["a_land"]}, {"faction": "b", "places": ["b_land"]}],
    "forces": [{"faction": "b", "place": "target", "fighters": 1000}],
    "air_units": [{"faction": "a", "place": "base", "count": 10, "range_km": 400}],
    "combat": {"noise": 0.0, "daily_noise": 0.0},
    "local": {"fighters_per_1000": 0.0},
    "air": {"interdiction_share": 0.0, "base_share": 0.0},  # strikes on fighters only
    "engine": {"disabled_phases": ["factions", "logistics", "combat", "control", "allegiance"]},
}


def strike_losses(**changes):
    r = simulator.run(make(STRIP, **changes), days=1)
    return 1000.0 - r.timeseries["forces_b"].iloc[-1]


def test_strikes_hit_targets_in_range():
    assert strike_losses() == 10 * 1.0 * 2.0  # 10 drones x 1 sortie x 2 fighters
    assert strike_losses(air_units__0__range_km=100.0) == 0.0  # target 150 km away


def test_air_defence_moved_into_range_of_the_base_cuts_its_strikes():
    # Two systems with a 130 km reach: at the far end they cover the target (150 km from the
    # base) but not the base; moved 75 km forward, they cover the base too.
    far = strike_losses(air_defence=[{"faction": "b", "place": "far", "systems": 2,
                                      "range_km": 130}])
    near = strike_losses(air_defence=[{"faction": "b", "place": "b_edge", "systems": 2,
                                       "range_km": 130}])
    assert far == pytest.approx(20.0 * np.exp(-0.7 * 2), rel=1e-12)
    assert near == pytest.approx(20.0 * np.exp(-0.5 * 2) * np.exp(-0.7 * 2), rel=1e-12)
    assert near < far < 20.0


def test_interdiction_and_idle_base_sorties_leave_the_rest_to_fighters():
    # 20 % on supply; no enemy air base in range, so the 10 % for bases is re-tasked.
    assert strike_losses(air__interdiction_share=0.2, air__base_share=0.1) == pytest.approx(16.0)


def test_capturing_the_base_ends_its_strikes():
    taken = strike_losses(control=[{"faction": "a", "places": ["a_land"]},
                                   {"faction": "b", "places": ["b_land", "base"]}])
    assert taken == 0.0


def defections(enemy_fighters, replicates=200):
    raw = {
        "name": "defections",
        "run": {"days": 150},
        "map": {"kind": "grid", "width": 3, "height": 1, "population_per_region": 0.0},
        "factions": {"a": {}, "b": {}},
        "places": {"home": {"cells": [[0, 0]]}, "next": {"cells": [[1, 0]]},
                   "far": {"cells": [[2, 0]]}},
        "control": [{"faction": "a", "places": ["home", "next"]},
                    {"faction": "b", "places": ["far"]}],
        "forces": [{"faction": "a", "place": "far", "fighters": 100},
                   {"faction": "b", "place": "next", "fighters": enemy_fighters}],
        "local_groups": [{"place": "home", "fighters": 100, "side": "a",
                          "loyalty": {"a": 0.6, "b": 0.4}}],
        "local": {"fighters_per_1000": 0.0, "defect_rate": 0.03},
        "combat": {"noise": 0.0, "daily_noise": 0.0},
        "engine": {"disabled_phases": ["factions", "logistics", "combat", "control"]},
    }
    r = simulator.run(make(raw), replicates=replicates)
    return int((r.events["kind"] == "defection").sum())


def test_defections_grow_as_the_nearby_force_ratio_turns():
    # Paired seeds: the same replicates see the same defection draws at every enemy strength.
    counts = [defections(f) for f in (100, 300, 600, 2400)]
    assert counts[0] == 0  # an even balance nearby: loyalty stays with the side it fights for
    assert counts[0] < counts[1] < counts[2] < counts[3], counts


def test_defection_is_logged_and_takes_the_region():
    raw = {
        "name": "one defection",
        "run": {"days": 30},
        "map": {"kind": "grid", "width": 2, "height": 1, "population_per_region": 0.0},
        "factions": {"a": {}, "b": {}},
        "places": {"home": {"cells": [[0, 0]], "key": True}, "next": {"cells": [[1, 0]]}},
        "control": [{"faction": "a", "places": ["home"]}, {"faction": "b", "places": ["next"]}],
        "forces": [{"faction": "b", "place": "next", "fighters": 5000}],
        "local_groups": [{"place": "home", "fighters": 100, "side": "a",
                          "loyalty": {"a": 0.1, "b": 0.9}}],
        "local": {"fighters_per_1000": 0.0, "defect_rate": 5.0},
        "combat": {"noise": 0.0, "daily_noise": 0.0},
        "engine": {"disabled_phases": ["factions", "logistics", "combat", "control"]},
    }
    r = simulator.run(make(raw))
    ev = r.events
    assert (ev["kind"] == "defection").sum() == 1
    assert set(ev["kind"]) == {"defection", "capture"}
    d = ev[ev["kind"] == "defection"].iloc[0]
    assert d["actor"] == "b" and d["place"] == "home"
    assert r.outcomes["holder_home"].iloc[0] == "b"
