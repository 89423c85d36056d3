"""Control of regions (MODEL.md phase 9, first part) and the holders of key places.

A faction takes a region when its fighters outnumber all enemies present by ``capture_ratio``
(any number against none) for ``capture_days`` consecutive days. Fewer than ``presence``
fighters count as absent. A region with two or more factions present is contested; it keeps its
holder until taken. A key place is held by the faction that holds more than half of its weight
(a land region weighs 1 + its day-0 residents / 1,000), otherwise it is contested (-1); a change
of holder is logged as a capture.
"""

from __future__ import annotations

from numba import njit

from simulator.core.layout import EV_CAPTURE
from simulator.core.record import log_event


@njit(cache=True)
def control_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Update holders, capture counters and contested flags of every land region."""
    forces = S.forces[b]
    control = S.control[b]
    cand = S.cand[b]
    cand_days = S.cand_days[b]
    days_held = S.days_held[b]
    presence = P.presence
    contested, value = S.contested[b], P.value
    capture_ratio, capture_days = P.capture_ratio, P.capture_days
    n_f = forces.shape[0]
    for i in P.active:
        days_held[i] += 1
        lead, lead_f, total, present = -1, 0.0, 0.0, 0
        for k in range(n_f):
            fk = forces[k, i]
            if fk >= presence:
                present += 1
                total += fk
                if fk > lead_f:
                    lead, lead_f = k, fk
        contested[i] = present >= 2
        if lead < 0 or lead == control[i]:
            cand[i] = -1
            cand_days[i] = 0
            continue
        enemies = total - lead_f
        if lead_f < capture_ratio * enemies:
            cand[i] = -1
            cand_days[i] = 0
            continue
        if cand[i] == lead:
            cand_days[i] += 1
        else:
            cand[i] = lead
            cand_days[i] = 1
        if cand_days[i] >= capture_days:
            old = control[i]
            if old >= 0:
                S.lost[b, old] += value[old, i]
            S.gained[b, lead] += value[lead, i]
            S.changes[b] += 1
            control[i] = lead
            days_held[i] = 0
            cand[i] = -1
            cand_days[i] = 0


@njit(cache=True)
def majority_holder(control, regions, n_f: int, population0) -> int:  # noqa: ANN001
    """Return the faction holding more than half of ``regions``' weight, or -1.

    A region weighs 1 + its day-0 residents / 1,000, so a city's centre outweighs its
    outskirts and an empty place (an air base, an oil field) counts its regions.
    """
    n = regions.shape[0]
    if n == 0:
        return -1
    total = 0.0
    for x in range(n):
        total += 1.0 + population0[regions[x]] / 1000.0
    for k in range(n_f):
        held = 0.0
        for x in range(n):
            if control[regions[x]] == k:
                held += 1.0 + population0[regions[x]] / 1000.0
        if 2.0 * held > total:
            return k
    return -1


@njit(cache=True)
def place_holder(P, S, b: int, p: int) -> int:  # noqa: ANN001
    """Return the faction holding more than half of key place ``p``'s weight, or -1."""
    regions = P.kp_regions[P.kp_indptr[p] : P.kp_indptr[p + 1]]
    return majority_holder(S.control[b], regions, S.forces.shape[1], P.population0)


@njit(cache=True)
def key_places_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Log a capture for every key place whose holder changed today."""
    control = S.control[b]
    n_f = S.forces.shape[1]
    for p in range(P.kp_indptr.shape[0] - 1):
        h = majority_holder(control, P.kp_regions[P.kp_indptr[p] : P.kp_indptr[p + 1]], n_f,
                            P.population0)
        old = S.key_holder[b, p]
        if h != old:
            log_event(S, b, day, EV_CAPTURE, h, p, float(old))
            S.key_holder[b, p] = h
