"""Local allegiance and defections (MODEL.md phase 9, second part).

Equations in docs/MODEL.md, "Local allegiance and defections". A local group's fighters are
counted with the faction it is aligned with and do not leave their region; a drawn defection
moves them to the preferred faction and may take the region along.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from simulator.core.layout import EV_DEFECTION
from simulator.core.record import log_event
from simulator.core.rng import STREAM_DEFECTION, stream_key, uniform


@njit(cache=True, inline="always")
def _nearby_power(
    forces: np.ndarray, indptr: np.ndarray, indices: np.ndarray, lethality: float, morale: float,
    k: int, i: int,
) -> float:
    """Return faction ``k``'s effective fighters in region ``i`` and its neighbours."""
    f = forces[k, i]
    for x in range(indptr[i], indptr[i + 1]):
        f += forces[k, indices[x]]
    return lethality * morale * f


@njit(cache=True, inline="always")
def _drift(
    forces: np.ndarray, morale: np.ndarray, treasury: np.ndarray, loyalty: np.ndarray,
    loyalty0: np.ndarray, indptr: np.ndarray, indices: np.ndarray, lethality: np.ndarray,
    weights: tuple, i: int, power: np.ndarray, all_money: float,
) -> None:
    """Move region ``i``'s loyalties towards their target (power, ties, pay).

    ``weights`` is ``(drift, w_power, w_ties, w_pay)``; ``all_money`` the sum of treasuries.
    """
    drift, w_power, w_ties, w_pay = weights
    n_f = forces.shape[0]
    total = 0.0
    for k in range(n_f):
        power[k] = _nearby_power(forces, indptr, indices, lethality[k], morale[k], k, i)
        total += power[k]
    for k in range(n_f):
        share = power[k] / total if total > 0.0 else loyalty0[k, i]
        pay = treasury[k] / all_money if all_money > 0.0 else loyalty0[k, i]
        target = w_power * share + w_ties * loyalty0[k, i] + w_pay * pay
        loyalty[k, i] += drift * (target - loyalty[k, i])


@njit(cache=True)
def _defect(P, S, b: int, day: int, i: int, a: int, c: int) -> None:  # noqa: ANN001
    """Move region ``i``'s local group from faction ``a`` to ``c``; maybe take the region."""
    g = min(S.group[b, i], S.forces[b, a, i])
    S.forces[b, a, i] -= g
    S.forces[b, c, i] += g
    S.group_side[b, i] = c
    S.changes[b] += 1
    enemies = 0.0
    for e in range(S.forces.shape[1]):
        if e != c and S.forces[b, e, i] >= P.presence:
            enemies += S.forces[b, e, i]
    if S.control[b, i] != c and S.forces[b, c, i] >= P.capture_ratio * enemies:
        old = S.control[b, i]
        if old >= 0:
            S.lost[b, old] += P.value[old, i]
        S.gained[b, c] += P.value[c, i]
        S.control[b, i] = c
        S.days_held[b, i] = 0
    log_event(S, b, day, EV_DEFECTION, c, i, float(a))


@njit(cache=True)
def allegiance_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Drift every local group's loyalty and draw its defection."""
    n_f = S.forces.shape[1]
    power = np.empty(n_f)
    weights = (P.drift, P.w_power, P.w_ties, P.w_pay)
    forces, morale, money, loyalty = S.forces[b], S.morale[b], S.treasury[b], S.loyalty[b]
    treasury = 0.0
    for k in range(n_f):
        treasury += S.treasury[b, k]
    group, group_side, presence = S.group[b], S.group_side[b], P.presence
    loyalty0, indptr, indices, lethality = P.loyalty0, P.indptr, P.indices, P.lethality
    for i in P.active:
        a = group_side[i]
        if a < 0 or group[i] <= 0.0:
            continue
        group[i] = min(group[i], forces[a, i])
        if group[i] < presence:
            continue
        _drift(forces, morale, money, loyalty, loyalty0, indptr, indices, lethality,
               weights, i, power, treasury)
        best, gap = -1, 0.0
        for k in range(n_f):
            d = loyalty[k, i] - loyalty[a, i]
            if k != a and d > gap:
                best, gap = k, d
        if best < 0:
            continue
        key = stream_key(P.seed, rep, day, P.region_uid[i], STREAM_DEFECTION)
        if uniform(key, 0) < 1.0 - math.exp(-P.defect_rate * gap):
            _defect(P, S, b, day, i, a, best)
