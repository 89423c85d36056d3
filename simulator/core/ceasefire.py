"""Mediation and the ceasefire (docs/MODEL.md phase 2): a drawn state machine over the table.

war -> talks -> ceasefire -> violated -> ceasefire | war; talks -> war. Every change is logged.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from simulator.core.layout import EV_CEASEFIRE
from simulator.core.record import log_event
from simulator.core.rng import STREAM_CEASEFIRE, stream_key, uniform

WAR, TALKS, CEASEFIRE, VIOLATED = 0, 1, 2, 3
MEMORY = 30.0  # days over which losses and territory are smoothed for the stalemate
WAR_UID = 0x5EA5EF12E  # stable entity id of "the war" (one ceasefire process)


@njit(cache=True)
def pressure(P, S, b: int) -> float:  # noqa: ANN001
    """Return the mediation pressure M: mediators (the channel weakened by T) and neighbours."""
    m = 0.0
    for j in range(P.md_pressure.shape[0]):
        w = P.md_pressure[j]
        if P.md_channel[j]:
            w *= 1.0 - S.tension[b]
        m += w
    for n in range(P.nb_mediation.shape[0]):
        m += P.nb_mediation[n]
    return m


@njit(cache=True)
def consent(P, S, b: int) -> float:  # noqa: ANN001
    """Return the sponsors' consent C: the mean over active sponsors (1 with none)."""
    total, n = 0.0, 0
    for s in range(P.sp_client.shape[0]):
        if S.sp_active[b, s]:
            total += 1.0 if S.sp_deal[b, s] > 0.0 else P.sp_consent[s]
            n += 1
    return 1.0 if n == 0 else total / n


@njit(cache=True)
def update_stalemate(P, S, b: int) -> int:  # noqa: ANN001
    """Smooth losses and territory with yesterday's values; return 1 for a hurting stalemate."""
    n_f = S.forces.shape[1]
    hurt = n_f > 0
    for k in range(n_f):
        S.cf_loss[b, k] += (S.losses[b, k] - S.cf_loss[b, k]) / MEMORY
        hurt = hurt and S.cf_loss[b, k] >= P.mhs_losses
    held, land = 0.0, 0.0
    for i in P.active:
        land += 1.0
        if S.control[b, i] == 0:
            held += 1.0
    share = held / max(land, 1.0)
    static = abs(share - S.cf_terr[b]) < P.mhs_static
    S.cf_terr[b] += (share - S.cf_terr[b]) / MEMORY
    return 1 if hurt and static else 0


@njit(cache=True)
def fighter_shares(S, b: int, out) -> None:  # noqa: ANN001
    """Fill ``out`` with each faction's share of all fighters."""
    n_f = S.forces.shape[1]
    total = 0.0
    for k in range(n_f):
        out[k] = S.forces[b, k].sum()
        total += out[k]
    for k in range(n_f):
        out[k] = out[k] / total if total > 0.0 else 0.0


@njit(cache=True)
def violation_probability(P, S, b: int, t: int) -> float:  # noqa: ANN001
    """Return the chance that the ceasefire agreed ``t`` days ago is violated today."""
    n_f = S.forces.shape[1]
    shares = np.zeros(n_f)
    fighter_shares(S, b, shares)
    shift = 0.0
    for k in range(n_f):
        shift = max(shift, abs(shares[k] - S.cf_share[b, k]))
    x = (S.cf_terms[b, 0] * P.cf_beta[0] + S.cf_terms[b, 1] * P.cf_beta[1]
         + S.cf_terms[b, 2] * P.cf_beta[2] + P.spoilers * P.cf_beta[3]
         + min(1.0, shift / P.shift_scale) * P.cf_beta[4])
    lam, rho = P.weibull_scale, P.weibull_shape
    dh = (lam * t) ** rho - (lam * (t - 1)) ** rho
    return 1.0 - math.exp(-dh * math.exp(x))


@njit(cache=True)
def _agree(P, S, b: int) -> None:  # noqa: ANN001
    """Record the terms on the table and the balance of power at an agreement."""
    for j in range(3):
        best = 0.0
        for m in range(P.md_terms.shape[0]):
            best = max(best, P.md_terms[m, j])
        S.cf_terms[b, j] = best
    fighter_shares(S, b, S.cf_share[b])
    S.cf_t[b] = 0
    if S.cf_terms[b, 2] > 0.0:  # withdrawal of foreign forces: every sponsor under a deal
        for s in range(S.sp_deal.shape[1]):
            S.sp_deal[b, s] = 1.0


@njit(cache=True)
def ceasefire_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Draw today's move of the ceasefire state along MODEL.md's table."""
    mhs = update_stalemate(P, S, b)
    m = pressure(P, S, b)
    c = consent(P, S, b)
    key = stream_key(P.seed, rep, day, WAR_UID, STREAM_CEASEFIRE)
    u = uniform(key, 0)
    state = S.ceasefire[b]
    new = state
    if state == WAR:
        if u < 1.0 - math.exp(-P.talks_rate * (m + P.mhs_weight * mhs) * c):
            new = TALKS
    elif state == TALKS:
        agree = P.agree_rate * c * (1.0 + P.mhs_weight * mhs) / (1.0 + P.mhs_weight)
        if u < agree:
            new = CEASEFIRE
            _agree(P, S, b)
        elif uniform(key, 1) < P.collapse_rate:
            new = WAR
    elif state == CEASEFIRE:
        S.cf_t[b] += 1
        if u < violation_probability(P, S, b, S.cf_t[b]):
            new = VIOLATED
            S.cf_violated[b] = 0
    else:  # violated
        S.cf_t[b] += 1
        S.cf_violated[b] += 1
        if u < P.restore_rate * (1.0 + m):
            new = CEASEFIRE
        elif S.cf_violated[b] > P.grace_days:
            new = WAR
            for s in range(S.sp_deal.shape[1]):  # the deals of the agreement lapse
                S.sp_deal[b, s] = 0.0
    if new != state:
        S.ceasefire[b] = new
        S.changes[b] += 1
        log_event(S, b, day, EV_CEASEFIRE, -1, new, float(state))
