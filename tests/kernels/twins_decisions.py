"""Plain numpy twins of scripted events (phase 1), faction decisions (phase 5) and key places.

Written from docs/MODEL.md ("Scripted events", "Faction decisions", "Control") and
docs/OUTPUTS.md (the event log), not from the kernels: vectorised where the kernels loop.
Where MODEL.md leaves a detail open, the choice is named in a comment (the kernels' guards).
"""

from __future__ import annotations

import math

import numpy as np

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
    CEASEFIRE_STATES,
    EV_CAPTURE,
    EV_SCRIPTED,
)

CEASEFIRE = CEASEFIRE_STATES.index("ceasefire")
MORALE_MIN, MORALE_MAX = 0.05, 1.0
# Not in MODEL.md: the value held, V̄_k, carries 1e-9 so that a faction holding nothing does not
# divide by zero, and losses are divided by at least one fighter (L_k / max(F_k, 1)).
HELD_EPS = 1e-9


# --- the event log (docs/OUTPUTS.md, events) ------------------------------------------------
def log(S, b, day, kind, actor, place, value):
    """Append an event; a full log counts it (``events_dropped``) but keeps no row."""
    n = int(S.ev_n[b])
    if n < S.ev_day.shape[1]:
        S.ev_day[b, n], S.ev_kind[b, n], S.ev_actor[b, n] = day, kind, actor
        S.ev_place[b, n], S.ev_value[b, n] = place, value
    S.ev_n[b] = n + 1


# --- scripted events (phase 1) --------------------------------------------------------------
def withdraw(P, S, b, s):
    """Support 0, pipeline cancelled; N_s fighters leave the client where they stand."""
    c, act = P.sp_client[s], P.active
    leaving = S.sp_fighters[b, s] + S.sp_troops[b, s]
    total = S.forces[b, c, act].sum()
    if total > 0 and leaving > 0:
        S.forces[b, c, act] *= max(0.0, 1.0 - leaving / total)  # in proportion
        S.changes[b] += 1  # presence changed: the fields are made again
    S.sp_fighters[b, s] = S.sp_troops[b, s] = S.sp_support[b, s] = 0.0
    S.sp_pipe[b, s] = 0.0
    S.sp_active[b, s] = False


def events_phase(P, S, b, rep, day):
    """Apply today's scheduled actions in schedule (date, then file) order."""
    for n in np.flatnonzero(P.sched_day == day):
        kind, t, v = P.sched_kind[n], P.sched_target[n], P.sched_value[n]
        if kind == ACT_LOG:  # the event itself; value 1 when it sets parameters (an epoch)
            log(S, b, day, EV_SCRIPTED, -1, P.sched_event[n], v)
            if v > 0:
                S.changes[b] += 1
                S.fld_ok[b] = False  # new parameters: fields made afresh
        elif kind == ACT_BLOCKADE:
            S.blockade[b, t] = v > 0.5
        elif kind == ACT_SUPPORT and S.sp_active[b, t]:  # a withdrawn sponsor stays out
            S.sp_support[b, t] = min(v, P.sp_cap[t])  # capped at max_support (phase 3)
        elif kind == ACT_DEAL:
            S.sp_deal[b, t] = 1.0 if v > 0.5 else 0.0
        elif kind == ACT_WITHDRAW:
            withdraw(P, S, b, t)
        elif kind == ACT_COURT:
            S.court[b] = v
        elif kind == ACT_RED_LINE:
            S.nb_declared[b, t] = v > 0.5
            S.nb_line0[b, t] = -1  # the line is drawn where the factions stand (phase 4)
        elif kind == ACT_TENSION:
            S.tension[b] = v
        elif kind == ACT_AIR:
            S.air_assets[b, t] = v
        elif kind == ACT_CEASEFIRE:
            S.ceasefire[b] = int(v)
            S.cf_days[b] = 0  # a new state has held for no day yet
            S.changes[b] += 1  # posture may change with it


# --- faction decisions (phase 5) ------------------------------------------------------------
def neighbour_any(P, flag):
    """Return, per region, whether any neighbour has ``flag`` set."""
    rows = np.repeat(np.arange(len(P.indptr) - 1), np.diff(P.indptr))
    out = np.zeros(len(flag), dtype=bool)
    np.logical_or.at(out, rows, flag[P.indices])
    return out


def front(P, S, b, k):
    """Regions where an enemy of k is present in or next to, or next to a region an enemy holds."""
    others = np.delete(S.forces[b], k, axis=0)
    enemy_here = (others >= P.presence).any(axis=0)
    ctl = S.control[b]
    enemy_holds = (ctl >= 0) & (ctl != k)
    return enemy_here | neighbour_any(P, enemy_here | enemy_holds)


def recruit(P, S, b, k):
    """r = min(recruit_rate·M, T/recruit_cost) join at k's held supply sources, equal shares."""
    act = P.active
    cost = P.recruit_cost
    r = min(P.recruit_rate * S.manpower[b, k], S.treasury[b, k] / cost if cost > 0 else np.inf)
    at = act[P.supply_src[k, act] & (S.control[b, act] == k)]
    if r <= 0 or at.size == 0:  # no held source: nowhere to join, no one recruited
        return
    S.manpower[b, k] -= r
    S.treasury[b, k] = max(S.treasury[b, k] - r * cost, 0.0)
    S.forces[b, k, at] += r / at.size


def factions_phase(P, S, b, rep, day):
    """Money, morale and recruitment of every faction, then each one's posture.

    MODEL.md lists posture, recruitment, money and morale without fixing their order inside the
    phase; as in the kernel, the treasury is paid first (an empty one stops recruitment and
    costs morale), morale moves on yesterday's losses and captures, recruits join, and posture
    is chosen last on today's morale and fighters.
    """
    act, n_f = P.active, S.forces.shape[1]
    for k in range(n_f):
        fighters = S.forces[b, k, act].sum()
        t = S.treasury[b, k] + P.income[k] - P.upkeep * fighters / 1000.0
        broke = t <= 0
        S.treasury[b, k] = max(t, 0.0)
        held_value = P.value[k, act][S.control[b, act] == k].sum() + HELD_EPS
        m0, m = P.morale0[k], S.morale[b, k]
        m = (m + P.morale_recovery * (m0 - m)
             - P.loss_sensitivity * S.losses[b, k] / max(fighters, 1.0)
             + P.capture_sensitivity * (S.gained[b, k] - S.lost[b, k]) / held_value
             - (P.broke_morale if broke else 0.0))
        S.morale[b, k] = min(max(m, MORALE_MIN), MORALE_MAX)
        S.losses[b, k] = S.gained[b, k] = S.lost[b, k] = 0.0  # yesterday's, now read
        recruit(P, S, b, k)
    strength = np.array([P.lethality[k] * S.morale[b, k]
                         * S.forces[b, k, act][front(P, S, b, k)[act]].sum()
                         for k in range(n_f)])
    for k in range(n_f):
        own = strength[k]
        enemy = sum(strength[e] for e in range(n_f) if e != k)
        need = P.attack_threshold * (1.0 - P.aggression[k])
        # Nothing at the front (own = 0) has nothing to attack with: hold (not in MODEL.md).
        attack = (S.ceasefire[b] != CEASEFIRE and own > 0
                  and (enemy == 0 or own / enemy >= need))
        if int(attack) != S.posture[b, k]:
            S.posture[b, k] = int(attack)
            S.changes[b] += 1  # a change of posture remakes the objective fields


# --- key places (phase 9) -------------------------------------------------------------------
def majority_holder(control, regions, n_f, population0):
    """Return the faction holding more than half of the regions' weight (1 + residents/1,000)."""
    if len(regions) == 0:
        return -1
    w = 1.0 + population0[regions] / 1000.0
    total = math.fsum(w)
    for k in range(n_f):
        if 2.0 * math.fsum(w[control[regions] == k]) > total:
            return k
    return -1


def place_regions(P, p):
    return P.kp_regions[P.kp_indptr[p]:P.kp_indptr[p + 1]]


def place_holder(P, S, b, p):
    return majority_holder(S.control[b], place_regions(P, p), S.forces.shape[1], P.population0)


def key_places_phase(P, S, b, rep, day):
    """Every change of a key place's holder is a capture: new holder, place, old holder."""
    for p in range(len(P.kp_indptr) - 1):
        new, old = place_holder(P, S, b, p), int(S.key_holder[b, p])
        if new != old:
            log(S, b, day, EV_CAPTURE, new, p, float(old))
            S.key_holder[b, p] = new
