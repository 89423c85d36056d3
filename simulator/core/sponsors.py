"""Sponsors (docs/MODEL.md phase 3): Richardson's action-reaction rule, the pipeline, deliveries."""

from __future__ import annotations

import numpy as np
from numba import njit

from simulator.core.landing import land_fighters
from simulator.core.layout import (
    SUP_AIR_DEFENCE,
    SUP_ARMS,
    SUP_DRONES,
    SUP_MERCENARIES,
    SUP_MONEY,
    SUP_TROOPS,
)

HARM_MEMORY = 30.0  # days over which the civilian harm a client causes is smoothed


@njit(cache=True)
def richardson_step(x, client, react, fatigue, interest, distress_rate, reputation, restraint,
                    cap, distress, harm, court, deal, active):  # noqa: ANN001, ANN201
    """Return the support levels after one day of the action-reaction rule (all from ``x``).

    ``distress`` and ``harm`` are per faction; the other arrays per sponsor.
    """
    n = x.shape[0]
    out = np.empty(n)
    for s in range(n):
        if not active[s]:
            out[s] = 0.0
            continue
        c = client[s]
        rivals = 0.0
        for r in range(n):
            if client[r] != c:
                rivals += x[r]
        dx = (react[s] * rivals - fatigue[s] * x[s] + interest[s]
              + distress_rate[s] * distress[c] - reputation[s] * (1.0 + court) * harm[c]
              - restraint[s] * deal[s] * x[s])
        out[s] = min(max(x[s] + dx, 0.0), cap[s])
    return out


@njit(cache=True)
def client_distress(P, S, b: int, k: int) -> float:  # noqa: ANN001
    """Return faction ``k``'s distress 0-1: half ground value lost, half morale lost."""
    held = 0.0
    control, value_k = S.control[b], P.value[k]
    for i in P.active:
        if control[i] == k:
            held += value_k[i]
    d_value = max(0.0, 1.0 - held / P.value0[k]) if P.value0[k] > 0.0 else 0.0
    d_morale = max(0.0, 1.0 - S.morale[b, k] / P.morale0[k]) if P.morale0[k] > 0.0 else 0.0
    return 0.5 * d_value + 0.5 * d_morale


@njit(cache=True)
def _share_out(P, S, b: int, c: int, s: int, amount: float) -> float:  # noqa: ANN001
    """Add ``amount`` fighters of faction ``c`` to ``s``'s held entry bases; return what landed."""
    entry = P.sp_entry[P.sp_entry_indptr[s]:P.sp_entry_indptr[s + 1]]
    return land_fighters(entry, S.control[b], P.supply_src[c], P.active, S.forces[b, c], c,
                         amount)


@njit(cache=True)
def deliver(P, S, b: int, s: int, u: float) -> None:  # noqa: ANN001
    """Turn ``u`` USD million of sponsor ``s``'s support arriving today into the war's means."""
    if u <= 0.0 or not S.sp_active[b, s]:
        return
    c = P.sp_client[s]
    mix, cost = P.sp_mix[s], P.sp_unit_cost
    S.sp_paid[b, s] += u
    S.treasury[b, c] += u * mix[SUP_MONEY]
    recruits = min(u * mix[SUP_ARMS] / cost[SUP_ARMS], S.manpower[b, c])
    mercs = u * mix[SUP_MERCENARIES] / cost[SUP_MERCENARIES]
    troops = u * mix[SUP_TROOPS] / cost[SUP_TROOPS] if P.esc_max >= 4 else 0.0
    ground = recruits + mercs + troops
    if ground > 0.0 and _share_out(P, S, b, c, s, ground) > 0.0:
        S.manpower[b, c] -= recruits
        S.sp_fighters[b, s] += mercs
        S.sp_troops[b, s] += troops
    _equip(P.air_sponsor, P.air_region, S.air_assets[b], S.control[b], s, c,
           u * mix[SUP_DRONES] / cost[SUP_DRONES])
    _equip(P.ad_sponsor, P.ad_region, S.ad_sys[b], S.control[b], s, c,
           u * mix[SUP_AIR_DEFENCE] / cost[SUP_AIR_DEFENCE])


@njit(cache=True)
def _equip(owner, region, stock, control, s: int, c: int, amount: float) -> None:  # noqa: ANN001
    """Share ``amount`` over sponsor ``s``'s units whose base client ``c`` holds."""
    if amount <= 0.0:
        return
    n = 0
    for a in range(owner.shape[0]):
        if owner[a] == s and control[region[a]] == c:
            n += 1
    for a in range(owner.shape[0]):
        if owner[a] == s and control[region[a]] == c:
            stock[a] += amount / n


@njit(cache=True)
def sponsors_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Update every sponsor's support, push it into the pipeline, deliver what arrives today."""
    n_s = P.sp_client.shape[0]
    n_f = S.forces.shape[1]
    distress = np.zeros(n_f)
    for k in range(n_f):
        h = S.civ_by[b, k] - S.civ_by_prev[b, k]
        S.civ_by_prev[b, k] = S.civ_by[b, k]
        S.harm_ewma[b, k] += (h - S.harm_ewma[b, k]) / HARM_MEMORY
        if n_s > 0:
            distress[k] = client_distress(P, S, b, k)
    if n_s == 0:
        return
    total = np.zeros(n_f)
    for k in range(n_f):
        forces_k = S.forces[b, k]
        for i in P.active:
            total[k] += forces_k[i]
    for s in range(n_s):  # foreign fighters share their client's losses of yesterday
        c = P.sp_client[s]
        if S.losses[b, c] > 0.0:
            keep = total[c] / (total[c] + S.losses[b, c])
            S.sp_fighters[b, s] *= keep
            S.sp_troops[b, s] *= keep
    react = P.sp_reaction * np.where(P.sp_channel, 1.0 + S.tension[b], 1.0)
    x = richardson_step(S.sp_support[b], P.sp_client, react, P.sp_fatigue,
                        P.sp_interest, P.sp_distress, P.sp_reputation, P.sp_restraint,
                        P.sp_cap, distress, S.harm_ewma[b], S.court[b], S.sp_deal[b],
                        S.sp_active[b])
    q = S.sp_pipe.shape[2]
    for s in range(n_s):
        S.sp_support[b, s] = x[s]
        if S.sp_active[b, s]:
            S.sp_pipe[b, s, (day + P.sp_delay[s]) % q] = x[s]
        u = S.sp_pipe[b, s, day % q]
        S.sp_pipe[b, s, day % q] = 0.0
        deliver(P, S, b, s, u)
