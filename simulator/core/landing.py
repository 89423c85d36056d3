"""Where foreign fighters land: shared by sponsors' troops and neighbours' interventions."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def land_fighters(entry: np.ndarray, control: np.ndarray, supply_src_c: np.ndarray,
                  active: np.ndarray, forces_c: np.ndarray, c: int, amount: float) -> float:
    """Add ``amount`` fighters of faction ``c`` at the ``entry`` regions ``c`` holds; return it.

    Shared equally among the held entry regions; with none held, among ``c``'s held supply
    sources; with neither, nothing lands and 0 is returned.
    """
    n = 0
    for j in entry:
        if control[j] == c:
            n += 1
    if n > 0:
        for j in entry:
            if control[j] == c:
                forces_c[j] += amount / n
        return amount
    for i in active:
        if supply_src_c[i] and control[i] == c:
            n += 1
    if n == 0:
        return 0.0
    for i in active:
        if supply_src_c[i] and control[i] == c:
            forces_c[i] += amount / n
    return amount
