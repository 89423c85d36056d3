"""Sponsors, scripted events and the escalation ladder (issue 8): kernels against their twins."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.build import allocate, build
from simulator.core.escalation import escalation_phase as _escalation_phase
from simulator.core.escalation import target_level
from simulator.core.events import events_phase as _events_phase
from simulator.core.refs import on_refs
from simulator.core.sponsors import richardson_step
from simulator.core.sponsors import sponsors_phase as _sponsors_phase
from tests.conftest import DUEL, make
from tests.kernels import twins_intl
from tests.kernels.test_kernels_vs_twins import assert_same, copy

# The phases run on references, as in the day (and from the same disk cache).
escalation_phase = on_refs(_escalation_phase)
events_phase = on_refs(_events_phase)
sponsors_phase = on_refs(_sponsors_phase)


SPONSORED = {
    **DUEL,
    "places": {**DUEL["places"], "a_port": {"near": [{"lon": 0, "lat": 0, "radius_km": 0}]}},
    "sponsors": {
        "patron": {"client": "a", "support": 1.0, "delay_days": 3, "entry": ["a_port"],
                   "mix": {"money": 0.2, "arms": 0.2, "drones": 0.2, "air_defence": 0.1,
                           "mercenaries": 0.2, "troops": 0.1}},
        "ally": {"client": "a", "support": 0.5, "delay_days": 0, "interest": 0.01},
        "rival": {"client": "b", "support": 2.0, "delay_days": 5, "reaction": 0.03,
                  "max_support": 3.0, "mix": {"money": 0.5, "mercenaries": 0.5}},
    },
    "air_units": [{"faction": "a", "place": "a_capital", "count": 2, "sponsor": "patron",
                   "name": "patron_drones"},
                  {"faction": "b", "place": "b_capital", "count": 1}],
    "air_defence": [{"faction": "a", "place": "a_port", "systems": 1, "sponsor": "patron"}],
}


def intl_state(seed: int):
    """Return (P, S) of the sponsored duel with random control, morale, harm and losses."""
    built = build(make(SPONSORED))
    rs = np.random.default_rng(seed)
    P = built.params
    S = allocate(built, 2, 3, 1)
    k, n = S.forces.shape[1], S.forces.shape[2]
    S.control[:] = np.where(rs.random((2, n)) < 0.8, S.control, rs.integers(-1, k, (2, n)))
    S.morale[:] = rs.random((2, k))
    S.civ_by[:] = rs.random((2, k)) * 50
    S.losses[:] = rs.random((2, k)) * 30 * (rs.random((2, k)) < 0.7)
    S.air_lost[:] = rs.random((2, n)) * (rs.random((2, n)) < 0.2)
    S.sp_fighters[:] = rs.random(S.sp_fighters.shape) * 100
    S.sp_troops[:] = rs.random(S.sp_troops.shape) * 10
    S.sp_deal[:] = rs.random(S.sp_deal.shape) < 0.3
    S.sp_active[:] = rs.random(S.sp_active.shape) < 0.9
    S.court[:] = rs.random(2)
    S.manpower[:] = rs.random((2, k)) * 50
    S.sp_pipe[:] = rs.random(S.sp_pipe.shape) * 3
    S.escalation[:] = rs.integers(0, 6, 2)
    S.esc_calm_n[:] = rs.integers(0, 40, 2)
    S.interstate[:] = rs.random(2) < 0.2
    return P._replace(esc_max=int(rs.integers(2, 6))), S


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_sponsors_and_escalation_equal_twins(seed):
    P, S = intl_state(seed)
    S1, S2 = copy(S), copy(S)
    for day in range(1, 8):
        sponsors_phase(P, S1, 1, 0, day)
        twins_intl.sponsors_phase(P, S2, 1, 0, day)
        escalation_phase(P, S1, 1, 0, day)
        twins_intl.escalation_phase(P, S2, 1, 0, day)
    assert_same(S1, S2)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 5))
def test_richardson_step_equals_twin(seed, n):
    rs = np.random.default_rng(seed)
    args = [rs.random(n) * 5, rs.integers(0, 3, n)] + [rs.random(n) * 0.05 for _ in range(6)]
    args += [np.where(rs.random(n) < 0.3, np.inf, rs.random(n) * 5), rs.random(3),
             rs.random(3) * 10, float(rs.random()), (rs.random(n) < 0.3) * 1.0,
             rs.random(n) < 0.9]
    np.testing.assert_allclose(richardson_step(*args), twins_intl.richardson(*args), rtol=1e-13)


def test_richardson_fixed_point_and_runaway():
    """The daily step alone: (0, 0) -> x* = y* = 2; a·b < k·l from (1, 1) runs away."""
    client = np.array([0, 1])
    zero = np.zeros(2)

    def run(x, k, a, g, days):
        path = [x]
        for _ in range(days):
            x = richardson_step(x, client, k, a, g, zero, zero, zero, np.full(2, np.inf),
                                zero, zero, 0.0, zero, np.ones(2, dtype=bool))
            path.append(x)
        return np.array(path)

    k, a, g = np.full(2, 0.01), np.full(2, 0.02), np.full(2, 0.02)
    x_star = (0.01 * 0.02 + 0.02 * 0.02) / (0.02 * 0.02 - 0.01 * 0.01)
    assert x_star == 2.0 or abs(x_star - 2.0) < 1e-12
    end = run(np.zeros(2), k, a, g, 1000)[-1]
    np.testing.assert_allclose(end, [2.0, 2.0], rtol=0.01)
    path = run(np.ones(2), np.full(2, 0.02), np.full(2, 0.01), np.full(2, 0.01), 1000)
    assert (np.diff(path[:, 0]) > 0).all() and path[-1, 0] > 1e3


def test_target_level_ladder():
    P = build(make(SPONSORED)).params
    assert target_level(P, 0.0, 0.0, 0.0, False) == 0
    assert target_level(P, 1.0, 0.0, 0.0, False) == 1
    assert target_level(P, 6.0, 0.0, 0.0, False) == 2
    assert target_level(P, 6.0, 2.0, 0.0, False) == 3
    assert target_level(P, 6.0, 2.0, 5.0, False) == 4
    assert target_level(P, 0.0, 0.0, 0.0, True) == 5
    assert target_level(P._replace(esc_max=2), 6.0, 2.0, 5.0, True) == 2


def test_escalation_falls_one_rung_per_calm_spell():
    P, S = intl_state(1)
    P = P._replace(esc_max=5, esc_calm=10)
    S.escalation[0], S.interstate[0] = 3, False
    S.losses[0] = 0.0
    S.air_lost[0] = 0.0
    S.sp_troops[0] = 0.0
    S.esc_g[0] = S.esc_a[0] = 0.0
    S.esc_calm_n[0] = 0
    levels = []
    for day in range(1, 41):
        escalation_phase(P, S, 0, 0, day)
        levels.append(int(S.escalation[0]))
    assert levels[8] == 3 and levels[9] == 2 and levels[19] == 1 and levels[29] == 0
    S.losses[0, 0] = 100.0  # fighting again: straight back up
    escalation_phase(P, S, 0, 0, 41)
    assert S.escalation[0] == 2


def test_events_phase_applies_actions_on_their_day_only():
    raw = {**SPONSORED, "economy": {}, "events": [
        {"date": "2020-01-05", "name": "embargo", "blockade": {"b": True},
         "support": {"rival": 0.0}, "court": 0.5},
        {"date": "2020-01-07", "name": "deal", "deal": {"patron": True},
         "withdraw": ["ally"], "ceasefire": "talks", "air": {"patron_drones": 9}},
    ]}
    built = build(make(raw))
    P, S = built.params, allocate(built, 1, 10, 0)
    S.sp_fighters[0, 1] = 40.0
    before = S.forces[0, 0].sum()
    for day in range(1, 4):
        events_phase(P, S, 0, 0, day)
    assert not S.blockade[0].any() and S.ev_n[0] == 0
    events_phase(P, S, 0, 0, 4)
    assert S.blockade[0, 1] and S.sp_support[0, 2] == 0.0 and S.court[0] == 0.5
    assert S.ev_n[0] == 1 and S.ev_place[0, 0] == 0
    events_phase(P, S, 0, 0, 6)
    assert S.sp_deal[0, 0] == 1.0 and not S.sp_active[0, 1] and S.sp_fighters[0, 1] == 0.0
    assert S.ceasefire[0] == 1 and S.ev_n[0] == 2 and S.air_assets[0, 0] == 9.0
    np.testing.assert_allclose(S.forces[0, 0].sum(), before - 40.0)
