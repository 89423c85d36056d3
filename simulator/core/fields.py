"""Distance fields of each faction (docs/MODEL.md, Logistics): supply and objectives.

Both are the least distances of a multi-source shortest-path problem on the region graph,
brought up to date after a change of control, posture or allegiance (``S.changes`` moved since
``S.field_stamp``), and at least every ``field_refresh`` days so that forces arriving in or
leaving regions are seen. Each field is kept with the inputs it was made for and repaired
around the regions whose inputs changed (``refresh``; bit for bit Dijkstra's result:
docs/PERFORMANCE.md, section 7).

Only ``update_fields`` takes the parameter and state references; the helpers take arrays and
scalars (docs/PERFORMANCE.md, sections 1 and 6).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from simulator.core.graph import INF, dijkstra, heap_pop, heap_push, search


@njit(cache=True)
def enemy_present(forces: np.ndarray, presence: float, k: int, i: int) -> bool:
    """Return True when a faction other than ``k`` has fighters present in region ``i``.

    ``forces`` is one replicate's ``[K, R]`` fighters.
    """
    for e in range(forces.shape[0]):
        if e != k and forces[e, i] >= presence:
            return True
    return False


@njit(cache=True)
def threatened(
    forces: np.ndarray, presence: float, indptr: np.ndarray, indices: np.ndarray, k: int, i: int
) -> bool:
    """Return True when an enemy of ``k`` is present in region ``i`` or next to it."""
    if enemy_present(forces, presence, k, i):
        return True
    for x in range(indptr[i], indptr[i + 1]):
        if enemy_present(forces, presence, k, indices[x]):
            return True
    return False


@njit(cache=True)
def presence_mask(forces: np.ndarray, presence: float, active: np.ndarray, out: np.ndarray
                  ) -> None:
    """Fill ``out[i]``: bit e set when faction e has at least ``presence`` fighters in i."""
    for i in active:
        m = 0
        for e in range(forces.shape[0]):
            if forces[e, i] >= presence:
                m |= 1 << e
        out[i] = m


@njit(cache=True, inline="always")
def _same(a: float, b: float) -> bool:
    """Return True when ``a`` and ``b`` are equal with the same sign (+0.0 differs from -0.0)."""
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


@njit(cache=True, inline="always")
def _edge(indptr: np.ndarray, indices: np.ndarray, i: int, j: int) -> int:
    """Return the index of the edge from ``i`` to ``j`` (-1 when there is none)."""
    for e in range(indptr[i], indptr[i + 1]):
        if indices[e] == j:
            return e
    return -1


@njit(cache=True, inline="always")
def _supported(indptr: np.ndarray, indices: np.ndarray, weight: np.ndarray, cost: np.ndarray,
               init: np.ndarray, dist: np.ndarray, lost: np.ndarray, j: int) -> bool:
    """Return True when ``dist[j]`` is still a path length under today's inputs.

    That is when j is a source at its own offset, or a neighbour i not ``lost`` has
    ``dist[i] < dist[j]`` and reaches j with exactly ``dist[j]`` (same bits).
    """
    dj = dist[j]
    if dj == INF:
        return False
    if dj == init[j] and _same(dj, init[j]):
        return True
    m = cost[j]
    if m == INF:
        return False
    for x in range(indptr[j], indptr[j + 1]):
        i = indices[x]
        if lost[i] or not dist[i] < dj:
            continue
        e = _edge(indptr, indices, i, j)
        if e >= 0:
            nd = dist[i] + weight[e] * m
            if nd == dj and _same(nd, dj):
                return True
    return False


@njit(cache=True)
def refresh(
    active: np.ndarray, indptr: np.ndarray, indices: np.ndarray, weight: np.ndarray,
    cost: np.ndarray, init: np.ndarray, dist: np.ndarray, old_cost: np.ndarray,
    old_init: np.ndarray, ok: np.ndarray, f: int, hd: np.ndarray, hn: np.ndarray,
) -> None:
    """Make ``dist`` the least fixed point for entry costs ``cost`` and offsets ``init``.

    Bit for bit what ``dijkstra`` gives from ``init``. When ``ok[f]``, ``dist`` is already that
    for ``old_cost`` and ``old_init``, and only the regions around those that changed are
    worked on (docs/PERFORMANCE.md, 7): in order of their old value, a changed region or one
    next to a region that lost its value keeps its value only if it is still a source at its
    offset or reached exactly from a neighbour that kept a smaller value; the regions that
    lost it start again from their offsets; then the changed and lost regions take the best
    value their neighbours offer and a label-setting search spreads the improvements. With
    non-negative weights this ends at the unique least fixed point. The inputs are then stored.
    Neighbourhoods are symmetric (every edge has a reverse edge).
    """
    n_r = dist.shape[0]
    if not ok[f]:
        for i in active:
            dist[i] = init[i]
        dijkstra(active, indptr, indices, weight, cost, dist, hd, hn)
    else:
        lost = np.zeros(n_r, dtype=np.bool_)
        seen = np.zeros(n_r, dtype=np.bool_)
        touched = np.empty(active.shape[0], dtype=np.int64)
        n_t = 0
        n = 0
        for j in active:
            if cost[j] != old_cost[j] or not (init[j] == old_init[j]
                                              and _same(init[j], old_init[j])):
                touched[n_t] = j
                n_t += 1
                seen[j] = True
                if dist[j] < INF:
                    n = heap_push(hd, hn, n, dist[j], j)
                else:
                    lost[j] = True
        while n > 0:  # the cascade: who lost its value, in order of old value
            j = hn[0]
            n = heap_pop(hd, hn, n)
            if lost[j] or _supported(indptr, indices, weight, cost, init, dist, lost, j):
                continue
            lost[j] = True
            dj = dist[j]
            for x in range(indptr[j], indptr[j + 1]):
                i = indices[x]
                if not seen[i] and dist[i] < INF and dj < dist[i]:
                    seen[i] = True
                    touched[n_t] = i
                    n_t += 1
                    n = heap_push(hd, hn, n, dist[i], i)
        for t in range(n_t):  # lost regions restart; an offset below a kept value wins
            j = touched[t]
            if lost[j] or init[j] <= dist[j]:
                dist[j] = init[j]
        for t in range(n_t):  # the best value the neighbours offer
            j = touched[t]
            m = cost[j]
            if m == INF:
                continue
            for x in range(indptr[j], indptr[j + 1]):
                i = indices[x]
                if dist[i] == INF:
                    continue
                e = _edge(indptr, indices, i, j)
                if e >= 0:
                    nd = dist[i] + weight[e] * m
                    if nd < dist[j]:
                        dist[j] = nd
        n = 0
        for t in range(n_t):
            j = touched[t]
            if dist[j] < INF:
                hd[n] = dist[j]
                hn[n] = j
                n += 1
        search(indptr, indices, weight, cost, dist, hd, hn, n)
    for i in active:
        old_cost[i] = cost[i]
        old_init[i] = init[i]
    ok[f] = True


@njit(cache=True)
def supply_field(
    active: np.ndarray, indptr: np.ndarray, indices: np.ndarray, edge_time: np.ndarray,
    control: np.ndarray, forces_k: np.ndarray, presence: float, src_k: np.ndarray, free: bool,
    k: int, cost: np.ndarray, init: np.ndarray, d: np.ndarray, old_cost: np.ndarray,
    old_init: np.ndarray, ok: np.ndarray, hd: np.ndarray, hn: np.ndarray,
) -> None:
    """Fill ``d``: travel days from k's held supply sources through passable land.

    Passable: regions k holds, regions no one holds, and regions where k is present. A faction
    with no named supply sources (``free``) is supplied everywhere (distance 0). ``cost`` and
    ``init`` are scratch; ``old_cost``, ``old_init`` and ``ok[0]`` describe the field in ``d``.
    """
    if free:
        for i in active:
            d[i] = 0.0
        ok[0] = False
        return
    for i in active:
        c = control[i]
        passable = c == k or c < 0 or forces_k[i] >= presence
        cost[i] = 1.0 if passable else np.inf
        init[i] = 0.0 if (src_k[i] and c == k) else np.inf
    refresh(active, indptr, indices, edge_time, cost, init, d, old_cost, old_init, ok, 0, hd, hn)


@njit(cache=True)
def objective_field(
    active: np.ndarray, indptr: np.ndarray, indices: np.ndarray, edge_time: np.ndarray,
    control: np.ndarray, forces: np.ndarray, presence: float, value_k: np.ndarray,
    value_weight: float, enemy_cost: float, attacking: bool, k: int,
    cost: np.ndarray, init: np.ndarray, phi: np.ndarray, old_cost: np.ndarray,
    old_init: np.ndarray, ok: np.ndarray, hd: np.ndarray, hn: np.ndarray, mask: np.ndarray,
) -> None:
    """Fill ``phi``: least (travel time - value_weight * value) to any objective of k.

    Objectives: regions k holds that are threatened and, when k attacks, regions k does not
    hold that are worth something. Crossing a region held by an enemy costs ``1 + enemy_cost``
    times more. Scratch and stored inputs as in ``supply_field`` (``ok[1]``); ``mask`` is
    ``presence_mask`` of ``forces``.
    """
    others = ~(1 << k)
    for i in active:
        c = control[i]
        cost[i] = 1.0 if (c == k or c < 0) else 1.0 + enemy_cost
        v = value_k[i]
        objective = attacking and c != k and v > 0.0
        if not objective and c == k:  # threatened(...), written out (no call per region)
            objective = (mask[i] & others) != 0
            x = indptr[i]
            while not objective and x < indptr[i + 1]:
                objective = (mask[indices[x]] & others) != 0
                x += 1
        init[i] = -value_weight * v if objective else np.inf
    refresh(active, indptr, indices, edge_time, cost, init, phi, old_cost, old_init, ok, 1, hd,
            hn)


@njit(cache=True)
def update_fields(P, S, b: int, day: int) -> None:  # noqa: ANN001
    """Recompute every faction's supply and objective fields if anything changed or is old."""
    if S.field_stamp[b] == S.changes[b] and day - S.field_day[b] < P.field_refresh:
        return
    S.field_day[b] = day
    forces = S.forces[b]
    control = S.control[b]
    cost = S.cost[b]
    init = np.empty(cost.shape[0])
    mask = np.empty(cost.shape[0], dtype=np.int64)
    presence_mask(forces, P.presence, P.active, mask)
    hd = S.heap_d[b]
    hn = S.heap_n[b]
    active, indptr, indices, edge_time = P.active, P.indptr, P.indices, P.edge_time
    for k in range(forces.shape[0]):
        ok = S.fld_ok[b, k]
        supply_field(active, indptr, indices, edge_time, control, forces[k], P.presence,
                     P.supply_src[k], P.supply_free[k], k, cost, init, S.supply_d[b, k],
                     S.fld_cost[b, k, 0], S.fld_init[b, k, 0], ok, hd, hn)
        objective_field(active, indptr, indices, edge_time, control, forces, P.presence,
                        P.value[k], P.value_weight, P.enemy_cost, S.posture[b, k] == 1, k,
                        cost, init, S.phi[b, k], S.fld_cost[b, k, 1], S.fld_init[b, k, 1], ok,
                        hd, hn, mask)
    S.field_stamp[b] = S.changes[b]


@njit(cache=True, inline="always")
def supply_factor(d: float, floor: float, cut_off_effect: float, supply_range: float) -> float:
    """Return the supply multiplier on effectiveness (0-1) at ``d`` travel days from supply.

    ``d = inf`` (cut off) gives ``cut_off_effect``; else ``floor + (1 - floor) e^(-d/range)``.
    """
    if d == np.inf:
        return cut_off_effect
    return floor + (1.0 - floor) * math.exp(-d / supply_range)
