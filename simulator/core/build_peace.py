"""Build the parameters and state of neighbours, mediators and the ceasefire (phases 2 and 4)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from simulator.core.layout import BORDER_POSTURES
from simulator.core.rng import stable_id
from simulator.geography.mapdata import Map
from simulator.scenario.schema import Scenario


def _csr(lists: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    indptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in lists], out=indptr[1:])
    flat = np.concatenate(lists) if lists else np.zeros(0)
    return indptr, flat.astype(np.int64)


def _regions(places: dict[str, np.ndarray], ids: list[str]) -> np.ndarray:
    if not ids:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate([places[p] for p in ids])).astype(np.int64)


def peace_params(s: Scenario, m: Map, places: dict[str, np.ndarray]) -> dict[str, Any]:
    """Return the neighbour, mediator and ceasefire fields of ``Params``."""
    fids, sids = s.faction_ids, list(s.sponsors)
    nbs = list(s.neighbours.values())
    countries = list(m.countries)
    base = [BORDER_POSTURES.index(s.borders[n].posture) if n in s.borders else 0
            for n in s.neighbours]
    red_indptr, red = _csr([_regions(places, [nb.red_line] if nb.red_line else [])
                            for nb in nbs])
    entry_indptr, entry = _csr([_regions(places, nb.entry) for nb in nbs])
    against = np.zeros((len(nbs), len(fids)), dtype=np.bool_)
    for n, nb in enumerate(nbs):
        for f in nb.red_line_against:
            against[n, fids.index(f)] = True
    channel = {sid for md in s.mediators.values() for sid in md.channel}
    cf = s.ceasefire
    arr = np.array
    return {
        "sp_consent": arr([p.consent for p in s.sponsors.values()], dtype=np.float64),
        "sp_channel": arr([sid in channel for sid in sids], dtype=np.bool_),
        "nb_uid": arr([stable_id("neighbour", n) for n in s.neighbours], dtype=np.uint64),
        "nb_country": arr([countries.index(n) if n in countries else -1 for n in s.neighbours],
                          dtype=np.int64),
        "nb_base": arr(base, dtype=np.int64),
        "nb_tolerance": arr([nb.inflow_tolerance for nb in nbs], dtype=np.float64),
        "nb_fight_weight": arr([nb.fight_weight for nb in nbs], dtype=np.float64),
        "nb_spill_days": arr([nb.spillover_days for nb in nbs], dtype=np.float64),
        "nb_reinforce": arr([nb.reinforce_at for nb in nbs], dtype=np.float64),
        "nb_close": arr([nb.close_at for nb in nbs], dtype=np.float64),
        "nb_reopen": arr([nb.reopen_at for nb in nbs], dtype=np.float64),
        "nb_troops": arr([nb.troops for nb in nbs], dtype=np.float64),
        "nb_red_indptr": red_indptr,
        "nb_red": red,
        "nb_against": against,
        "nb_red_days": arr([nb.red_line_days for nb in nbs], dtype=np.int64),
        "nb_credibility": arr([nb.credibility for nb in nbs], dtype=np.float64),
        "nb_ally": arr([fids.index(nb.ally) if nb.ally else -1 for nb in nbs], dtype=np.int64),
        "nb_entry_indptr": entry_indptr,
        "nb_entry": entry,
        "nb_int_troops": arr([nb.intervention_troops for nb in nbs], dtype=np.float64),
        "nb_mobilise": arr([nb.mobilise_days for nb in nbs], dtype=np.int64),
        "nb_mediation": arr([nb.mediation for nb in nbs], dtype=np.float64),
        "md_pressure": arr([md.pressure for md in s.mediators.values()], dtype=np.float64),
        "md_terms": arr([[md.monitoring, md.buffer_zone, md.withdrawal]
                         for md in s.mediators.values()], dtype=np.float64).reshape(-1, 3),
        "md_channel": arr([bool(md.channel) for md in s.mediators.values()], dtype=np.bool_),
        "talks_rate": float(cf.talks_rate),
        "mhs_weight": float(cf.mhs_weight),
        "mhs_losses": float(cf.mhs_losses),
        "mhs_static": float(cf.mhs_static),
        "agree_rate": float(cf.agree_rate),
        "collapse_rate": float(cf.collapse_rate),
        "weibull_scale": float(cf.weibull_scale),
        "weibull_shape": float(cf.weibull_shape),
        "cf_beta": arr([math.log(cf.monitoring_hr), math.log(cf.buffer_hr),
                        math.log(cf.withdrawal_hr), math.log(cf.spoiler_hr),
                        math.log(cf.shift_hr)], dtype=np.float64),
        "shift_scale": float(cf.shift_scale),
        "spoilers": float(cf.spoilers),
        "grace_days": int(cf.grace_days),
        "restore_rate": float(cf.restore_rate),
    }


def peace_state(s: Scenario, n_batch: int, n_factions: int,
                territory0: float) -> dict[str, Any]:
    """Return the ceasefire and neighbour fields of a fresh batch ``State`` at day 0.

    ``territory0``: the first faction's share of the land on day 0.
    """
    n = len(s.neighbours)
    declared = np.array([nb.red_line_declared for nb in s.neighbours.values()], dtype=np.bool_)
    return {
        "tension": np.full(n_batch, s.ceasefire.tension),
        "cf_loss": np.zeros((n_batch, n_factions)),
        "cf_terr": np.full(n_batch, territory0),
        "cf_terms": np.zeros((n_batch, 3)),
        "cf_share": np.zeros((n_batch, n_factions)),
        "cf_t": np.zeros(n_batch, dtype=np.int64),
        "cf_violated": np.zeros(n_batch, dtype=np.int64),
        "nb_pressure": np.zeros((n_batch, n)),
        "nb_ref_prev": np.zeros((n_batch, n)),
        "nb_declared": np.tile(declared, (n_batch, 1)).reshape(n_batch, n),
        "nb_line0": np.full((n_batch, n), -1, dtype=np.int64),
        "nb_cross_days": np.zeros((n_batch, n), dtype=np.int64),
        "nb_drawn": np.zeros((n_batch, n), dtype=np.bool_),
        "nb_intervened": np.zeros((n_batch, n), dtype=np.bool_),
        "nb_arrive": np.full((n_batch, n), -1, dtype=np.int64),
        "nb_troops_in": np.zeros((n_batch, n)),
    }
