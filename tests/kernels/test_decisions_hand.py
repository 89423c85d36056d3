"""Faction morale, key places and captures, worked by hand (docs/MODEL.md phases 5 and 9)."""

import numpy as np
import pandas as pd
import pytest

import simulator
from simulator.core.build import allocate, build
from simulator.core.control import key_places_phase as _key_places_phase
from simulator.core.control import majority_holder
from simulator.core.factions import factions_phase as _factions_phase
from simulator.core.refs import on_refs
from simulator.core.run import init_range
from simulator.scenario import load_scenario
from tests.conftest import DUEL, ROOT, make
from tests.kernels.test_air_allegiance import STRIP

# The phases run on references, as in the day (and from the same disk cache).
factions_phase = on_refs(_factions_phase)
key_places_phase = on_refs(_key_places_phase)


def test_morale_update_is_hand_computed():
    """m ← clip(m + ρ(m₀ − m) − κ_loss·L/F + κ_gain·(G − G')/V̄ [− broke], 0.05, 1).

    ρ = 0.02, κ_loss = κ_gain = 0.5, broke_morale = 0.01, m₀ = 0.8, every region worth 0.5.
    a: m = 0.6, L = 30 of F = 3,000, G = 2, G' = 0.5, holds 10 regions (V̄ = 5), treasury
       1 − 0.01·3,000/1,000 = 0.97 > 0:
       0.6 + 0.02·0.2 − 0.5·30/3,000 + 0.5·1.5/5 = 0.6 + 0.004 − 0.005 + 0.15 = 0.749.
    b: m = 0.3, L = 0, G' = 3, holds 5 regions (V̄ = 2.5), treasury 0 − 0.01·2.6 < 0, broke:
       0.3 + 0.02·0.5 − 0.5·3/2.5 − 0.01 = 0.3 + 0.01 − 0.6 − 0.01 = −0.3, clipped to 0.05.
    """
    s = make(DUEL, doctrine__morale_recovery=0.02, doctrine__loss_sensitivity=0.5,
             doctrine__capture_sensitivity=0.5, doctrine__broke_morale=0.01,
             doctrine__upkeep=0.01, factions__a__treasury=1.0, local__fighters_per_1000=0.0)
    built = build(s)
    P = built.params
    P = P._replace(value=np.where(P.land, 0.5, 0.0) * np.ones((2, 1)))
    S = allocate(built, 1, 1, 0)
    act = P.active
    S.control[0] = -1
    S.control[0, act[:10]], S.control[0, act[10:15]] = 0, 1
    assert S.forces[0, 0].sum() == pytest.approx(3000, rel=1e-12)
    assert S.forces[0, 1].sum() == pytest.approx(2600, rel=1e-12) and S.treasury[0, 1] == 0.0
    S.morale[0] = [0.6, 0.3]
    S.losses[0] = [30.0, 0.0]
    S.gained[0] = [2.0, 0.0]
    S.lost[0] = [0.5, 3.0]
    factions_phase(P, S, 0, 0, 1)
    assert S.morale[0, 0] == pytest.approx(0.749, rel=1e-9)
    assert S.morale[0, 1] == 0.05
    assert S.treasury[0, 0] == pytest.approx(0.97) and S.treasury[0, 1] == 0.0
    assert (S.losses[0] == 0).all() and (S.gained[0] == 0).all() and (S.lost[0] == 0).all()


@pytest.mark.parametrize("residents, control, holder", [
    # centre 10,000 residents (weight 11), two empty outskirts (weight 1 each): total 13.
    ([10_000, 0, 0], [0, 1, 1], 0),  # b holds 2 of 3 regions, but a holds 11/13 > 1/2
    # outskirts of 6,000 each (weight 7): total 25; b holds 14 > 12.5.
    ([10_000, 6_000, 6_000], [0, 1, 1], 1),
    # centre 1,000 (weight 2) and two empty outskirts: a holds 2 of 4, exactly half: contested
    ([1_000, 0, 0], [0, 1, 1], -1),
    # centre 2,000 (weight 3), one outskirt held by b, one by no one: 3 of 5 > 1/2 (the
    # region no one holds still counts in the total).
    ([2_000, 0, 0], [0, 1, -1], 0),
    ([0, 0, 0], [0, 0, 1], 0),  # an empty place (an air base) counts its regions
])
def test_key_place_holder_needs_more_than_half_of_the_weight(residents, control, holder):
    got = majority_holder(np.array(control, dtype=np.int16), np.arange(3, dtype=np.int64), 2,
                          np.array(residents, dtype=np.float64))
    assert got == holder


def test_tripoli_is_held_by_its_centre_not_by_most_of_its_regions():
    """The LNA in two of Tripoli's three regions (the suburbs) does not hold Tripoli."""
    s = load_scenario(ROOT / "scenarios" / "baseline.toml")
    built = build(s)
    P = built.params
    p = s.key_places.index("tripoli")
    regions = P.kp_regions[P.kp_indptr[p]:P.kp_indptr[p + 1]]
    centre = regions[np.argmax(P.population0[regions])]
    assert len(regions) == 3
    S = allocate(built, 1, 2, 0)
    S.control[0, regions] = 1  # lna
    S.control[0, centre] = 0  # gna
    init_range(P, S, 0, 0, 1)
    assert S.key_holder[0, p] == 0
    S.control[0, centre] = 1
    key_places_phase(P, S, 0, 0, 1)
    assert S.key_holder[0, p] == 1
    assert (S.ev_n[0], S.ev_kind[0, 0], S.ev_actor[0, 0], S.ev_place[0, 0], S.ev_value[0, 0]) == (
        1, 0, 1, p, 0.0)  # a capture by the lna of Tripoli from the gna


TOWN = {
    "name": "a town taken by combat",
    "run": {"start_date": "2020-03-01", "days": 20},
    "map": {"kind": "grid", "width": 3, "height": 1, "population_per_region": 0.0},
    "factions": {"a": {"lethality": 0.012, "morale": 0.8}, "b": {"lethality": 0.01,
                                                                 "morale": 0.8}},
    "places": {"home": {"cells": [[0, 0]]}, "town": {"cells": [[1, 0]], "key": True},
               "far": {"cells": [[2, 0]]}},
    "control": [{"faction": "a", "places": ["home"]}, {"faction": "b", "places": ["town", "far"]}],
    "forces": [{"faction": "a", "place": "town", "fighters": 250},
               {"faction": "b", "place": "town", "fighters": 100}],
    "combat": {"noise": 0.0, "daily_noise": 0.0},
    "local": {"fighters_per_1000": 0.0},
    "engine": {"disabled_phases": ["factions", "logistics"]},
}


def test_capture_by_combat_mid_run_is_logged():
    """250 against 100 is short of 3:1; combat wears b down until it is not, for 3 days."""
    r = simulator.run(make(TOWN))
    ts = r.timeseries
    a, b = ts["forces_a"].to_numpy(), ts["forces_b"].to_numpy()
    enemies = np.where(b >= 10, b, 0.0)  # fewer than `presence` fighters count as absent
    holds = (a > b) & (a >= 10) & (a >= 3.0 * enemies)  # MODEL.md's capture condition
    assert not holds[1]  # not at once: the ratio is won by fighting
    run = 0
    for day in range(1, len(holds)):
        run = run + 1 if holds[day] else 0
        if run == 3:  # capture_days
            break
    assert 3 < day < 20  # mid-run
    ev = r.events
    assert list(ev["kind"]) == ["capture"]
    e = ev.iloc[0]
    assert e["day"] == day and e["date"] == pd.Timestamp("2020-03-01") + pd.Timedelta(days=day)
    assert e["place"] == "town" and e["actor"] == "a"
    assert "from b to a" in e["detail"]  # the old holder is named
    assert r.outcomes["holder_town"].iloc[0] == "a"


def test_outcomes_hold_every_key_place_of_the_baseline():
    s = load_scenario(ROOT / "scenarios" / "baseline.toml", ["run.snapshot_every=3"])
    r = simulator.run(s, days=3)
    P = build(s).params
    o = r.outcomes.iloc[0]
    final = r.snapshots.control[0, -1]  # day 3
    assert r.snapshots.days[-1] == 3
    for p, pid in enumerate(s.key_places):
        regions = P.kp_regions[P.kp_indptr[p]:P.kp_indptr[p + 1]]
        h = majority_holder(final, regions, 2, P.population0)
        assert o[f"holder_{pid}"] == (s.faction_ids[h] if h >= 0 else "contested")
    assert len(s.key_places) == 10
    assert {c for c in r.outcomes.columns if c.startswith("holder_")} == {
        f"holder_{p}" for p in s.key_places}


def test_a_base_captured_mid_run_stops_its_strikes_from_the_next_day():
    """b walks into a's undefended drone base: taken on day 3, no strike from day 4 on."""
    raw = make(STRIP, run__days=7, places__base__key=True,
               forces=[{"faction": "b", "place": "target", "fighters": 1000},
                       {"faction": "b", "place": "base", "fighters": 100}],
               engine__disabled_phases=["factions", "logistics", "combat", "allegiance"])
    r = simulator.run(raw)
    ev = r.events
    taken = ev[(ev["kind"] == "capture") & (ev["place"] == "base")]
    assert list(taken["actor"]) == ["b"]
    day = int(taken["day"].iloc[0])
    assert day == 3  # capture_days of b alone in the base
    struck = -np.diff(r.timeseries["forces_b"].to_numpy())  # fighters lost on days 1..7
    np.testing.assert_allclose(struck[:day], 10 * 1.0 * 2.0)  # strikes up to the capture day
    assert (struck[day:] == 0).all()  # from the day after: the unit has no base
