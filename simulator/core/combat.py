"""Ground combat (MODEL.md phase 8): Lanchester's square law in each region, exact over a day.

Two factions present: the closed form of the square law with the day's effectiveness held
constant, clipped at annihilation (docs/MODEL.md, "Ground combat"). Three or more: each faction
splits its fire over its enemies in proportion to their strength, integrated with classical RK4
in ``rk_substeps`` steps and clipped at zero. Effectiveness is the faction's lethality times its
morale, its supply factor (after today's air interdiction, ``air_cut``), a defence bonus for
the holder of urban or mountain regions, and a daily log-normal factor from the combat stream.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from simulator.core.air import interdicted
from simulator.core.fields import supply_factor
from simulator.core.rng import (
    STREAM_COMBAT,
    STREAM_COMBAT_DAILY,
    day_key,
    entity_key,
    mix,
    mix_hashed,
    normal,
    splitmix64,
    stream_key,
)

URBAN, MOUNTAIN = 2, 3


@njit(cache=True, inline="always")
def _left(w0: float, l0: float, ratio: float, fallback: float) -> float:
    """Return the winner's squared survivors ``w0**2 - ratio * l0**2`` (never NaN).

    With a denormal effectiveness ``ratio`` overflows to infinity while ``l0**2`` may underflow
    to 0; then the same quantity is taken as ``fallback`` (``dx / alpha``), finite by
    construction.
    """
    if ratio < math.inf:
        return w0 * w0 - ratio * l0 * l0
    return fallback


@njit(cache=True)
def lanchester2(x0: float, y0: float, alpha: float, beta: float, t: float) -> tuple:
    """Return ``(x, y)`` after time ``t`` of the square law ``x' = -beta*y, y' = -alpha*x``.

    Exact: the closed form while both sides stand; at annihilation the loser is 0 and the
    winner keeps ``sqrt(x0**2 - (beta/alpha) * y0**2)`` (or its mirror).
    """
    if x0 <= 0.0 or y0 <= 0.0 or t <= 0.0:
        return max(x0, 0.0), max(y0, 0.0)
    if alpha * beta <= 0.0:
        # One side cannot hurt the other (or the product underflows): linear losses.
        x = max(0.0, x0 - beta * y0 * t)
        y = max(0.0, y0 - alpha * x0 * t)
        return x, y
    g = math.sqrt(alpha * beta)
    dx = alpha * x0 * x0 - beta * y0 * y0
    if dx > 0.0:  # X wins eventually
        t_star = math.atanh(math.sqrt(beta * y0 * y0 / (alpha * x0 * x0))) / g
        if t >= t_star:
            return math.sqrt(_left(x0, y0, beta / alpha, dx / alpha)), 0.0
    elif dx < 0.0:
        t_star = math.atanh(math.sqrt(alpha * x0 * x0 / (beta * y0 * y0))) / g
        if t >= t_star:
            return 0.0, math.sqrt(_left(y0, x0, alpha / beta, -dx / beta))
    c, s = math.cosh(g * t), math.sinh(g * t)
    x = x0 * c - math.sqrt(beta / alpha) * y0 * s
    y = y0 * c - math.sqrt(alpha / beta) * x0 * s
    return max(x, 0.0), max(y, 0.0)


@njit(cache=True)
def _rates(f: np.ndarray, eff: np.ndarray, out: np.ndarray) -> None:
    """Write ``df/dt`` of the fire-splitting square law for strengths ``f`` into ``out``."""
    k = f.shape[0]
    total = 0.0
    for i in range(k):
        total += f[i]
    for i in range(k):
        out[i] = 0.0
    for j in range(k):
        enemies = total - f[j]
        if f[j] <= 0.0 or enemies <= 0.0:
            continue
        fire = eff[j] * f[j] / enemies
        for i in range(k):
            if i != j:
                out[i] -= fire * f[i]


@njit(cache=True)
def lanchester_multi(
    f: np.ndarray, eff: np.ndarray, t: float, steps: int, work: np.ndarray
) -> None:
    """Advance strengths ``f`` in place by time ``t`` with RK4 in ``steps`` steps, clipped at 0.

    ``work`` is scratch of shape ``(5, len(f))``. Fire of faction j is split over its enemies in
    proportion to their strength.
    """
    h = t / steps
    k = f.shape[0]
    k1, k2, k3, k4, tmp = work[0], work[1], work[2], work[3], work[4]
    for _ in range(steps):
        _rates(f, eff, k1)
        for i in range(k):
            tmp[i] = max(f[i] + 0.5 * h * k1[i], 0.0)
        _rates(tmp, eff, k2)
        for i in range(k):
            tmp[i] = max(f[i] + 0.5 * h * k2[i], 0.0)
        _rates(tmp, eff, k3)
        for i in range(k):
            tmp[i] = max(f[i] + h * k3[i], 0.0)
        _rates(tmp, eff, k4)
        for i in range(k):
            f[i] = max(f[i] + h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]), 0.0)


@njit(cache=True)
def defence(holder: int, terrain: int, urban: float, mountain: float, k: int) -> float:
    """Return faction ``k``'s defence multiplier in a region of ``terrain`` held by ``holder``.

    1 unless k holds it; then ``urban`` or ``mountain`` on those terrains.
    """
    if holder == k:
        if terrain == URBAN:
            return urban
        if terrain == MOUNTAIN:
            return mountain
    return 1.0


@njit(cache=True)
def daily_factors(seed, rep: int, day: int, faction_uid: np.ndarray, daily_noise: float,  # noqa: ANN001
                  out: np.ndarray) -> None:
    """Fill ``out[k]``: faction k's log-normal effectiveness factor today (mean 1)."""
    for k in range(out.shape[0]):
        key = stream_key(seed, rep, day, faction_uid[k], STREAM_COMBAT_DAILY)
        out[k] = math.exp(daily_noise * normal(key, 0) - 0.5 * daily_noise * daily_noise)


@njit(cache=True)
def effectiveness(base: float, noise: float, seed, rep: int, day: int, region_uid,  # noqa: ANN001
                  faction_uid, daily: float, daily_noise: float) -> float:  # noqa: ANN001
    """Return the square-law kill rate (1/day) of a faction whose noiseless rate is ``base``.

    ``base`` = lethality x morale x supply factor x defence; times the region's log-normal
    factor of the day (``noise``) and the faction's (``daily``, when ``daily_noise`` > 0).
    """
    e = base
    if noise > 0.0:
        key = stream_key(seed, rep, day, mix(region_uid, faction_uid), STREAM_COMBAT)
        e *= math.exp(noise * normal(key, 0) - 0.5 * noise * noise)
    if daily_noise > 0.0:
        e *= daily
    return e


@njit(cache=True)
def combat_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Fight one day in every region where two or more factions have fighters.

    Updates forces, cumulative military deaths, today's combat intensity per region (with the
    fighters lost to today's air strikes, ``air_lost``, which the air phase resets) and each
    faction's ground fire ``fire = effectiveness x fighters`` (for the attribution of harm).
    The tuples' arrays are read into locals once, and the region's noise key is made from
    parts hashed once a day (``day_key``) and once per faction (``mix_hashed``): the same keys
    and draws as ``effectiveness``, which the tests compare with (docs/PERFORMANCE.md).
    """
    forces = S.forces[b]
    fire = S.fire[b]
    control = S.control[b]
    supply_d = S.supply_d[b]
    morale = S.morale[b]
    intensity = S.intensity[b]
    air_lost = S.air_lost[b]
    air_cut = S.air_cut[b]
    mil_deaths = S.mil_deaths[b]
    losses = S.losses[b]
    active, terrain, region_uid = P.active, P.terrain, P.region_uid
    lethality, faction_uid = P.lethality, P.faction_uid
    floor, cut_off, s_range = P.supply_floor, P.cut_off_effect, P.supply_range
    urban, mountain = P.urban_defence, P.mountain_defence
    noise, daily_noise, scale = P.noise, P.daily_noise, P.intensity_scale
    killed_share, rk_substeps = P.killed_share, P.rk_substeps
    n_f = forces.shape[0]
    f = np.empty(n_f)
    eff = np.empty(n_f)
    work = np.empty((5, n_f))
    daily = np.ones(n_f)
    if daily_noise > 0.0:
        daily_factors(P.seed, rep, day, faction_uid, daily_noise, daily)
    hday = day_key(P.seed, rep, day)
    hfac = np.empty(n_f, dtype=np.uint64)
    for k in range(n_f):
        hfac[k] = splitmix64(np.uint64(faction_uid[k]))
    half_var = 0.5 * noise * noise
    for i in active:
        from_air = air_lost[i]
        intensity[i] = 1.0 - math.exp(-from_air / scale) if from_air > 0.0 else 0.0
        present = 0
        for k in range(n_f):
            fire[k, i] = 0.0
            if forces[k, i] > 0.0:
                present += 1
        if present < 2:
            continue
        for k in range(n_f):
            f[k] = forces[k, i]
            if f[k] > 0.0:
                e = (lethality[k] * morale[k]
                     * interdicted(supply_factor(supply_d[k, i], floor, cut_off, s_range),
                                   air_cut[k, i], cut_off)
                     * defence(control[i], terrain[i], urban, mountain, k))
                if noise > 0.0:  # effectiveness(...), written out
                    key = entity_key(hday, mix_hashed(region_uid[i], hfac[k]), STREAM_COMBAT)
                    e *= math.exp(noise * normal(key, 0) - half_var)
                if daily_noise > 0.0:
                    e *= daily[k]
                eff[k] = e
            else:
                eff[k] = 0.0
            fire[k, i] = eff[k] * f[k]
        if present == 2:
            a, c = -1, -1
            for k in range(n_f):
                if f[k] > 0.0:
                    if a < 0:
                        a = k
                    else:
                        c = k
            f[a], f[c] = lanchester2(f[a], f[c], eff[a], eff[c], 1.0)
        else:
            lanchester_multi(f, eff, 1.0, rk_substeps, work)
        lost = 0.0
        for k in range(n_f):
            d = forces[k, i] - f[k]
            lost += d
            mil_deaths[k] += killed_share * d
            losses[k] += d
            forces[k, i] = f[k]
        intensity[i] = 1.0 - math.exp(-(lost + from_air) / scale)
