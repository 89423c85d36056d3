"""Air power (MODEL.md phase 7): strikes from bases within range, weakened by air defence.

Equations in docs/MODEL.md, "Air power". A unit flies only while its faction holds (or is
present in) its base region; air defence works only where its faction holds or is present.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True, inline="always")
def _working(control: np.ndarray, forces: np.ndarray, presence: float, k: int, i: int) -> bool:
    """Return True when faction ``k`` holds region ``i`` or is present in it."""
    return control[i] == k or forces[k, i] >= presence


@njit(cache=True)
def air_cover(P, S, b: int) -> None:  # noqa: ANN001
    """Fill ``S.cover[b, k, i]``: working enemy air-defence systems covering region i against k.

    The systems of each unit are state (``S.ad_sys``): sponsors deliver more (phase 3).
    """
    _cover(P.active, P.ad_faction, P.ad_region, S.ad_sys[b], P.ad_cov_indptr, P.ad_cov,
           S.control[b], S.forces[b], P.presence, S.cover[b])


@njit(cache=True)
def _cover(active: np.ndarray, ad_faction: np.ndarray, ad_region: np.ndarray,
           ad_systems: np.ndarray, ad_cov_indptr: np.ndarray, ad_cov: np.ndarray,
           control: np.ndarray, forces: np.ndarray, presence: float, cover: np.ndarray) -> None:
    """Fill ``cover[k, i]`` of one replicate (``air_cover`` on arrays)."""
    n_f = forces.shape[0]
    for k in range(n_f):
        for i in active:
            cover[k, i] = 0.0
    for d in range(ad_faction.shape[0]):
        kd = ad_faction[d]
        if not _working(control, forces, presence, kd, ad_region[d]):
            continue
        for x in range(ad_cov_indptr[d], ad_cov_indptr[d + 1]):
            i = ad_cov[x]
            for k in range(n_f):
                if k != kd:
                    cover[k, i] += ad_systems[d]


@njit(cache=True, inline="always")
def interdicted(s: float, u: float, cut_off_effect: float) -> float:
    """Return supply factor ``s`` after today's interdiction factor ``u``: ``s`` when u = 1.

    ``min(s, c + (s - c) u)``: pushed toward the cut-off effect ``c``, never below it.
    """
    if u >= 1.0:
        return s
    return min(s, cut_off_effect + (s - cut_off_effect) * u)


@njit(cache=True)
def air_reset(P, S, b: int) -> None:  # noqa: ANN001
    """Reset today's air scratch of replicate ``b``: nothing struck, no interdiction (u = 1)."""
    n_f = S.forces.shape[1]
    air_lost, air_hit, air_cut = S.air_lost[b], S.air_hit[b], S.air_cut[b]
    for i in P.active:
        air_lost[i] = 0.0
        for k in range(n_f):
            air_hit[k, i] = 0.0
            air_cut[k, i] = 1.0


@njit(cache=True)
def _enemy_weight(forces: np.ndarray, targets: np.ndarray, k: int, presence: float) -> float:
    """Return the enemy fighters of ``k`` present in the ``targets`` regions (W_a)."""
    weight = 0.0
    for i in targets:
        for e in range(forces.shape[0]):
            if e != k and forces[e, i] >= presence:
                weight += forces[e, i]
    return weight


@njit(cache=True)
def _on_the_ground(P, start: np.ndarray, control: np.ndarray, forces: np.ndarray,  # noqa: ANN001
                   a: int) -> float:
    """Return the assets of the enemy units at working bases within unit ``a``'s range."""
    total = 0.0
    for x in range(P.air_bt_indptr[a], P.air_bt_indptr[a + 1]):
        t = P.air_bt[x]
        if start[t] > 0.0 and _working(control, forces, P.presence, P.air_faction[t],
                                       P.air_region[t]):
            total += start[t]
    return total


@njit(cache=True)
def air_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Fly every working air unit's sorties against enemy fighters, supply and air bases.

    Resets and fills ``air_lost[i]`` (fighters put out of action from the air in region i
    today), ``air_hit[k, i]`` (the part struck by faction k) and ``air_cut[e, i]`` (today's
    interdiction factor on e's supply); destroys enemy assets on the ground, counted in
    ``air_ground`` (docs/MODEL.md, "Air power").
    """
    air_reset(P, S, b)
    n_a = P.air_faction.shape[0]
    if n_a == 0:
        return
    _cover(P.active, P.ad_faction, P.ad_region, S.ad_sys[b], P.ad_cov_indptr, P.ad_cov,
           S.control[b], S.forces[b], P.presence, S.cover[b])
    forces, cover, control, assets = S.forces[b], S.cover[b], S.control[b], S.air_assets[b]
    start = assets.copy()  # every unit flies from the assets it had at the start of the phase
    ground = np.zeros(n_a)  # assets destroyed on the ground today, applied at the end
    for a in range(n_a):
        k = P.air_faction[a]
        base = P.air_region[a]
        if start[a] <= 0.0 or not _working(control, forces, P.presence, k, base):
            continue
        targets = P.air_tgt[P.air_tgt_indptr[a]:P.air_tgt_indptr[a + 1]]
        weight = _enemy_weight(forces, targets, k, P.presence)
        parked = _on_the_ground(P, start, control, forces, a) if P.air_base_share[a] > 0.0 \
            else 0.0
        if weight <= 0.0 and parked <= 0.0:
            continue
        sorties = start[a] * P.air_sorties[a] * math.exp(-P.air_suppression * cover[k, base])
        if sorties <= 0.0:
            continue
        share_b = P.air_base_share[a] if parked > 0.0 else 0.0
        exposure = 0.0
        if weight > 0.0:
            exposure = _strike_regions(P, S, b, a, targets, sorties, weight, share_b)
        if share_b > 0.0:
            exposure = (1.0 - share_b) * exposure + _strike_bases(
                P, start, cover, control, forces, a, share_b * sorties, parked, sorties, ground)
        assets[a] *= math.exp(-P.air_attrition * exposure)
    for t in range(n_a):
        if ground[t] > 0.0:
            lost = min(assets[t], ground[t])
            assets[t] -= lost
            S.air_ground[b, P.air_faction[t]] += lost


@njit(cache=True)
def _strike_regions(P, S, b: int, a: int, targets: np.ndarray, sorties: float,  # noqa: ANN001
                    weight: float, share_b: float) -> float:
    """Strike enemy fighters and supply in unit ``a``'s ``targets`` regions.

    Returns the unit's exposure sum over regions, Σ_i (s_i/σ_a)·D_{k,i}.
    """
    k = P.air_faction[a]
    n_f = S.forces.shape[1]
    forces, cover, air_cut = S.forces[b], S.cover[b], S.air_cut[b]
    losses, mil_deaths = S.losses[b], S.mil_deaths[b]
    air_lost, air_hit = S.air_lost[b], S.air_hit[b]
    presence, protection, killed_share = P.presence, P.air_protection, P.killed_share
    share_i = P.air_int_share[a]
    share_f = 1.0 - share_i - share_b
    kills_a = P.air_kills[a]
    rho = 1000.0 * share_i * sorties / weight  # interdiction sorties per 1,000 enemy fighters
    exposure = 0.0
    for i in targets:
        enemy = 0.0
        for e in range(n_f):
            if e != k and forces[e, i] >= presence:
                enemy += forces[e, i]
        if enemy <= 0.0:
            continue
        s_i = sorties * enemy / weight
        exposure += (s_i / sorties) * cover[k, i]
        shield = math.exp(-protection * cover[k, i])
        kills = min(s_i * share_f * kills_a * shield, enemy)
        cut = math.exp(-P.air_interdiction * rho * shield) if share_i > 0.0 else 1.0
        for e in range(n_f):
            if e != k and forces[e, i] >= presence:
                air_cut[e, i] *= cut
                lost = kills * forces[e, i] / enemy
                forces[e, i] -= lost
                losses[e] += lost
                mil_deaths[e] += killed_share * lost
                air_lost[i] += lost
                air_hit[k, i] += lost
    return exposure


@njit(cache=True)
def _strike_bases(P, start: np.ndarray, cover: np.ndarray, control: np.ndarray,  # noqa: ANN001
                  forces: np.ndarray, a: int, base_sorties: float, parked: float,
                  sorties: float, ground: np.ndarray) -> float:
    """Strike the enemy units on the ground at working bases in unit ``a``'s range.

    Adds the assets destroyed to ``ground`` and returns the base part of the unit's exposure,
    Σ_a' (s_{a,a'}/σ_a)·D_{k,β_a'}.
    """
    k = P.air_faction[a]
    exposure = 0.0
    for x in range(P.air_bt_indptr[a], P.air_bt_indptr[a + 1]):
        t = P.air_bt[x]
        if start[t] <= 0.0 or not _working(control, forces, P.presence, P.air_faction[t],
                                           P.air_region[t]):
            continue
        d = cover[k, P.air_region[t]]
        s_t = base_sorties * start[t] / parked
        ground[t] += s_t * P.air_base_kills * math.exp(-P.air_protection * d)
        exposure += (s_t / sorties) * d
    return exposure
