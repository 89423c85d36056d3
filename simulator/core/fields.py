"""Distance fields of each faction (docs/MODEL.md, Logistics): supply and objectives.

Both are multi-source Dijkstra runs on the region graph, recomputed after a change of control,
posture or allegiance (``S.changes`` moved since ``S.field_stamp``), and at least every
``field_refresh`` days so that forces arriving in or leaving regions are seen.

Only ``update_fields`` takes the parameter and state tuples; the helpers take arrays and
scalars, because numba counts a reference to every array of both tuples around each call of a
helper that takes them (docs/PERFORMANCE.md, section 1).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from simulator.core.graph import INF, dijkstra, search


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


@njit(cache=True, inline="always")
def _same(a: float, b: float) -> bool:
    """Return True when ``a`` and ``b`` are equal with the same sign (+0.0 differs from -0.0)."""
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


@njit(cache=True)
def still_exact(
    active: np.ndarray, indptr: np.ndarray, indices: np.ndarray, weight: np.ndarray,
    mult: np.ndarray, init: np.ndarray, dist: np.ndarray, parent: np.ndarray,
) -> bool:
    """Return True when ``dist`` already is, bit for bit, what ``dijkstra`` would give.

    ``init`` holds the sources' offsets (inf elsewhere) and ``parent`` is int scratch, both as
    long as ``dist``. True when every region has ``dist <= init`` and no edge improves on it
    (``dist`` is a fixed point) and every region not at its own offset is reached from a
    neighbour at a strictly smaller distance with exactly its value: then following those
    neighbours ends at a source, so ``dist`` is the least fixed point, the one Dijkstra finds.
    Checks are exact (and fail on NaN); the first failure returns False. O(edges), no heap.
    """
    for j in active:
        if not dist[j] <= init[j]:
            return False
        if dist[j] == init[j] and not _same(dist[j], init[j]):
            return False
        parent[j] = 0
    for i in active:
        di = dist[i]
        if di == np.inf:
            continue
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            if mult[j] == np.inf:
                continue
            nd = di + weight[e] * mult[j]
            dj = dist[j]
            if nd < dj:
                return False
            if nd == dj and parent[j] == 0 and di < dj and _same(nd, dj):
                parent[j] = 1
    for j in active:
        if dist[j] < init[j] and parent[j] == 0:
            return False
    return True


@njit(cache=True)
def settle(
    active: np.ndarray, indptr: np.ndarray, indices: np.ndarray, weight: np.ndarray,
    mult: np.ndarray, dist: np.ndarray, hd: np.ndarray, hn: np.ndarray,
) -> None:
    """Make ``dist`` the least distances from the offsets that ``hd`` holds on entry.

    The same bits as ``dijkstra`` with ``dist = hd`` on the active regions. The previous field
    in ``dist`` is kept when ``still_exact`` proves it unchanged; else it is repaired
    (docs/PERFORMANCE.md, 7): a region keeps its old value only if a chain of exact steps with
    strictly falling values leads from it to a source at its own offset under today's inputs
    (so the value is still the length of a path); every other region starts again from its
    offset. Then every edge that improves on its head seeds a label-setting search over the
    regions that changed. With non-negative weights any search that ends with no improving
    edge gives the least fixed point of ``dist[j] = min(offset[j], dist[i] + weight *
    mult[j])``, which is unique.
    """
    if still_exact(active, indptr, indices, weight, mult, hd, dist, hn):
        return  # most refreshes on a settled map: O(edges), nothing to repair
    n_r = dist.shape[0]
    init = hd[:n_r].copy()
    ok = np.zeros(n_r, dtype=np.bool_)
    stack = np.empty(active.shape[0], dtype=np.int64)
    top = 0
    for j in active:  # sources still at their own offset
        if dist[j] < INF and dist[j] == init[j] and _same(dist[j], init[j]):
            ok[j] = True
            stack[top] = j
            top += 1
    while top > 0:  # the regions reached from them along exact, strictly rising steps
        top -= 1
        i = stack[top]
        di = dist[i]
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            m = mult[j]
            if ok[j] or m == INF:
                continue
            nd = di + weight[e] * m
            dj = dist[j]
            if nd == dj and di < dj and _same(nd, dj):
                ok[j] = True
                stack[top] = j
                top += 1
    for j in active:  # the rest start again from their offsets; an offset below a kept value wins
        if not ok[j] or init[j] <= dist[j]:
            dist[j] = init[j]
    seed = ok  # reused: marks the regions an improving edge lowered
    for j in active:
        seed[j] = False
    for i in active:
        di = dist[i]
        if di == INF:
            continue
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            m = mult[j]
            if m == INF:
                continue
            nd = di + weight[e] * m
            if nd < dist[j]:
                dist[j] = nd
                seed[j] = True
    n = 0
    for j in active:
        if seed[j]:
            hd[n] = dist[j]
            hn[n] = j
            n += 1
    search(indptr, indices, weight, mult, dist, hd, hn, n)


@njit(cache=True)
def supply_field(
    active: np.ndarray, indptr: np.ndarray, indices: np.ndarray, edge_time: np.ndarray,
    control: np.ndarray, forces_k: np.ndarray, presence: float, src_k: np.ndarray, free: bool,
    k: int, cost: np.ndarray, d: np.ndarray, hd: np.ndarray, hn: np.ndarray,
) -> None:
    """Fill ``d``: travel days from k's held supply sources through passable land.

    Passable: regions k holds, regions no one holds, and regions where k is present. A faction
    with no named supply sources (``free``) is supplied everywhere (distance 0).
    """
    if free:
        for i in active:
            d[i] = 0.0
        return
    keep = hd.shape[0] >= d.shape[0]  # room for the offsets in the heap scratch
    init = hd if keep else d
    for i in active:
        c = control[i]
        ok = c == k or c < 0 or forces_k[i] >= presence
        cost[i] = 1.0 if ok else np.inf
        init[i] = 0.0 if (src_k[i] and c == k) else np.inf
    if keep:
        settle(active, indptr, indices, edge_time, cost, d, hd, hn)
    else:
        dijkstra(active, indptr, indices, edge_time, cost, d, hd, hn)


@njit(cache=True)
def objective_field(
    active: np.ndarray, indptr: np.ndarray, indices: np.ndarray, edge_time: np.ndarray,
    control: np.ndarray, forces: np.ndarray, presence: float, value_k: np.ndarray,
    value_weight: float, enemy_cost: float, attacking: bool, k: int,
    cost: np.ndarray, phi: np.ndarray, hd: np.ndarray, hn: np.ndarray,
) -> None:
    """Fill ``phi``: least (travel time - value_weight * value) to any objective of k.

    Objectives: regions k holds that are threatened and, when k attacks, regions k does not
    hold that are worth something. Crossing a region held by an enemy costs ``1 + enemy_cost``
    times more.
    """
    keep = hd.shape[0] >= phi.shape[0]  # room for the offsets in the heap scratch
    init = hd if keep else phi
    n_f = forces.shape[0]
    for i in active:
        c = control[i]
        cost[i] = 1.0 if (c == k or c < 0) else 1.0 + enemy_cost
        v = value_k[i]
        objective = attacking and c != k and v > 0.0
        if not objective and c == k:  # threatened(...), written out (no call per region)
            for e in range(n_f):
                if e != k and forces[e, i] >= presence:
                    objective = True
            x = indptr[i]
            while not objective and x < indptr[i + 1]:
                j = indices[x]
                for e in range(n_f):
                    if e != k and forces[e, j] >= presence:
                        objective = True
                x += 1
        init[i] = -value_weight * v if objective else np.inf
    if keep:
        settle(active, indptr, indices, edge_time, cost, phi, hd, hn)
    else:
        dijkstra(active, indptr, indices, edge_time, cost, phi, hd, hn)


@njit(cache=True)
def update_fields(P, S, b: int, day: int) -> None:  # noqa: ANN001
    """Recompute every faction's supply and objective fields if anything changed or is old."""
    if S.field_stamp[b] == S.changes[b] and day - S.field_day[b] < P.field_refresh:
        return
    S.field_day[b] = day
    forces = S.forces[b]
    control = S.control[b]
    cost = S.cost[b]
    hd = S.heap_d[b]
    hn = S.heap_n[b]
    for k in range(forces.shape[0]):
        supply_field(P.active, P.indptr, P.indices, P.edge_time, control, forces[k],
                     P.presence, P.supply_src[k], P.supply_free[k], k, cost, S.supply_d[b, k],
                     hd, hn)
        objective_field(P.active, P.indptr, P.indices, P.edge_time, control, forces,
                        P.presence, P.value[k], P.value_weight, P.enemy_cost,
                        S.posture[b, k] == 1, k, cost, S.phi[b, k], hd, hn)
    S.field_stamp[b] = S.changes[b]


@njit(cache=True, inline="always")
def supply_factor(d: float, floor: float, cut_off_effect: float, supply_range: float) -> float:
    """Return the supply multiplier on effectiveness (0-1) at ``d`` travel days from supply.

    ``d = inf`` (cut off) gives ``cut_off_effect``; else ``floor + (1 - floor) e^(-d/range)``.
    """
    if d == np.inf:
        return cut_off_effect
    return floor + (1.0 - floor) * math.exp(-d / supply_range)
