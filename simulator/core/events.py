"""Scripted events (docs/MODEL.md phase 1): state actions due today, and the event log.

Parameter changes (``set``) are applied by the engine, which runs each day with the parameters
of its epoch; this phase logs those events and forces the fields to be recomputed.
"""

from __future__ import annotations

from numba import njit

from simulator.core.layout import (
    ACT_AIR,
    ACT_BLOCKADE,
    ACT_CEASEFIRE,
    ACT_COURT,
    ACT_DEAL,
    ACT_LOG,
    ACT_RED_LINE,
    ACT_SUPPORT,
    ACT_TENSION,
    ACT_WITHDRAW,
    EV_SCRIPTED,
)
from simulator.core.record import log_event


@njit(cache=True)
def withdraw(P, S, b: int, s: int) -> None:  # noqa: ANN001
    """Take sponsor ``s`` out: support 0, pipeline cancelled, its foreign fighters leave."""
    c = P.sp_client[s]
    leaving = S.sp_fighters[b, s] + S.sp_troops[b, s]
    total = 0.0
    for i in P.active:
        total += S.forces[b, c, i]
    if total > 0.0 and leaving > 0.0:
        keep = max(0.0, 1.0 - leaving / total)
        for i in P.active:
            S.forces[b, c, i] *= keep
        S.changes[b] += 1
    S.sp_fighters[b, s] = 0.0
    S.sp_troops[b, s] = 0.0
    S.sp_support[b, s] = 0.0
    S.sp_pipe[b, s, :] = 0.0
    S.sp_active[b, s] = False


@njit(cache=True)
def apply_action(P, S, b: int, n: int) -> None:  # noqa: ANN001
    """Apply scheduled action ``n`` to replicate ``b``."""
    kind, t, v = P.sched_kind[n], P.sched_target[n], P.sched_value[n]
    if kind == ACT_BLOCKADE:
        S.blockade[b, t] = v > 0.5
    elif kind == ACT_SUPPORT:
        if S.sp_active[b, t]:
            S.sp_support[b, t] = min(v, P.sp_cap[t])
    elif kind == ACT_DEAL:
        S.sp_deal[b, t] = 1.0 if v > 0.5 else 0.0
    elif kind == ACT_WITHDRAW:
        withdraw(P, S, b, t)
    elif kind == ACT_COURT:
        S.court[b] = v
    elif kind == ACT_RED_LINE:
        S.nb_declared[b, t] = v > 0.5
        S.nb_line0[b, t] = -1  # drawn anew where the factions stand
    elif kind == ACT_TENSION:
        S.tension[b] = v
    elif kind == ACT_AIR:
        S.air_assets[b, t] = v
    elif kind == ACT_CEASEFIRE:
        S.ceasefire[b] = int(v)
        S.cf_days[b] = 0
        S.changes[b] += 1


@njit(cache=True)
def events_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Apply the state actions of the events due on ``day`` and log each event once."""
    n_sched = P.sched_day.shape[0]
    lo, hi = 0, n_sched
    while lo < hi:  # first action of the day (the schedule is sorted by day)
        mid = (lo + hi) // 2
        if P.sched_day[mid] < day:
            lo = mid + 1
        else:
            hi = mid
    n = lo
    while n < n_sched and P.sched_day[n] == day:
        if P.sched_kind[n] == ACT_LOG:
            log_event(S, b, day, EV_SCRIPTED, -1, P.sched_event[n], P.sched_value[n])
            if P.sched_value[n] > 0.0:  # the parameters changed today: fields made afresh
                S.changes[b] += 1
                S.fld_ok[b, :, :] = False
        else:
            apply_action(P, S, b, n)
        n += 1
