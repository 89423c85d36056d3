"""One region, two factions, randomness and the other phases off: the square law exactly."""

import numpy as np
import pytest

import simulator
from tests.conftest import make

ONE_REGION = {
    "name": "lanchester",
    "run": {"days": 50},
    "map": {"kind": "grid", "width": 1, "height": 1, "population_per_region": 0.0},
    "factions": {"x": {"lethality": 0.01, "morale": 1.0}, "y": {"lethality": 0.01, "morale": 1.0}},
    "places": {"all": {"all": True}},
    "forces": [{"faction": "x", "place": "all", "fighters": 100},
               {"faction": "y", "place": "all", "fighters": 80}],
    "combat": {"noise": 0.0, "daily_noise": 0.0},
    "engine": {"disabled_phases": ["factions", "logistics", "control", "key_places", "civilians"]},
}


def closed_form(x0, y0, a, b, t):
    g = np.sqrt(a * b)
    return (x0 * np.cosh(g * t) - np.sqrt(b / a) * y0 * np.sinh(g * t),
            y0 * np.cosh(g * t) - np.sqrt(a / b) * x0 * np.sinh(g * t))


def test_reference_vector_day_50():
    r = simulator.run(make(ONE_REGION))
    ts = r.timeseries
    x, y = ts["forces_x"].to_numpy(), ts["forces_y"].to_numpy()
    assert x[0] == 100 and y[0] == 80
    assert x[50] == pytest.approx(71.075, abs=5e-4)
    assert y[50] == pytest.approx(38.101, abs=5e-4)
    for d in range(51):
        xe, ye = closed_form(100.0, 80.0, 0.01, 0.01, d)
        assert x[d] == pytest.approx(xe, rel=1e-9)
        assert y[d] == pytest.approx(ye, rel=1e-9)


def test_annihilation_leaves_sixty_survivors():
    r = simulator.run(make(ONE_REGION), days=150)
    ts = r.timeseries
    assert ts["forces_x"].iloc[-1] == pytest.approx(60.0, rel=1e-9)
    assert ts["forces_y"].iloc[-1] == 0.0
    t_star = np.arctanh(80 / 100) / 0.01  # 109.861 days
    assert t_star == pytest.approx(109.861, abs=1e-3)
    assert ts["forces_y"].iloc[int(np.floor(t_star))] > 0
    assert ts["forces_y"].iloc[int(np.ceil(t_star))] == 0


def test_quality_against_numbers():
    r = simulator.run(make(ONE_REGION, factions__x__lethality=0.02, forces__0__fighters=60),
                      days=400)
    assert r.timeseries["forces_x"].iloc[-1] == pytest.approx(20.0, rel=1e-9)
    assert r.timeseries["forces_y"].iloc[-1] == 0.0


def test_military_deaths_are_the_killed_share_of_losses():
    r = simulator.run(make(ONE_REGION, combat__killed_share=0.4))
    last = r.timeseries.iloc[-1]
    assert last["military_deaths_x"] == pytest.approx(0.4 * (100 - last["forces_x"]), rel=1e-9)


@pytest.mark.parametrize(
    ("x0", "y0", "alpha", "beta"),
    [
        (31.0, 2.2e-309, 2.2e-309, 0.5),  # beta / alpha overflows, y0**2 underflows: was NaN
        (2.2e-309, 31.0, 0.5, 2.2e-309),  # the mirror
        (5e-324, 1e-300, 1e-300, 5e-324),
    ],
)
def test_denormal_inputs_give_finite_survivors(x0, y0, alpha, beta):
    """Hypothesis found a NaN at annihilation when a ratio of effectivenesses overflowed."""
    from simulator.core.combat import lanchester2

    x, y = lanchester2(x0, y0, alpha, beta, 1.0)
    assert np.isfinite([x, y]).all() and x >= 0 and y >= 0
    assert x <= x0 and y <= y0


def test_denormal_forces_keep_the_series_finite():
    """The hypothesis case of tests/scientific/test_invariants.py that found the NaN."""
    s = make(combat__noise=1.0, factions__a__lethality=2.225073858507203e-309,
             factions__b__lethality=0.125, forces__0__fighters=0.0,
             forces__1__fighters=2.225073858507203e-309, run__seed=0)
    ts = simulator.run(s, replicates=2, days=5).timeseries
    assert np.isfinite(ts.select_dtypes("number").to_numpy()).all()
