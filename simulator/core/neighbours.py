"""Neighbours (docs/MODEL.md phase 4): spillover, border posture, red lines and intervention."""

from __future__ import annotations

from numba import njit

from simulator.core.landing import land_fighters
from simulator.core.layout import EV_BORDER, EV_INTERVENTION
from simulator.core.record import log_event
from simulator.core.rng import STREAM_INTERVENTION, stream_key, uniform


@njit(cache=True)
def border_posture(P, n: int, p: float, current: int) -> int:  # noqa: ANN001
    """Return the posture for pressure ``p`` (with hysteresis), never below the base posture."""
    up = 2 if p >= P.nb_close[n] else 1 if p >= P.nb_reinforce[n] else 0
    if up > current:
        new = up
    elif p < P.nb_reopen[n]:
        new = 0
    else:
        new = current
    return max(new, P.nb_base[n])


@njit(cache=True)
def _spillover(P, S, b: int, n: int) -> float:  # noqa: ANN001
    """Return today's spillover signal of neighbour ``n`` and remember its refugees."""
    c = P.nb_country[n]
    if c < 0:
        return 0.0
    arrived = S.refugees[b, c] - S.nb_ref_prev[b, n]
    S.nb_ref_prev[b, n] = S.refugees[b, c]
    fight = 0.0
    near_crossing, intensity = P.near_crossing, S.intensity[b]
    for i in P.active:
        if near_crossing[i] == c:
            fight += intensity[i]
    return arrived / P.nb_tolerance[n] + P.nb_fight_weight[n] * fight


@njit(cache=True)
def _held_on_line(P, S, b: int, n: int) -> int:  # noqa: ANN001
    """Return how many regions of ``n``'s red line the factions it is against hold."""
    held = 0
    for j in range(P.nb_red_indptr[n], P.nb_red_indptr[n + 1]):
        h = S.control[b, P.nb_red[j]]
        if h >= 0 and P.nb_against[n, h]:
            held += 1
    return held


@njit(cache=True)
def _send_troops(P, S, b: int, n: int) -> float:  # noqa: ANN001
    """Put neighbour ``n``'s intervention force beside its ally; return how many landed."""
    a = P.nb_ally[n]
    entry = P.nb_entry[P.nb_entry_indptr[n]:P.nb_entry_indptr[n + 1]]
    return land_fighters(entry, S.control[b], P.supply_src[a], P.active, S.forces[b, a], a,
                         P.nb_int_troops[n])


@njit(cache=True)
def neighbours_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Update every neighbour's pressure and border, watch its red line, intervene if drawn."""
    n_f = S.forces.shape[1]
    interstate = False
    for n in range(P.nb_country.shape[0]):
        p = S.nb_pressure[b, n]
        p += (_spillover(P, S, b, n) - p) / P.nb_spill_days[n]
        S.nb_pressure[b, n] = p
        c = P.nb_country[n]
        if c >= 0:
            old = S.border[b, c]
            new = border_posture(P, n, p, old)
            if new != old:
                S.border[b, c] = new
                log_event(S, b, day, EV_BORDER, -1, n, float(new))
        a = P.nb_ally[n]
        if a >= 0 and S.nb_troops_in[b, n] > 0.0:  # they share their ally's losses
            total = 0.0
            for i in P.active:
                total += S.forces[b, a, i]
            if S.losses[b, a] > 0.0:
                S.nb_troops_in[b, n] *= total / (total + S.losses[b, a])
        if S.nb_arrive[b, n] == day:
            S.nb_troops_in[b, n] += _send_troops(P, S, b, n)
            S.changes[b] += 1
        if S.nb_declared[b, n] and P.nb_red_indptr[n + 1] > P.nb_red_indptr[n]:
            held = _held_on_line(P, S, b, n)
            if S.nb_line0[b, n] < 0:  # declared today: the line is drawn where they stand
                S.nb_line0[b, n] = held
            if held > S.nb_line0[b, n]:
                S.nb_cross_days[b, n] += 1
            else:
                S.nb_cross_days[b, n] = 0
                S.nb_drawn[b, n] = False
            if S.nb_cross_days[b, n] >= P.nb_red_days[n] and not S.nb_drawn[b, n]:
                S.nb_drawn[b, n] = True  # one draw per crossing
                key = stream_key(P.seed, rep, day, P.nb_uid[n], STREAM_INTERVENTION)
                if uniform(key, 0) < P.nb_credibility[n] and not S.nb_intervened[b, n]:
                    S.nb_intervened[b, n] = True
                    S.nb_arrive[b, n] = day + max(P.nb_mobilise[n], 1)
                    log_event(S, b, day, EV_INTERVENTION, a, n, P.nb_int_troops[n])
        if a >= 0 and S.nb_troops_in[b, n] >= 1.0:
            enemy_troops = 0.0
            for s in range(P.sp_client.shape[0]):
                if P.sp_client[s] != a:
                    enemy_troops += S.sp_troops[b, s]
            if enemy_troops >= 1.0 and S.esc_g[b] >= P.esc_skirmish and n_f > 1:
                interstate = True
    S.interstate[b] = interstate
