"""Hand cases for rules the twins alone covered: air harm only from escalation level 3, damaged
oil fields produce less, and an empty treasury costs morale and stops recruitment."""

import math

import numpy as np
import pytest

from simulator.core.build import allocate, build
from simulator.core.economy import economy_phase as _economy_phase
from simulator.core.factions import factions_phase as _factions_phase
from simulator.core.refs import on_refs
from tests.conftest import DUEL, make
from tests.kernels.test_civilians_economy import civ_state, civilians_phase

economy_phase = on_refs(_economy_phase)
factions_phase = on_refs(_factions_phase)


def struck(level: int):
    """Return (P, S, i) after one civilians day at ``level`` with air strikes in region i only."""
    P, S = civ_state(21)
    P = P._replace(near_crossing=np.full_like(P.near_crossing, -1), air_harm=2.0,
                   harm_rate=0.01, injury_ratio=1.5)
    i = int(P.active[3])
    S.intensity[:] = 0.0
    S.fire[:] = 0.0
    S.air_lost[:] = 0.0
    S.air_hit[:] = 0.0
    S.air_lost[0, i] = 40.0
    S.air_hit[0, 0, i], S.air_hit[0, 1, i] = 1.0, 3.0
    S.escalation[0] = level
    S.ceasefire[:] = 0
    S.civ_cause[:], S.civ_by[:], S.civ_injured[:] = 0.0, 0.0, 0.0
    before = S.home[0].copy(), S.hosted[0, i]
    civilians_phase(P, S, 0, 0, 1)
    return P, S, i, before


@pytest.mark.parametrize("level", [0, 1, 2])
def test_no_air_harm_below_level_3(level):
    P, S, i, (home, _) = struck(level)
    assert S.civ_cause[0].sum() == 0.0 and S.civ_deaths[0].sum() == 0.0
    assert S.civ_injured[0] == 0.0
    np.testing.assert_array_equal(S.home[0], home)  # no danger: no one flees either


@pytest.mark.parametrize("level", [3, 4, 5])
def test_air_harm_from_level_3_is_hand_computed(level):
    P, S, i, (home, hosted) = struck(level)
    h = 0.01 * 2.0 * (1.0 - math.exp(-40.0 / P.intensity_scale))
    dead = h * (home[i] + hosted)
    assert dead > 0.0
    assert S.civ_cause[0, 2] == pytest.approx(dead, rel=1e-12)
    assert S.civ_cause[0, 0] == 0.0 and S.civ_cause[0, 1] == 0.0
    np.testing.assert_allclose(S.civ_by[0, :2], [dead / 4, 3 * dead / 4], rtol=1e-12)
    assert S.civ_injured[0] == pytest.approx(1.5 * dead, rel=1e-12)
    assert S.home[0, i] < home[i] * (1.0 - h)  # the survivors flee too


def oil(seed: int = 7):
    """Return (P, S, field region) with one field and a terminal elsewhere, all held by 0."""
    P, S = civ_state(seed)
    n = S.home.shape[1]
    f, t = int(P.active[0]), int(P.active[1])
    field, terminal = np.zeros(n), np.zeros(n)
    field[f], terminal[t] = 1000.0, 5000.0
    P = P._replace(field_bpd=field, terminal_bpd=terminal, revenue_regions=P.active[:1].copy())
    S.control[:] = 0
    S.blockade[:] = False
    S.intensity[:] = 0.0
    S.damage[:] = 0.0
    return P, S, f


@pytest.mark.parametrize("damage", [0.0, 0.25, 0.6, 1.0])
def test_a_damaged_field_produces_less(damage):
    P, S, f = oil()
    S.damage[0, f] = damage
    economy_phase(P, S, 0, 0, 1)
    assert S.oil_out[0] == pytest.approx(1000.0 * (1.0 - damage), abs=1e-9)


def test_fighting_at_a_field_damages_it_and_cuts_the_next_days_output():
    P, S, f = oil()
    S.intensity[0, f] = 0.8
    economy_phase(P, S, 0, 0, 1)
    assert S.oil_out[0] == pytest.approx(1000.0)  # damage comes after production
    d1 = P.damage_rate * 0.8
    assert d1 > 0.0 and S.damage[0, f] == pytest.approx(d1)
    S.intensity[0, f] = 0.0
    economy_phase(P, S, 0, 0, 2)
    assert S.oil_out[0] == pytest.approx(1000.0 * (1.0 - d1))
    assert S.damage[0, f] == pytest.approx(d1 * (1.0 - P.repair_rate))  # repaired slowly


def test_an_empty_treasury_costs_morale_each_day_and_stops_recruitment():
    s = make(DUEL, doctrine__broke_morale=0.03, doctrine__morale_recovery=0.0,
             doctrine__loss_sensitivity=0.0, doctrine__capture_sensitivity=0.0,
             doctrine__upkeep=0.0, doctrine__recruit_rate=0.01, doctrine__recruit_cost=0.005,
             factions__a__manpower=1000.0, factions__a__treasury=0.0,
             factions__a__supply=["a_capital"], factions__b__manpower=1000.0,
             factions__b__treasury=10.0, factions__b__supply=["b_capital"])
    built = build(s)
    S = allocate(built, 1, 1, 0)
    forces = S.forces[0].sum(axis=1).copy()
    for day in range(1, 6):
        factions_phase(built.params, S, 0, 0, day)
    assert S.morale[0, 0] == pytest.approx(0.8 - 5 * 0.03)  # broke: 0.03 a day
    assert S.morale[0, 1] == pytest.approx(0.8)  # paid: no change
    assert S.manpower[0, 0] == 1000.0 and S.forces[0, 0].sum() == pytest.approx(forces[0])
    assert S.manpower[0, 1] < 1000.0 and S.forces[0, 1].sum() > forces[1]
    for day in range(6, 40):
        factions_phase(built.params, S, 0, 0, day)
    assert S.morale[0, 0] == pytest.approx(0.05)  # the floor
