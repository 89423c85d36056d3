"""Economy (MODEL.md phase 11): oil output, exports, revenue to the treasuries.

Equations in docs/MODEL.md, "Economy". Installations are damaged by combat and repaired at a
rate. Fields produce when held by a faction that is not blockaded; the National Oil Corporation
ships the production through every terminal whose holder is not blockaded, up to their joint
capacity; the revenue goes to the holder of the scenario's revenue place (the Central Bank in
Tripoli) or, without one, to each producer, and is paid into the treasury.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from simulator.core.control import majority_holder


@njit(cache=True)
def revenue_holder(P, S, b: int) -> int:  # noqa: ANN001
    """Return the faction holding more than half of the revenue place's regions, else -1."""
    return majority_holder(S.control[b], P.revenue_regions, S.forces.shape[1], P.population0)


@njit(cache=True)
def economy_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Update exports (``oil_out``), revenue per faction, the treasuries and the damage."""
    n_f = S.forces.shape[1]
    out = np.zeros(n_f)  # production of each faction's fields today, barrels per day
    capacity = 0.0
    control, blockade, damage = S.control[b], S.blockade[b], S.damage[b]
    intensity = S.intensity[b]
    field_bpd, terminal_bpd = P.field_bpd, P.terminal_bpd
    for i in P.active:
        k = control[i]
        if k >= 0 and not blockade[k]:
            intact = 1.0 - damage[i]
            out[k] += field_bpd[i] * intact
            capacity += terminal_bpd[i] * intact
    produced = out.sum()
    shipped = min(produced, capacity) / produced if produced > 0.0 else 0.0
    to = majority_holder(S.control[b], P.revenue_regions, n_f, P.population0)
    price = P.oil_price * P.state_take * P.war_share / 1e6
    S.oil_out[b] = 0.0
    for k in range(n_f):
        S.revenue[b, k] = 0.0
    for k in range(n_f):
        S.oil_out[b] += out[k] * shipped
        S.revenue[b, to if to >= 0 else k] += out[k] * shipped * price
    for k in range(n_f):
        S.treasury[b, k] += S.revenue[b, k]
    damage_rate, repair_rate = P.damage_rate, P.repair_rate
    for i in P.active:
        if field_bpd[i] > 0.0 or terminal_bpd[i] > 0.0:
            d = damage[i]
            d += damage_rate * intensity[i] * (1.0 - d) - repair_rate * d
            damage[i] = min(max(d, 0.0), 1.0)
