"""Civilians and economy (issue 7): kernels equal their twins; shelling, borders and blockade."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.civilians import civilians_phase as _civilians_phase
from simulator.core.economy import economy_phase as _economy_phase
from simulator.core.refs import on_refs
from tests.kernels import twins_civ
from tests.kernels.test_kernels_vs_twins import assert_same, copy, random_state

# The phases run on references, as in the day (and from the same disk cache).
civilians_phase = on_refs(_civilians_phase)
economy_phase = on_refs(_economy_phase)


def civ_state(seed: int, three: bool = False, n_c: int = 3):
    """Return (P, S) with random civilians and economy inputs: crossings, strikes, oil."""
    P, S = random_state(seed, 0.0, three)
    rs = np.random.default_rng(seed + 1)
    n = S.home.shape[1]
    k = S.forces.shape[1]
    S = S._replace(refugees=np.zeros((2, n_c)), border=rs.integers(0, 3, (2, n_c)))
    S.air_lost[:] = rs.random((2, n)) * 80 * (rs.random((2, n)) < 0.3)
    S.air_hit[:] = rs.random((2, k, n)) * (S.air_lost[:, None, :] > 0)
    S.fire[:] = rs.random((2, k, n)) * (rs.random((2, k, n)) < 0.5)
    S.origin[:] = rs.random((2, n)) * P.land
    S.origin[:] *= (S.hosted * P.land).sum(1, keepdims=True) / S.origin.sum(1, keepdims=True)
    S.escalation[:] = rs.integers(0, 6, 2)
    S.ceasefire[:] = rs.integers(0, 4, 2)
    S.cf_days[:] = rs.integers(0, 40, 2)
    S.damage[:] = rs.random((2, n)) * (rs.random((2, n)) < 0.5)
    S.blockade[:] = rs.random((2, k)) < 0.3
    near = np.where(rs.random(n) < 0.3, rs.integers(0, n_c, n), -1).astype(np.int64)
    field = np.where(rs.random(n) < 0.2, rs.random(n) * 1e5, 0.0)
    term = np.where(rs.random(n) < 0.1, rs.random(n) * 3e5, 0.0)
    reg = np.sort(rs.choice(P.active, size=int(rs.integers(0, 4)), replace=False))
    P = P._replace(near_crossing=near, flee_rate=0.3, harm_rate=0.01, abroad_share=0.4,
                   return_after=10, return_rate=0.05, field_bpd=field, terminal_bpd=term,
                   revenue_regions=reg.astype(np.int64))
    return P, S


def people(P, S, b):
    a = P.active
    return (S.home[b, a].sum() + S.hosted[b, a].sum() + S.refugees[b].sum()
            + S.civ_deaths[b, a].sum())


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_civilians_and_economy_equal_twins(seed, three):
    P, S = civ_state(seed, three)
    S1, S2 = copy(S), copy(S)
    for day in range(1, 3):
        civilians_phase(P, S1, 1, 0, day)
        twins_civ.civilians_phase(P, S2, 1, 0, day)
        economy_phase(P, S1, 1, 0, day)
        twins_civ.economy_phase(P, S2, 1, 0, day)
    assert_same(S1, S2)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_people_conserved_with_refugees_and_returns(seed):
    P, S = civ_state(seed)
    before = people(P, S, 0)
    rs = np.random.default_rng(seed)
    for day in range(1, 30):
        S.intensity[0, P.active] = rs.random(P.active.shape[0]) * (rs.random(
            P.active.shape[0]) < 0.3)
        civilians_phase(P, S, 0, 0, day)
        np.testing.assert_allclose(people(P, S, 0), before, rtol=1e-9)
        np.testing.assert_allclose(S.origin[0].sum(), S.hosted[0, P.active].sum(), rtol=1e-9,
                                   atol=1e-6)
        assert (S.home >= 0).all() and (S.hosted >= 0).all() and (S.refugees >= 0).all()
    by_cause = S.civ_cause[0].sum()
    np.testing.assert_allclose(by_cause, S.civ_deaths[0].sum(), rtol=1e-9)
    assert S.civ_by[0].sum() <= by_cause * (1 + 1e-9)


def run_days(P, S, days=20):
    for day in range(1, days + 1):
        civilians_phase(P, S, 0, 0, day)
    return S


def test_more_shelling_more_harm_and_displaced():
    deaths, displaced = [], []
    for level, shelling in ((1, 1.0), (2, 0.5), (2, 1.0), (2, 3.0)):
        P, S = civ_state(5)
        P = P._replace(shelling=shelling, near_crossing=np.full_like(P.near_crossing, -1))
        S.escalation[:] = level
        S.ceasefire[:] = 0
        run_days(P, S)
        deaths.append(S.civ_deaths[0].sum())
        displaced.append(S.origin[0].sum())
    assert all(np.diff(deaths) > 0), deaths
    assert all(np.diff(displaced) > 0), displaced


def test_closed_crossing_gives_no_refugees_and_more_displaced():
    out = {}
    for posture in (0, 1, 2):
        P, S = civ_state(11)
        P = P._replace(near_crossing=np.where(P.near_crossing >= 0, 1, -1))
        S.border[:] = 0
        S.border[0, 1] = posture
        S.ceasefire[:] = 0
        run_days(P, S)
        out[posture] = (S.refugees[0, 1], S.hosted[0, P.active].sum())
    assert out[2][0] == 0.0
    assert out[0][0] > out[1][0] > 0.0
    assert out[2][1] > out[1][1] > out[0][1]


def test_lasting_ceasefire_sends_the_displaced_home():
    P, S = civ_state(3)
    S.intensity[:] = 0.0
    S.air_lost[:] = 0.0
    S.ceasefire[:] = 2
    S.cf_days[:] = 0
    hosted0 = S.hosted[0, P.active].sum()
    run_days(P, S, int(P.return_after) - 1)
    np.testing.assert_allclose(S.hosted[0, P.active].sum(), hosted0)
    run_days(P, S, 10)
    assert S.hosted[0, P.active].sum() < hosted0


def test_blockade_cuts_exports_and_revenue():
    P, S = civ_state(7)
    n = S.home.shape[1]
    P = P._replace(field_bpd=np.full(n, 1000.0), terminal_bpd=np.full(n, 2000.0),
                   revenue_regions=P.active[:1].copy())
    S.control[:] = 0
    S.damage[:] = 0.0
    S.blockade[:] = False
    open_, shut = copy(S), copy(S)
    shut.blockade[0, 0] = True
    economy_phase(P, open_, 0, 0, 1)
    economy_phase(P, shut, 0, 0, 1)
    expected = 1000.0 * P.active.shape[0]
    np.testing.assert_allclose(open_.oil_out[0], expected)
    np.testing.assert_allclose(open_.revenue[0, 0],
                               expected * P.oil_price * P.state_take * P.war_share / 1e6)
    assert shut.oil_out[0] == 0.0 and shut.revenue[0].sum() == 0.0
    assert shut.treasury[0, 0] < open_.treasury[0, 0]


def test_revenue_goes_to_the_holder_of_the_revenue_place():
    P, S = civ_state(8)
    n = S.home.shape[1]
    P = P._replace(field_bpd=np.full(n, 1000.0), terminal_bpd=np.full(n, 2000.0),
                   revenue_regions=P.active[:1].copy())
    S.control[:] = 1
    S.control[0, P.active[0]] = 0
    S.blockade[:] = False
    economy_phase(P, S, 0, 0, 1)
    assert S.revenue[0, 1] == 0.0 and S.revenue[0, 0] > 0.0
