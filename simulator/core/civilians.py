"""Civilians (MODEL.md phase 10, first part): harm and flight from fighting, people conserved.

With today's combat intensity ``I_i`` in region i, a share ``harm_rate * I_i`` of the people
there (residents and displaced) is killed and a share ``flee_rate * I_i`` of the survivors flees
to the neighbouring land regions, weighted by ``(1 - I_j) * (population0_j + 1)``; arrivals
become displaced people hosted there. Flows are computed for all regions first and applied
after, so the order of regions does not matter. The sum of people at home, displaced, abroad
and dead never changes.
"""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def civilians_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Apply today's civilian deaths and flight, region by region, conserving people."""
    for i in P.active:
        S.inflow[b, i] = 0.0
    for i in P.active:
        inten = S.intensity[b, i]
        if inten <= 0.0:
            continue
        lo, hi = P.indptr[i], P.indptr[i + 1]
        kill = min(P.harm_rate * inten, 1.0)
        dead_home = kill * S.home[b, i]
        dead_hosted = kill * S.hosted[b, i]
        S.home[b, i] -= dead_home
        S.hosted[b, i] -= dead_hosted
        S.civ_deaths[b, i] += dead_home + dead_hosted
        if hi == lo:
            continue
        wsum = 0.0
        for e in range(lo, hi):
            j = P.indices[e]
            wsum += (1.0 - S.intensity[b, j]) * (P.population0[j] + 1.0)
        if wsum <= 0.0:
            continue
        share = min(P.flee_rate * inten, 1.0)
        leave = share * S.home[b, i] + share * S.hosted[b, i]
        S.home[b, i] -= share * S.home[b, i]
        S.hosted[b, i] -= share * S.hosted[b, i]
        for e in range(lo, hi):
            j = P.indices[e]
            S.inflow[b, j] += leave * (1.0 - S.intensity[b, j]) * (P.population0[j] + 1.0) / wsum
    for i in P.active:
        S.hosted[b, i] += S.inflow[b, i]
