"""The scenario schema (pydantic v2): every table a scenario file may hold, with units and bounds.

The schema grows with each mechanism. Cross-references (a faction or place named elsewhere)
are checked by ``cross_check`` after field validation, so all problems come out at once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field, PrivateAttr

from simulator.scenario.fields import Id, Section, field, list_field
from simulator.scenario.schema_economy import Border, Economy
from simulator.scenario.schema_forces import (  # noqa: F401  (re-exported)
    AirDefenceUnit,
    AirPower,
    AirUnit,
    Doctrine,
    Local,
    LocalGroup,
    Logistics,
    Objectives,
)
from simulator.scenario.schema_intl import (
    Escalation,
    ScriptedEvent,
    Sponsor,
    SupportCosts,
)
from simulator.scenario.schema_peace import CeasefireSettings, Mediator, Neighbour

if TYPE_CHECKING:
    from simulator.scenario.checks import Problem

CEASEFIRE_STATES = ("war", "talks", "ceasefire", "violated")


class RunSettings(Section):
    """How long, from when and how many times to run."""

    start_date: dt.date = field(dt.date(2020, 6, 8), "date", "Calendar date of day 0.")
    days: int = field(
        365, "days", "Number of simulated days (one step is one day).", ge=1, le=36500
    )
    seed: int = field(
        0, "-", "Root random seed; replicate r uses streams keyed by (seed, r).", ge=0, le=2**63 - 1
    )
    replicates: int = field(
        1, "runs", "Number of replicates (independent random runs).", ge=1, le=1_000_000
    )
    snapshot_every: int = field(7, "days", "Interval between grid snapshots.", ge=1, le=36500)
    snapshot_replicates: int = field(
        1, "runs", "How many replicates (from 0) keep grid snapshots.", ge=0, le=1000
    )


class MapSettings(Section):
    """Which map the regions come from."""

    kind: Literal["grid", "libya"] = field(
        "grid", "-", "'grid': a synthetic width x height hex grid; 'libya': the hex map of Libya."
    )
    width: int = field(20, "cells", "Synthetic grid: number of columns (x).", ge=1, le=2000)
    height: int = field(20, "cells", "Synthetic grid: number of rows (y).", ge=1, le=2000)
    cell_km: float = field(
        25.0, "km", "Synthetic grid: centre-to-centre distance of cells.", gt=0, le=1000
    )
    population_per_region: float = field(
        1000.0, "people", "Synthetic grid: civilians living in every region.", ge=0, le=1e8
    )
    resolution_deg: float = field(
        0.2, "degrees", "Libya map: hex spacing in degrees of latitude.", ge=0.05, le=1.0
    )
    lattice_dx: float = field(
        0.0,
        "cells",
        "Libya map: move the hex lattice's origin west by this fraction of the column spacing. "
        "Only where cell boundaries fall changes; vary it (and lattice_dy) over an ensemble to "
        "see which results hinge on that.",
        ge=0.0,
        lt=1.0,
    )
    lattice_dy: float = field(
        0.0,
        "cells",
        "Libya map: move the hex lattice's origin south by this fraction of the row spacing.",
        ge=0.0,
        lt=1.0,
    )


class Faction(Section):
    """An armed faction: the GNA, the LNA, or any other party to the war."""

    label: str = field("", "-", "Display name (defaults to the id in capitals).", max_length=200)
    color: str | None = field(
        None,
        "-",
        "Display colour as #rrggbb (default: a colour-blind-safe palette).",
        pattern=r"^#[0-9a-fA-F]{6}$",
    )
    lethality: float = field(
        0.01,
        "1/day",
        "Square-law kill rate: enemy fighters disabled per own fighter per day "
        "(Lanchester's alpha) before modifiers.",
        ge=0,
        le=1,
    )
    morale: float = field(0.7, "0-1", "Initial morale; scales effectiveness.", ge=0, le=1)
    manpower: float = field(0.0, "people", "Recruitable pool outside the front.", ge=0, le=1e7)
    treasury: float = field(0.0, "USD million", "Initial funds.", ge=0, le=1e6)
    income: float = field(0.0, "USD million/day", "Funds received per day (before the economy "
                          "mechanism sends oil revenue).", ge=0, le=1e4)
    capital: Id | None = field(None, "-", "Place id of the faction's capital (valued by both "
                               "sides).")
    supply: list[Id] = list_field("-", "Place ids of supply sources (headquarters, entry ports "
                                  "and bases); a source supplies only while held.")
    aggression: float = field(0.5, "0-1", "Readiness to attack: lowers the force ratio the "
                              "faction needs before it goes on the offensive.", ge=0, le=1)


class Near(Section):
    """A disc around a point: every region whose centre lies within ``radius_km``."""

    lon: float = field(..., "degrees (grid units on synthetic maps)", "Centre longitude, "
                       "-180 to 180; on a synthetic grid, x from -1 to the width.")
    lat: float = field(..., "degrees (grid units on synthetic maps)", "Centre latitude, "
                       "-90 to 90; on a synthetic grid, y from -1 to height x sqrt(3)/2.")
    radius_km: float = field(0.0, "km", "Radius; 0 takes the single nearest region.", ge=0, le=5000)


class Place(Section):
    """A named region set: the union of its selectors, minus the places in ``exclude``."""

    label: str = field("", "-", "Display name (defaults to the id).", max_length=200)
    key: bool = field(False, "-", "A key place: who holds it at the end is an outcome.")
    cells: list[tuple[int, int]] = list_field("cells", "Grid cells as [x, y] pairs.")
    box: tuple[float, float, float, float] | None = field(
        None,
        "degrees (grid units on synthetic maps)",
        "A box [lon_min, lat_min, lon_max, lat_max]; regions whose centre lies inside.",
    )
    near: list[Near] = list_field("-", "Discs around points.")
    cities: list[str] = list_field("-", "Regions holding these cities (Libya map).")
    districts: list[str] = list_field("-", "Regions in these districts (Libya map).")
    provinces: list[str] = list_field("-", "Regions in these provinces (Libya map).")
    places: list[Id] = list_field("-", "Other places whose regions are included.")
    exclude: list[Id] = list_field("-", "Other places whose regions are removed.")
    all: bool = field(False, "-", "Every land region.")


class ControlAssignment(Section):
    """Initial control: ``faction`` holds every region of ``places`` (later entries win)."""

    faction: Id = field(..., "-", "Faction id.")
    places: list[Id] = list_field("-", "Place ids.", min_length=1)


class Deployment(Section):
    """Initial forces: ``fighters`` of ``faction`` spread over the regions of ``place``."""

    faction: Id = field(..., "-", "Faction id.")
    place: Id = field(..., "-", "Place id.")
    fighters: float = field(..., "fighters", "Number of fighters.", ge=0, le=1e7)
    spread: Literal["even", "population"] = field(
        "even", "-", "Split evenly over the regions, or in proportion to their population."
    )


class Combat(Section):
    """Ground combat: Lanchester's square law per region, exact over the day."""

    daily_noise: float = field(0.1, "log-sd", "Standard deviation of the daily log-normal factor "
                               "on each faction's effectiveness everywhere (the fortunes of war).",
                               ge=0, le=2)
    noise: float = field(
        0.2,
        "log-sd",
        "Standard deviation of the daily log-normal factor on "
        "each faction's effectiveness in each region.",
        ge=0,
        le=2,
    )
    urban_defence: float = field(
        1.5,
        "x",
        "Effectiveness multiplier of the holder of an urban region (assumed).",
        ge=1,
        le=10,
    )
    mountain_defence: float = field(
        1.3,
        "x",
        "Effectiveness multiplier of the holder of a mountain region (assumed).",
        ge=1,
        le=10,
    )
    killed_share: float = field(
        0.35,
        "0-1",
        "Share of fighters put out of action who die "
        "(assumed; killed-to-wounded ratios of about 1:2).",
        ge=0,
        le=1,
    )
    rk_substeps: int = field(
        20,
        "steps/day",
        "RK4 steps per day where three or more factions fight in one region.",
        ge=1,
        le=1000,
    )


class Territory(Section):
    """Control: a region changes hands when a faction holds a clear force ratio for some days."""

    capture_ratio: float = field(
        3.0, "x", "Force ratio over all enemies present needed to take a region.", ge=1, le=100
    )
    capture_days: int = field(3, "days", "Consecutive days the ratio must hold.", ge=1, le=365)
    presence: float = field(
        10.0, "fighters", "Fewer fighters than this count as absent.", ge=0, le=1e5
    )


class Civilians(Section):
    """Civilian harm and flight from fighting."""

    intensity_scale: float = field(
        100.0,
        "fighters/day per 25 km region",
        "Military losses per region-day that make combat intensity 1 - 1/e, for a region 25 km "
        "across; scaled by region area so results do not depend on the map's resolution.",
        gt=0,
        le=1e6,
    )
    flee_rate: float = field(
        0.0025, "1/day", "Share of residents who flee per day at danger 1 (intensity 1 without "
        "shelling or strikes).", ge=0, le=1
    )
    harm_rate: float = field(
        5e-6, "1/day", "Share of residents killed per day by ground combat at intensity 1 "
        "(shelling and strikes add to it).", ge=0, le=0.1
    )
    initial_displaced: float = field(
        0.0,
        "people",
        "People already displaced on day 0, spread in proportion to population.",
        ge=0,
        le=1e8,
    )
    shelling: float = field(0.3, "x", "Harm and fear from shelling per unit of ground-combat "
                            "harm, from escalation level 2.", ge=0, le=100)
    air_harm: float = field(1.0, "x", "Harm from air strikes per unit of strike intensity (as "
                            "harm_rate), from escalation level 3.", ge=0, le=1000)
    injury_ratio: float = field(2.0, "injured per death", "Civilians injured per civilian "
                                "killed.", ge=0, le=100)
    abroad_share: float = field(0.2, "0-1", "Share of the people fleeing a region near an open "
                                "crossing who go abroad (half through a reinforced border).",
                                ge=0, le=1)
    crossing_reach_km: float = field(100.0, "km", "Distance from an official crossing within "
                                     "which fleeing people may go abroad.", ge=0, le=5000)
    return_after_days: int = field(30, "days", "Days a ceasefire must hold before the displaced "
                                   "start going home.", ge=0, le=36500)
    return_rate: float = field(0.01, "1/day", "Share of the displaced from each calm region who "
                               "go home per day during a lasting ceasefire.", ge=0, le=1)


class Engine(Section):
    """How the engine runs: phases, buffers, batching."""

    disabled_phases: list[
        Literal["events", "ceasefire", "sponsors", "neighbours", "factions", "logistics", "air",
                "combat", "control", "allegiance", "key_places", "civilians", "economy",
                "escalation"]
    ] = list_field(
        "-", "Phases switched off (for experiments and tests)."
    )
    event_capacity: int = field(
        4096, "events", "Events kept per replicate (more are counted).", ge=16, le=10_000_000
    )
    field_refresh_days: int = field(5, "days", "Longest interval between recomputations of the "
                                    "supply and objective fields (they are also recomputed "
                                    "after every change of control, posture or allegiance).",
                                    ge=1, le=365)
    batch_replicates: int = field(
        0,
        "runs",
        "Replicates run together in one compiled call; 0 chooses from the map size.",
        ge=0,
        le=100_000,
    )


class Initial(Section):
    """The war-wide state on day 0."""

    escalation: int = field(
        1, "level 0-5", "Escalation level (0 frozen ... 5 interstate).", ge=0, le=5
    )
    ceasefire: Literal["war", "talks", "ceasefire", "violated"] = field(
        "war", "-", "Ceasefire state."
    )


class Scenario(Section):
    """A whole scenario: run settings, map, factions, places, initial state and mechanisms."""

    name: str = field(
        ...,
        "-",
        "Free-text name shown in reports; its slug names folders.",
        min_length=1,
        max_length=200,
    )
    description: str = field("", "-", "What the scenario asks.", max_length=20000)
    run: RunSettings = Field(default_factory=RunSettings, description="Run settings.")
    map: MapSettings = Field(default_factory=MapSettings, description="The map.")
    factions: dict[Id, Faction] = Field(
        ..., min_length=2, max_length=16, description="The armed factions, by id."
    )
    places: dict[Id, Place] = Field(default_factory=dict, description="Named region sets.")
    control: list[ControlAssignment] = Field(
        default_factory=list, description="Initial control, in order."
    )
    forces: list[Deployment] = Field(default_factory=list, description="Initial deployments.")
    objectives: Objectives = Field(default_factory=Objectives, description="Region values.")
    doctrine: Doctrine = Field(default_factory=Doctrine, description="Faction decisions.")
    logistics: Logistics = Field(default_factory=Logistics, description="Movement and supply.")
    air_units: list[AirUnit] = Field(default_factory=list, description="Drones and aircraft.")
    air_defence: list[AirDefenceUnit] = Field(default_factory=list,
                                              description="Air-defence systems.")
    air: AirPower = Field(default_factory=AirPower, description="Air power.")
    local: Local = Field(default_factory=Local, description="Local armed groups.")
    local_groups: list[LocalGroup] = Field(default_factory=list,
                                           description="Named local armed groups.")
    combat: Combat = Field(default_factory=Combat, description="Ground combat.")
    territory: Territory = Field(default_factory=Territory, description="Control of regions.")
    civilians: Civilians = Field(default_factory=Civilians, description="Civilians.")
    borders: dict[Id, Border] = Field(default_factory=dict, description="Border posture per "
                                      "neighbouring country (Libya map: algeria, chad, egypt, "
                                      "niger, sudan, tunisia); unnamed ones are open.")
    economy: Economy = Field(default_factory=Economy, description="Oil and revenue.")
    sponsors: dict[Id, Sponsor] = Field(default_factory=dict, max_length=32,
                                        description="Foreign sponsors, by id.")
    support_costs: SupportCosts = Field(default_factory=SupportCosts,
                                        description="Unit costs of support.")
    escalation: Escalation = Field(default_factory=Escalation,
                                   description="The escalation ladder.")
    neighbours: dict[Id, Neighbour] = Field(default_factory=dict, max_length=16,
                                            description="Neighbouring states, by id (on the "
                                            "Libya map, its countries).")
    mediators: dict[Id, Mediator] = Field(default_factory=dict, max_length=16,
                                          description="Mediators, by id.")
    ceasefire: CeasefireSettings = Field(default_factory=CeasefireSettings,
                                         description="The ceasefire process.")
    events: list[ScriptedEvent] = Field(default_factory=list, max_length=1000,
                                        description="Scripted events on dates.")
    initial: Initial = Field(default_factory=Initial, description="War-wide initial state.")
    engine: Engine = Field(default_factory=Engine, description="Engine settings.")

    _source: str = PrivateAttr(default="<scenario>")
    _provenance: dict = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> str:
        """Return the file the scenario was loaded from (as shown in messages)."""
        return self._source

    def problems(self, found: list[Problem]) -> list[str]:
        """Return ``found`` problems as one line each, naming the file that set each key."""
        from simulator.scenario.render import problem_lines

        return problem_lines(found, self._provenance, self._source)

    @property
    def slug(self) -> str:
        """Return the name as a lower-case, dash-separated folder name."""
        s = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")
        return s[:60] or "scenario"

    @property
    def faction_ids(self) -> list[str]:
        """Return the faction ids in file order (their index is the faction number)."""
        return list(self.factions)

    @property
    def key_places(self) -> list[str]:
        """Return the ids of the key places, in file order."""
        return [k for k, p in self.places.items() if p.key]
