"""Distance fields of each faction (docs/MODEL.md, Logistics): supply and objectives.

Both are multi-source Dijkstra runs on the region graph, recomputed after a change of control,
posture or allegiance (``S.changes`` moved since ``S.field_stamp``), and at least every
``field_refresh`` days so that forces arriving in or leaving regions are seen.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from simulator.core.graph import dijkstra


@njit(cache=True)
def enemy_present(P, S, b: int, k: int, i: int) -> bool:  # noqa: ANN001
    """Return True when a faction other than ``k`` has fighters present in region ``i``."""
    for e in range(S.forces.shape[1]):
        if e != k and S.forces[b, e, i] >= P.presence:
            return True
    return False


@njit(cache=True)
def threatened(P, S, b: int, k: int, i: int) -> bool:  # noqa: ANN001
    """Return True when an enemy is present in region ``i`` or next to it."""
    if enemy_present(P, S, b, k, i):
        return True
    for x in range(P.indptr[i], P.indptr[i + 1]):
        if enemy_present(P, S, b, k, P.indices[x]):
            return True
    return False


@njit(cache=True)
def supply_field(P, S, b: int, k: int) -> None:  # noqa: ANN001
    """Fill ``S.supply_d[b, k]``: travel days from k's held supply sources through passable land.

    Passable: regions k holds, regions no one holds, and regions where k is present. A faction
    with no named supply sources is supplied everywhere (distance 0).
    """
    cost = S.cost[b]
    d = S.supply_d[b, k]
    if P.supply_free[k]:
        for i in P.active:
            d[i] = 0.0
        return
    for i in P.active:
        c = S.control[b, i]
        ok = c == k or c < 0 or S.forces[b, k, i] >= P.presence
        cost[i] = 1.0 if ok else np.inf
        d[i] = 0.0 if (P.supply_src[k, i] and c == k) else np.inf
    dijkstra(P.active, P.indptr, P.indices, P.edge_time, cost, d, S.heap_d[b], S.heap_n[b])


@njit(cache=True)
def objective_field(P, S, b: int, k: int) -> None:  # noqa: ANN001
    """Fill ``S.phi[b, k]``: least (travel time - value_weight * value) to any objective of k.

    Objectives: regions k holds that are threatened and, when k attacks, regions k does not
    hold that are worth something. Crossing a region held by an enemy costs ``1 + enemy_cost``
    times more.
    """
    attacking = S.posture[b, k] == 1
    cost = S.cost[b]
    phi = S.phi[b, k]
    for i in P.active:
        c = S.control[b, i]
        cost[i] = 1.0 if (c == k or c < 0) else 1.0 + P.enemy_cost
        v = P.value[k, i]
        if (attacking and c != k and v > 0.0) or (c == k and threatened(P, S, b, k, i)):
            phi[i] = -P.value_weight * v
        else:
            phi[i] = np.inf
    dijkstra(P.active, P.indptr, P.indices, P.edge_time, cost, phi, S.heap_d[b], S.heap_n[b])


@njit(cache=True)
def update_fields(P, S, b: int, day: int) -> None:  # noqa: ANN001
    """Recompute every faction's supply and objective fields if anything changed or is old."""
    if S.field_stamp[b] == S.changes[b] and day - S.field_day[b] < P.field_refresh:
        return
    S.field_day[b] = day
    for k in range(S.forces.shape[1]):
        supply_field(P, S, b, k)
        objective_field(P, S, b, k)
    S.field_stamp[b] = S.changes[b]


@njit(cache=True)
def supply_factor(P, S, b: int, k: int, i: int) -> float:  # noqa: ANN001
    """Return faction ``k``'s supply multiplier on effectiveness in region ``i`` (0-1)."""
    d = S.supply_d[b, k, i]
    if d == np.inf:
        return P.cut_off_effect
    return P.supply_floor + (1.0 - P.supply_floor) * math.exp(-d / P.supply_range)
