"""Plain-Python twins of the air-power and allegiance phases."""

from __future__ import annotations

import math

import numpy as np

from simulator.core import rng


def working(P, S, b, k, i):
    return S.control[b, i] == k or S.forces[b, k, i] >= P.presence


def air_cover(P, S, b):
    n_f = S.forces.shape[1]
    cover = np.zeros((n_f, S.forces.shape[2]))
    for d in range(len(P.ad_faction)):
        kd = P.ad_faction[d]
        if not working(P, S, b, kd, P.ad_region[d]):
            continue
        regions = P.ad_cov[P.ad_cov_indptr[d]:P.ad_cov_indptr[d + 1]]
        for k in range(n_f):
            if k != kd:
                cover[k, regions] += S.ad_sys[b, d]
    S.cover[b][:, P.active] = cover[:, P.active]


def air_phase(P, S, b, rep, day):
    """Strikes on fighters, supply (interdiction) and air bases, as docs/MODEL.md writes them."""
    S.air_lost[b, P.active] = 0.0
    S.air_hit[b][:, P.active] = 0.0
    S.air_cut[b][:, P.active] = 1.0
    if len(P.air_faction) == 0:
        return
    air_cover(P, S, b)
    n_f = S.forces.shape[1]
    start = S.air_assets[b].copy()
    destroyed = np.zeros(len(start))
    for a in range(len(P.air_faction)):
        k, base = P.air_faction[a], P.air_region[a]
        if start[a] <= 0 or not working(P, S, b, k, base):
            continue
        tg = P.air_tgt[P.air_tgt_indptr[a]:P.air_tgt_indptr[a + 1]]
        enemies = [e for e in range(n_f) if e != k]

        def enemy_at(i, enemies=enemies):
            return sum(S.forces[b, e, i] for e in enemies if S.forces[b, e, i] >= P.presence)

        weight = sum(enemy_at(i) for i in tg)
        iota, beta = P.air_int_share[a], P.air_base_share[a]
        parked = {}
        if beta > 0:
            for t in P.air_bt[P.air_bt_indptr[a]:P.air_bt_indptr[a + 1]]:
                if start[t] > 0 and working(P, S, b, P.air_faction[t], P.air_region[t]):
                    parked[t] = start[t]
        total_parked = sum(parked.values())
        if weight <= 0 and total_parked <= 0:
            continue
        sigma = start[a] * P.air_sorties[a] * math.exp(-P.air_suppression * S.cover[b, k, base])
        if sigma <= 0:
            continue
        beta_eff = beta if total_parked > 0 else 0.0
        x_regions = 0.0
        if weight > 0:
            rho = 1000 * iota * sigma / weight
            for i in tg:
                enemy = enemy_at(i)
                if enemy <= 0:
                    continue
                s_i = sigma * enemy / weight
                d = S.cover[b, k, i]
                x_regions += s_i / sigma * d
                kills = min((1 - iota - beta_eff) * s_i * P.air_kills[a]
                            * math.exp(-P.air_protection * d), enemy)
                u = math.exp(-P.air_interdiction * rho * math.exp(-P.air_protection * d))
                for e in enemies:
                    if S.forces[b, e, i] >= P.presence:
                        S.air_cut[b, e, i] *= u
                        lost = kills * S.forces[b, e, i] / enemy
                        S.forces[b, e, i] -= lost
                        S.losses[b, e] += lost
                        S.mil_deaths[b, e] += P.killed_share * lost
                        S.air_lost[b, i] += lost
                        S.air_hit[b, k, i] += lost
        x_bases = 0.0
        for t, n_t in parked.items():
            s_t = beta_eff * sigma * n_t / total_parked
            d = S.cover[b, k, P.air_region[t]]
            destroyed[t] += s_t * P.air_base_kills * math.exp(-P.air_protection * d)
            x_bases += s_t / sigma * d
        exposure = (1 - beta_eff) * x_regions + x_bases
        S.air_assets[b, a] *= math.exp(-P.air_attrition * exposure)
    for t in range(len(start)):
        lost = min(S.air_assets[b, t], destroyed[t])
        S.air_assets[b, t] -= lost
        S.air_ground[b, P.air_faction[t]] += lost


def allegiance_phase(P, S, b, rep, day):
    n_f = S.forces.shape[1]
    treasury = S.treasury[b].sum()
    for i in P.active:
        a = S.group_side[b, i]
        if a < 0 or S.group[b, i] <= 0:
            continue
        S.group[b, i] = min(S.group[b, i], S.forces[b, a, i])
        if S.group[b, i] < P.presence:
            continue
        nb = P.indices[P.indptr[i]:P.indptr[i + 1]]
        power = np.array([P.lethality[k] * S.morale[b, k]
                          * (S.forces[b, k, i] + S.forces[b, k, nb].sum()) for k in range(n_f)])
        total = power.sum()
        for k in range(n_f):
            share = power[k] / total if total > 0 else P.loyalty0[k, i]
            pay = S.treasury[b, k] / treasury if treasury > 0 else P.loyalty0[k, i]
            target = P.w_power * share + P.w_ties * P.loyalty0[k, i] + P.w_pay * pay
            S.loyalty[b, k, i] += P.drift * (target - S.loyalty[b, k, i])
        gaps = [(S.loyalty[b, k, i] - S.loyalty[b, a, i], k) for k in range(n_f) if k != a]
        gap, best = max(gaps) if gaps else (0.0, -1)
        if gap <= 0:
            continue
        best = min(k for g, k in gaps if g == gap)
        key = rng.py_stream_key(int(P.seed), rep, day, int(P.region_uid[i]), rng.STREAM_DEFECTION)
        if rng.py_uniform(key, 0) < 1 - math.exp(-P.defect_rate * gap):
            g = min(S.group[b, i], S.forces[b, a, i])
            S.forces[b, a, i] -= g
            S.forces[b, best, i] += g
            S.group_side[b, i] = best
            S.changes[b] += 1
            enemies = sum(S.forces[b, e, i] for e in range(n_f)
                          if e != best and S.forces[b, e, i] >= P.presence)
            if S.control[b, i] != best and S.forces[b, best, i] >= P.capture_ratio * enemies:
                old = S.control[b, i]
                if old >= 0:
                    S.lost[b, old] += P.value[old, i]
                S.gained[b, best] += P.value[best, i]
                S.control[b, i] = best
                S.days_held[b, i] = 0
            n = S.ev_n[b]
            if n < S.ev_day.shape[1]:
                S.ev_day[b, n], S.ev_kind[b, n], S.ev_actor[b, n] = day, 1, best
                S.ev_place[b, n], S.ev_value[b, n] = i, float(a)
            S.ev_n[b] = n + 1
