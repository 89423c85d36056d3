"""Fields, logistics and faction decisions: compiled kernels against twins, and hand cases."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.build import allocate, build
from simulator.core.factions import factions_phase as _factions_phase
from simulator.core.fields import refresh
from simulator.core.fields import update_fields as _update_fields
from simulator.core.graph import dijkstra
from simulator.core.layout import State
from simulator.core.logistics import logistics_phase as _logistics_phase
from simulator.core.refs import on_refs
from simulator.geography.hexlayout import hex_csr
from tests.conftest import DUEL, make
from tests.kernels import twins
from tests.kernels.test_kernels_vs_twins import assert_same, copy, random_state

# The phases run on references, as in the day (and from the same disk cache).
factions_phase = on_refs(_factions_phase)
update_fields = on_refs(_update_fields)
logistics_phase = on_refs(_logistics_phase)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 9), st.integers(1, 9))
def test_dijkstra_equals_heapq_twin(seed, w, h):
    rs = np.random.default_rng(seed)
    land = rs.random(w * h) < 0.8
    indptr, indices = hex_csr(w, h, land)
    active = np.flatnonzero(land)
    weight = rs.random(len(indices)) * 3
    mult = np.where(rs.random(w * h) < 0.15, np.inf, 1 + rs.random(w * h))
    dist = np.where(rs.random(w * h) < 0.2, -rs.random(w * h), np.inf)
    got, want = dist.copy(), dist.copy()
    n = len(active) + len(indices) + 1
    dijkstra(active, indptr, indices, weight, mult, got, np.empty(n), np.empty(n, np.int64))
    twins.dijkstra(active, indptr, indices, weight, mult, want)
    np.testing.assert_array_equal(got, want)


def _bits(a):
    return a.view(np.int64)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 9), st.integers(1, 9),
       st.lists(st.sampled_from([0.0, 0.02, 0.1, 0.5, 1.0]), min_size=1, max_size=6))
def test_refresh_equals_dijkstra_after_any_changes_of_the_inputs(seed, w, h, shares):
    """``refresh`` repairs the previous field: after each change, the same bits as Dijkstra."""
    rs = np.random.default_rng(seed)
    land = rs.random(w * h) < 0.8
    indptr, indices = hex_csr(w, h, land)
    active = np.flatnonzero(land)
    weight = rs.random(len(indices)) * 3  # per direction; zero-length steps possible
    n = len(active) + len(indices) + 1
    hd, hn = np.empty(n), np.empty(n, np.int64)

    def draw_cost():
        return np.where(rs.random(w * h) < 0.15, np.inf, 1 + rs.integers(0, 3, w * h) * 0.5)

    def draw_init():
        init = np.where(rs.random(w * h) < 0.2, -rs.integers(0, 4, w * h) * 0.75, np.inf)
        init[rs.random(w * h) < 0.05] = -0.0
        return init

    cost, init = draw_cost(), draw_init()
    dist = np.zeros(w * h)
    old_cost, old_init = np.zeros(w * h), np.zeros(w * h)
    ok = np.zeros(2, np.bool_)
    for share in [1.0, *shares]:  # the first call has no previous field
        pick = rs.random(w * h) < share
        cost, init = np.where(pick, draw_cost(), cost), np.where(pick, draw_init(), init)
        refresh(active, indptr, indices, weight, cost, init, dist, old_cost, old_init, ok, 1,
                hd, hn)
        want = init.copy()
        dijkstra(active, indptr, indices, weight, cost, want, hd, hn)
        np.testing.assert_array_equal(_bits(dist[active]), _bits(want[active]))
        assert ok[1]


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_fields_and_logistics_equal_twins(seed, three):
    P, S = random_state(seed, 0.0, three)
    rs = np.random.default_rng(seed + 1)
    S.posture[:] = rs.integers(0, 2, S.posture.shape)
    S.changes[:] = 5
    S1, S2 = copy(S), copy(S)
    update_fields(P, S1, 1, 1)
    twins.update_fields(P, S2, 1, 1)
    assert_same(S1, S2)
    logistics_phase(P, S1, 1, 0, 1)
    twins.logistics_phase(P, S2, 1, 0, 1)
    assert_same(S1, S2)


LINE = {
    "name": "line",
    "run": {"days": 20},
    "map": {"kind": "grid", "width": 7, "height": 1, "population_per_region": 0.0,
            "cell_km": 30.0},
    "factions": {"a": {"supply": ["a_base"]}, "b": {}},
    "places": {"a_base": {"cells": [[0, 0]]}, "a_land": {"cells": [[x, 0] for x in range(5)]},
               "b_land": {"cells": [[5, 0], [6, 0]]}, "far": {"cells": [[4, 0]]}},
    "control": [{"faction": "a", "places": ["a_land"]}, {"faction": "b", "places": ["b_land"]}],
    "forces": [{"faction": "a", "place": "far", "fighters": 100}],
    "combat": {"noise": 0.0, "daily_noise": 0.0},
    "logistics": {"speed_open": 60.0},
}


def fields_of(scenario, control=None):
    built = build(scenario)
    S = allocate(built, 1, 1, 0)
    if control is not None:
        S.control[0] = control
    S.changes[0] = 1
    update_fields(built.params, S, 0, 0)
    return built, S


def test_supply_distance_along_a_line_is_hand_computed():
    built, S = fields_of(make(LINE))
    per_cell = 30.0 / 60.0  # days to cross one 30 km cell at 60 km/day
    np.testing.assert_allclose(S.supply_d[0, 0, :5], per_cell * np.arange(5))
    assert np.isinf(S.supply_d[0, 0, 5:]).all()  # b's land is not passable for a
    assert (S.supply_d[0, 1] == 0).all()  # b names no sources: supplied everywhere
    P = built.params
    f = P.supply_floor + (1 - P.supply_floor) * np.exp(-4 * per_cell / P.supply_range)
    from simulator.core.fields import supply_factor

    assert supply_factor(S.supply_d[0, 0, 4], P.supply_floor, P.cut_off_effect,
                         P.supply_range) == pytest.approx(f)


# Rows of a 6-wide grid, each alone between rows of water: the kind of every cell of the row.
ROWS = {0: ("coast",) * 6, 2: ("main",) * 6, 4: ("open",) * 6, 6: ("mountain",) * 6,
        8: ("coast",) * 3 + ("open",) * 3}
SPEEDS = {"coast": 300.0, "main": 200.0, "open": 60.0, "mountain": 30.0}


def road_rows():
    """Return (built, S) of the ROWS map: a's supply source at x = 0 of every row."""
    from dataclasses import replace

    from simulator.core.build import build_map
    from simulator.geography.hexlayout import hex_csr
    from simulator.geography.mapdata import COAST_ROAD, MAIN_ROAD, MOUNTAIN

    w, h = 6, 9
    raw = {**LINE, "map": {**LINE["map"], "width": w, "height": h},
           "logistics": {f"speed_{k}{'_road' if k in ('coast', 'main') else ''}": v
                         for k, v in SPEEDS.items()},
           "places": {"a_base": {"cells": [[0, y] for y in ROWS]}, "a_land": {"all": True},
                      "far": {"cells": [[1, 0]]}},
           "control": [{"faction": "a", "places": ["a_land"]}]}
    s = make(raw)
    m = build_map(s)
    land = np.zeros(w * h, bool)
    road, terrain = m.road.copy(), m.terrain.copy()
    code = {"coast": COAST_ROAD, "main": MAIN_ROAD}
    for y, kinds in ROWS.items():
        for x, kind in enumerate(kinds):
            i = x * h + y
            land[i] = True
            road[i] = code.get(kind, road[i])
            terrain[i] = MOUNTAIN if kind == "mountain" else terrain[i]
    indptr, indices = hex_csr(w, h, land)
    m = replace(m, land=land, road=road, terrain=terrain, indptr=indptr, indices=indices)
    built = build(s, m)
    S = allocate(built, 1, 1, 0)
    S.changes[0] = 1
    update_fields(built.params, S, 0, 0)
    return built, S


def test_supply_travels_faster_on_roads_by_the_documented_speeds():
    """tau_ij = cell_km (1/v_i + 1/v_j) / 2 (MODEL.md, Logistics), summed along each row."""
    built, S = road_rows()
    h, km = built.map.height, 30.0
    row = {y: S.supply_d[0, 0, np.arange(6) * h + y] for y in ROWS}
    for y, kind in ((0, "coast"), (2, "main"), (4, "open"), (6, "mountain")):
        np.testing.assert_allclose(row[y], km / SPEEDS[kind] * np.arange(6), rtol=1e-12)
    assert (row[0][1:] < row[2][1:]).all() and (row[2][1:] < row[4][1:]).all()
    assert (row[4][1:] < row[6][1:]).all()
    np.testing.assert_allclose(row[4][1:] / row[0][1:], 300.0 / 60.0)  # 5x faster by road
    road, mixed, off = km / 300.0, km * (1 / 300.0 + 1 / 60.0) / 2, km / 60.0
    want = np.cumsum([0.0, road, road, mixed, off, off])  # the road ends after x = 2
    np.testing.assert_allclose(row[8], want, rtol=1e-12)


def test_cut_supply_line_weakens_the_cut_off_force():
    cut = np.array([0, 0, 1, 0, 0, 1, 1], dtype=np.int16)  # b has taken cell 2
    built, S = fields_of(make(LINE), control=cut)
    assert np.isinf(S.supply_d[0, 0, 3:5]).all()
    from simulator.core.fields import supply_factor

    P = built.params
    assert supply_factor(S.supply_d[0, 0, 4], P.supply_floor, P.cut_off_effect,
                         P.supply_range) == P.cut_off_effect
    # Over time, a cut-off force withers; a supplied one does not.
    import simulator

    held = simulator.run(make(LINE, engine__disabled_phases=["factions"]), days=20)
    cutoff = simulator.run(make(LINE, engine__disabled_phases=["factions"],
                                places__a_land__cells=[[0, 0], [1, 0], [3, 0], [4, 0]],
                                places__b_land__cells=[[2, 0], [5, 0], [6, 0]]), days=20)
    assert held.timeseries["forces_a"].iloc[-1] == pytest.approx(100.0)
    assert cutoff.timeseries["forces_a"].iloc[-1] < 100 * (1 - 0.02) ** 19


def test_a_cut_off_force_fights_worse():
    import simulator

    def duel(cut: bool):
        raw = make(LINE, engine__disabled_phases=["factions", "logistics"],
                   forces=[{"faction": "a", "place": "far", "fighters": 100},
                           {"faction": "b", "place": "far", "fighters": 100}])
        if cut:
            raw = make(LINE, engine__disabled_phases=["factions", "logistics"],
                       places__a_land__cells=[[0, 0], [1, 0], [3, 0], [4, 0]],
                       places__b_land__cells=[[2, 0], [5, 0], [6, 0]],
                       forces=[{"faction": "a", "place": "far", "fighters": 100},
                               {"faction": "b", "place": "far", "fighters": 100}])
        return simulator.run(raw, days=10).timeseries.iloc[-1]

    supplied, cut = duel(False), duel(True)
    assert cut["forces_a"] < supplied["forces_a"]
    assert cut["forces_b"] > supplied["forces_b"]


def test_faction_reinforces_the_front_it_values_most():
    import simulator

    raw = {
        "name": "two fronts",
        "run": {"days": 6},
        "map": {"kind": "grid", "width": 9, "height": 1, "population_per_region": 0.0},
        "factions": {"a": {"aggression": 1.0}, "b": {}},
        "places": {
            "a_land": {"cells": [[x, 0] for x in range(1, 8)]},
            "west": {"cells": [[0, 0]], "key": True}, "east": {"cells": [[8, 0]]},
            "centre": {"cells": [[4, 0]]},
        },
        "objectives": {"key_place": 5.0},
        "control": [{"faction": "a", "places": ["a_land"]},
                    {"faction": "b", "places": ["west", "east"]}],
        "forces": [{"faction": "a", "place": "centre", "fighters": 1000},
                   {"faction": "b", "place": "west", "fighters": 50},
                   {"faction": "b", "place": "east", "fighters": 50}],
        "combat": {"noise": 0.0, "daily_noise": 0.0},
    }
    r = simulator.run(make(raw), days=6)
    f = r.snapshots.forces[0, -1, 0]  # last snapshot, faction a, regions x = 0..8
    west, east = f[:4].sum(), f[5:].sum()
    assert west > 0.9 * 1000 - f[4] and east == 0


def test_recruitment_is_hand_computed():
    s = make(DUEL, factions__a__manpower=1000.0, factions__a__treasury=1.0,
             doctrine__recruit_rate=0.01, doctrine__recruit_cost=0.005, doctrine__upkeep=0.0,
             factions__a__supply=["a_capital"])
    built = build(s)
    S = allocate(built, 1, 1, 0)
    before = S.forces[0, 0].sum()
    factions_phase(built.params, S, 0, 0, 1)
    assert S.forces[0, 0].sum() - before == pytest.approx(10.0)  # 1% of 1,000
    assert S.manpower[0, 0] == pytest.approx(990.0)
    assert S.treasury[0, 0] == pytest.approx(1.0 - 10 * 0.005)
    # An empty treasury stops recruitment.
    S.treasury[0, 0] = 0.0
    factions_phase(built.params, S, 0, 0, 2)
    assert S.manpower[0, 0] == pytest.approx(990.0)


def test_posture_follows_the_force_ratio_and_ceasefire():
    s = make(DUEL, factions__a__aggression=0.0, factions__b__aggression=0.0,
             doctrine__attack_threshold=1.2)
    built = build(s)
    S = allocate(built, 1, 1, 0)
    S.changes[0] = 1
    P = built.params
    factions_phase(P, S, 0, 0, 1)
    # a: 3000 x 0.012 x 0.8 = 28.8 against b: 2600 x 0.01 x 0.8 = 20.8; ratio 1.38 >= 1.2
    assert S.posture[0, 0] == 1 and S.posture[0, 1] == 0
    S.ceasefire[0] = 2
    factions_phase(P, S, 0, 0, 2)
    assert (S.posture[0] == 0).all()


def test_state_tuple_fields_are_all_allocated():
    built = build(make())
    S = allocate(built, 2, 3, 1)
    assert isinstance(S, State) and all(a is not None for a in S)
