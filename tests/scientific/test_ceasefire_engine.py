"""The ceasefire process and the neighbours through ``simulator.run`` (issue 9)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import run
from tests.conftest import DUEL, make

EDGES = {("war", "talks"), ("talks", "ceasefire"), ("talks", "war"), ("ceasefire", "violated"),
         ("violated", "ceasefire"), ("violated", "war")}
MEDIATED = {**DUEL, "mediators": {"un": {"pressure": 1.0}},
            "ceasefire": {"talks_rate": 0.05, "agree_rate": 0.1, "weibull_scale": 0.02}}


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**31), st.floats(0.01, 0.5), st.floats(0.01, 0.5), st.floats(0.001, 0.2),
       st.floats(0.0, 0.5))
def test_ceasefire_moves_only_along_the_table(seed, talks, agree, scale, restore):
    s = make(MEDIATED, ceasefire__talks_rate=talks, ceasefire__agree_rate=agree,
             ceasefire__weibull_scale=scale, ceasefire__restore_rate=restore, run__days=150)
    ts = run(s, seed=seed, replicates=2).timeseries
    for _, g in ts.groupby("replicate"):
        states = g["ceasefire"].astype(str).tolist()
        moves = {(a, b) for a, b in zip(states, states[1:], strict=False) if a != b}
        assert moves <= EDGES, moves - EDGES


def test_no_talks_without_mediation_or_stalemate():
    s = make(DUEL, ceasefire__mhs_losses=1e6, ceasefire__talks_rate=1.0, run__days=200)
    ts = run(s, replicates=20).timeseries
    assert (ts["ceasefire"].astype(str) == "war").all()


def longest(monitoring: float) -> np.ndarray:
    s = make({**MEDIATED, "mediators": {"un": {"pressure": 1.0, "monitoring": monitoring}}},
             run__days=365, ceasefire__restore_rate=0.0, ceasefire__grace_days=1)
    return run(s, seed=11, replicates=100).outcomes["longest_ceasefire_days"].to_numpy()


def test_more_monitoring_gives_longer_ceasefires():
    none, full = longest(0.0), longest(1.0)
    assert full.mean() > 1.2 * none.mean()
    assert (full >= none).mean() > 0.6  # paired seeds: most replicates gain


def interventions(credibility: float, declared: bool = True) -> int:
    """Return in how many of 100 replicates b's watcher intervenes as a strong 'a' advances."""
    forces = [{**DUEL["forces"][0], "fighters": 6000}, DUEL["forces"][1]]
    s = make({**DUEL, "forces": forces,
              "places": {**DUEL["places"], "b_front": {"box": [4.3, 0, 5.1, 100]}},
              "neighbours": {"watcher": {
                  "red_line": "b_front", "red_line_against": ["a"], "ally": "b",
                  "red_line_days": 2, "credibility": credibility,
                  "red_line_declared": declared}}}, run__days=60)
    r = run(s, seed=5, replicates=100)
    ev = r.events[r.events.kind == "intervention"]
    assert (ev["day"] >= 2).all()  # never before the line has been held for two days
    return int(r.outcomes["neighbour_intervened"].sum())


def test_interventions_follow_the_red_line_and_its_credibility():
    low, high = interventions(0.2), interventions(0.8)
    assert 0 < low < high < 100
    assert interventions(0.0) == 0 and interventions(1.0) == 100
    assert interventions(1.0, declared=False) == 0  # no declared line, nothing to cross
