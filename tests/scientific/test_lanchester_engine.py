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
