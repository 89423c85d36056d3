"""Plain numpy twins of the civilians and economy phases (independently written)."""

import math

import numpy as np


def civilians_phase(P, S, b, rep, day):
    act = P.active
    S.cf_days[b] = S.cf_days[b] + 1 if S.ceasefire[b] == 2 else 0
    if S.cf_days[b] >= P.return_after and P.return_rate > 0:
        H = S.hosted[b, act].sum()
        if H > 0:
            calm = act[S.intensity[b, act] <= 0]
            r = np.minimum(P.return_rate * S.origin[b, calm], S.origin[b, calm])
            S.origin[b, calm] -= r
            S.home[b, calm] += r
            S.hosted[b, act] *= max(1 - r.sum() / H, 0.0)
    esc = S.escalation[b]
    sh = P.shelling if esc >= 2 else 0.0
    ah = P.air_harm if esc >= 3 else 0.0
    inflow = np.zeros(S.home.shape[1])
    lost = 0.0
    for i in act:
        inten = S.intensity[b, i]
        strike = 1 - math.exp(-S.air_lost[b, i] / P.intensity_scale) if (
            ah > 0 and S.air_lost[b, i] > 0) else 0.0
        danger = inten * (1 + sh) + ah * strike
        if danger <= 0:
            continue
        causes = np.array([P.harm_rate * inten, P.harm_rate * inten * sh,
                           P.harm_rate * ah * strike])
        h = causes.sum()
        if h > 0:
            kill = min(h, 1.0)
            dead = kill * (S.home[b, i] + S.hosted[b, i])
            lost += kill * S.hosted[b, i]
            S.home[b, i] *= 1 - kill
            S.hosted[b, i] *= 1 - kill
            S.civ_deaths[b, i] += dead
            S.civ_injured[b] += P.injury_ratio * dead
            S.civ_cause[b] += dead * causes / h
            fire, hit = S.fire[b, :, i], S.air_hit[b, :, i]
            ground = dead * (causes[0] + causes[1]) / h
            if fire.sum() > 0:
                S.civ_by[b] += ground * fire / fire.sum()
            elif hit.sum() > 0:
                S.civ_by[b] += ground * hit / hit.sum()
            if hit.sum() > 0:
                S.civ_by[b] += dead * causes[2] / h * hit / hit.sum()
        nb = P.indices[P.indptr[i]:P.indptr[i + 1]]
        w = (1 - S.intensity[b, nb]) * (P.population0[nb] + 1)
        c = P.near_crossing[i]
        a = 0.0 if c < 0 else P.abroad_share * (1.0, 0.5, 0.0)[S.border[b, c]]
        share = min(P.flee_rate * danger, 1.0)
        if w.sum() <= 0:
            share, a = share * a, 1.0
        if share <= 0:
            continue
        gh, gd = share * S.home[b, i], share * S.hosted[b, i]
        S.home[b, i] -= gh
        S.hosted[b, i] -= gd
        S.refugees[b, max(c, 0)] += a * (gh + gd)
        S.origin[b, i] += (1 - a) * gh
        lost += a * gd
        if (1 - a) * (gh + gd) > 0:
            np.add.at(inflow, nb, (1 - a) * (gh + gd) * w / w.sum())
    S.hosted[b] += inflow
    total = S.origin[b, act].sum()
    if lost > 0 and total > 0:
        S.origin[b, act] *= max(1 - lost / total, 0.0)


def economy_phase(P, S, b, rep, day):
    k_n = S.forces.shape[1]
    act = P.active
    reg = P.revenue_regions
    to = -1
    w = 1.0 + P.population0[reg] / 1000.0  # a region weighs 1 + its residents / 1,000
    for k in range(k_n):
        if len(reg) and 2 * w[S.control[b, reg] == k].sum() > w.sum():
            to = k
    c = S.control[b, act]
    ok = (c >= 0) & ~S.blockade[b][np.maximum(c, 0)]
    intact = (1 - S.damage[b, act]) * ok
    out = np.array([(P.field_bpd[act] * intact * (c == k)).sum() for k in range(k_n)])
    cap = (P.terminal_bpd[act] * intact).sum()
    x = out * (min(out.sum(), cap) / out.sum() if out.sum() > 0 else 0.0)
    S.oil_out[b] = x.sum()
    S.revenue[b] = 0.0
    money = x * P.oil_price * P.state_take * P.war_share / 1e6
    if to >= 0:
        S.revenue[b, to] = money.sum()
    else:
        S.revenue[b] = money
    S.treasury[b] += S.revenue[b]
    oil = act[(P.field_bpd[act] > 0) | (P.terminal_bpd[act] > 0)]
    d = S.damage[b, oil]
    d = d + P.damage_rate * S.intensity[b, oil] * (1 - d) - P.repair_rate * d
    S.damage[b, oil] = np.clip(d, 0.0, 1.0)
