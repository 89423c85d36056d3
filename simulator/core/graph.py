"""Shortest travel times on the region graph: multi-source Dijkstra with a 4-ary heap.

The heap lives in caller-provided scratch arrays (no allocation per call). Sources are the
regions whose ``dist`` is finite on entry (their offsets may be negative). Entering region j
along edge e costs ``weight[e] * mult[j]``; ``mult[j] = inf`` makes j impassable.
"""

from __future__ import annotations

import numpy as np
from numba import njit

INF = np.inf


@njit(cache=True, inline="always")
def heap_push(hd: np.ndarray, hn: np.ndarray, n: int, d: float, node: int) -> int:
    """Push ``(d, node)`` onto the 4-ary heap of size ``n``; return the new size."""
    i = n
    while i > 0:
        parent = (i - 1) >> 2
        if hd[parent] <= d:
            break
        hd[i] = hd[parent]
        hn[i] = hn[parent]
        i = parent
    hd[i] = d
    hn[i] = node
    return n + 1


@njit(cache=True, inline="always")
def _sift_down(hd: np.ndarray, hn: np.ndarray, n: int, i: int, d: float, node: int) -> None:
    """Place ``(d, node)`` at slot ``i`` of the 4-ary heap of size ``n`` and sift it down."""
    while True:
        c = 4 * i + 1
        if c >= n:
            break
        m, md = c, hd[c]
        for q in range(c + 1, min(c + 4, n)):
            if hd[q] < md:
                m, md = q, hd[q]
        if d <= md:
            break
        hd[i] = md
        hn[i] = hn[m]
        i = m
    hd[i] = d
    hn[i] = node


@njit(cache=True, inline="always")
def heap_pop(hd: np.ndarray, hn: np.ndarray, n: int) -> int:
    """Remove the heap's minimum (read it from ``hd[0], hn[0]`` first); return the new size."""
    n -= 1
    _sift_down(hd, hn, n, 0, hd[n], hn[n])
    return n


@njit(cache=True)
def dijkstra(
    active: np.ndarray, indptr: np.ndarray, indices: np.ndarray, weight: np.ndarray,
    mult: np.ndarray, dist: np.ndarray, hd: np.ndarray, hn: np.ndarray,
) -> None:
    """Fill ``dist`` (in place) with least distances from its finite entries.

    ``weight[e] >= 0`` is the base cost of edge ``e`` and ``mult[j] >= 0`` scales the cost of
    entering j; ``hd``/``hn`` are heap scratch of length ``len(active) + len(indices)``. The
    sources are heapified at once (O(n)); the heap is 4-ary. Any order of settling gives the
    same bits: the result is the least fixed point of ``dist[j] = min(dist[j], dist[i] + w)``.
    """
    n = 0
    for i in active:
        if dist[i] < INF:
            hd[n] = dist[i]
            hn[n] = i
            n += 1
    search(indptr, indices, weight, mult, dist, hd, hn, n)


@njit(cache=True)
def search(
    indptr: np.ndarray, indices: np.ndarray, weight: np.ndarray, mult: np.ndarray,
    dist: np.ndarray, hd: np.ndarray, hn: np.ndarray, n: int,
) -> None:
    """Settle ``dist`` from the ``n`` regions in ``hd[:n]``/``hn[:n]`` (heapified here).

    Each entry is a region's current value; popping in order of value and relaxing the edges
    of each region popped at its value lowers ``dist`` until no edge improves on it.
    """
    for i in range((n - 2) >> 2, -1, -1):
        _sift_down(hd, hn, n, i, hd[i], hn[i])
    while n > 0:
        d = hd[0]
        i = hn[0]
        n = heap_pop(hd, hn, n)
        if d > dist[i]:
            continue
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            m = mult[j]
            if m == INF:
                continue
            nd = d + weight[e] * m
            if nd < dist[j]:
                dist[j] = nd
                n = heap_push(hd, hn, n, nd, j)
