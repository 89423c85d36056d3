"""Faction decisions (MODEL.md phase 5): morale, money, recruitment and posture.

Equations in docs/MODEL.md, "Faction decisions". Reads yesterday's losses and captures and
resets those counters.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from simulator.core.fields import presence_mask, threatened

CEASEFIRE = 2  # index of "ceasefire" in layout.CEASEFIRE_STATES


@njit(cache=True)
def at_front(
    forces: np.ndarray, control: np.ndarray, presence: float, indptr: np.ndarray,
    indices: np.ndarray, k: int, i: int,
) -> bool:
    """Return True when region ``i`` touches an enemy (present, next door, or holding next door)."""
    if threatened(forces, presence, indptr, indices, k, i):
        return True
    for x in range(indptr[i], indptr[i + 1]):
        c = control[indices[x]]
        if c >= 0 and c != k:
            return True
    return False


@njit(cache=True)
def front_strength(
    forces: np.ndarray, control: np.ndarray, mask: np.ndarray, active: np.ndarray,
    indptr: np.ndarray, indices: np.ndarray, lethality: float, morale: float, k: int,
) -> float:
    """Return faction ``k``'s effective fighters (lethality x morale x fighters) at the front.

    A region is at the front when ``at_front`` says so (written out here: a call per region
    would count references to its arrays); ``mask`` is ``fields.presence_mask`` of ``forces``.
    """
    others = ~(1 << k)
    total = 0.0
    for i in active:
        if forces[k, i] <= 0.0:
            continue
        front = (mask[i] & others) != 0
        x = indptr[i]
        while not front and x < indptr[i + 1]:
            j = indices[x]
            c = control[j]
            front = (c >= 0 and c != k) or (mask[j] & others) != 0
            x += 1
        if front:
            total += forces[k, i]
    return lethality * morale * total


@njit(cache=True)
def factions_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Update each faction's morale, treasury, recruits and posture for ``day``."""
    n_f = S.forces.shape[1]
    forces, control, active = S.forces[b], S.control[b], P.active
    for k in range(n_f):
        total = 0.0
        for i in active:
            total += forces[k, i]
        # money
        t = S.treasury[b, k] + P.income[k] - P.upkeep * total / 1000.0
        broke = t <= 0.0
        S.treasury[b, k] = max(t, 0.0)
        # morale
        held_value = 1e-9
        value_k = P.value[k]
        for i in active:
            if control[i] == k:
                held_value += value_k[i]
        m = S.morale[b, k] + P.morale_recovery * (P.morale0[k] - S.morale[b, k])
        m -= P.loss_sensitivity * S.losses[b, k] / max(total, 1.0)
        m += P.capture_sensitivity * (S.gained[b, k] - S.lost[b, k]) / held_value
        if broke:
            m -= P.broke_morale
        S.morale[b, k] = min(max(m, 0.05), 1.0)
        S.losses[b, k] = 0.0
        S.gained[b, k] = 0.0
        S.lost[b, k] = 0.0
        _recruit(P.active, P.supply_src[k], control, forces[k], S.manpower[b], S.treasury[b],
                 P.recruit_rate, P.recruit_cost, k)
    strength = np.empty(n_f)
    mask = np.empty(forces.shape[1], dtype=np.int64)
    presence_mask(forces, P.presence, active, mask)
    for k in range(n_f):
        strength[k] = front_strength(forces, control, mask, active, P.indptr, P.indices,
                                     P.lethality[k], S.morale[b, k], k)
    for k in range(n_f):
        own = strength[k]
        enemy = 0.0
        for e in range(n_f):
            if e != k:
                enemy += strength[e]
        need = P.attack_threshold * (1.0 - P.aggression[k])
        hold = S.ceasefire[b] == CEASEFIRE or own <= 0.0
        posture = 0 if hold or own < need * enemy else 1
        if posture != S.posture[b, k]:
            S.posture[b, k] = posture
            S.changes[b] += 1


@njit(cache=True)
def _recruit(active: np.ndarray, src: np.ndarray, control: np.ndarray, forces_k: np.ndarray,
             manpower: np.ndarray, treasury: np.ndarray, rate: float, cost: float, k: int
             ) -> None:
    """Recruit faction k from its pool into its held supply sources, paid from the treasury.

    ``src`` is k's supply-source row; ``manpower`` and ``treasury`` are the replicate's rows.
    """
    if manpower[k] <= 0.0:
        return
    r = rate * manpower[k]
    if cost > 0.0:
        r = min(r, treasury[k] / cost)
    if r <= 0.0:
        return
    held = 0
    for i in active:
        if src[i] and control[i] == k:
            held += 1
    if held == 0:
        return
    manpower[k] -= r
    treasury[k] = max(treasury[k] - r * cost, 0.0)
    for i in active:
        if src[i] and control[i] == k:
            forces_k[i] += r / held
