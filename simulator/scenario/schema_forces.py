"""Scenario tables of the forces: air power, local groups, objectives, doctrine, logistics."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.scenario.fields import Id, Section, field


class AirUnit(Section):
    """Drones or aircraft of a faction at a base, striking enemy fighters, supply, air bases."""

    faction: Id = field(..., "-", "Faction id.")
    name: Id | None = field(None, "-", "Id by which events refer to the unit.")
    place: Id = field(..., "-", "Place id of the base (its air-base region, else its first).")
    kind: Literal["drone", "aircraft"] = field("drone", "-", "Kind of asset (for reports).")
    sponsor: Id | None = field(None, "-", "Sponsor id that operates and resupplies the unit "
                               "(its drone deliveries go here).")
    count: float = field(..., "assets", "Number of drones or aircraft.", ge=0, le=10000)
    range_km: float = field(300.0, "km", "Strike radius from the base.", ge=0, le=5000)
    sorties_per_day: float = field(1.0, "1/day", "Sorties per asset per day.", ge=0, le=20)
    kills_per_sortie: float = field(
        2.0,
        "fighters",
        "Enemy fighters put out of action per sortie without air defence (assumed).",
        ge=0,
        le=1000,
    )
    interdiction_share: float | None = field(
        None, "share", "Share of sorties against enemy supply in range (default: "
        "air.interdiction_share).", ge=0, le=1)
    base_share: float | None = field(
        None, "share", "Share of sorties against enemy air units on the ground at enemy air "
        "bases in range (default: air.base_share).", ge=0, le=1)


class AirDefenceUnit(Section):
    """Air-defence systems of a faction, covering the regions within range."""

    faction: Id = field(..., "-", "Faction id.")
    place: Id = field(..., "-", "Place id of the position (its first region).")
    systems: float = field(..., "systems", "Number of systems (batteries).", ge=0, le=1000)
    sponsor: Id | None = field(None, "-", "Sponsor id that operates and resupplies the "
                               "systems (its air-defence deliveries go here).")
    range_km: float = field(
        40.0, "km", "Radius covered (Pantsir ~20 km, Hawk ~45 km).", ge=0, le=1000
    )


class AirPower(Section):
    """How air defence weakens air power (docs/MODEL.md, Air power)."""

    suppression: float = field(
        0.5,
        "per system",
        "Sorties lost to enemy air defence covering the base: exp(-suppression x systems).",
        ge=0,
        le=100,
    )
    protection: float = field(
        0.7,
        "per system",
        "Strike effect lost to enemy air defence covering the target: exp(-protection x systems).",
        ge=0,
        le=100,
    )
    attrition: float = field(
        0.05, "per system per day", "Asset losses to air defence covering the targets.", ge=0, le=10
    )
    interdiction_share: float = field(
        0.2, "share", "Share of each unit's sorties against enemy supply lines in range "
        "(assumed).", ge=0, le=1)
    base_share: float = field(
        0.1, "share", "Share of each unit's sorties against enemy air units on the ground at "
        "enemy air bases in range; re-tasked to fighters when there is none (assumed).",
        ge=0, le=1)
    interdiction: float = field(
        0.5, "per (sortie per 1,000 fighters)", "Supply margin lost to interdiction: "
        "u = exp(-interdiction x sorties per 1,000 enemy fighters in range) (assumed).",
        ge=0, le=100)
    base_kills: float = field(
        0.1, "assets per sortie", "Enemy drones or aircraft destroyed on the ground per base "
        "sortie without air defence (assumed).", ge=0, le=100)


class LocalGroup(Section):
    """A named local armed group: its fighters and loyalties in a place."""

    place: Id = field(..., "-", "Place id (fighters spread in proportion to population).")
    fighters: float = field(..., "fighters", "Strength of the group.", ge=0, le=1e6)
    side: Id | None = field(
        None,
        "-",
        "Faction the group fights with on day 0 (default: the one "
        "it is most loyal to); a group fighting against its leaning may "
        "defect.",
    )
    loyalty: dict[Id, Annotated[float, Field(ge=0, le=1)]] = Field(
        ...,
        description="Initial loyalty to each faction (0-1, normalised to sum to 1).",
        json_schema_extra={"unit": "0-1"},
    )


class Local(Section):
    """Local armed groups in every region, their loyalty and defections."""

    fighters_per_1000: float = field(
        1.0,
        "fighters per 1,000 people",
        "Strength of the local group of a region without a named one.",
        ge=0,
        le=1000,
    )
    default_loyalty: float = field(
        0.7,
        "0-1",
        "Loyalty of such a group to the region's initial holder (the rest shared by the others).",
        ge=0,
        le=1,
    )
    drift: float = field(0.02, "1/day", "Speed at which loyalty follows its target.", ge=0, le=1)
    w_power: float = field(0.5, "-", "Weight of the nearby balance of power.", ge=0, le=1)
    w_ties: float = field(0.4, "-", "Weight of the initial ties.", ge=0, le=1)
    w_pay: float = field(0.1, "-", "Weight of payments (the factions' treasuries).", ge=0, le=1)
    defect_rate: float = field(
        0.05, "1/day", "Defection hazard per unit of loyalty gap.", ge=0, le=100
    )


class Objectives(Section):
    """What regions are worth to the factions (weights of the region value)."""

    population: float = field(1.0, "per 100,000 people", "Weight of population.", ge=0, le=100)
    oil: float = field(
        1.0, "per 100,000 bpd", "Weight of oil field and terminal capacity.", ge=0, le=100
    )
    air_base: float = field(0.5, "per base", "Weight of an air base.", ge=0, le=100)
    port: float = field(0.3, "per port", "Weight of a port.", ge=0, le=100)
    key_place: float = field(1.0, "per region", "Weight of a region in a key place.", ge=0, le=100)
    enemy_capital: float = field(
        5.0, "per region", "Weight of a region of an enemy capital.", ge=0, le=1000
    )
    own_capital: float = field(
        3.0, "per region", "Weight of a region of the faction's own capital.", ge=0, le=1000
    )
    value_weight: float = field(
        2.0,
        "days per value unit",
        "How many days of extra travel one unit of value is worth when choosing where forces go.",
        ge=0,
        le=1000,
    )


class Doctrine(Section):
    """How factions decide: posture, recruitment, money and morale."""

    attack_threshold: float = field(
        1.2,
        "x",
        "Front-wide effective force ratio at which a "
        "faction with aggression 0 attacks (aggression a scales it "
        "by 1 - a).",
        ge=0,
        le=100,
    )
    recruit_rate: float = field(
        0.003, "1/day", "Share of the manpower pool recruited per day.", ge=0, le=1
    )
    recruit_cost: float = field(
        0.005, "USD million per recruit", "Cost of one recruit.", ge=0, le=10
    )
    upkeep: float = field(
        0.01, "USD million per 1,000 fighters per day", "Running cost of forces.", ge=0, le=100
    )
    morale_recovery: float = field(
        0.02, "1/day", "Pull of morale back to its initial value.", ge=0, le=1
    )
    loss_sensitivity: float = field(
        0.5, "-", "Morale lost per unit of daily loss rate.", ge=0, le=100
    )
    capture_sensitivity: float = field(
        0.5, "-", "Morale gained per unit of relative value captured.", ge=0, le=100
    )
    broke_morale: float = field(
        0.01, "1/day", "Morale lost per day with an empty treasury.", ge=0, le=1
    )


class Logistics(Section):
    """Movement, supply and advance."""

    speed_coast_road: float = field(
        300.0, "km/day", "Speed along the coastal highway.", gt=0, le=2000
    )
    speed_main_road: float = field(200.0, "km/day", "Speed along main roads.", gt=0, le=2000)
    speed_open: float = field(60.0, "km/day", "Speed off roads (desert, plains).", gt=0, le=2000)
    speed_mountain: float = field(30.0, "km/day", "Speed in mountains off roads.", gt=0, le=2000)
    supply_range: float = field(
        3.0,
        "days",
        "Travel time from a supply source over which supply falls by 1/e towards its floor.",
        gt=0,
        le=365,
    )
    supply_floor: float = field(
        0.5, "0-1", "Supply factor far from sources (still connected).", ge=0, le=1
    )
    cut_off_effect: float = field(
        0.3, "0-1", "Supply factor of forces cut off from every source.", ge=0, le=1
    )
    cut_off_attrition: float = field(
        0.02, "1/day", "Share of cut-off fighters lost per day (desertion, surrender).", ge=0, le=1
    )
    move_rate: float = field(
        0.5,
        "-",
        "Share of mobile fighters that moves per day when a region can be crossed in a day.",
        ge=0,
        le=1,
    )
    advance_speed: float = field(
        8.0,
        "km/day",
        "Pace of an advance into enemy-held ground: "
        "the share of fighters above the garrison that advances per day "
        "is advance_speed / cell_km (at most 1).",
        ge=0,
        le=1000,
    )
    attack_ratio: float = field(
        1.5,
        "x",
        "Local effective force ratio needed to advance into an enemy-held region.",
        ge=0,
        le=100,
    )
    enemy_cost: float = field(
        2.0,
        "x",
        "Extra travel cost of crossing enemy-held regions when planning where to go.",
        ge=0,
        le=1000,
    )
    garrison_per_1000: float = field(
        5.0,
        "fighters per 1,000 people",
        "Fighters that stay in a region they are in.",
        ge=0,
        le=1000,
    )
