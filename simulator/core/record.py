"""Recording (MODEL.md phase 12, last): one recorder row per day, grid snapshots, the event log.

Row 0 holds the initial state, row d the state at the end of day d.
"""

from __future__ import annotations

from numba import njit

from simulator.core.layout import (
    G_CAUSE0,
    G_CEASEFIRE,
    G_CIV_DEATHS,
    G_DISPLACED,
    G_ESCALATION,
    G_HOME,
    G_INJURIES,
    G_OIL,
    G_REFUGEES,
    N_FACTION_BLOCKS,
    N_GLOBAL,
)


@njit(cache=True)
def log_event(S, b: int, day: int, kind: int, actor: int, place: int, value: float) -> None:  # noqa: ANN001
    """Append one event to replicate ``b``'s log (counted but dropped when the log is full)."""
    n = S.ev_n[b]
    if n < S.ev_day.shape[1]:
        S.ev_day[b, n] = day
        S.ev_kind[b, n] = kind
        S.ev_actor[b, n] = actor
        S.ev_place[b, n] = place
        S.ev_value[b, n] = value
    S.ev_n[b] = n + 1


@njit(cache=True)
def record_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Write recorder row ``day`` of replicate ``b`` and, when due, a grid snapshot."""
    n_f = S.forces.shape[1]
    row = S.rec[b, day]
    row[:] = 0.0
    base = N_FACTION_BLOCKS * n_f
    n_land = P.active.shape[0]
    home = 0.0
    hosted = 0.0
    deaths = 0.0
    control, at_home, away, civ_deaths = S.control[b], S.home[b], S.hosted[b], S.civ_deaths[b]
    forces = S.forces[b]
    for i in P.active:
        h = control[i]
        people = at_home[i] + away[i]
        home += at_home[i]
        hosted += away[i]
        deaths += civ_deaths[i]
        if h >= 0:
            row[h] += 1.0
            row[n_f + h] += people
        for k in range(n_f):
            row[2 * n_f + k] += forces[k, i]
    for k in range(n_f):
        row[k] /= max(n_land, 1)
        row[3 * n_f + k] = S.mil_deaths[b, k]
        row[4 * n_f + k] = S.morale[b, k]
        row[5 * n_f + k] = S.posture[b, k]
        row[6 * n_f + k] = S.civ_by[b, k]
        row[7 * n_f + k] = S.revenue[b, k]
        row[8 * n_f + k] = S.air_ground[b, k]
    refugees = 0.0
    # refugees_<country> columns (none on a grid map): what lies between the war-wide columns
    # and the international block (support per sponsor, foreign fighters, border per neighbour)
    n_c = row.shape[0] - base - N_GLOBAL - (S.sp_support.shape[1] + 1 + P.nb_country.shape[0])
    for c in range(S.refugees.shape[1]):
        refugees += S.refugees[b, c]
        if c < n_c:
            row[base + N_GLOBAL + c] = S.refugees[b, c]
    for c in range(3):
        row[base + G_CAUSE0 + c] = S.civ_cause[b, c]
    row[base + G_INJURIES] = S.civ_injured[b]
    row[base + G_OIL] = S.oil_out[b]
    row[base + G_HOME] = home
    row[base + G_DISPLACED] = hosted
    row[base + G_REFUGEES] = refugees
    row[base + G_CIV_DEATHS] = deaths
    row[base + G_ESCALATION] = S.escalation[b]
    row[base + G_CEASEFIRE] = S.ceasefire[b]
    if hosted > S.peak_displaced[b]:
        S.peak_displaced[b] = hosted
    if b < S.snap_control.shape[0] and day % P.snapshot_every == 0:
        s = day // P.snapshot_every
        snap_control, snap_home = S.snap_control[b, s], S.snap_home[b, s]
        snap_hosted, snap_forces = S.snap_hosted[b, s], S.snap_forces[b, s]
        for i in P.active:
            snap_control[i] = control[i]
            snap_home[i] = at_home[i]
            snap_hosted[i] = away[i]
            for k in range(n_f):
                snap_forces[k, i] = forces[k, i]
