"""Named region sets: resolve a scenario's places to arrays of land-region indices."""

from __future__ import annotations

import difflib

import numpy as np

from simulator.errors import ScenarioError
from simulator.geography.mapdata import Map
from simulator.scenario.checks import Problem
from simulator.scenario.schema import Place, Scenario

EARTH_KM_PER_DEG = 111.32


def distances_km(m: Map, lon: float, lat: float) -> np.ndarray:
    """Return the distance in km from ``(lon, lat)`` to every region centre of ``m``."""
    if m.kind == "grid":
        return np.hypot(m.lon - lon, m.lat - lat) * m.cell_km
    coslat = np.cos(np.deg2rad(0.5 * (m.lat + lat)))
    return np.hypot((m.lon - lon) * coslat, m.lat - lat) * EARTH_KM_PER_DEG


def resolve_places(s: Scenario, m: Map) -> dict[str, np.ndarray]:
    """Return every place's sorted land-region indices; raise ``ScenarioError`` on bad names."""
    problems: list[Problem] = []
    out: dict[str, np.ndarray] = {}
    for pid in s.places:
        _resolve(pid, s, m, out, problems)
    for pid, regions in out.items():
        if regions.size == 0 and not any(p[0][:2] == ("places", pid) for p in problems):
            problems.append(
                (
                    ("places", pid),
                    "the place holds no land region of this map",
                    s.places[pid].model_dump(exclude_defaults=True),
                )
            )
    if problems:
        raise ScenarioError(s.problems(problems))
    return out


def _resolve(pid: str, s: Scenario, m: Map, out: dict, problems: list[Problem]) -> np.ndarray:
    if pid in out:
        return out[pid]
    p: Place = s.places[pid]
    sel = np.zeros(m.n_regions, dtype=bool)
    if p.all:
        sel |= m.land
    for j, (x, y) in enumerate(p.cells):
        if not (0 <= x < m.width and 0 <= y < m.height):
            problems.append(
                (("places", pid, "cells", j), f"outside the {m.width} x {m.height} grid", [x, y])
            )
        else:
            sel[x * m.height + y] = True
    if p.box is not None:
        lo_x, lo_y, hi_x, hi_y = p.box
        sel |= (m.lon >= lo_x) & (m.lon <= hi_x) & (m.lat >= lo_y) & (m.lat <= hi_y)
    for near in p.near:
        d = np.where(m.land, distances_km(m, near.lon, near.lat), np.inf)
        if near.radius_km > 0:
            sel |= d <= near.radius_km
        sel[int(np.argmin(d))] = True
    _by_name(p.cities, m.cities, m.city, "cities", "city", pid, sel, problems)
    _by_name(p.districts, m.districts, m.district, "districts", "district", pid, sel, problems)
    _by_name(p.provinces, m.provinces, m.province, "provinces", "province", pid, sel, problems)
    for ref in p.places:
        if ref in s.places:
            sel[_resolve(ref, s, m, out, problems)] = True
    for ref in p.exclude:
        if ref in s.places:
            sel[_resolve(ref, s, m, out, problems)] = False
    out[pid] = np.flatnonzero(sel & m.land)
    return out[pid]


def _by_name(
    wanted: list[str],
    names: tuple[str, ...],
    codes: np.ndarray,
    key: str,
    kind: str,
    pid: str,
    sel: np.ndarray,
    problems: list[Problem],
) -> None:
    lookup = {n.lower(): i for i, n in enumerate(names)}
    for j, name in enumerate(wanted):
        code = lookup.get(name.lower())
        if code is None:
            close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            known = f"{len(names)} known" if names else f"this map has no {key}"
            problems.append((("places", pid, key, j), f"unknown {kind}; {hint}{known}", name))
        else:
            sel |= codes == code
