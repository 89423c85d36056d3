"""Build the international layer's parameters and state: sponsors, escalation, event schedule.

docs/MODEL.md phases 1 (scripted events), 3 (sponsors) and 12 (escalation).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.core.layout import (
    ACT_AIR,
    ACT_BLOCKADE,
    ACT_CEASEFIRE,
    ACT_COURT,
    ACT_DEAL,
    ACT_LOG,
    ACT_RED_LINE,
    ACT_SUPPORT,
    ACT_TENSION,
    ACT_WITHDRAW,
    CEASEFIRE_STATES,
)
from simulator.core.rng import stable_id
from simulator.geography.mapdata import Map
from simulator.scenario.events import event_day
from simulator.scenario.schema import Scenario
from simulator.scenario.schema_intl import SUPPORT_KINDS


def _entry_regions(s: Scenario, sid: str, places: dict[str, np.ndarray],
                   supply_src: np.ndarray) -> np.ndarray:
    sp = s.sponsors[sid]
    if sp.entry:
        regions = np.unique(np.concatenate([places[p] for p in sp.entry]))
    else:
        regions = np.flatnonzero(supply_src[s.faction_ids.index(sp.client)])
    return regions.astype(np.int64)


def _schedule(s: Scenario) -> dict[str, np.ndarray]:
    """Return the state actions of events dated after day 0, in date then file order."""
    sids, fids = list(s.sponsors), s.faction_ids
    rows: list[tuple[int, int, int, int, float]] = []  # day, event, kind, target, value
    for i, ev in enumerate(s.events):
        d = event_day(s, i)
        if d < 1:
            continue
        rows.append((d, i, ACT_LOG, -1, 1.0 if ev.set else 0.0))
        rows += [(d, i, ACT_BLOCKADE, fids.index(f), float(on)) for f, on in ev.blockade.items()]
        rows += [(d, i, ACT_SUPPORT, sids.index(k), float(v)) for k, v in ev.support.items()]
        rows += [(d, i, ACT_DEAL, sids.index(k), float(v)) for k, v in ev.deal.items()]
        rows += [(d, i, ACT_WITHDRAW, sids.index(k), 0.0) for k in ev.withdraw]
        names = [u.name for u in s.air_units]
        rows += [(d, i, ACT_AIR, names.index(k), float(v)) for k, v in ev.air.items()]
        nids = list(s.neighbours)
        rows += [(d, i, ACT_RED_LINE, nids.index(k), float(v)) for k, v in ev.red_line.items()]
        if ev.tension is not None:
            rows.append((d, i, ACT_TENSION, -1, float(ev.tension)))
        if ev.court is not None:
            rows.append((d, i, ACT_COURT, -1, float(ev.court)))
        if ev.ceasefire is not None:
            rows.append((d, i, ACT_CEASEFIRE, -1, float(CEASEFIRE_STATES.index(ev.ceasefire))))
    rows.sort(key=lambda r: (r[0], r[1]))
    cols = list(zip(*rows, strict=True)) if rows else [(), (), (), (), ()]
    return {
        "sched_day": np.array(cols[0], dtype=np.int64),
        "sched_event": np.array(cols[1], dtype=np.int64),
        "sched_kind": np.array(cols[2], dtype=np.int64),
        "sched_target": np.array(cols[3], dtype=np.int64),
        "sched_value": np.array(cols[4], dtype=np.float64),
    }


def intl_params(s: Scenario, m: Map, places: dict[str, np.ndarray], value: np.ndarray,
                supply_src: np.ndarray, control: np.ndarray) -> dict[str, Any]:
    """Return the sponsor, escalation and event-schedule fields of ``Params``."""
    fids, sps = s.faction_ids, list(s.sponsors.values())
    entries = [_entry_regions(s, sid, places, supply_src) for sid in s.sponsors]
    e_indptr = np.zeros(len(entries) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in entries], out=e_indptr[1:])
    costs = s.support_costs
    held0 = np.array([value[k, control == k].sum() for k in range(len(fids))])
    esc = s.escalation
    return {
        "sp_client": np.array([fids.index(p.client) for p in sps], dtype=np.int64),
        "sp_uid": np.array([stable_id("sponsor", k) for k in s.sponsors], dtype=np.uint64),
        "sp_reaction": np.array([p.reaction for p in sps], dtype=np.float64),
        "sp_fatigue": np.array([p.fatigue for p in sps], dtype=np.float64),
        "sp_interest": np.array([p.interest for p in sps], dtype=np.float64),
        "sp_distress": np.array([p.distress for p in sps], dtype=np.float64),
        "sp_reputation": np.array([p.reputation for p in sps], dtype=np.float64),
        "sp_restraint": np.array([p.deal_restraint for p in sps], dtype=np.float64),
        "sp_cap": np.array([np.inf if p.max_support is None else p.max_support for p in sps],
                           dtype=np.float64),
        "sp_delay": np.array([p.delay_days for p in sps], dtype=np.int64),
        "sp_mix": np.array([[getattr(p.mix, k) for k in SUPPORT_KINDS] for p in sps],
                           dtype=np.float64).reshape(len(sps), len(SUPPORT_KINDS)),
        "sp_entry_indptr": e_indptr,
        "sp_entry": (np.concatenate(entries) if entries else np.zeros(0)).astype(np.int64),
        "sp_unit_cost": np.array([1.0, costs.recruit, costs.drone, costs.air_defence,
                                  costs.mercenary, costs.troop], dtype=np.float64),
        "air_sponsor": np.array([-1 if u.sponsor is None else list(s.sponsors).index(u.sponsor)
                                 for u in s.air_units], dtype=np.int64),
        "ad_sponsor": np.array([-1 if d.sponsor is None else list(s.sponsors).index(d.sponsor)
                                for d in s.air_defence], dtype=np.int64),
        "value0": held0.astype(np.float64),
        "esc_memory": float(esc.memory_days),
        "esc_skirmish": float(esc.skirmish_threshold),
        "esc_shelling": float(esc.shelling_threshold),
        "esc_air": float(esc.air_threshold),
        "esc_calm": int(esc.calm_days),
        "esc_max": int(esc.max_level),
        **_schedule(s),
    }


def intl_state(s: Scenario, n_batch: int, n_factions: int, q: int) -> dict[str, Any]:
    """Return the international layer's fields of a fresh batch ``State`` at day 0.

    ``q``: slots of the support pipeline (the longest delay of any epoch, plus one).
    """
    n_s = len(s.sponsors)
    support = np.array([p.support for p in s.sponsors.values()], dtype=np.float64)
    esc, level = s.escalation, s.initial.escalation
    g0 = (esc.shelling_threshold if level >= 2 else esc.skirmish_threshold if level >= 1
          else 0.0)
    a0 = esc.air_threshold if level >= 3 else 0.0
    return {
        "sp_support": np.tile(support, (n_batch, 1)),
        "sp_pipe": np.tile(support[None, :, None], (n_batch, 1, q)),
        "sp_fighters": np.tile(np.array([p.fighters for p in s.sponsors.values()],
                                        dtype=np.float64), (n_batch, 1)).reshape(n_batch, n_s),
        "sp_troops": np.zeros((n_batch, n_s)),
        "sp_deal": np.zeros((n_batch, n_s)),
        "sp_active": np.ones((n_batch, n_s), dtype=np.bool_),
        "sp_paid": np.zeros((n_batch, n_s)),
        "harm_ewma": np.zeros((n_batch, n_factions)),
        "civ_by_prev": np.zeros((n_batch, n_factions)),
        "court": np.zeros(n_batch),
        "esc_g": np.full(n_batch, g0),
        "esc_a": np.full(n_batch, a0),
        "esc_calm_n": np.zeros(n_batch, dtype=np.int64),
        "esc_peak": np.full(n_batch, level, dtype=np.int64),
        "interstate": np.zeros(n_batch, dtype=np.bool_),
        "ad_sys": np.tile(np.array([d.systems for d in s.air_defence], dtype=np.float64),
                          (n_batch, 1)).reshape(n_batch, len(s.air_defence)),
    }
