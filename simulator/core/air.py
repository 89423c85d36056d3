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


@njit(cache=True)
def air_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Fly every working air unit's sorties against enemy fighters within its range.

    Resets and fills ``air_lost[i]`` (fighters put out of action from the air in region i today)
    and ``air_hit[k, i]`` (the part struck by faction k).
    """
    n_f = S.forces.shape[1]
    air_lost, air_hit = S.air_lost[b], S.air_hit[b]
    for i in P.active:
        air_lost[i] = 0.0
        for k in range(n_f):
            air_hit[k, i] = 0.0
    if P.air_faction.shape[0] == 0:
        return
    _cover(P.active, P.ad_faction, P.ad_region, S.ad_sys[b], P.ad_cov_indptr, P.ad_cov,
           S.control[b], S.forces[b], P.presence, S.cover[b])
    forces, cover, losses, mil_deaths = S.forces[b], S.cover[b], S.losses[b], S.mil_deaths[b]
    presence, air_tgt, killed_share = P.presence, P.air_tgt, P.killed_share
    for a in range(P.air_faction.shape[0]):
        k = P.air_faction[a]
        base = P.air_region[a]
        if S.air_assets[b, a] <= 0.0 or not _working(S.control[b], forces, P.presence, k, base):
            continue
        lo, hi = P.air_tgt_indptr[a], P.air_tgt_indptr[a + 1]
        weight = 0.0
        for x in range(lo, hi):
            i = air_tgt[x]
            for e in range(n_f):
                if e != k and forces[e, i] >= presence:
                    weight += forces[e, i]
        if weight <= 0.0:
            continue
        sorties = (S.air_assets[b, a] * P.air_sorties[a]
                   * math.exp(-P.air_suppression * cover[k, base]))
        exposure = 0.0
        kills_a, protection = P.air_kills[a], P.air_protection
        for x in range(lo, hi):
            i = air_tgt[x]
            enemy = 0.0
            for e in range(n_f):
                if e != k and forces[e, i] >= presence:
                    enemy += forces[e, i]
            if enemy <= 0.0:
                continue
            s_i = sorties * enemy / weight
            exposure += (s_i / sorties) * cover[k, i]
            kills = min(s_i * kills_a * math.exp(-protection * cover[k, i]), enemy)
            for e in range(n_f):
                if e != k and forces[e, i] >= presence:
                    lost = kills * forces[e, i] / enemy
                    forces[e, i] -= lost
                    losses[e] += lost
                    mil_deaths[e] += killed_share * lost
                    air_lost[i] += lost
                    air_hit[k, i] += lost
        S.air_assets[b, a] *= math.exp(-P.air_attrition * exposure)
