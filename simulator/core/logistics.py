"""Logistics (MODEL.md phase 6): forces move down their objective field, advance, or wither.

Equations in docs/MODEL.md, "Logistics". Every move is computed from the state at the start of
the phase into ``S.flow`` and applied after, so the order of factions and regions does not
matter.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from simulator.core.combat import defence
from simulator.core.fields import supply_factor, update_fields


@njit(cache=True)
def local_ratio(P, S, b: int, k: int, i: int, j: int) -> float:  # noqa: ANN001
    """Return k's effective strength in ``i`` over its enemies' in ``j`` (inf with none)."""
    own = P.lethality[k] * S.morale[b, k] * supply_factor(P, S, b, k, i) * S.forces[b, k, i]
    enemy = 0.0
    for e in range(S.forces.shape[1]):
        if e != k and S.forces[b, e, j] > 0.0:
            enemy += P.lethality[e] * S.morale[b, e] * defence(P, S, b, e, j) * S.forces[b, e, j]
    return np.inf if enemy <= 0.0 else own / enemy


@njit(cache=True)
def _eligible(P, S, b: int, k: int, i: int, j: int, attacking: bool) -> bool:  # noqa: ANN001
    """Return True if k may step from ``i`` into ``j`` (enemy ground needs attack and ratio)."""
    c = S.control[b, j]
    if c != k and c >= 0:
        return attacking and local_ratio(P, S, b, k, i, j) >= P.attack_ratio
    return True


@njit(cache=True)
def _best_phi(P, S, b: int, k: int, i: int, attacking: bool) -> float:  # noqa: ANN001
    """Return the least objective field among the neighbours k may step to from ``i``."""
    best = S.phi[b, k, i]
    for x in range(P.indptr[i], P.indptr[i + 1]):
        j = P.indices[x]
        if S.phi[b, k, j] < best and _eligible(P, S, b, k, i, j, attacking):
            best = S.phi[b, k, j]
    return best


@njit(cache=True)
def _move_from(P, S, b: int, k: int, i: int, mobile: float, attacking: bool) -> float:  # noqa: ANN001
    """Send k's mobile fighters from ``i`` down the objective field; return how many left.

    Ties (equal least field, to 1e-9) share the movers equally, so mirrored maps give mirrored
    moves whatever the neighbour order.
    """
    here = S.phi[b, k, i]
    best = _best_phi(P, S, b, k, i, attacking)
    if not best < here:
        return 0.0
    tol = 1e-9 * max(1.0, abs(best))
    n, enemy_ground = 0, False
    for x in range(P.indptr[i], P.indptr[i + 1]):
        j = P.indices[x]
        if S.phi[b, k, j] <= best + tol and _eligible(P, S, b, k, i, j, attacking):
            n += 1
            c = S.control[b, j]
            enemy_ground = enemy_ground or (c != k and c >= 0)
    if enemy_ground:
        rate = min(1.0, P.advance_speed / P.cell_km)
    else:
        rate = min(1.0, P.move_rate * P.speed[i] / P.cell_km)
    dep = rate * mobile
    for x in range(P.indptr[i], P.indptr[i + 1]):
        j = P.indices[x]
        if S.phi[b, k, j] <= best + tol and _eligible(P, S, b, k, i, j, attacking):
            S.flow[b, k, j] += dep / n
    return dep


@njit(cache=True)
def logistics_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Move, advance and wear down every faction's forces for one day."""
    update_fields(P, S, b, day)
    n_f = S.forces.shape[1]
    for k in range(n_f):
        for i in P.active:
            S.flow[b, k, i] = 0.0
    for k in range(n_f):
        attacking = S.posture[b, k] == 1
        for i in P.active:
            f = S.forces[b, k, i]
            if f <= 0.0:
                continue
            local = S.group[b, i] if S.group_side[b, i] == k else 0.0
            mobile = f - max(P.garrison[i], local)
            dep = _move_from(P, S, b, k, i, mobile, attacking) if mobile > 0.0 else 0.0
            att = 0.0
            if S.supply_d[b, k, i] == np.inf:
                att = P.cut_off_attrition * (f - dep)
                S.losses[b, k] += att
            S.flow[b, k, i] -= dep + att
    for k in range(n_f):
        for i in P.active:
            fl = S.flow[b, k, i]
            if fl != 0.0:
                S.forces[b, k, i] = max(S.forces[b, k, i] + fl, 0.0)
