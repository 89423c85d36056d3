"""The escalation ladder (docs/MODEL.md phase 12) and the international block of the recorder."""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def target_level(P, g: float, a: float, troops: float, interstate: bool) -> int:  # noqa: ANN001
    """Return the level the means in use call for, capped at ``escalation.max_level``."""
    level = 0
    if interstate:
        level = 5
    elif troops >= 1.0 and g >= P.esc_skirmish:
        level = 4
    elif a >= P.esc_air and a > 0.0:
        level = 3
    elif g >= P.esc_shelling and g > 0.0:
        level = 2
    elif g >= P.esc_skirmish and g > 0.0:
        level = 1
    return min(level, P.esc_max)


@njit(cache=True)
def escalation_phase(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Smooth today's casualties, then move the level: up at once, down after calm days."""
    g = 0.0
    for k in range(S.losses.shape[1]):
        g += S.losses[b, k]
    a = 0.0
    for i in P.active:
        a += S.air_lost[b, i]
    S.esc_g[b] += (g - S.esc_g[b]) / P.esc_memory
    S.esc_a[b] += (a - S.esc_a[b]) / P.esc_memory
    troops = 0.0
    for s in range(S.sp_troops.shape[1]):
        troops += S.sp_troops[b, s]
    target = target_level(P, S.esc_g[b], S.esc_a[b], troops, S.interstate[b])
    level = S.escalation[b]
    if target > level:
        level = target
        S.esc_calm_n[b] = 0
    elif target < level:
        S.esc_calm_n[b] += 1
        if S.esc_calm_n[b] >= P.esc_calm:
            level -= 1
            S.esc_calm_n[b] = 0
    else:
        S.esc_calm_n[b] = 0
    S.escalation[b] = level
    S.esc_peak[b] = max(S.esc_peak[b], level)


@njit(cache=True)
def record_international(P, S, b: int, day: int) -> None:  # noqa: ANN001
    """Write the international block of row ``day``: support, foreign fighters, borders."""
    n_s = S.sp_support.shape[1]
    n_n = P.nb_country.shape[0]
    row = S.rec[b, day]
    base = row.shape[0] - n_s - 1 - n_n
    for n in range(n_n):
        c = P.nb_country[n]
        row[base + n_s + 1 + n] = S.border[b, c] if c >= 0 else P.nb_base[n]
    foreign = 0.0
    for s in range(n_s):
        row[base + s] = S.sp_support[b, s]
        foreign += S.sp_fighters[b, s] + S.sp_troops[b, s]
    row[base + n_s] = foreign
