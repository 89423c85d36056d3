"""Builders of the core's inputs for civilians (refugees, returns) and the economy (Python side)."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulator.core.layout import BORDER_POSTURES
from simulator.errors import ScenarioError
from simulator.geography.mapdata import Map
from simulator.geography.regionsets import distances_km
from simulator.scenario.schema import Scenario


def near_crossing(m: Map, reach_km: float) -> np.ndarray:
    """Return, per region, the country of the nearest crossing within ``reach_km``, else -1."""
    out = np.full(m.n_regions, -1, dtype=np.int64)
    best = np.full(m.n_regions, np.inf)
    for r in np.flatnonzero(m.crossing >= 0):
        d = distances_km(m, m.lon[r], m.lat[r])
        closer = m.land & (d <= reach_km) & (d < best)
        out[closer] = m.crossing[r]
        best[closer] = d[closer]
    return out


def revenue_place(s: Scenario) -> str | None:
    """Return the place whose holder receives oil revenue, or None (each producer keeps its own)."""
    if s.economy.revenue_to is not None:
        return s.economy.revenue_to
    return "tripoli" if "tripoli" in s.places else None


def civ_econ_params(s: Scenario, m: Map, places: dict[str, np.ndarray]) -> dict[str, Any]:
    """Return the civilians and economy fields of ``Params`` added by issue 7."""
    c, e = s.civilians, s.economy
    to = revenue_place(s)
    unknown = [k for k in s.borders if k not in m.countries]
    if unknown:
        raise ScenarioError(s.problems([(("borders", unknown[0]), "not a neighbouring country "
                                         f"of this map; known: {', '.join(m.countries) or 'none'}",
                                         unknown[0])]))
    return {
        "shelling": float(c.shelling),
        "air_harm": float(c.air_harm),
        "injury_ratio": float(c.injury_ratio),
        "abroad_share": float(c.abroad_share),
        "near_crossing": near_crossing(m, c.crossing_reach_km),
        "return_after": int(c.return_after_days),
        "return_rate": float(c.return_rate),
        "field_bpd": e.field_scale * np.where(m.land, m.oil_field_bpd, 0.0).astype(np.float64),
        "terminal_bpd": np.where(m.land, m.oil_terminal_bpd, 0.0).astype(np.float64),
        "oil_price": float(e.oil_price),
        "state_take": float(e.state_take),
        "war_share": float(e.war_share),
        "damage_rate": float(e.damage_rate),
        "repair_rate": float(e.repair_rate),
        "revenue_regions": (places[to].astype(np.int64) if to is not None
                            else np.zeros(0, dtype=np.int64)),
    }


def civ_econ_state(s: Scenario, m: Map, hosted: np.ndarray, n_batch: int) -> dict[str, Any]:
    """Return the civilians and economy fields of a fresh batch ``State``."""
    fids = s.faction_ids
    k, n = len(fids), m.n_regions
    n_c = max(1, len(m.countries))
    border = np.zeros(n_c, dtype=np.int64)
    for cid, b in s.borders.items():
        if cid in m.countries:
            border[m.countries.index(cid)] = BORDER_POSTURES.index(b.posture)
    blockade = np.array([f in s.economy.blockade for f in fids], dtype=np.bool_)

    def rep(a: np.ndarray) -> np.ndarray:
        return np.array(np.broadcast_to(a, (n_batch, *a.shape)), order="C", copy=True)

    return {
        "fire": np.zeros((n_batch, k, n)),
        "air_hit": np.zeros((n_batch, k, n)),
        "origin": rep(hosted.astype(np.float64)),
        "civ_cause": np.zeros((n_batch, 3)),
        "civ_by": np.zeros((n_batch, k)),
        "civ_injured": np.zeros(n_batch),
        "border": rep(border),
        "cf_days": np.zeros(n_batch, dtype=np.int64),
        "damage": np.zeros((n_batch, n)),
        "blockade": rep(blockade),
        "revenue": np.zeros((n_batch, k)),
        "oil_out": np.zeros(n_batch),
    }
