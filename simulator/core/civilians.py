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

from numba import njit

CEASEFIRE = 2  # index of "ceasefire" in layout.CEASEFIRE_STATES
OPEN, REINFORCED = 0, 1  # layout.BORDER_POSTURES


@njit(cache=True, inline="always")
def _attribute(P, S, b: int, i: int, dead: float, use_fire: bool) -> None:  # noqa: ANN001
    """Add ``dead`` to the factions' tallies by their share of fire in region ``i``.

    Ground fire when ``use_fire`` and there is any, else today's air strikes; else nobody.
    """
    n_f = S.forces.shape[1]
    total = 0.0
    if use_fire:
        for k in range(n_f):
            total += S.fire[b, k, i]
    if total > 0.0:
        for k in range(n_f):
            S.civ_by[b, k] += dead * S.fire[b, k, i] / total
        return
    for k in range(n_f):
        total += S.air_hit[b, k, i]
    if total > 0.0:
        for k in range(n_f):
            S.civ_by[b, k] += dead * S.air_hit[b, k, i] / total


@njit(cache=True)
def _return_home(P, S, b: int) -> None:  # noqa: ANN001
    """Send ``return_rate`` of each region's displaced back home, taken from every host pool."""
    hosted = 0.0
    for i in P.active:
        hosted += S.hosted[b, i]
    if hosted <= 0.0:
        return
    back = 0.0
    for i in P.active:
        if S.intensity[b, i] > 0.0:
            continue
        r = min(P.return_rate * S.origin[b, i], S.origin[b, i])
        S.origin[b, i] -= r
        S.home[b, i] += r
        back += r
    keep = max(1.0 - back / hosted, 0.0)
    for i in P.active:
        S.hosted[b, i] *= keep


@njit(cache=True)
def civilians_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Apply today's returns, civilian harm, flight and departures abroad, conserving people."""
    if S.ceasefire[b] == CEASEFIRE:
        S.cf_days[b] += 1
    else:
        S.cf_days[b] = 0
    if S.cf_days[b] >= P.return_after and P.return_rate > 0.0:
        _return_home(P, S, b)
    sh = P.shelling if S.escalation[b] >= 2 else 0.0
    ah = P.air_harm if S.escalation[b] >= 3 else 0.0
    lost_displaced = 0.0
    for i in P.active:
        S.inflow[b, i] = 0.0
    for i in P.active:
        inten = S.intensity[b, i]
        strike = 0.0
        if ah > 0.0 and S.air_lost[b, i] > 0.0:
            strike = 1.0 - math.exp(-S.air_lost[b, i] / P.intensity_scale)
        danger = inten * (1.0 + sh) + ah * strike
        if danger <= 0.0:
            continue
        hg = P.harm_rate * inten
        hs = hg * sh
        ha = P.harm_rate * ah * strike
        h = hg + hs + ha
        if h > 0.0:
            kill = min(h, 1.0)
            dead_home = kill * S.home[b, i]
            dead_hosted = kill * S.hosted[b, i]
            dead = dead_home + dead_hosted
            S.home[b, i] -= dead_home
            S.hosted[b, i] -= dead_hosted
            lost_displaced += dead_hosted
            S.civ_deaths[b, i] += dead
            S.civ_injured[b] += P.injury_ratio * dead
            S.civ_cause[b, 0] += dead * hg / h
            S.civ_cause[b, 1] += dead * hs / h
            S.civ_cause[b, 2] += dead * ha / h
            _attribute(P, S, b, i, dead * (hg + hs) / h, True)
            _attribute(P, S, b, i, dead * ha / h, False)
        lost_displaced += _flee(P, S, b, i, min(P.flee_rate * danger, 1.0))
    for i in P.active:
        S.hosted[b, i] += S.inflow[b, i]
    _settle_origins(P, S, b, lost_displaced)


@njit(cache=True, inline="always")
def _flee(P, S, b: int, i: int, share: float) -> float:  # noqa: ANN001
    """Return how many displaced people left the country while ``share`` of region i fled.

    Fleeing people go to the neighbours' inflow and, near an open crossing, abroad.
    """
    lo, hi = P.indptr[i], P.indptr[i + 1]
    wsum = 0.0
    for e in range(lo, hi):
        j = P.indices[e]
        wsum += (1.0 - S.intensity[b, j]) * (P.population0[j] + 1.0)
    c = P.near_crossing[i]
    a = 0.0
    if c >= 0:
        posture = S.border[b, c]
        a = P.abroad_share if posture == OPEN else (0.5 * P.abroad_share
                                                    if posture == REINFORCED else 0.0)
    if wsum <= 0.0:  # nowhere to go inside: only the share that may go abroad leaves
        share *= a
        a = 1.0
    if share <= 0.0:
        return 0.0
    from_home = share * S.home[b, i]
    from_hosted = share * S.hosted[b, i]
    S.home[b, i] -= from_home
    S.hosted[b, i] -= from_hosted
    S.refugees[b, max(c, 0)] += a * (from_home + from_hosted)
    S.origin[b, i] += (1.0 - a) * from_home
    inside = (1.0 - a) * (from_home + from_hosted)
    if inside > 0.0:
        for e in range(lo, hi):
            j = P.indices[e]
            S.inflow[b, j] += inside * (1.0 - S.intensity[b, j]) * (P.population0[j] + 1.0) / wsum
    return a * from_hosted


@njit(cache=True)
def _settle_origins(P, S, b: int, lost: float) -> None:  # noqa: ANN001
    """Take displaced people who died or left the country off every origin, in proportion."""
    if lost <= 0.0:
        return
    total = 0.0
    for i in P.active:
        total += S.origin[b, i]
    if total <= 0.0:
        return
    keep = max(1.0 - lost / total, 0.0)
    for i in P.active:
        S.origin[b, i] *= keep
