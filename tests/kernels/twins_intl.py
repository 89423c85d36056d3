"""Plain numpy twins of the international layer's kernels (docs/MODEL.md phases 1, 3, 12).

Written from the equations in docs/MODEL.md, not from the kernels: vectorised where the
kernels loop.
"""

import numpy as np

KINDS = ("money", "arms", "drones", "air_defence", "mercenaries", "troops")


def richardson(x, client, k, a, g, delta, rho, q, cap, distress, harm, court, deal, active):
    rivals = np.array([x[client != c].sum() for c in client])
    dx = (k * rivals - a * x + g + delta * distress[client] - rho * (1 + court) * harm[client]
          - q * deal * x)
    return np.where(active, np.clip(x + dx, 0.0, cap), 0.0)


def distress(P, S, b):
    n_f = S.forces.shape[1]
    out = np.zeros(n_f)
    act = P.active
    for c in range(n_f):
        held = P.value[c, act][S.control[b, act] == c].sum()
        dv = max(0.0, 1 - held / P.value0[c]) if P.value0[c] > 0 else 0.0
        dm = max(0.0, 1 - S.morale[b, c] / P.morale0[c]) if P.morale0[c] > 0 else 0.0
        out[c] = 0.5 * dv + 0.5 * dm
    return out


def land_fighters(P, S, b, c, s, amount):
    entry = P.sp_entry[P.sp_entry_indptr[s]:P.sp_entry_indptr[s + 1]]
    held = entry[S.control[b, entry] == c]
    if held.size == 0:
        act = P.active
        held = act[P.supply_src[c, act] & (S.control[b, act] == c)]
    if held.size == 0:
        return False
    np.add.at(S.forces[b, c], held, amount / held.size)
    return True


def equip(owner, region, stock, control, s, c, amount):
    if amount <= 0:
        return
    mine = np.flatnonzero((owner == s) & (control[region] == c))
    if mine.size:
        stock[mine] += amount / mine.size


def sponsors_phase(P, S, b, rep, day):
    h = S.civ_by[b] - S.civ_by_prev[b]
    S.civ_by_prev[b] = S.civ_by[b]
    S.harm_ewma[b] += (h - S.harm_ewma[b]) / 30.0
    n_s = P.sp_client.shape[0]
    if n_s == 0:
        return
    d = distress(P, S, b)
    total = S.forces[b][:, P.active].sum(axis=1)
    lost = S.losses[b, P.sp_client]
    keep = np.where(lost > 0, total[P.sp_client] / (total[P.sp_client] + lost), 1.0)
    S.sp_fighters[b] *= keep
    S.sp_troops[b] *= keep
    react = np.where(P.sp_channel, P.sp_reaction * (1 + S.tension[b]), P.sp_reaction)
    x = richardson(S.sp_support[b].copy(), P.sp_client, react, P.sp_fatigue,
                   P.sp_interest, P.sp_distress, P.sp_reputation, P.sp_restraint, P.sp_cap, d,
                   S.harm_ewma[b], S.court[b], S.sp_deal[b], S.sp_active[b])
    q = S.sp_pipe.shape[2]
    for s in range(n_s):
        S.sp_support[b, s] = x[s]
        if S.sp_active[b, s]:
            S.sp_pipe[b, s, (day + P.sp_delay[s]) % q] = x[s]
        u = S.sp_pipe[b, s, day % q]
        S.sp_pipe[b, s, day % q] = 0.0
        if u <= 0 or not S.sp_active[b, s]:
            continue
        c = P.sp_client[s]
        part = dict(zip(KINDS, u * P.sp_mix[s] / P.sp_unit_cost, strict=True))
        S.sp_paid[b, s] += u
        S.treasury[b, c] += part["money"]
        recruits = min(part["arms"], S.manpower[b, c])
        troops = part["troops"] if P.esc_max >= 4 else 0.0
        ground = recruits + part["mercenaries"] + troops
        if ground > 0 and land_fighters(P, S, b, c, s, ground):
            S.manpower[b, c] -= recruits
            S.sp_fighters[b, s] += part["mercenaries"]
            S.sp_troops[b, s] += troops
        equip(P.air_sponsor, P.air_region, S.air_assets[b], S.control[b], s, c, part["drones"])
        equip(P.ad_sponsor, P.ad_region, S.ad_sys[b], S.control[b], s, c, part["air_defence"])


def escalation_phase(P, S, b, rep, day):
    g = S.losses[b].sum()
    a = S.air_lost[b, P.active].sum()
    S.esc_g[b] += (g - S.esc_g[b]) / P.esc_memory
    S.esc_a[b] += (a - S.esc_a[b]) / P.esc_memory
    G, A = S.esc_g[b], S.esc_a[b]
    if S.interstate[b]:
        target = 5
    elif S.sp_troops[b].sum() >= 1 and P.esc_skirmish <= G:
        target = 4
    elif A > 0 and P.esc_air <= A:
        target = 3
    elif G > 0 and P.esc_shelling <= G:
        target = 2
    elif G > 0 and P.esc_skirmish <= G:
        target = 1
    else:
        target = 0
    target = min(target, P.esc_max)
    if target > S.escalation[b]:
        S.escalation[b] = target
        S.esc_calm_n[b] = 0
    elif target < S.escalation[b]:
        S.esc_calm_n[b] += 1
        if S.esc_calm_n[b] >= P.esc_calm:
            S.escalation[b] -= 1
            S.esc_calm_n[b] = 0
    else:
        S.esc_calm_n[b] = 0
    S.esc_peak[b] = max(S.esc_peak[b], S.escalation[b])
