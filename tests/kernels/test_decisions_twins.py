"""Scripted events, faction decisions and key places: compiled phases equal their twins.

Twins: tests/kernels/twins_decisions.py, written from docs/MODEL.md. Random states and
parameters; every state array equal to 1e-12 relative (integers and flags exactly).
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.build import allocate, build
from simulator.core.control import key_places_phase as _key_places_phase
from simulator.core.control import majority_holder
from simulator.core.control import place_holder as _place_holder
from simulator.core.events import events_phase as _events_phase
from simulator.core.factions import factions_phase as _factions_phase
from simulator.core.layout import ACT_CEASEFIRE, ACT_LOG, ACT_TENSION, State
from simulator.core.refs import on_refs
from tests.conftest import make
from tests.kernels import twins_decisions as twin
from tests.kernels.test_international import SPONSORED
from tests.kernels.test_kernels_vs_twins import copy, random_state
from tests.kernels.test_peace import PEACE


def assert_same(S1, S2, skip=()):
    """Every array of the two states but ``skip`` equal: floats to 1e-12 relative, the rest exactly.

    Floats near 0 get 1e-13 absolute: a treasury spent to the last recruit ends at 0 or a few
    ulps either side, depending on the order of a sum.
    """
    for name, a, b in zip(State._fields, S1, S2, strict=True):
        if name in skip:
            continue
        if a.dtype.kind == "f":
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-13, err_msg=name)
        else:
            np.testing.assert_array_equal(a, b, err_msg=name)


# The phases run on references, as in the day (and from the same disk cache).
events_phase = on_refs(_events_phase)
factions_phase = on_refs(_factions_phase)
key_places_phase = on_refs(_key_places_phase)
place_holder = on_refs(_place_holder)


def random_factions(seed: int, three: bool):
    """Return (P, S): random fighters and holders, money, morale, yesterday's counters, levers."""
    P, S = random_state(seed, 0.0, three)
    rs = np.random.default_rng(seed + 7)
    k, n = S.forces.shape[1], S.forces.shape[2]
    S.morale[:] = rs.random((2, k))
    S.treasury[:] = rs.choice([0.0, 0.01, 1.0, 30.0], (2, k)) * rs.random((2, k))
    S.manpower[:] = rs.choice([0.0, 100.0, 1e4], (2, k)) * rs.random((2, k))
    S.losses[:] = rs.random((2, k)) * 200 * (rs.random((2, k)) < 0.7)
    S.gained[:] = rs.random((2, k)) * 3 * (rs.random((2, k)) < 0.5)
    S.lost[:] = rs.random((2, k)) * 3 * (rs.random((2, k)) < 0.5)
    S.posture[:] = rs.integers(0, 2, (2, k))
    S.ceasefire[:] = rs.integers(0, 4, 2)
    P = P._replace(
        income=rs.random(k) * 0.5, aggression=rs.random(k), morale0=rs.random(k),
        value=rs.random((k, n)) * (rs.random((k, n)) < 0.8),
        supply_src=rs.random((k, n)) < 0.2, attack_threshold=float(rs.uniform(0.8, 3)),
        recruit_rate=float(rs.choice([0.0, 0.003, 0.02])),
        recruit_cost=float(rs.choice([0.0, 0.005, 0.02])),
        upkeep=float(rs.uniform(0.002, 0.05)), morale_recovery=float(rs.uniform(0.005, 0.1)),
        loss_sensitivity=float(rs.uniform(0, 2)), capture_sensitivity=float(rs.uniform(0, 2)),
        broke_morale=float(rs.uniform(0, 0.05)))
    return P, S


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_factions_phase_equals_twin(seed, three):
    P, S = random_factions(seed, three)
    S1, S2 = copy(S), copy(S)
    for day in range(1, 4):  # later days read the counters this phase reset
        factions_phase(P, S1, 1, 0, day)
        twin.factions_phase(P, S2, 1, 0, day)
        assert_same(S1, S2)


EVENTFUL = {**SPONSORED, "neighbours": {
    "watcher": {**PEACE["neighbours"]["watcher"], "red_line_declared": False},
    "other": {"red_line": "front", "red_line_against": ["b"], "ally": "a"}}}


def random_schedule(seed: int):
    """Return (P, S) with a random schedule of every kind of action over days 1-5."""
    built = build(make(EVENTFUL))
    rs = np.random.default_rng(seed)
    P, S = built.params, allocate(built, 2, 3, 1)
    n = int(rs.integers(0, 25))
    kind = rs.integers(ACT_LOG, ACT_TENSION + 1, n)
    size = {"blockade": S.blockade.shape[1], "sponsor": S.sp_support.shape[1],
            "air": S.air_assets.shape[1], "neighbour": S.nb_declared.shape[1]}
    target = np.array([rs.integers(0, size[x]) if x else -1 for x in (
        [None, "blockade", "sponsor", "sponsor", "sponsor", None, None, "air", "neighbour",
         None][kd] for kd in kind)], dtype=np.int64)
    value = np.where(kind == ACT_CEASEFIRE, rs.integers(0, 4, n),  # a ceasefire state code
                     rs.choice([0.0, 1.0, 2.5], n) * rs.random(n)).astype(np.float64)
    P = P._replace(sched_day=np.sort(rs.integers(1, 6, n)).astype(np.int64),
                   sched_event=rs.integers(0, 5, n).astype(np.int64),
                   sched_kind=kind.astype(np.int64), sched_target=target, sched_value=value,
                   sp_cap=np.where(rs.random(3) < 0.5, np.inf, rs.random(3) * 2))
    cap = int(rs.choice([1, 3, 64]))  # a small log fills up: events counted, not kept
    S = S._replace(ev_day=np.zeros((2, cap), np.int32), ev_kind=np.zeros((2, cap), np.int16),
                   ev_actor=np.zeros((2, cap), np.int16), ev_place=np.zeros((2, cap), np.int32),
                   ev_value=np.zeros((2, cap)))
    S.sp_fighters[:] = rs.random(S.sp_fighters.shape) * 100
    S.sp_troops[:] = rs.random(S.sp_troops.shape) * 10 * (rs.random(S.sp_troops.shape) < 0.5)
    S.sp_active[:] = rs.random(S.sp_active.shape) < 0.8
    S.sp_pipe[:] = rs.random(S.sp_pipe.shape)
    S.fld_ok[:] = True
    S.nb_line0[:] = rs.integers(0, 3, S.nb_line0.shape)
    S.cf_days[:] = rs.integers(0, 9, 2)
    return P, S


def test_random_schedules_hold_every_kind_of_action():
    kinds = set()
    for seed in range(20):
        kinds |= set(random_schedule(seed)[0].sched_kind.tolist())
    assert kinds == set(range(ACT_LOG, ACT_TENSION + 1))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_events_phase_equals_twin(seed):
    P, S = random_schedule(seed)
    S1, S2 = copy(S), copy(S)
    for day in range(1, 7):  # day 6 has no action
        events_phase(P, S1, 1, 0, day)
        twin.events_phase(P, S2, 1, 0, day)
    assert_same(S1, S2)


def random_places(seed: int, three: bool):
    """Return (P, S) with random key places (CSR of land regions) and residents."""
    P, S = random_state(seed, 0.0, three)
    rs = np.random.default_rng(seed + 11)
    n_p = int(rs.integers(1, 6))
    places = [np.sort(rs.choice(P.active, int(rs.integers(1, 9)), replace=False))
              for _ in range(n_p)]
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in places])]).astype(np.int64)
    if rs.random() < 0.5:  # weights exact in binary: ties of exactly half happen
        pop = rs.integers(0, 8, len(P.population0)) * 250.0
    else:
        pop = rs.random(len(P.population0)) * 5000
    P = P._replace(kp_indptr=indptr, kp_regions=np.concatenate(places).astype(np.int64),
                   population0=pop)
    S = S._replace(key_holder=rs.integers(-1, S.forces.shape[1], (2, n_p)).astype(np.int16))
    return P, S, rs


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_key_places_phase_and_holders_equal_twins(seed, three):
    P, S, rs = random_places(seed, three)
    k = S.forces.shape[1]
    S1, S2 = copy(S), copy(S)
    for day in range(1, 6):
        flip = rs.random(S.control.shape[1]) < 0.3  # some regions change hands each day
        new = rs.integers(-1, k, S.control.shape[1]).astype(np.int16)
        for s in (S1, S2):
            s.control[0] = np.where(flip, new, s.control[0])
        for p in range(len(P.kp_indptr) - 1):
            assert place_holder(P, S1, 0, p) == twin.place_holder(P, S2, 0, p)
        key_places_phase(P, S1, 0, 0, day)
        twin.key_places_phase(P, S2, 0, 0, day)
    assert_same(S1, S2)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 4), st.booleans())
def test_majority_holder_equals_twin(seed, n_f, exact):
    rs = np.random.default_rng(seed)
    n = int(rs.integers(0, 12))
    control = rs.integers(-1, n_f, 20).astype(np.int16)
    regions = np.sort(rs.choice(20, n, replace=False)).astype(np.int64)
    pop = rs.integers(0, 4, 20) * 500.0 if exact else rs.random(20) * 3000
    assert majority_holder(control, regions, n_f, pop) == twin.majority_holder(
        control, regions, n_f, pop)
