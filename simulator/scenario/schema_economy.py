"""Scenario tables of the civilians' borders and the oil economy (docs/MODEL.md, phases 10-11)."""

from __future__ import annotations

from typing import Literal

from simulator.scenario.fields import Id, Section, field, list_field


class Border(Section):
    """The base posture of Libya's border with one neighbouring country.

    A neighbour's spillover can make it stricter (docs/MODEL.md, Neighbours (phase 4)).
    """

    posture: Literal["open", "reinforced", "closed"] = field(
        "open", "-", "open lets abroad_share of the people fleeing near a crossing through, "
        "reinforced half of it, closed none; the posture never goes below this.")


class Economy(Section):
    """Oil: production, exports, revenue (docs/MODEL.md, Economy)."""

    oil_price: float = field(60.0, "USD/bbl", "Export price of crude.", ge=0, le=1000)
    field_scale: float = field(1.0, "x", "Multiplier of the map's field capacities (its field "
                               "points stand for their basins; fields off the map).", ge=0,
                               le=10)
    state_take: float = field(0.7, "0-1", "Share of the export value the state receives.", ge=0,
                              le=1)
    war_share: float = field(0.02, "0-1", "Share of the state's oil revenue that funds the war "
                             "effort of the faction receiving it.", ge=0, le=1)
    damage_rate: float = field(0.05, "1/day", "Damage to oil installations per day at combat "
                               "intensity 1.", ge=0, le=1)
    repair_rate: float = field(0.02, "1/day", "Share of the damage repaired per day.", ge=0,
                               le=1)
    revenue_to: Id | None = field(None, "-", "Place id whose holder receives all oil revenue "
                                  "(the Central Bank); default: 'tripoli' when the scenario has "
                                  "that place, else each producer keeps its own.")
    blockade: list[Id] = list_field("-", "Factions whose fields and terminals are blockaded on "
                                    "day 0 (no exports from what they hold).")
