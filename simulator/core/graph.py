"""Shortest travel times on the region graph: multi-source Dijkstra with a binary heap.

The heap lives in caller-provided scratch arrays (no allocation per call). Sources are the
regions whose ``dist`` is finite on entry (their offsets may be negative). Entering region j
along edge e costs ``weight[e] * mult[j]``; ``mult[j] = inf`` makes j impassable.
"""

from __future__ import annotations

import numpy as np
from numba import njit

INF = np.inf


@njit(cache=True)
def _push(hd: np.ndarray, hn: np.ndarray, n: int, d: float, node: int) -> int:
    """Push ``(d, node)`` onto the heap of size ``n``; return the new size."""
    i = n
    hd[i] = d
    hn[i] = node
    while i > 0:
        parent = (i - 1) >> 1
        if hd[parent] <= hd[i]:
            break
        hd[parent], hd[i] = hd[i], hd[parent]
        hn[parent], hn[i] = hn[i], hn[parent]
        i = parent
    return n + 1


@njit(cache=True)
def _pop(hd: np.ndarray, hn: np.ndarray, n: int) -> int:
    """Remove the heap's minimum (read it from ``hd[0], hn[0]`` first); return the new size."""
    n -= 1
    hd[0] = hd[n]
    hn[0] = hn[n]
    i = 0
    while True:
        left = 2 * i + 1
        if left >= n:
            break
        c = left
        if left + 1 < n and hd[left + 1] < hd[left]:
            c = left + 1
        if hd[i] <= hd[c]:
            break
        hd[c], hd[i] = hd[i], hd[c]
        hn[c], hn[i] = hn[i], hn[c]
        i = c
    return n


@njit(cache=True)
def dijkstra(
    active: np.ndarray, indptr: np.ndarray, indices: np.ndarray, weight: np.ndarray,
    mult: np.ndarray, dist: np.ndarray, hd: np.ndarray, hn: np.ndarray,
) -> None:
    """Fill ``dist`` (in place) with least distances from its finite entries.

    ``weight[e] >= 0`` is the base cost of edge ``e`` and ``mult[j] >= 0`` scales the cost of
    entering j; ``hd``/``hn`` are heap scratch of length ``len(active) + len(indices)``.
    """
    n = 0
    for i in active:
        if dist[i] < INF:
            n = _push(hd, hn, n, dist[i], i)
    while n > 0:
        d = hd[0]
        i = hn[0]
        n = _pop(hd, hn, n)
        if d > dist[i]:
            continue
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            if mult[j] == INF:
                continue
            nd = d + weight[e] * mult[j]
            if nd < dist[j]:
                dist[j] = nd
                n = _push(hd, hn, n, nd, j)
