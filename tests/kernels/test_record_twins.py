"""Recording and day 0: the compiled record phase and ``day.initialise`` equal their twins.

Twins: tests/kernels/twins_record.py, which builds each recorder row column by column from
docs/OUTPUTS.md. On the map of Libya (refugees per country, borders, five sponsors) and on a
grid (no country: neighbours keep their base posture).
"""

from functools import cache

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.build import allocate, build
from simulator.core.escalation import record_international as _record_international
from simulator.core.record import record_phase as _record_phase
from simulator.core.refs import on_refs
from simulator.core.run import init_range
from simulator.scenario import load_scenario
from tests.conftest import ROOT, make
from tests.kernels import twins_record as twin
from tests.kernels.test_decisions_twins import EVENTFUL, assert_same
from tests.kernels.test_kernels_vs_twins import copy

# The phases run on references, as in the day (and from the same disk cache).
record_phase = on_refs(_record_phase)
record_international = on_refs(_record_international)
DAYS = 15
# What ``update_fields`` keeps beside the fields (its memo and scratch), which the twin has not.
MEMO = ("fld_cost", "fld_init", "fld_ok", "cost", "heap_d", "heap_n")


@cache
def built_of(libya: bool):
    """Return the built baseline (map of Libya) or the grid scenario with sponsors and borders."""
    if libya:
        return build(load_scenario(ROOT / "scenarios" / "baseline.toml"))
    return build(make(EVENTFUL))


def random_recorded(seed: int, libya: bool):
    """Return (built, S): two replicates (the first with snapshots) in a random state."""
    built = built_of(libya)
    rs = np.random.default_rng(seed)
    S = allocate(built, 2, DAYS, 1)
    k, n = S.forces.shape[1], S.forces.shape[2]
    land = built.params.land
    S.forces[:] = rs.choice([0.0, 5.0, 500.0], S.forces.shape) * rs.random(S.forces.shape) * land
    S.control[:] = np.where(land, rs.integers(-1, k, (2, n)), -1)
    for a in (S.home, S.hosted, S.civ_deaths):
        a[:] = rs.random(a.shape) * 1000 * land
    for a in (S.refugees, S.morale, S.mil_deaths, S.civ_by, S.revenue, S.civ_cause,
              S.civ_injured, S.oil_out, S.sp_support, S.sp_fighters, S.sp_troops,
              S.peak_displaced):
        a[:] = rs.random(a.shape) * rs.choice([1.0, 1e3, 1e5])
    S.posture[:] = rs.integers(0, 2, S.posture.shape)
    S.escalation[:] = rs.integers(0, 6, 2)
    S.ceasefire[:] = rs.integers(0, 4, 2)
    S.border[:] = rs.integers(0, 3, S.border.shape)
    S.peak_displaced[:] *= rs.random(2) < 0.5  # some peaks below today's displaced, some above
    return built, S


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.booleans(), st.integers(0, DAYS))
def test_record_phase_equals_twin(seed, libya, day):
    built, S = random_recorded(seed, libya)
    P = built.params
    S1, S2 = copy(S), copy(S)
    for b in (0, 1):  # replicate 1 keeps no snapshot
        record_phase(P, S1, b, b, day)  # the record phase of the day: both kernels
        record_international(P, S1, b, day)
        twin.record_phase(P, S2, b, b, day, built)
    assert_same(S1, S2)
    assert (S1.rec[:, day] != 0).sum() > 0.7 * S1.rec[:, day].size  # the row was written


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_initialise_equals_twin(seed, libya):
    built, S = random_recorded(seed, libya)
    P = built.params
    S.changes[:] = 9  # initialise starts the count again
    S.key_holder[:] = 5
    S1, S2 = copy(S), copy(S)
    init_range(P, S1, 4, 0, 2)  # the engine's entry point: global replicates 4 and 5
    for b in (0, 1):
        twin.initialise(P, S2, b, 4 + b, built)
    assert_same(S1, S2, skip=MEMO)
    assert (S1.key_holder < 5).all() and (S1.changes == 1).all()


def test_fresh_row_zero_is_the_initial_state():
    """Row 0 of a fresh state: no day yet, so no oil exported and the day-0 shares of land."""
    built = built_of(True)
    S = allocate(built, 1, DAYS, 1)
    init_range(built.params, S, 0, 0, 1)
    row = dict(zip(built.columns, S.rec[0, 0], strict=True))
    assert row["oil_output_bpd"] == 0.0 and row["civilian_deaths"] == 0.0
    assert row["territory_gna"] + row["territory_lna"] == 1.0
    assert row["ceasefire"] == 1.0  # the baseline opens in talks
    np.testing.assert_allclose(S.rec[0, 0], twin.record_row(built.params, S, 0, built),
                               rtol=1e-12)
