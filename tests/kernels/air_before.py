"""The air phase before interdiction and strikes on bases, frozen as a numba kernel.

A copy of ``simulator/core/air.py``'s ``air_phase`` at commit 972fab1, so a test can check that
the phase with zero interdiction and base shares is bit-identical to the old behaviour.
"""

from __future__ import annotations

import math

from numba import njit

from simulator.core.air import _cover, _working


@njit(cache=True)
def air_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """The air phase as it was before interdiction and base strikes (frozen, main at 972fab1).

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
