"""Civilian injuries by cause and by faction: exactly ratio × deaths, summing to the total."""

import numpy as np
import pytest

import simulator
from simulator.injuries import injuries_from_deaths
from tests.conftest import DUEL, make

AIR = {**DUEL, "air_units": [{"faction": "a", "place": "a_capital", "count": 20,
                              "range_km": 2000, "kills_per_sortie": 5}]}
CAUSES = ("ground", "shelling", "air")


@pytest.fixture(scope="module")
def harmed():
    """Return the time series of a duel with every cause of harm (shelling, then air strikes)."""
    s = make(AIR, initial__escalation=2, civilians__injury_ratio=1.7)
    return simulator.run(s, replicates=2, days=30).timeseries


def test_every_cause_harms_in_the_fixture(harmed):
    last = harmed.groupby("replicate").tail(1)
    for c in CAUSES:
        assert (last[f"civilian_injuries_{c}"] > 0).all(), c
    for f in ("a", "b"):
        assert (last[f"civilian_injuries_by_{f}"] > 0).all(), f


def test_injuries_by_cause_sum_to_the_total(harmed):
    parts = harmed[[f"civilian_injuries_{c}" for c in CAUSES]].sum(axis=1)
    np.testing.assert_allclose(parts, harmed["civilian_injuries"], rtol=1e-9, atol=1e-12)


def test_injuries_are_the_ratio_times_the_matching_deaths(harmed):
    for c in CAUSES:
        np.testing.assert_array_equal(harmed[f"civilian_injuries_{c}"],
                                      1.7 * harmed[f"civilian_deaths_{c}"])
    for f in ("a", "b"):
        np.testing.assert_array_equal(harmed[f"civilian_injuries_by_{f}"],
                                      1.7 * harmed[f"civilian_deaths_by_{f}"])
    by = harmed["civilian_injuries_by_a"] + harmed["civilian_injuries_by_b"]
    assert (by <= harmed["civilian_injuries"] * (1 + 1e-9) + 1e-12).all()


def test_columns_sit_after_the_total_causes_first():
    cols = list(simulator.run(make(), days=2).timeseries.columns)
    at = cols.index("civilian_injuries")
    assert cols[at + 1: at + 6] == ["civilian_injuries_ground", "civilian_injuries_shelling",
                                    "civilian_injuries_air", "civilian_injuries_by_a",
                                    "civilian_injuries_by_b"]


def test_an_event_that_changes_the_ratio_weights_later_deaths_by_the_new_ratio():
    later = make({**AIR, "events": [{"date": "2020-01-16", "name": "worse wounds",
                                     "set": {"civilians.injury_ratio": 3.0}}]},
                 initial__escalation=2)
    ts = simulator.run(later, replicates=2, days=30).timeseries
    parts = ts[[f"civilian_injuries_{c}" for c in CAUSES]].sum(axis=1)
    np.testing.assert_allclose(parts, ts["civilian_injuries"], rtol=1e-9, atol=1e-12)
    before = ts[ts.day < 15]
    np.testing.assert_allclose(before["civilian_injuries_air"],
                               2.0 * before["civilian_deaths_air"], rtol=1e-12)  # the default
    last = ts[ts.day == 30]
    assert (last["civilian_injuries"] > 2.0 * last["civilian_deaths"] * (1 + 1e-6)).all()


def test_injuries_from_deaths_by_hand():
    deaths = np.array([[0.0, 1.0, 3.0, 3.0, 4.0]])
    np.testing.assert_array_equal(injuries_from_deaths(deaths, np.full(5, 2.0)),
                                  [[0.0, 2.0, 6.0, 6.0, 8.0]])
    ratio = np.array([2.0, 2.0, 2.0, 5.0, 5.0])  # ratio 5 from day 3
    np.testing.assert_allclose(injuries_from_deaths(deaths, ratio),
                               [[0.0, 2.0, 6.0, 6.0, 11.0]])
