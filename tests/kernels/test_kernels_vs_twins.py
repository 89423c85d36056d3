"""Every compiled phase equals its plain twin (tests/kernels/twins.py) on random inputs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.build import allocate, build
from simulator.core.civilians import civilians_phase as _civilians_phase
from simulator.core.combat import combat_phase as _combat_phase
from simulator.core.combat import lanchester2, lanchester_multi
from simulator.core.control import control_phase as _control_phase
from simulator.core.layout import State
from simulator.core.refs import on_refs
from tests.conftest import DUEL, make
from tests.kernels import twins

# The phases run on references, as in the day (and from the same disk cache).
civilians_phase = on_refs(_civilians_phase)
combat_phase = on_refs(_combat_phase)
control_phase = on_refs(_control_phase)


THREE = {**DUEL, "factions": {"a": {"lethality": 0.012}, "b": {"lethality": 0.01},
                              "c": {"lethality": 0.02, "morale": 0.5}}}


def random_state(seed: int, noise: float, three: bool):
    s = make(THREE if three else DUEL, combat__noise=noise, combat__urban_defence=1.7)
    built = build(s)
    rs = np.random.default_rng(seed)
    P = built.params._replace(seed=np.uint64(seed), terrain=rs.integers(0, 4, built.map.n_regions)
                              .astype(np.int8))
    S = allocate(built, 2, 3, 1)
    k, n = S.forces.shape[1], S.forces.shape[2]
    S.forces[:] = rs.choice([0.0, 0.0, 5.0, 50.0, 500.0], size=S.forces.shape) * rs.random(
        S.forces.shape)
    S.control[:] = rs.integers(-1, k, size=(2, n))
    S.cand[:] = rs.integers(-1, k, size=(2, n))
    S.cand_days[:] = rs.integers(0, 4, size=(2, n))
    S.intensity[:] = rs.random((2, n)) * (rs.random((2, n)) < 0.4)
    S.hosted[:] = rs.random((2, n)) * 300
    S.supply_d[:] = np.where(rs.random(S.supply_d.shape) < 0.2, np.inf,
                             rs.random(S.supply_d.shape) * 5)
    S.air_cut[:] = np.where(rs.random(S.air_cut.shape) < 0.3, rs.random(S.air_cut.shape), 1.0)
    return P, S


def copy(S):
    return State(*[a.copy() for a in S])


def assert_same(S1, S2):
    for name, a, b in zip(State._fields, S1, S2, strict=True):
        if name in ("inflow", "flow", "cost", "heap_d", "heap_n"):  # scratch space
            continue
        if name in ("fld_cost", "fld_init", "fld_ok"):  # the fields' memo (twins recompute)
            continue
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-9, err_msg=name)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.0, 0.3]), st.booleans(), st.integers(1, 400))
def test_combat_phase_equals_twin(seed, noise, three, day):
    P, S = random_state(seed, noise, three)
    S1, S2 = copy(S), copy(S)
    combat_phase(P, S1, 1, 7, day)
    twins.combat_phase(P, S2, 1, 7, day)
    assert_same(S1, S2)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_control_phase_equals_twin(seed, three):
    P, S = random_state(seed, 0.0, three)
    S1, S2 = copy(S), copy(S)
    for day in range(1, 4):
        control_phase(P, S1, 0, 0, day)
        twins.control_phase(P, S2, 0, 0, day)
    assert_same(S1, S2)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_civilians_phase_equals_twin(seed):
    P, S = random_state(seed, 0.0, False)
    S1, S2 = copy(S), copy(S)
    civilians_phase(P, S1, 1, 0, 1)
    twins.civilians_phase(P, S2, 1, 0, 1)
    assert_same(S1, S2)


@settings(max_examples=300, deadline=None)
@given(st.floats(0, 1e4), st.floats(0, 1e4), st.floats(1e-5, 0.1), st.floats(1e-5, 0.1),
       st.floats(0, 5))
def test_lanchester2_equals_closed_form(x0, y0, a, b, t):
    got = lanchester2(x0, y0, a, b, t)
    want = twins.lanchester2_closed(x0, y0, a, b, t)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1e4), min_size=3, max_size=6), st.integers(1, 50),
       st.floats(1e-4, 0.05))
def test_lanchester_multi_equals_rk4_twin(f, steps, e):
    f = np.array(f)
    eff = np.linspace(e, 2 * e, len(f))
    got = f.copy()
    lanchester_multi(got, eff, 1.0, steps, np.empty((5, len(f))))
    np.testing.assert_allclose(got, twins.lanchester_multi_rk4(f, eff, 1.0, steps), rtol=1e-12,
                               atol=1e-9)


def test_lanchester_multi_with_two_factions_matches_square_law():
    f = np.array([100.0, 80.0])
    got = f.copy()
    lanchester_multi(got, np.array([0.01, 0.01]), 1.0, 50, np.empty((5, 2)))
    np.testing.assert_allclose(got, twins.lanchester2_closed(100, 80, 0.01, 0.01, 1.0),
                               rtol=1e-10)


@pytest.mark.parametrize("x0,y0,a,b", [(100, 80, 0.01, 0.01), (60, 80, 0.02, 0.01)])
def test_square_law_invariant_holds(x0, y0, a, b):
    x, y = x0, y0
    for _ in range(30):
        x, y = lanchester2(x, y, a, b, 1.0)
        assert a * x * x - b * y * y == pytest.approx(a * x0**2 - b * y0**2, rel=1e-9, abs=1e-9)
