"""Logistics (MODEL.md phase 6): forces move down their objective field, advance, or wither.

Equations in docs/MODEL.md, "Logistics". Every move is computed from the state at the start of
the phase into ``S.flow`` and applied after, so the order of factions and regions does not
matter. The helpers take arrays and scalars, not the parameter and state tuples
(docs/PERFORMANCE.md, section 1); the enemies' strength in each enemy-held region is filled
once per attacking faction and day instead of once per step considered.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from simulator.core.combat import defence
from simulator.core.fields import supply_factor, update_fields


@njit(cache=True, inline="always")
def local_ratio(own: float, enemy: float) -> float:
    """Return k's effective strength ``own`` over its enemies' ``enemy`` (inf with none)."""
    return np.inf if enemy <= 0.0 else own / enemy


@njit(cache=True)
def enemy_strength(
    forces: np.ndarray, control: np.ndarray, lethality: np.ndarray, morale: np.ndarray,
    terrain: np.ndarray, urban: float, mountain: float, active: np.ndarray, k: int,
    out: np.ndarray,
) -> None:
    """Fill ``out[j]`` for every region ``j`` held by an enemy of ``k``: the enemies' strength.

    ``sum over e != k with fighters in j of lethality_e x morale_e x defence_ej x F_ej``.
    """
    for j in active:
        c = control[j]
        if c == k or c < 0:
            continue
        enemy = 0.0
        for e in range(forces.shape[0]):
            if e != k and forces[e, j] > 0.0:
                enemy += (lethality[e] * morale[e]
                          * defence(c, terrain[j], urban, mountain, e) * forces[e, j])
        out[j] = enemy


@njit(cache=True)
def _eligible(c: int, k: int, attacking: bool, own: float, enemy: float, attack_ratio: float
              ) -> bool:
    """Return True if k may step into a region held by ``c`` (-1: no one).

    Enemy ground needs k to attack with ``local_ratio(own, enemy) >= attack_ratio``.
    """
    if c != k and c >= 0:
        return attacking and local_ratio(own, enemy) >= attack_ratio
    return True


@njit(cache=True, inline="always")
def _advance(k: int, i: int, lo: int, hi: int, indices: np.ndarray, control: np.ndarray,
             value: np.ndarray, own: float, enemy: np.ndarray, ar: float, movers: float,
             flow_k: np.ndarray) -> float:
    """Advance ``movers`` from ``i`` into the most valuable neighbouring enemy-held target.

    Targets are neighbours held by an enemy, worth something to ``k`` and where the local
    ratio is at least ``ar``; ties (to 1e-9) share the movers. Return the movers sent (0 when
    there is no such target).
    """
    best = 0.0
    for x in range(lo, hi):
        j = indices[x]
        c = control[j]
        if c != k and c >= 0 and value[j] > best and local_ratio(own, enemy[j]) >= ar:
            best = value[j]
    if best <= 0.0:
        return 0.0
    tol = 1e-9 * best
    n = 0
    for x in range(lo, hi):
        j = indices[x]
        c = control[j]
        if (c != k and c >= 0 and value[j] >= best - tol
                and local_ratio(own, enemy[j]) >= ar):
            n += 1
    for x in range(lo, hi):
        j = indices[x]
        c = control[j]
        if (c != k and c >= 0 and value[j] >= best - tol
                and local_ratio(own, enemy[j]) >= ar):
            flow_k[j] += movers / n
    return movers


@njit(cache=True)
def logistics_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Move, advance and wear down every faction's forces for one day."""
    update_fields(P, S, b, day)
    forces = S.forces[b]
    flow = S.flow[b]
    control = S.control[b]
    morale = S.morale[b]
    active, indptr, indices = P.active, P.indptr, P.indices
    group, group_side, garrison, speed = S.group[b], S.group_side[b], P.garrison, P.speed
    lethality, floor = P.lethality, P.supply_floor
    cut_off, s_range = P.cut_off_effect, P.supply_range
    move_rate, cell_km, cut_off_attrition = P.move_rate, P.cell_km, P.cut_off_attrition
    n_f = forces.shape[0]
    for k in range(n_f):
        for i in active:
            flow[k, i] = 0.0
    enemy = np.empty(forces.shape[1])
    advance_rate = min(1.0, P.advance_speed / P.cell_km)
    ar = P.attack_ratio
    for k in range(n_f):
        attacking = S.posture[b, k] == 1
        if attacking:
            enemy_strength(forces, control, P.lethality, morale, P.terrain, P.urban_defence,
                           P.mountain_defence, active, k, enemy)
        phi = S.phi[b, k]
        supply_d = S.supply_d[b, k]
        flow_k = flow[k]
        value_k = P.value[k]
        lost_k = S.losses[b, k]
        for i in active:
            f = forces[k, i]
            if f <= 0.0:
                continue
            local = group[i] if group_side[i] == k else 0.0
            mobile = f - max(garrison[i], local)
            dep = 0.0
            if mobile > 0.0:
                own = 0.0
                if attacking:
                    own = (lethality[k] * morale[k]
                           * supply_factor(supply_d[i], floor, cut_off, s_range) * f)
                lo, hi = indptr[i], indptr[i + 1]
                if attacking:
                    dep = _advance(k, i, lo, hi, indices, control, value_k, own, enemy, ar,
                                   advance_rate * mobile, flow_k)
                if dep == 0.0:  # no advance today: march down the objective field
                    # The least phi among the neighbours k may step to. Ties (equal least
                    # field, to 1e-9) share the movers equally, so mirrored maps give mirrored
                    # moves whatever the neighbour order.
                    here = phi[i]
                    best = here
                    for x in range(lo, hi):
                        j = indices[x]
                        if phi[j] < best and _eligible(control[j], k, attacking, own, enemy[j], ar):
                            best = phi[j]
                    if best < here:
                        tol = 1e-9 * max(1.0, abs(best))
                        n, enemy_ground = 0, False
                        for x in range(lo, hi):
                            j = indices[x]
                            c = control[j]
                            if phi[j] <= best + tol and _eligible(c, k, attacking, own,
                                                                  enemy[j], ar):
                                n += 1
                                enemy_ground = enemy_ground or (c != k and c >= 0)
                        if enemy_ground:
                            dep = advance_rate * mobile
                        else:
                            dep = min(1.0, move_rate * speed[i] / cell_km) * mobile
                        for x in range(lo, hi):
                            j = indices[x]
                            if phi[j] <= best + tol and _eligible(control[j], k, attacking, own,
                                                                  enemy[j], ar):
                                flow_k[j] += dep / n
            att = 0.0
            if supply_d[i] == np.inf:
                att = cut_off_attrition * (f - dep)
                lost_k += att
            flow_k[i] -= dep + att
        S.losses[b, k] = lost_k
    for k in range(n_f):
        for i in active:
            fl = flow[k, i]
            if fl != 0.0:
                forces[k, i] = max(forces[k, i] + fl, 0.0)
