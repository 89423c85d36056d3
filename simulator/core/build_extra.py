"""Builders of the core's inputs for air power and local armed groups (Python side)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.geography.mapdata import Map
from simulator.geography.regionsets import distances_km
from simulator.scenario.checks import air_shares
from simulator.scenario.schema import Scenario


def anchor_region(m: Map, regions: np.ndarray) -> int:
    """Return the region of a place that stands for it: an air base, else the most populous."""
    bases = regions[m.air_base[regions] >= 0]
    if bases.size:
        return int(bases[0])
    return int(regions[np.argmax(m.population[regions])])


def _csr(lists: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    indptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in lists], out=indptr[1:])
    data = np.concatenate(lists).astype(np.int64) if lists else np.zeros(0, dtype=np.int64)
    return indptr, data


def _within(m: Map, i: int, radius_km: float) -> np.ndarray:
    return np.flatnonzero(m.land & (distances_km(m, m.lon[i], m.lat[i]) <= radius_km))


def _base_targets(s: Scenario, bases: list[int], tgt_indptr: np.ndarray,
                  tgt: np.ndarray) -> list[np.ndarray]:
    """Return, per air unit, the enemy air units whose base lies within its range."""
    au = s.air_units
    out = []
    for a, u in enumerate(au):
        reach = set(tgt[tgt_indptr[a]:tgt_indptr[a + 1]].tolist())
        out.append(np.array([x for x, v in enumerate(au)
                             if v.faction != u.faction and bases[x] in reach], dtype=np.int64))
    return out


def air_params(s: Scenario, m: Map, places: dict[str, np.ndarray]) -> dict[str, object]:
    """Return the air-power fields of ``Params`` and the initial assets of each air unit."""
    fids = s.faction_ids
    au, ad = s.air_units, s.air_defence
    bases = [anchor_region(m, places[u.place]) for u in au]
    posts = [anchor_region(m, places[d.place]) for d in ad]
    tgt_indptr, tgt = _csr([_within(m, r, u.range_km) for r, u in zip(bases, au, strict=True)])
    cov_indptr, cov = _csr([_within(m, r, d.range_km) for r, d in zip(posts, ad, strict=True)])
    bt_indptr, bt = _csr(_base_targets(s, bases, tgt_indptr, tgt))
    shares = np.array([air_shares(s, a) for a in range(len(au))], dtype=np.float64).reshape(-1, 2)
    return {
        "air_faction": np.array([fids.index(u.faction) for u in au], dtype=np.int64),
        "air_region": np.array(bases, dtype=np.int64),
        "air_sorties": np.array([u.sorties_per_day for u in au], dtype=np.float64),
        "air_kills": np.array([u.kills_per_sortie for u in au], dtype=np.float64),
        "air_tgt_indptr": tgt_indptr,
        "air_tgt": tgt,
        "ad_faction": np.array([fids.index(d.faction) for d in ad], dtype=np.int64),
        "ad_region": np.array(posts, dtype=np.int64),
        "ad_systems": np.array([d.systems for d in ad], dtype=np.float64),
        "ad_cov_indptr": cov_indptr,
        "ad_cov": cov,
        "air_suppression": float(s.air.suppression),
        "air_protection": float(s.air.protection),
        "air_attrition": float(s.air.attrition),
        "air_int_share": shares[:, 0].copy(),
        "air_base_share": shares[:, 1].copy(),
        "air_interdiction": float(s.air.interdiction),
        "air_base_kills": float(s.air.base_kills),
        "air_bt_indptr": bt_indptr,
        "air_bt": bt,
    }


def air_assets(s: Scenario) -> np.ndarray:
    """Return the initial number of assets of each air unit."""
    return np.array([u.count for u in s.air_units], dtype=np.float64)


@dataclass(frozen=True)
class Groups:
    """Local armed groups on day 0: fighters, aligned faction and loyalties per region."""

    fighters: np.ndarray  # [R]
    side: np.ndarray  # int16 [R]
    loyalty: np.ndarray  # [K, R]


def local_groups(
    s: Scenario, m: Map, places: dict[str, np.ndarray], control: np.ndarray
) -> Groups:
    """Return the local groups: a default one per populated region, named ones over them."""
    fids = s.faction_ids
    k, n = len(fids), m.n_regions
    lc = s.local
    pop = np.where(m.land, m.population, 0.0)
    fighters = lc.fighters_per_1000 * pop / 1000.0
    loyalty = np.full((k, n), 1.0 / k)
    held = control >= 0
    if k > 1:
        rest = (1.0 - lc.default_loyalty) / (k - 1)
        loyalty[:, held] = rest
        loyalty[control[held], np.flatnonzero(held)] = lc.default_loyalty
    chosen = np.full(n, -1, dtype=np.int16)
    for g in s.local_groups:
        regions = places[g.place]
        if g.side is not None:
            chosen[regions] = fids.index(g.side)
        w = pop[regions] / pop[regions].sum() if pop[regions].sum() > 0 else np.full(
            len(regions), 1.0 / len(regions))
        fighters[regions] = g.fighters * w
        vec = np.array([g.loyalty.get(f, 0.0) for f in fids])
        loyalty[:, regions] = (vec / vec.sum())[:, None]
    side = np.where(chosen >= 0, chosen, np.argmax(loyalty, axis=0))
    side = np.where(fighters > 0, side, -1).astype(np.int16)
    return Groups(fighters=np.where(m.land, fighters, 0.0), side=side, loyalty=loyalty)
