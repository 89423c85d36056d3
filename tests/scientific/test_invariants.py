"""Invariants over parameters and seeds: people conserved, forces never negative, no NaN."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simulator
from tests.conftest import make


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**40),
    flee=st.floats(0, 1),
    harm=st.floats(0, 0.1),
    scale=st.floats(0.5, 500),
    noise=st.floats(0, 1.5),
    la=st.floats(0, 0.2),
    lb=st.floats(0, 0.2),
    fa=st.floats(0, 1e5),
    fb=st.floats(0, 1e5),
    displaced=st.floats(0, 5e4),
)
def test_people_conserved_forces_nonnegative_finite(seed, flee, harm, scale, noise, la, lb, fa,
                                                    fb, displaced):
    s = make(civilians__flee_rate=flee, civilians__harm_rate=harm,
             civilians__intensity_scale=scale, civilians__initial_displaced=displaced,
             combat__noise=noise, factions__a__lethality=la, factions__b__lethality=lb,
             forces__0__fighters=fa, forces__1__fighters=fb, run__seed=seed)
    r = simulator.run(s, replicates=2, days=25)
    ts = r.timeseries
    numeric = ts.select_dtypes("number").to_numpy()
    assert np.isfinite(numeric).all()
    total0 = 63 * 1000.0
    people = (ts["civilians_at_home"] + ts["displaced"] + ts["refugees"]
              + ts["civilian_deaths"]).to_numpy()
    np.testing.assert_allclose(people, total0, rtol=1e-9)
    per_country = ts[[c for c in ts.columns if c.startswith("refugees_")]].sum(axis=1)
    np.testing.assert_allclose(per_country, ts["refugees"], atol=1e-9)
    harm = ts[[f"civilian_deaths_{c}" for c in ("ground", "shelling", "air")]].sum(axis=1)
    np.testing.assert_allclose(harm, ts["civilian_deaths"], rtol=1e-9, atol=1e-12)
    assert (ts["civilian_deaths_by_a"] + ts["civilian_deaths_by_b"]
            <= ts["civilian_deaths"] * (1 + 1e-9) + 1e-12).all()
    hurt = ts[[f"civilian_injuries_{c}" for c in ("ground", "shelling", "air")]].sum(axis=1)
    np.testing.assert_allclose(hurt, ts["civilian_injuries"], rtol=1e-9, atol=1e-12)
    assert (ts["civilian_injuries_by_a"] + ts["civilian_injuries_by_b"]
            <= ts["civilian_injuries"] * (1 + 1e-9) + 1e-12).all()
    for f in ("a", "b"):
        assert (ts[f"forces_{f}"] >= 0).all()
    assert ((ts["territory_a"] + ts["territory_b"]) <= 1 + 1e-12).all()
    snaps = r.snapshots
    assert (snaps.forces >= 0).all() and (snaps.home >= 0).all() and (snaps.hosted >= 0).all()
