"""Plain numpy twins of recording (the last phase) and of day 0 (``day.initialise``).

The recorder row is rebuilt column by column, by name, from the definitions in docs/OUTPUTS.md
("timeseries"), then laid out in the order of ``built.columns``; snapshots and
``peak_displaced`` as OUTPUTS.md's "snapshots.npz" and "outcomes" describe them.
"""

from __future__ import annotations

import numpy as np

from simulator.core.layout import HARM_CAUSES
from tests.kernels import twins
from tests.kernels.twins_decisions import place_holder


def row_by_name(P, S, b, built):
    """Return {column: value} of replicate ``b``'s state, from OUTPUTS.md's definitions."""
    s, act = built.scenario, P.active
    ctl = S.control[b, act]
    people = S.home[b, act] + S.hosted[b, act]
    want = {}
    for k, f in enumerate(s.faction_ids):
        held = ctl == k
        want[f"territory_{f}"] = held.sum() / len(act)  # land regions held / all land regions
        want[f"population_{f}"] = people[held].sum()  # residents and displaced where it holds
        want[f"forces_{f}"] = S.forces[b, k, act].sum()
        want[f"military_deaths_{f}"] = S.mil_deaths[b, k]
        want[f"morale_{f}"] = S.morale[b, k]
        want[f"posture_{f}"] = S.posture[b, k]
        want[f"civilian_deaths_by_{f}"] = S.civ_by[b, k]
        want[f"revenue_{f}"] = S.revenue[b, k]
        want[f"air_destroyed_ground_{f}"] = S.air_ground[b, k]  # cumulative, on its bases
    want["civilians_at_home"] = S.home[b, act].sum()
    want["displaced"] = S.hosted[b, act].sum()
    want["refugees"] = S.refugees[b].sum()  # all neighbouring countries
    want["civilian_deaths"] = S.civ_deaths[b, act].sum()
    want["escalation"] = S.escalation[b]
    want["ceasefire"] = S.ceasefire[b]  # code of CEASEFIRE_STATES (text in the tables)
    for c, cause in enumerate(HARM_CAUSES):
        want[f"civilian_deaths_{cause}"] = S.civ_cause[b, c]
    want["civilian_injuries"] = S.civ_injured[b]
    want["oil_output_bpd"] = S.oil_out[b]
    for c, country in enumerate(built.map.countries):
        want[f"refugees_{country}"] = S.refugees[b, c]
    for j, sid in enumerate(s.sponsors):
        want[f"support_{sid}"] = S.sp_support[b, j]
    want["foreign_fighters"] = S.sp_fighters[b].sum() + S.sp_troops[b].sum()
    for n, nid in enumerate(s.neighbours):  # a neighbour off the map keeps its base posture
        country = P.nb_country[n]
        want[f"border_{nid}"] = S.border[b, country] if country >= 0 else P.nb_base[n]
    return want


def record_row(P, S, b, built):
    """Return the recorder row of replicate ``b`` in column order (every column defined once)."""
    want = row_by_name(P, S, b, built)
    assert sorted(want) == sorted(built.columns), set(want) ^ set(built.columns)
    return np.array([float(want[c]) for c in built.columns])


def record_phase(P, S, b, rep, day, built):
    """Row ``day``, the peak of the displaced, and a snapshot every ``snapshot_every`` days."""
    S.rec[b, day] = record_row(P, S, b, built)
    S.peak_displaced[b] = max(S.peak_displaced[b], S.hosted[b, P.active].sum())
    if b < S.snap_control.shape[0] and day % P.snapshot_every == 0:
        n, act = day // P.snapshot_every, P.active
        S.snap_control[b, n, act] = S.control[b, act]
        S.snap_home[b, n, act] = S.home[b, act]
        S.snap_hosted[b, n, act] = S.hosted[b, act]
        S.snap_forces[b, n][:, act] = S.forces[b][:, act]


def initialise(P, S, b, rep, built):
    """Day 0: the key places' holders, the fields made afresh, and recorder row 0."""
    for p in range(len(P.kp_indptr) - 1):
        S.key_holder[b, p] = place_holder(P, S, b, p)
    S.changes[b], S.field_stamp[b] = 1, 0  # nothing is up to date yet
    twins.update_fields(P, S, b, 0)
    record_phase(P, S, b, rep, 0, built)
