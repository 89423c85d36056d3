"""Cross-references of a validated scenario: names that must point at factions, places, sponsors.

Run after field validation (``loader``), so every problem comes out at once, one line each.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.scenario.schema import Scenario

Problem = tuple[tuple[str | int, ...], str, object]


def cross_check(s: Scenario) -> list[Problem]:
    """Return the problems with names that point elsewhere in the scenario: ``(loc, msg, got)``."""
    out: list[Problem] = []
    factions, places = set(s.factions), set(s.places)
    for i, c in enumerate(s.control):
        if c.faction not in factions:
            out.append(
                (("control", i, "faction"), _unknown("faction", factions, c.faction), c.faction)
            )
        for j, p in enumerate(c.places):
            if p not in places:
                out.append((("control", i, "places", j), _unknown("place", places, p), p))
    for i, d in enumerate(s.forces):
        if d.faction not in factions:
            out.append(
                (("forces", i, "faction"), _unknown("faction", factions, d.faction), d.faction)
            )
        if d.place not in places:
            out.append((("forces", i, "place"), _unknown("place", places, d.place), d.place))
    for key in ("air_units", "air_defence"):
        for i, u in enumerate(getattr(s, key)):
            if u.faction not in factions:
                out.append(((key, i, "faction"), _unknown("faction", factions, u.faction),
                            u.faction))
            if u.place not in places:
                out.append(((key, i, "place"), _unknown("place", places, u.place), u.place))
    for i, g in enumerate(s.local_groups):
        if g.place not in places:
            out.append((("local_groups", i, "place"), _unknown("place", places, g.place),
                        g.place))
        for f in g.loyalty:
            if f not in factions:
                out.append((("local_groups", i, "loyalty", f), _unknown("faction", factions, f),
                            f))
        if g.side is not None and g.side not in factions:
            out.append((("local_groups", i, "side"), _unknown("faction", factions, g.side),
                        g.side))
        if sum(g.loyalty.values()) <= 0:
            out.append((("local_groups", i, "loyalty"), "loyalties must not all be 0",
                        g.loyalty))
    if abs(s.local.w_power + s.local.w_ties + s.local.w_pay - 1.0) > 1e-9:
        out.append((("local",), "w_power + w_ties + w_pay must equal 1",
                    [s.local.w_power, s.local.w_ties, s.local.w_pay]))
    for fid, f in s.factions.items():
        if f.capital is not None and f.capital not in places:
            out.append((("factions", fid, "capital"), _unknown("place", places, f.capital),
                        f.capital))
        for j, ref in enumerate(f.supply):
            if ref not in places:
                out.append((("factions", fid, "supply", j), _unknown("place", places, ref), ref))
    for pid, p in s.places.items():
        for attr in ("places", "exclude"):
            for j, ref in enumerate(getattr(p, attr)):
                if ref not in places:
                    out.append((("places", pid, attr, j), _unknown("place", places, ref), ref))
    if s.economy.revenue_to is not None and s.economy.revenue_to not in places:
        out.append((("economy", "revenue_to"), _unknown("place", places, s.economy.revenue_to),
                    s.economy.revenue_to))
    for j, f in enumerate(s.economy.blockade):
        if f not in factions:
            out.append((("economy", "blockade", j), _unknown("faction", factions, f), f))
    out.extend(_place_cycles(s))
    out.extend(_near_points(s))
    out.extend(_intl_names(s))
    out.extend(_air_shares(s))
    return out


def _near_points(s: Scenario) -> list[Problem]:
    """Return the problems with ``near`` points off the map's coordinate range.

    On the Libya map ``lon``/``lat`` are degrees (-180 to 180, -90 to 90); on a synthetic grid
    they are grid units, allowed within one cell of the grid's centres (``x`` from -1 to the
    width, ``y`` from -1 to ``height * sqrt(3)/2``). A point off the map would otherwise take
    its nearest region, at the map's edge, without a word.
    """
    if s.map.kind == "libya":
        ranges, unit = {"lon": (-180.0, 180.0), "lat": (-90.0, 90.0)}, "degrees"
    else:
        w, h = s.map.width, s.map.height
        ranges = {"lon": (-1.0, float(w)), "lat": (-1.0, round(h * 3**0.5 / 2, 3))}
        unit = f"grid units on the {w} x {h} grid"
    out: list[Problem] = []
    for pid, p in s.places.items():
        for j, near in enumerate(p.near):
            for attr, (lo, hi) in ranges.items():
                v = getattr(near, attr)
                if not lo <= v <= hi:
                    out.append((("places", pid, "near", j, attr),
                                f"must be from {lo:g} to {hi:g} ({unit})", v))
    return out


def _air_shares(s: Scenario) -> list[Problem]:
    """Return the problems with interdiction and base shares of sorties that add up to over 1."""
    out: list[Problem] = []
    msg = "interdiction_share + base_share must not exceed 1"
    if s.air.interdiction_share + s.air.base_share > 1.0:
        out.append((("air",), msg, [s.air.interdiction_share, s.air.base_share]))
    for i, u in enumerate(s.air_units):
        shares = air_shares(s, i)
        if (u.interdiction_share, u.base_share) != (None, None) and sum(shares) > 1.0:
            out.append((("air_units", i), msg, list(shares)))
    return out


def air_shares(s: Scenario, i: int) -> tuple[float, float]:
    """Return air unit ``i``'s (interdiction, base) shares of sorties, defaults filled in."""
    u = s.air_units[i]
    inter = s.air.interdiction_share if u.interdiction_share is None else u.interdiction_share
    base = s.air.base_share if u.base_share is None else u.base_share
    return float(inter), float(base)


def _intl_names(s: Scenario) -> list[Problem]:
    """Return the problems with names in sponsors, air units' sponsors and events."""
    out: list[Problem] = []
    factions, places, sponsors = set(s.factions), set(s.places), set(s.sponsors)
    for sid, sp in s.sponsors.items():
        if sp.client not in factions:
            out.append((("sponsors", sid, "client"), _unknown("faction", factions, sp.client),
                        sp.client))
        for j, ref in enumerate(sp.entry):
            if ref not in places:
                out.append((("sponsors", sid, "entry", j), _unknown("place", places, ref), ref))
    names = [u.name for u in s.air_units if u.name]
    for name in {n for n in names if names.count(n) > 1}:
        out.append((("air_units",), f"two air units are named {name}", name))
    for key in ("air_units", "air_defence"):
        for i, u in enumerate(getattr(s, key)):
            if u.sponsor is None:
                continue
            if u.sponsor not in sponsors:
                out.append(((key, i, "sponsor"), _unknown("sponsor", sponsors, u.sponsor),
                            u.sponsor))
            elif s.sponsors[u.sponsor].client != u.faction:
                out.append(((key, i, "sponsor"), f"sponsor {u.sponsor} backs "
                            f"{s.sponsors[u.sponsor].client}, not {u.faction}", u.sponsor))
    for nid, nb in s.neighbours.items():
        for attr in ("red_line", "ally"):
            ref = getattr(nb, attr)
            known = places if attr == "red_line" else factions
            if ref is not None and ref not in known:
                out.append((("neighbours", nid, attr),
                            _unknown("place" if attr == "red_line" else "faction", known, ref),
                            ref))
        for attr, known, kind in (("red_line_against", factions, "faction"),
                                  ("entry", places, "place")):
            for j, ref in enumerate(getattr(nb, attr)):
                if ref not in known:
                    out.append((("neighbours", nid, attr, j), _unknown(kind, known, ref), ref))
    for mid, md in s.mediators.items():
        for j, ref in enumerate(md.channel):
            if ref not in sponsors:
                out.append((("mediators", mid, "channel", j), _unknown("sponsor", sponsors, ref),
                            ref))
    for i, ev in enumerate(s.events):
        for nid in ev.red_line:
            if nid not in s.neighbours:
                out.append((("events", i, "red_line", nid),
                            _unknown("neighbour", set(s.neighbours), nid), nid))
        for f in ev.blockade:
            if f not in factions:
                out.append((("events", i, "blockade", f), _unknown("faction", factions, f), f))
        for attr in ("support", "deal"):
            for sid in getattr(ev, attr):
                if sid not in sponsors:
                    out.append((("events", i, attr, sid), _unknown("sponsor", sponsors, sid),
                                sid))
        named = {u.name for u in s.air_units if u.name}
        for name in ev.air:
            if name not in named:
                out.append((("events", i, "air", name), _unknown("air unit name", named, name),
                            name))
        for j, sid in enumerate(ev.withdraw):
            if sid not in sponsors:
                out.append((("events", i, "withdraw", j), _unknown("sponsor", sponsors, sid),
                            sid))
    return out


def _unknown(kind: str, known: set[str], got: str = "") -> str:
    close = difflib.get_close_matches(got, sorted(known), n=1, cutoff=0.6) if got else []
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown {kind}; {hint}known: {', '.join(sorted(known)) or 'none'}"


def _place_cycles(s: Scenario) -> list[Problem]:
    out: list[Problem] = []
    for start in s.places:
        stack, seen = [start], set()
        while stack:
            cur = stack.pop()
            for ref in (*s.places[cur].places, *s.places[cur].exclude) if cur in s.places else ():
                if ref == start:
                    out.append(
                        (
                            ("places", start),
                            "place refers to itself through 'places' or 'exclude'",
                            start,
                        )
                    )
                    stack = []
                    break
                if ref not in seen:
                    seen.add(ref)
                    stack.append(ref)
    return out
