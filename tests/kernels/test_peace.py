"""Neighbours, mediation and the ceasefire (issue 9): kernels against twins, borders, red lines."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.build import allocate, build
from simulator.core.ceasefire import ceasefire_phase as _ceasefire_phase
from simulator.core.neighbours import neighbours_phase as _neighbours_phase
from simulator.core.refs import on_refs
from tests.conftest import DUEL, ROOT, make
from tests.kernels import twins_peace
from tests.kernels.test_kernels_vs_twins import assert_same, copy

# The phases run on references, as in the day (and from the same disk cache).
ceasefire_phase = on_refs(_ceasefire_phase)
neighbours_phase = on_refs(_neighbours_phase)


PEACE = {
    **DUEL,
    "sponsors": {"pa": {"client": "a", "consent": 0.7}, "pb": {"client": "b", "consent": 0.3}},
    "mediators": {"un": {"pressure": 1.0, "monitoring": 0.5},
                  "channel": {"pressure": 0.5, "channel": ["pa", "pb"], "withdrawal": 0.4,
                              "buffer_zone": 0.3}},
    "neighbours": {"watcher": {"red_line": "front", "red_line_against": ["a"], "ally": "b",
                               "credibility": 0.6, "red_line_days": 2, "mobilise_days": 3,
                               "red_line_declared": True, "mediation": 0.2}},
    "ceasefire": {"talks_rate": 0.3, "agree_rate": 0.3, "collapse_rate": 0.2,
                  "weibull_scale": 0.05, "spoilers": 0.5, "restore_rate": 0.2, "grace_days": 3},
}


def peace_state(seed: int):
    built = build(make(PEACE))
    rs = np.random.default_rng(seed)
    P = built.params._replace(seed=np.uint64(seed))
    S = allocate(built, 2, 3, 1)
    k, n = S.forces.shape[1], S.forces.shape[2]
    S.forces[:] *= rs.random(S.forces.shape) * 2
    S.control[:] = np.where(rs.random((2, n)) < 0.7, S.control, rs.integers(-1, k, (2, n)))
    S.losses[:] = rs.random((2, k)) * 10
    S.ceasefire[:] = rs.integers(0, 4, 2)
    S.cf_t[:] = rs.integers(0, 50, 2)
    S.cf_violated[:] = rs.integers(0, 5, 2)
    S.cf_share[:] = rs.random((2, k))
    S.cf_terms[:] = rs.random((2, 3))
    S.tension[:] = rs.random(2)
    S.sp_deal[:] = rs.random(S.sp_deal.shape) < 0.5
    S.sp_troops[:] = rs.random(S.sp_troops.shape) * 3
    S.esc_g[:] = rs.random(2) * 3
    S.nb_troops_in[:] = rs.random(S.nb_troops_in.shape) * 100 * (rs.random(2)[:, None] < 0.5)
    S.nb_arrive[:] = rs.integers(-1, 4, S.nb_arrive.shape)
    return P, S


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_ceasefire_and_neighbours_equal_twins(seed):
    P, S = peace_state(seed)
    S1, S2 = copy(S), copy(S)
    for day in range(1, 6):
        ceasefire_phase(P, S1, 1, 3, day)
        twins_peace.ceasefire_phase(P, S2, 1, 3, day)
        neighbours_phase(P, S1, 1, 3, day)
        twins_peace.neighbours_phase(P, S2, 1, 3, day)
    assert_same(S1, S2)


def test_tunisia_closes_after_a_sustained_inflow_only():
    from simulator.scenario import load_scenario

    s = load_scenario(ROOT / "scenarios" / "baseline.toml",
                      ["neighbours.tunisia.inflow_tolerance=1000",
                       "borders.tunisia.posture='open'"])
    built = build(s)
    P = built.params
    n = list(s.neighbours).index("tunisia")
    c = P.nb_country[n]
    S = allocate(built, 2, 3, 0)
    S.intensity[:] = 0.0
    postures = {0: [], 1: []}
    for day in range(1, 121):
        S.refugees[0, c] += 5000.0  # five times what Tunisia tolerates, every day
        S.refugees[1, c] += 300.0 if day < 60 else 0.0
        neighbours_phase(P, S, 0, 0, day)
        neighbours_phase(P, S, 1, 0, day)
        postures[0].append(int(S.border[0, c]))
        postures[1].append(int(S.border[1, c]))
    assert postures[0][:3] == [0, 0, 0]  # not at once: the pressure builds up
    assert 2 in postures[0] and postures[0][-1] == 2
    assert 1 in postures[0] and postures[0].index(1) < postures[0].index(2)
    assert max(postures[1]) == 0  # a small inflow never closes it


def test_intervention_only_after_the_red_line_is_crossed():
    far = {**PEACE, "places": {**DUEL["places"], "far": {"box": [7.5, 0, 100, 100]}}}
    far["neighbours"] = {"watcher": {**PEACE["neighbours"]["watcher"], "red_line": "far",
                                     "credibility": 1.0}}
    built = build(make(far))
    S = allocate(built, 1, 3, 0)
    for day in range(1, 30):
        neighbours_phase(built.params, S, 0, 0, day)
    assert not S.nb_intervened.any()  # 'a' holds none of the line: no intervention
    S.control[0, built.places["far"][0]] = 0  # now 'a' takes one region of it
    days = []
    for day in range(30, 34):
        neighbours_phase(built.params, S, 0, 0, day)
        if S.nb_intervened[0, 0] and not days:
            days.append(day)
    assert days == [31]  # held two days (red_line_days), then the draw at credibility 1
    before = S.forces[0, 1].sum()
    neighbours_phase(built.params, S, 0, 0, 34)  # mobilise_days = 3
    np.testing.assert_allclose(S.forces[0, 1].sum(), before + 5000.0)
    assert S.nb_troops_in[0, 0] == 5000.0
