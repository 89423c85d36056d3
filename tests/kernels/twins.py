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


def effectiveness(P, S, b, rep, day, i, k):
    e = P.lethality[k] * S.morale[b, k] * supply_factor(P, S, b, k, i)
    if S.control[b, i] == k:
        e *= {2: P.urban_defence, 3: P.mountain_defence}.get(int(P.terrain[i]), 1.0)
    if P.noise > 0:
        ent = py_mix(int(P.region_uid[i]), int(P.faction_uid[k]))
        key = rng.py_stream_key(int(P.seed), rep, day, ent, rng.STREAM_COMBAT)
        e *= math.exp(P.noise * py_normal(key, 0) - 0.5 * P.noise**2)
    return e


def combat_phase(P, S, b, rep, day):
    for i in P.active:
        S.intensity[b, i] = 0.0
        f = S.forces[b, :, i].copy()
        present = np.flatnonzero(f > 0)
        if len(present) < 2:
            continue
        eff = np.array([effectiveness(P, S, b, rep, day, i, k) if f[k] > 0 else 0.0
                        for k in range(len(f))])
        if len(present) == 2:
            a, c = present
            f[a], f[c] = lanchester2_closed(f[a], f[c], eff[a], eff[c], 1.0)
        else:
            f = lanchester_multi_rk4(f, eff, 1.0, int(P.rk_substeps))
        lost = S.forces[b, :, i] - f
        S.mil_deaths[b] += P.killed_share * lost
        S.losses[b] += lost
        S.changes[b] += int(((S.forces[b, :, i] >= P.presence) != (f >= P.presence)).sum())
        S.forces[b, :, i] = f
        S.intensity[b, i] = 1 - math.exp(-lost.sum() / P.intensity_scale)


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
    inflow = np.zeros(S.home.shape[1])
    for i in P.active:
        inten = S.intensity[b, i]
        if inten <= 0:
            continue
        kill = min(P.harm_rate * inten, 1.0)
        dead = kill * (S.home[b, i] + S.hosted[b, i])
        S.home[b, i] *= 1 - kill
        S.hosted[b, i] *= 1 - kill
        S.civ_deaths[b, i] += dead
        nb = P.indices[P.indptr[i]:P.indptr[i + 1]]
        if len(nb) == 0:
            continue
        w = (1 - S.intensity[b, nb]) * (P.population0[nb] + 1)
        if w.sum() <= 0:
            continue
        share = min(P.flee_rate * inten, 1.0)
        leave = share * (S.home[b, i] + S.hosted[b, i])
        S.home[b, i] *= 1 - share
        S.hosted[b, i] *= 1 - share
        np.add.at(inflow, nb, leave * w / w.sum())
    S.hosted[b] += inflow
