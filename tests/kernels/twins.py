"""Plain-numpy/Python twins of the compiled phases, written independently for comparison."""

from __future__ import annotations

import math

import numpy as np

from simulator.core import rng


def py_normal(key: int, counter: int) -> float:
    u1 = rng.py_uniform(key, 2 * counter)
    u2 = rng.py_uniform(key, 2 * counter + 1)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def py_mix(a: int, b: int) -> int:
    return rng.py_splitmix64(a ^ rng.py_splitmix64(b))


def lanchester2_closed(x0, y0, alpha, beta, t):
    """Textbook closed form, with the annihilation time and winner's survivors."""
    if x0 <= 0 or y0 <= 0:
        return max(x0, 0.0), max(y0, 0.0)
    if alpha * beta <= 0:
        return max(0.0, x0 - beta * y0 * t), max(0.0, y0 - alpha * x0 * t)
    g = np.sqrt(alpha * beta)
    inv = alpha * x0**2 - beta * y0**2
    if inv > 0:
        ts = np.arctanh(np.sqrt(beta * y0**2 / (alpha * x0**2))) / g
        if t >= ts:
            return np.sqrt(inv / alpha), 0.0
    elif inv < 0:
        ts = np.arctanh(np.sqrt(alpha * x0**2 / (beta * y0**2))) / g
        if t >= ts:
            return 0.0, np.sqrt(-inv / beta)
    x = x0 * np.cosh(g * t) - np.sqrt(beta / alpha) * y0 * np.sinh(g * t)
    y = y0 * np.cosh(g * t) - np.sqrt(alpha / beta) * x0 * np.sinh(g * t)
    return max(x, 0.0), max(y, 0.0)


def multi_rates(f, eff):
    total = f.sum()
    out = np.zeros_like(f)
    for j in range(len(f)):
        enemies = total - f[j]
        if f[j] <= 0 or enemies <= 0:
            continue
        mask = np.arange(len(f)) != j
        out[mask] -= eff[j] * f[j] / enemies * f[mask]
    return out


def lanchester_multi_rk4(f, eff, t, steps):
    f = f.astype(float).copy()
    h = t / steps
    for _ in range(steps):
        k1 = multi_rates(f, eff)
        k2 = multi_rates(np.maximum(f + 0.5 * h * k1, 0), eff)
        k3 = multi_rates(np.maximum(f + 0.5 * h * k2, 0), eff)
        k4 = multi_rates(np.maximum(f + h * k3, 0), eff)
        f = np.maximum(f + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4), 0)
    return f


def supply_factor(P, S, b, k, i):
    d = S.supply_d[b, k, i]
    if d == np.inf:
        return P.cut_off_effect
    return P.supply_floor + (1 - P.supply_floor) * math.exp(-d / P.supply_range)


def combat_supply(P, S, b, k, i):
    """Supply factor in today's combat: pushed toward the cut-off effect by interdiction."""
    s, u, c = supply_factor(P, S, b, k, i), S.air_cut[b, k, i], P.cut_off_effect
    return s if u == 1.0 else min(s, c + (s - c) * u)


def effectiveness(P, S, b, rep, day, i, k):
    e = P.lethality[k] * S.morale[b, k] * combat_supply(P, S, b, k, i)
    if S.control[b, i] == k:
        e *= {2: P.urban_defence, 3: P.mountain_defence}.get(int(P.terrain[i]), 1.0)
    if P.noise > 0:
        ent = py_mix(int(P.region_uid[i]), int(P.faction_uid[k]))
        key = rng.py_stream_key(int(P.seed), rep, day, ent, rng.STREAM_COMBAT)
        e *= math.exp(P.noise * py_normal(key, 0) - 0.5 * P.noise**2)
    if P.daily_noise > 0:
        key = rng.py_stream_key(int(P.seed), rep, day, int(P.faction_uid[k]),
                                rng.STREAM_COMBAT_DAILY)
        e *= math.exp(P.daily_noise * py_normal(key, 0) - 0.5 * P.daily_noise**2)
    return e


def combat_phase(P, S, b, rep, day):
    for i in P.active:
        air = S.air_lost[b, i]
        S.intensity[b, i] = 1 - math.exp(-air / P.intensity_scale) if air > 0 else 0.0
        S.fire[b, :, i] = 0.0
        f = S.forces[b, :, i].copy()
        present = np.flatnonzero(f > 0)
        if len(present) < 2:
            continue
        eff = np.array([effectiveness(P, S, b, rep, day, i, k) if f[k] > 0 else 0.0
                        for k in range(len(f))])
        S.fire[b, :, i] = eff * f
        if len(present) == 2:
            a, c = present
            f[a], f[c] = lanchester2_closed(f[a], f[c], eff[a], eff[c], 1.0)
        else:
            f = lanchester_multi_rk4(f, eff, 1.0, int(P.rk_substeps))
        lost = S.forces[b, :, i] - f
        S.mil_deaths[b] += P.killed_share * lost
        S.losses[b] += lost
        S.forces[b, :, i] = f
        S.intensity[b, i] = 1 - math.exp(-(lost.sum() + air) / P.intensity_scale)


def control_phase(P, S, b, rep, day):
    for i in P.active:
        S.days_held[b, i] += 1
        f = S.forces[b, :, i]
        present = f >= P.presence
        S.contested[b, i] = present.sum() >= 2
        if not present.any():
            lead = -1
        else:
            masked = np.where(present, f, -np.inf)
            lead = int(np.argmax(masked))
        if lead < 0 or lead == S.control[b, i]:
            S.cand[b, i], S.cand_days[b, i] = -1, 0
            continue
        enemies = f[present].sum() - f[lead]
        if f[lead] < P.capture_ratio * enemies:
            S.cand[b, i], S.cand_days[b, i] = -1, 0
            continue
        S.cand_days[b, i] = S.cand_days[b, i] + 1 if S.cand[b, i] == lead else 1
        S.cand[b, i] = lead
        if S.cand_days[b, i] >= P.capture_days:
            if S.control[b, i] >= 0:
                S.lost[b, S.control[b, i]] += P.value[S.control[b, i], i]
            S.gained[b, lead] += P.value[lead, i]
            S.changes[b] += 1
            S.control[b, i] = lead
            S.days_held[b, i] = 0
            S.cand[b, i], S.cand_days[b, i] = -1, 0


def civilians_phase(P, S, b, rep, day):
    from tests.kernels.twins_civ import civilians_phase as twin

    twin(P, S, b, rep, day)


# --- fields, factions and logistics -------------------------------------------------------
def dijkstra(active, indptr, indices, weight, mult, dist):
    import heapq

    heap = [(dist[i], int(i)) for i in active if dist[i] < np.inf]
    heapq.heapify(heap)
    while heap:
        d, i = heapq.heappop(heap)
        if d > dist[i]:
            continue
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            if mult[j] == np.inf:
                continue
            nd = d + weight[e] * mult[j]
            if nd < dist[j]:
                dist[j] = nd
                heapq.heappush(heap, (nd, int(j)))


def enemy_present(P, S, b, k, i):
    return any(S.forces[b, e, i] >= P.presence for e in range(S.forces.shape[1]) if e != k)


def threatened(P, S, b, k, i):
    nb = P.indices[P.indptr[i]:P.indptr[i + 1]]
    return enemy_present(P, S, b, k, i) or any(enemy_present(P, S, b, k, j) for j in nb)


def update_fields(P, S, b, day):
    if S.field_stamp[b] == S.changes[b] and day - S.field_day[b] < P.field_refresh:
        return
    S.field_day[b] = day
    for k in range(S.forces.shape[1]):
        d = S.supply_d[b, k]
        ctl = S.control[b]
        if P.supply_free[k]:
            d[P.active] = 0.0
        else:
            mult = np.where((ctl == k) | (ctl < 0) | (S.forces[b, k] >= P.presence), 1.0, np.inf)
            d[P.active] = np.where(P.supply_src[k, P.active] & (ctl[P.active] == k), 0.0, np.inf)
            dijkstra(P.active, P.indptr, P.indices, P.edge_time, mult, d)
        attacking = S.posture[b, k] == 1
        mult = np.where((ctl == k) | (ctl < 0), 1.0, 1.0 + P.enemy_cost)
        phi = S.phi[b, k]
        for i in P.active:
            v = P.value[k, i]
            src = (attacking and ctl[i] != k and v > 0) or (
                ctl[i] == k and threatened(P, S, b, k, i))
            phi[i] = -P.value_weight * v if src else np.inf
        dijkstra(P.active, P.indptr, P.indices, P.edge_time, mult, phi)
    S.field_stamp[b] = S.changes[b]


def defence(P, S, b, k, i):
    if S.control[b, i] == k:
        return {2: P.urban_defence, 3: P.mountain_defence}.get(int(P.terrain[i]), 1.0)
    return 1.0


def local_ratio(P, S, b, k, i, j):
    own = P.lethality[k] * S.morale[b, k] * supply_factor(P, S, b, k, i) * S.forces[b, k, i]
    enemy = sum(P.lethality[e] * S.morale[b, e] * defence(P, S, b, e, j) * S.forces[b, e, j]
                for e in range(S.forces.shape[1]) if e != k and S.forces[b, e, j] > 0)
    return np.inf if enemy <= 0 else own / enemy


def logistics_phase(P, S, b, rep, day):
    update_fields(P, S, b, day)
    n_f = S.forces.shape[1]
    flow = np.zeros_like(S.forces[b])
    for k in range(n_f):
        attacking = S.posture[b, k] == 1
        for i in P.active:
            f = S.forces[b, k, i]
            if f <= 0:
                continue
            mobile = f - P.garrison[i]
            dep = 0.0
            if mobile > 0:
                nb = P.indices[P.indptr[i]:P.indptr[i + 1]]

                def ok(j, k=k, i=i, attacking=attacking):
                    c = S.control[b, j]
                    if c != k and c >= 0:
                        return attacking and local_ratio(P, S, b, k, i, j) >= P.attack_ratio
                    return True

                targets = [j for j in nb if attacking and 0 <= S.control[b, j] != k
                           and P.value[k, j] > 0 and ok(j)]
                if targets:  # MODEL.md's advance: into the most valuable enemy-held target
                    top = max(P.value[k, j] for j in targets)
                    chosen = [j for j in targets if P.value[k, j] >= top - 1e-9 * top]
                    dep = min(1.0, P.advance_speed / P.cell_km) * mobile
                    for j in chosen:
                        flow[k, j] += dep / len(chosen)
                cands = [j for j in nb if S.phi[b, k, j] < S.phi[b, k, i] and ok(j)]
                if cands and not targets:
                    best = min(S.phi[b, k, j] for j in cands)
                    tol = 1e-9 * max(1.0, abs(best))
                    chosen = [j for j in nb if S.phi[b, k, j] <= best + tol and ok(j)]
                    enemy = any(S.control[b, j] != k and S.control[b, j] >= 0 for j in chosen)
                    rate = (min(1.0, P.advance_speed / P.cell_km) if enemy
                            else min(1.0, P.move_rate * P.speed[i] / P.cell_km))
                    dep = rate * mobile
                    for j in chosen:
                        flow[k, j] += dep / len(chosen)
            att = 0.0
            if S.supply_d[b, k, i] == np.inf:
                att = P.cut_off_attrition * (f - dep)
                S.losses[b, k] += att
            flow[k, i] -= dep + att
    S.forces[b] = np.where(flow != 0, np.maximum(S.forces[b] + flow, 0.0), S.forces[b])
