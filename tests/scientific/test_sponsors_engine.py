"""Sponsors, scripted events and escalation through ``simulator.run`` (issue 8)."""

import numpy as np
import pandas as pd

from simulator.engine import run
from tests.conftest import DUEL, make

ALL_BUT_SPONSORS = ["events", "factions", "logistics", "air", "combat", "control", "allegiance",
                    "key_places", "civilians", "economy", "escalation"]


def richardson(k: float, a: float, g: float, x0: float, days: int) -> pd.DataFrame:
    """Return the support series of two sponsors under the action-reaction rule alone."""
    one = {"reaction": k, "fatigue": a, "interest": g, "distress": 0.0, "reputation": 0.0,
           "support": x0, "delay_days": 0}
    s = make({**DUEL, "sponsors": {"x": {"client": "a", **one}, "y": {"client": "b", **one}},
              "engine": {"disabled_phases": ALL_BUT_SPONSORS}})
    return run(s, days=days).timeseries[["support_x", "support_y"]]


def test_richardson_converges_to_its_fixed_point():
    ts = richardson(0.01, 0.02, 0.02, 0.0, 1000)
    x_star = (0.01 * 0.02 + 0.02 * 0.02) / (0.02 * 0.02 - 0.01 * 0.01)
    np.testing.assert_allclose(ts.iloc[-1].to_numpy(), [x_star, x_star], rtol=0.01)
    assert ts.iloc[0].tolist() == [0.0, 0.0]


def test_richardson_runs_away_when_reaction_beats_fatigue():
    ts = richardson(0.02, 0.01, 0.01, 1.0, 1000)
    x = ts["support_x"].to_numpy()
    assert (np.diff(x) > 0).all() and x[-1] > 1000 * x[0]


SPONSORED = {
    **DUEL,
    "sponsors": {"patron": {"client": "a", "support": 0.0, "fatigue": 0.0, "distress": 0.0,
                            "reputation": 0.0, "delay_days": 10, "entry": ["front"],
                            "mix": {"money": 0.0, "mercenaries": 1.0}}},
}


def test_support_arrives_after_the_delay_and_changes_the_fighting():
    quiet = make(SPONSORED, run__days=60)
    helped = make({**SPONSORED, "events": [
        {"date": "2020-01-06", "name": "deployment vote", "support": {"patron": 5.0}}]},
        run__days=60)
    a, b = run(quiet).timeseries, run(helped).timeseries
    assert (b["support_patron"].iloc[5:] == 5.0).all() and (a["support_patron"] == 0).all()
    same = [c for c in a.columns if c != "support_patron"]
    pd.testing.assert_frame_equal(a.loc[:14, same], b.loc[:14, same])  # ordered day 5, lands 15
    assert b.loc[15, "forces_a"] > a.loc[15, "forces_a"] + 200  # 250 mercenaries a day
    assert b.loc[15, "foreign_fighters"] == 250.0 and a["foreign_fighters"].max() == 0.0
    # The fighting there changes: the reinforced side takes ground the other did not.
    assert b.loc[20, "military_deaths_b"] != a.loc[20, "military_deaths_b"]
    assert b.loc[60, "territory_a"] > a.loc[60, "territory_a"]
    ev = run(helped).events
    assert ev[ev.kind == "scripted"][["day", "place"]].values.tolist() == [[5, "deployment vote"]]


def test_parameter_epochs_start_on_the_event_date():
    base = make(run__days=30)
    later = make({**DUEL, "events": [{"date": "2020-01-11", "name": "new weapons",
                                      "set": {"factions.a.lethality": 0.05}}]}, run__days=30)
    a, b = run(base, replicates=2).timeseries, run(later, replicates=2).timeseries
    for r in (0, 1):
        ra, rb = a[a.replicate == r], b[b.replicate == r]
        pd.testing.assert_frame_equal(ra.iloc[:10], rb.iloc[:10])  # days 0-9
        assert rb["military_deaths_b"].iloc[-1] > ra["military_deaths_b"].iloc[-1]


def test_restraint_caps_the_ladder_and_grounds_the_drones():
    air = {**DUEL, "air_units": [{"faction": "a", "place": "a_capital", "count": 20,
                                  "range_km": 2000, "kills_per_sortie": 5}]}
    free = run(make(air, initial__escalation=2)).timeseries
    held = run(make(air, initial__escalation=2, escalation__max_level=2)).timeseries
    assert free["escalation"].max() == 3 and free["civilian_deaths_air"].iloc[-1] > 0
    assert held["escalation"].max() == 2 and held["civilian_deaths_air"].iloc[-1] == 0
