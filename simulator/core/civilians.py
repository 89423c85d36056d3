"""Civilians (MODEL.md phase 10): harm by cause and faction, flight, refugees, return.

Equations in docs/MODEL.md, "Civilians". Harm comes from ground combat (always), shelling (from
escalation level 2) and air strikes (from level 3); it is attributed to the factions by their
share of the fire. People flee to calmer neighbouring regions, and near an official crossing
into a country whose border is open a share of them goes abroad. After ``return_after`` days of
ceasefire the displaced go home. Flows are computed for all regions first and applied after;
the sum of people at home, displaced, abroad and dead never changes.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

CEASEFIRE = 2  # index of "ceasefire" in layout.CEASEFIRE_STATES
OPEN, REINFORCED = 0, 1  # layout.BORDER_POSTURES


@njit(cache=True)
def _return_home(active: np.ndarray, rate: float, intensity: np.ndarray, origin: np.ndarray,
                 home: np.ndarray, hosted: np.ndarray) -> None:
    """Send ``rate`` of each region's displaced back home, taken from every host pool."""
    total = 0.0
    for i in active:
        total += hosted[i]
    if total <= 0.0:
        return
    back = 0.0
    for i in active:
        if intensity[i] > 0.0:
            continue
        r = min(rate * origin[i], origin[i])
        origin[i] -= r
        home[i] += r
        back += r
    keep = max(1.0 - back / total, 0.0)
    for i in active:
        hosted[i] *= keep


@njit(cache=True)
def civilians_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Apply today's returns, civilian harm, flight and departures abroad, conserving people."""
    if S.ceasefire[b] == CEASEFIRE:
        S.cf_days[b] += 1
    else:
        S.cf_days[b] = 0
    if S.cf_days[b] >= P.return_after and P.return_rate > 0.0:
        _return_home(P.active, P.return_rate, S.intensity[b], S.origin[b], S.home[b],
                     S.hosted[b])
    sh = P.shelling if S.escalation[b] >= 2 else 0.0
    ah = P.air_harm if S.escalation[b] >= 3 else 0.0
    n_f = S.forces.shape[1]
    lost_displaced = 0.0
    intensity, home, hosted, inflow = S.intensity[b], S.home[b], S.hosted[b], S.inflow[b]
    air_lost, fire, air_hit, civ_by = S.air_lost[b], S.fire[b], S.air_hit[b], S.civ_by[b]
    civ_deaths, civ_cause = S.civ_deaths[b], S.civ_cause[b]
    border, refugees, origin = S.border[b], S.refugees[b], S.origin[b]
    active, indptr, indices, pop0 = P.active, P.indptr, P.indices, P.population0
    near_crossing = P.near_crossing
    harm_rate, flee_rate, abroad_share = P.harm_rate, P.flee_rate, P.abroad_share
    scale = P.intensity_scale
    injured, injury_ratio = S.civ_injured[b], P.injury_ratio
    for i in active:
        inflow[i] = 0.0
    for i in active:
        inten = intensity[i]
        strike = 0.0
        if ah > 0.0 and air_lost[i] > 0.0:
            strike = 1.0 - math.exp(-air_lost[i] / scale)
        danger = inten * (1.0 + sh) + ah * strike
        if danger <= 0.0:
            continue
        hg = harm_rate * inten
        hs = hg * sh
        ha = harm_rate * ah * strike
        h = hg + hs + ha
        if h > 0.0:
            kill = min(h, 1.0)
            dead_home = kill * home[i]
            dead_hosted = kill * hosted[i]
            dead = dead_home + dead_hosted
            home[i] -= dead_home
            hosted[i] -= dead_hosted
            lost_displaced += dead_hosted
            civ_deaths[i] += dead
            injured += injury_ratio * dead
            civ_cause[0] += dead * hg / h
            civ_cause[1] += dead * hs / h
            civ_cause[2] += dead * ha / h
            # Attribution: ground and shelling deaths by the factions' share of ground fire
            # (else of today's air strikes), air deaths by the share of air strikes.
            for use_fire in (True, False):
                part = dead * (hg + hs) / h if use_fire else dead * ha / h
                total = 0.0
                if use_fire:
                    for k in range(n_f):
                        total += fire[k, i]
                if total > 0.0:
                    for k in range(n_f):
                        civ_by[k] += part * fire[k, i] / total
                    continue
                for k in range(n_f):
                    total += air_hit[k, i]
                if total > 0.0:
                    for k in range(n_f):
                        civ_by[k] += part * air_hit[k, i] / total
        # Flight: share of region i flees to the neighbours' inflow, weighted by calm and
        # size, and, near an open crossing, abroad; lost_displaced counts displaced who left.
        share = min(flee_rate * danger, 1.0)
        lo, hi = indptr[i], indptr[i + 1]
        wsum = 0.0
        for e in range(lo, hi):
            j = indices[e]
            wsum += (1.0 - intensity[j]) * (pop0[j] + 1.0)
        c = near_crossing[i]
        a = 0.0
        if c >= 0:
            posture = border[c]
            a = abroad_share if posture == OPEN else (0.5 * abroad_share
                                                        if posture == REINFORCED else 0.0)
        if wsum <= 0.0:  # nowhere to go inside: only the share that may go abroad leaves
            share *= a
            a = 1.0
        if share <= 0.0:
            continue
        from_home = share * home[i]
        from_hosted = share * hosted[i]
        home[i] -= from_home
        hosted[i] -= from_hosted
        if c >= 0:
            refugees[c] += a * (from_home + from_hosted)
        origin[i] += (1.0 - a) * from_home
        inside = (1.0 - a) * (from_home + from_hosted)
        if inside > 0.0:
            for e in range(lo, hi):
                j = indices[e]
                inflow[j] += inside * (1.0 - intensity[j]) * (pop0[j] + 1.0) / wsum
        lost_displaced += a * from_hosted
    S.civ_injured[b] = injured
    for i in active:
        hosted[i] += inflow[i]
    _settle_origins(active, origin, lost_displaced)


@njit(cache=True)
def _settle_origins(active: np.ndarray, origin: np.ndarray, lost: float) -> None:
    """Take displaced people who died or left the country off every origin, in proportion."""
    if lost <= 0.0:
        return
    total = 0.0
    for i in active:
        total += origin[i]
    if total <= 0.0:
        return
    keep = max(1.0 - lost / total, 0.0)
    for i in active:
        origin[i] *= keep
