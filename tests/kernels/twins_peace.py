"""Plain twins of the ceasefire and neighbours phases (docs/MODEL.md phases 2 and 4)."""

import math

import numpy as np

from simulator.core import rng

WAR, TALKS, CEASEFIRE, VIOLATED = range(4)
WAR_UID = 0x5EA5EF12E


def uniform(P, rep, day, entity, purpose, counter=0):
    return rng.py_uniform(rng.py_stream_key(int(P.seed), rep, day, entity, purpose), counter)


def ceasefire_phase(P, S, b, rep, day):
    S.cf_loss[b] += (S.losses[b] - S.cf_loss[b]) / 30.0
    hurt = S.forces.shape[1] > 0 and bool((S.cf_loss[b] >= P.mhs_losses).all())
    share = float((S.control[b, P.active] == 0).sum()) / max(len(P.active), 1)
    static = abs(share - S.cf_terr[b]) < P.mhs_static
    S.cf_terr[b] += (share - S.cf_terr[b]) / 30.0
    mhs = 1 if hurt and static else 0
    m = float((P.md_pressure * np.where(P.md_channel, 1 - S.tension[b], 1.0)).sum()
              + P.nb_mediation.sum())
    act = S.sp_active[b]
    c = float(np.where(S.sp_deal[b] > 0, 1.0, P.sp_consent)[act].mean()) if act.any() else 1.0
    u = uniform(P, rep, day, WAR_UID, rng.STREAM_CEASEFIRE)
    state, new = S.ceasefire[b], S.ceasefire[b]
    if state == WAR:
        if u < 1 - math.exp(-P.talks_rate * (m + P.mhs_weight * mhs) * c):
            new = TALKS
    elif state == TALKS:
        if u < P.agree_rate * c * (1 + P.mhs_weight * mhs) / (1 + P.mhs_weight):
            new = CEASEFIRE
            S.cf_terms[b] = P.md_terms.max(axis=0) if len(P.md_terms) else 0.0
            tot = S.forces[b].sum()
            S.cf_share[b] = S.forces[b].sum(axis=1) / tot if tot > 0 else 0.0
            S.cf_t[b] = 0
            if S.cf_terms[b, 2] > 0:
                S.sp_deal[b] = 1.0
        elif uniform(P, rep, day, WAR_UID, rng.STREAM_CEASEFIRE, 1) < P.collapse_rate:
            new = WAR
    elif state == CEASEFIRE:
        S.cf_t[b] += 1
        t = S.cf_t[b]
        tot = S.forces[b].sum()
        shares = S.forces[b].sum(axis=1) / tot if tot > 0 else np.zeros(S.forces.shape[1])
        shift = np.abs(shares - S.cf_share[b]).max() if len(shares) else 0.0
        x = (S.cf_terms[b] @ P.cf_beta[:3] + P.spoilers * P.cf_beta[3]
             + min(1.0, shift / P.shift_scale) * P.cf_beta[4])
        lam, rho = P.weibull_scale, P.weibull_shape
        p = 1 - math.exp(-((lam * t) ** rho - (lam * (t - 1)) ** rho) * math.exp(x))
        if u < p:
            new = VIOLATED
            S.cf_violated[b] = 0
    else:
        S.cf_t[b] += 1
        S.cf_violated[b] += 1
        if u < P.restore_rate * (1 + m):
            new = CEASEFIRE
        elif S.cf_violated[b] > P.grace_days:
            new = WAR
            S.sp_deal[b] = 0.0
    if new != state:
        S.ceasefire[b] = new
        S.changes[b] += 1
        log(S, b, day, 3, -1, new, float(state))


def log(S, b, day, kind, actor, place, value):
    n = S.ev_n[b]
    if n < S.ev_day.shape[1]:
        S.ev_day[b, n], S.ev_kind[b, n], S.ev_actor[b, n] = day, kind, actor
        S.ev_place[b, n], S.ev_value[b, n] = place, value
    S.ev_n[b] = n + 1


def land(P, S, b, a, amount, entry):
    held = entry[S.control[b, entry] == a]
    if held.size == 0:
        act = P.active
        held = act[P.supply_src[a, act] & (S.control[b, act] == a)]
    if held.size == 0:
        return 0.0
    np.add.at(S.forces[b, a], held, amount / held.size)
    return amount


def neighbours_phase(P, S, b, rep, day):
    interstate = False
    for n in range(len(P.nb_country)):
        c = P.nb_country[n]
        signal = 0.0
        if c >= 0:
            arrived = S.refugees[b, c] - S.nb_ref_prev[b, n]
            S.nb_ref_prev[b, n] = S.refugees[b, c]
            near = P.active[P.near_crossing[P.active] == c]
            signal = arrived / P.nb_tolerance[n] + P.nb_fight_weight[n] * S.intensity[b, near].sum()
        S.nb_pressure[b, n] += (signal - S.nb_pressure[b, n]) / P.nb_spill_days[n]
        p = S.nb_pressure[b, n]
        if c >= 0:
            cur = S.border[b, c]
            up = 2 if p >= P.nb_close[n] else (1 if p >= P.nb_reinforce[n] else 0)
            new = up if up > cur else (0 if p < P.nb_reopen[n] else cur)
            new = max(new, P.nb_base[n])
            if new != cur:
                S.border[b, c] = new
                log(S, b, day, 5, -1, n, float(new))
        a = P.nb_ally[n]
        if a >= 0 and S.nb_troops_in[b, n] > 0 and S.losses[b, a] > 0:
            tot = S.forces[b, a, P.active].sum()
            S.nb_troops_in[b, n] *= tot / (tot + S.losses[b, a])
        if S.nb_arrive[b, n] == day:
            entry = P.nb_entry[P.nb_entry_indptr[n]:P.nb_entry_indptr[n + 1]]
            S.nb_troops_in[b, n] += land(P, S, b, a, P.nb_int_troops[n], entry)
            S.changes[b] += 1
        red = P.nb_red[P.nb_red_indptr[n]:P.nb_red_indptr[n + 1]]
        if S.nb_declared[b, n] and red.size:
            h = S.control[b, red]
            held = sum(1 for x in h if x >= 0 and P.nb_against[n, x])
            if S.nb_line0[b, n] < 0:
                S.nb_line0[b, n] = held
            if held > S.nb_line0[b, n]:
                S.nb_cross_days[b, n] += 1
            else:
                S.nb_cross_days[b, n] = 0
                S.nb_drawn[b, n] = False
            if S.nb_cross_days[b, n] >= P.nb_red_days[n] and not S.nb_drawn[b, n]:
                S.nb_drawn[b, n] = True
                u = uniform(P, rep, day, int(P.nb_uid[n]), rng.STREAM_INTERVENTION)
                if u < P.nb_credibility[n] and not S.nb_intervened[b, n]:
                    S.nb_intervened[b, n] = True
                    S.nb_arrive[b, n] = day + max(P.nb_mobilise[n], 1)
                    log(S, b, day, 4, a, n, P.nb_int_troops[n])
        if a >= 0 and S.nb_troops_in[b, n] >= 1:
            enemy = S.sp_troops[b, P.sp_client != a].sum()
            if enemy >= 1 and S.esc_g[b] >= P.esc_skirmish and S.forces.shape[1] > 1:
                interstate = True
    S.interstate[b] = interstate
