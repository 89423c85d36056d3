"""Scenario tables of the international layer: sponsors, support costs, escalation, events.

docs/MODEL.md, phases 1 (scripted events), 3 (sponsors) and 12 (escalation).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from simulator.scenario.fields import Id, Section, field, list_field

SUPPORT_KINDS = ("money", "arms", "drones", "air_defence", "mercenaries", "troops")


class SupportMix(Section):
    """Shares of a sponsor's support by kind (they sum to at most 1; the rest is overhead)."""

    money: float = field(1.0, "share", "Cash to the client's treasury.", ge=0, le=1)
    arms: float = field(0.0, "share", "Weapons that arm recruits from the client's manpower "
                        "pool at the entry bases.", ge=0, le=1)
    drones: float = field(0.0, "share", "Drones for the sponsor's air units.", ge=0, le=1)
    air_defence: float = field(0.0, "share", "Systems for the sponsor's air-defence units.",
                               ge=0, le=1)
    mercenaries: float = field(0.0, "share", "Foreign fighters delivered to the entry bases.",
                               ge=0, le=1)
    troops: float = field(0.0, "share", "The sponsor's own soldiers (overt troops; sent only "
                          "while escalation.max_level >= 4).", ge=0, le=1)

    @model_validator(mode="after")
    def _at_most_one(self) -> SupportMix:
        total = sum(getattr(self, k) for k in SUPPORT_KINDS)
        if total > 1.0 + 1e-9:
            raise ValueError(f"the shares sum to {total:g}; they must sum to at most 1")
        return self


class Sponsor(Section):
    """A foreign state backing one faction (docs/MODEL.md, Sponsors (phase 3))."""

    client: Id = field(..., "-", "Faction id of the client.")
    label: str = field("", "-", "Display name (defaults to the id, capitalised).",
                       max_length=200)
    support: float = field(0.0, "USD million/day", "Support level on day 0.", ge=0, le=1e4)
    fighters: float = field(0.0, "fighters", "The sponsor's mercenaries in Libya on day 0 "
                            "(already counted in the client's [[forces]]).", ge=0, le=1e7)
    reaction: float = field(0.01, "1/day", "Richardson's k: growth per unit of the rival "
                            "sponsors' support.", ge=0, le=1)
    fatigue: float = field(0.02, "1/day", "Richardson's a: the cost of sustaining support.",
                           ge=0, le=1)
    interest: float = field(0.0, "USD million/day per day", "Richardson's g: strategic "
                            "interest (negative: goodwill).", ge=-100, le=100)
    distress: float = field(0.02, "USD million/day per day", "Growth at full distress of the "
                            "client (ground and morale lost).", ge=0, le=100)
    reputation: float = field(0.001, "USD million/day per day per death/day", "Restraint per "
                              "civilian death a day caused by the client (times 1 + the "
                              "court's concern).", ge=0, le=100)
    deal_restraint: float = field(0.05, "1/day", "Extra restraint while a deal binds the "
                                  "sponsor.", ge=0, le=1)
    consent: float = field(0.5, "0-1", "Consent to talks while no deal binds it.", ge=0,
                           le=1)
    max_support: float | None = field(None, "USD million/day", "Cap on the support level "
                                      "(none: no cap).", ge=0, le=1e6)
    delay_days: int = field(14, "days", "Days from a decision to its arrival.", ge=0, le=365)
    entry: list[Id] = list_field("-", "Places whose held regions receive fighters (default: "
                                 "the client's supply sources).")
    mix: SupportMix = Field(default_factory=SupportMix, description="Support by kind.")


class SupportCosts(Section):
    """What one unit of each kind of support costs the sponsor."""

    recruit: float = field(0.005, "USD million per recruit", "Arms for one recruit.", gt=0,
                           le=100)
    mercenary: float = field(0.02, "USD million per fighter", "One mercenary delivered (a "
                             "year's pay and transport).", gt=0, le=100)
    troop: float = field(0.1, "USD million per soldier", "One of the sponsor's own soldiers "
                         "deployed.", gt=0, le=100)
    drone: float = field(5.0, "USD million per drone", "One armed drone.", gt=0, le=1000)
    air_defence: float = field(15.0, "USD million per system", "One air-defence system.", gt=0,
                               le=1000)


class Escalation(Section):
    """The escalation ladder (docs/MODEL.md, Escalation (phase 12))."""

    memory_days: float = field(7.0, "days", "Smoothing time of the casualty indicators.",
                               ge=1, le=365)
    skirmish_threshold: float = field(0.5, "fighters/day", "Level 1 from this many fighters "
                                      "put out of action a day.", ge=0, le=1e6)
    shelling_threshold: float = field(5.0, "fighters/day", "Level 2 (artillery and shelling) "
                                      "from this many.", ge=0, le=1e6)
    air_threshold: float = field(1.0, "fighters/day", "Level 3 (air and drone campaign) from "
                                 "this many put out of action from the air.", ge=0, le=1e6)
    calm_days: int = field(30, "days", "Days in a row below the level before it falls one "
                           "rung.", ge=1, le=3650)
    max_level: int = field(5, "level 0-5", "Highest level the parties allow themselves (air "
                           "strikes need 3, sponsors' troops 4).", ge=0, le=5)


# Keys that set up the run or the initial state: events cannot change them on a date.
FIXED_KEYS = ("run", "map", "engine", "initial", "control", "forces", "events", "name",
              "description", "extends", "local_groups")
# Keys that only set day 0's state, with the event field that changes that state on a date.
STATE_KEYS = {
    ("factions", "*", "manpower"): "nothing (recruitment draws on it)",
    ("factions", "*", "treasury"): "nothing (revenue and support fill it)",
    ("sponsors", "*", "support"): "the event's support table",
    ("air_units", "*", "count"): "the event's air table (name the unit)",
    ("air_defence", "*", "systems"): "nothing (sponsors' deliveries add systems)",
    ("economy", "blockade"): "the event's blockade table",
    ("civilians", "initial_displaced"): "nothing",
}


class ScriptedEvent(Section):
    """Something that happens on a date (docs/MODEL.md, Scripted events (phase 1))."""

    date: dt.date = field(..., "date", "Calendar date on which the event acts.")
    name: str = field(..., "-", "What happened (shown in the event log and reports).",
                      min_length=1, max_length=200)
    source: str = field("", "-", "Where the date and the facts come from.", max_length=2000)
    set: dict[str, Any] = field({}, "-", "Scenario keys (dotted, as with --set) given new "
                                "values from this date on.")
    blockade: dict[Id, bool] = field({}, "-", "Faction id -> true starts, false ends the "
                                     "blockade of its exports.")
    support: dict[Id, float] = field({}, "USD million/day", "Sponsor id -> support level set "
                                     "on this date.")
    deal: dict[Id, bool] = field({}, "-", "Sponsor id -> true binds it by a deal, false "
                                 "releases it.")
    air: dict[Id, float] = field({}, "assets", "Named air unit -> its number of drones or "
                                 "aircraft from this date (e.g. jets flown in).")
    withdraw: list[Id] = list_field("-", "Sponsors that withdraw: support 0, pipeline "
                                    "cancelled, their foreign fighters leave.")
    red_line: dict[Id, bool] = field({}, "-", "Neighbour id -> true declares, false "
                                     "withdraws its red line.")
    tension: float | None = field(None, "0-1", "Linked-theatre tension (Idlib) from this "
                                  "date.", ge=0, le=1)
    court: float | None = field(None, "0-1", "The international court's concern from this "
                                "date.", ge=0, le=1)
    ceasefire: Literal["war", "talks", "ceasefire", "violated"] | None = field(
        None, "-", "Ceasefire state set on this date.")

    @field_validator("set")
    @classmethod
    def _settable(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key in value:
            parts = key.split(".")
            if not all(parts):
                raise ValueError(f"{key!r} is not a dotted key such as "
                                 "'sponsors.turkey.interest'")
            if parts[0] in FIXED_KEYS:
                raise ValueError(f"{key!r} cannot change on a date (it sets up the run or "
                                 f"the initial state); keys under {', '.join(FIXED_KEYS)} are "
                                 "fixed")
            for pattern, instead in STATE_KEYS.items():
                if len(parts) == len(pattern) and all(
                        p in ("*", q) for p, q in zip(pattern, parts, strict=True)):
                    raise ValueError(f"{key!r} only sets day 0's state; on a date use "
                                     f"{instead}")
        return value

    @field_validator("support", "air")
    @classmethod
    def _non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        bad = [k for k, v in value.items() if not v >= 0]
        if bad:
            raise ValueError(f"levels must be >= 0 ({bad[0]}: {value[bad[0]]})")
        return value
