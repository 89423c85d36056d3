"""Build the core's inputs from a scenario: the map, flat parameters and the initial state."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from simulator.core.build_civ import civ_econ_params, civ_econ_state
from simulator.core.build_extra import Groups, air_assets, air_params, local_groups
from simulator.core.build_intl import intl_params, intl_state
from simulator.core.build_peace import peace_params, peace_state
from simulator.core.day import DECISION_PHASES, DYNAMIC_PHASES, PHASES
from simulator.core.layout import CEASEFIRE_STATES, Params, State, record_columns
from simulator.core.rng import region_id, stable_id
from simulator.geography.mapdata import COAST_ROAD, MAIN_ROAD, MOUNTAIN, Map
from simulator.geography.regionsets import resolve_places
from simulator.scenario.schema import Scenario


@dataclass(frozen=True)
class Initial:
    """The day-0 state of one replicate, before it is copied into a batch."""

    forces: np.ndarray  # [K, R]
    control: np.ndarray  # [R]
    home: np.ndarray  # [R]
    hosted: np.ndarray  # [R]
    morale: np.ndarray  # [K]
    manpower: np.ndarray  # [K]
    treasury: np.ndarray  # [K]
    escalation: int
    ceasefire: int
    n_countries: int
    groups: Groups
    air_assets: np.ndarray  # [A]


@dataclass(frozen=True)
class Built:
    """Everything the engine needs: the map, resolved places, parameters and day-0 state."""

    scenario: Scenario
    map: Map
    places: dict[str, np.ndarray]
    params: Params
    initial: Initial
    columns: list[str]
    phases: tuple[str, ...]
    # (first day, parameters) of every later span of days whose parameters events changed
    epochs: tuple[tuple[int, Params], ...] = field(default=())

    def params_from(self, day: int) -> Params:
        """Return the parameters in force on ``day`` (day 0 and 1: ``params``)."""
        current = self.params
        for first, p in self.epochs:
            if first <= day:
                current = p
        return current


def build_map(s: Scenario) -> Map:
    """Return the scenario's map (a synthetic grid, or the Libya hex map)."""
    if s.map.kind == "grid":
        from simulator.geography.synthetic import synthetic_map

        return synthetic_map(s.map.width, s.map.height, s.map.cell_km, s.map.population_per_region)
    from simulator.geography.libya import build_libya_map

    return build_libya_map(s.map.resolution_deg, offset=(s.map.lattice_dx, s.map.lattice_dy))


def build(s: Scenario, m: Map | None = None) -> Built:
    """Return the engine inputs for scenario ``s`` (building its map unless ``m`` is given).

    Events that change parameters give later epochs (``Built.epochs``); ``Built.params``
    holds the parameters of day 0 with the changes of events dated before the start.
    """
    from simulator.errors import ScenarioError
    from simulator.scenario.events import SetError, epoch_days, scenario_at
    from simulator.scenario.render import problem_lines

    m = m if m is not None else build_map(s)
    try:
        first = _build(scenario_at(s, 0), m)
        epochs = tuple((d, _build(scenario_at(s, d), m).params) for d in epoch_days(s))
    except SetError as e:
        raise ScenarioError(problem_lines([(e.loc, e.msg, e.got)], s._provenance,
                                          s.source)) from None
    return replace(first, epochs=epochs)


def _build(s: Scenario, m: Map) -> Built:
    """Return the engine inputs for ``s`` on map ``m``, ignoring its events' ``set``."""
    places = resolve_places(s, m)
    fids = s.faction_ids
    disabled = set(s.engine.disabled_phases)
    dyn = tuple(p for p in DYNAMIC_PHASES if p not in disabled)
    dec = tuple(p for p in DECISION_PHASES if p not in disabled)
    kp = [places[k] for k in s.key_places]
    speed = _speeds(s, m)
    src = np.repeat(np.arange(m.n_regions), np.diff(m.indptr))
    edge_time = m.cell_km * 0.5 * (1.0 / speed[src] + 1.0 / speed[m.indices])
    population0 = np.where(m.land, m.population, 0.0)
    init = _initial(s, m, places)
    value = _values(s, m, places)
    supply_src = _supply_sources(s, m, places, init.control)
    kp_indptr = np.zeros(len(kp) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in kp], out=kp_indptr[1:])
    params = Params(
        seed=np.uint64(s.run.seed),
        region_uid=np.array([region_id(i) for i in range(m.n_regions)], dtype=np.uint64),
        faction_uid=np.array([stable_id("faction", f) for f in fids], dtype=np.uint64),
        land=m.land,
        active=m.land_index.astype(np.int64),
        indptr=m.indptr,
        indices=m.indices,
        terrain=m.terrain,
        population0=population0,
        speed=speed,
        edge_time=edge_time,
        cell_km=float(m.cell_km),
        garrison=s.logistics.garrison_per_1000 * population0 / 1000.0,
        lethality=np.array([s.factions[f].lethality for f in fids]),
        morale0=np.array([s.factions[f].morale for f in fids]),
        aggression=np.array([s.factions[f].aggression for f in fids]),
        income=np.array([s.factions[f].income for f in fids]),
        value=value,
        supply_src=supply_src,
        supply_free=np.array([not s.factions[f].supply for f in fids], dtype=np.bool_),
        attack_threshold=float(s.doctrine.attack_threshold),
        recruit_rate=float(s.doctrine.recruit_rate),
        recruit_cost=float(s.doctrine.recruit_cost),
        upkeep=float(s.doctrine.upkeep),
        morale_recovery=float(s.doctrine.morale_recovery),
        loss_sensitivity=float(s.doctrine.loss_sensitivity),
        capture_sensitivity=float(s.doctrine.capture_sensitivity),
        broke_morale=float(s.doctrine.broke_morale),
        supply_range=float(s.logistics.supply_range),
        supply_floor=float(s.logistics.supply_floor),
        cut_off_effect=float(s.logistics.cut_off_effect),
        cut_off_attrition=float(s.logistics.cut_off_attrition),
        move_rate=float(s.logistics.move_rate),
        advance_speed=float(s.logistics.advance_speed),
        attack_ratio=float(s.logistics.attack_ratio),
        value_weight=float(s.objectives.value_weight),
        enemy_cost=float(s.logistics.enemy_cost),
        field_refresh=int(s.engine.field_refresh_days),
        noise=float(s.combat.noise),
        daily_noise=float(s.combat.daily_noise),
        urban_defence=float(s.combat.urban_defence),
        mountain_defence=float(s.combat.mountain_defence),
        killed_share=float(s.combat.killed_share),
        rk_substeps=int(s.combat.rk_substeps),
        **air_params(s, m, places),
        loyalty0=init.groups.loyalty,
        drift=float(s.local.drift),
        w_power=float(s.local.w_power),
        w_ties=float(s.local.w_ties),
        w_pay=float(s.local.w_pay),
        defect_rate=float(s.local.defect_rate),
        capture_ratio=float(s.territory.capture_ratio),
        capture_days=int(s.territory.capture_days),
        presence=float(s.territory.presence),
        intensity_scale=float(s.civilians.intensity_scale) * (m.cell_km / 25.0) ** 2,
        flee_rate=float(s.civilians.flee_rate),
        harm_rate=float(s.civilians.harm_rate),
        **civ_econ_params(s, m, places),
        **intl_params(s, m, places, value, supply_src, init.control),
        **peace_params(s, m, places),
        kp_indptr=kp_indptr,
        kp_regions=np.concatenate(kp).astype(np.int64) if kp else np.zeros(0, dtype=np.int64),
        snapshot_every=int(s.run.snapshot_every),
        decision_phases=np.array([PHASES.index(p) for p in dec], dtype=np.int64),
        dynamic_phases=np.array([PHASES.index(p) for p in dyn], dtype=np.int64),
    )
    columns = record_columns(fids, m.countries, tuple(s.sponsors), tuple(s.neighbours))
    return Built(s, m, places, params, init, columns, dec + dyn)


def _speeds(s: Scenario, m: Map) -> np.ndarray:
    lg = s.logistics
    speed = np.where(m.terrain == MOUNTAIN, lg.speed_mountain, lg.speed_open)
    speed = np.where(m.road == MAIN_ROAD, lg.speed_main_road, speed)
    return np.where(m.road == COAST_ROAD, lg.speed_coast_road, speed).astype(np.float64)


def _values(s: Scenario, m: Map, places: dict[str, np.ndarray]) -> np.ndarray:
    """Return ``value[k, i]``: what region i is worth to faction k (docs/MODEL.md)."""
    o = s.objectives
    base = (o.population * m.population / 1e5
            + o.oil * (m.oil_field_bpd + m.oil_terminal_bpd) / 1e5
            + o.air_base * (m.air_base >= 0) + o.port * m.port)
    key = np.zeros(m.n_regions, dtype=bool)
    for pid in s.key_places:
        key[places[pid]] = True
    base = base + o.key_place * key
    fids = s.faction_ids
    value = np.tile(base, (len(fids), 1))
    for k, f in enumerate(fids):
        cap = s.factions[f].capital
        if cap is None:
            continue
        for e in range(len(fids)):
            value[e, places[cap]] += o.own_capital if e == k else o.enemy_capital
    return np.where(m.land, value, 0.0)


def _supply_sources(
    s: Scenario, m: Map, places: dict[str, np.ndarray], control: np.ndarray
) -> np.ndarray:
    """Return ``supply_src[k, i]`` (a faction naming none is supplied everywhere, see fields)."""
    fids = s.faction_ids
    src = np.zeros((len(fids), m.n_regions), dtype=np.bool_)
    for k, f in enumerate(fids):
        named = s.factions[f].supply
        if not named:
            src[k] = m.land
        for pid in named:
            src[k, places[pid]] = True
    return src


def _initial(s: Scenario, m: Map, places: dict[str, np.ndarray]) -> Initial:
    fids = s.faction_ids
    n = m.n_regions
    control = np.full(n, -1, dtype=np.int16)
    for c in s.control:
        for pid in c.places:
            control[places[pid]] = fids.index(c.faction)
    forces = np.zeros((len(fids), n))
    for d in s.forces:
        regions = places[d.place]
        if d.spread == "population" and m.population[regions].sum() > 0:
            w = m.population[regions] / m.population[regions].sum()
        else:
            w = np.full(len(regions), 1.0 / len(regions))
        forces[fids.index(d.faction), regions] += d.fighters * w
    groups = local_groups(s, m, places, control)
    aligned = groups.side >= 0
    forces[groups.side[aligned], np.flatnonzero(aligned)] += groups.fighters[aligned]
    population = np.where(m.land, m.population, 0.0)
    total = population.sum()
    displaced = min(s.civilians.initial_displaced, total)
    share = population / total if total > 0 else population
    hosted = displaced * share
    return Initial(
        forces=forces,
        control=control,
        home=population - hosted,
        hosted=hosted,
        morale=np.array([s.factions[f].morale for f in fids]),
        manpower=np.array([s.factions[f].manpower for f in fids]),
        treasury=np.array([s.factions[f].treasury for f in fids]),
        escalation=s.initial.escalation,
        ceasefire=CEASEFIRE_STATES.index(s.initial.ceasefire),
        n_countries=max(1, len(m.countries)),
        groups=groups,
        air_assets=air_assets(s),
    )


def allocate(built: Built, n_batch: int, days: int, n_snap: int) -> State:
    """Return a fresh batch state of ``n_batch`` replicates at day 0, with room for ``days``."""
    init, s = built.initial, built.scenario
    n, k = init.control.shape[0], init.forces.shape[0]
    n_snaps = days // s.run.snapshot_every + 1
    cap = s.engine.event_capacity
    heap = built.params.active.shape[0] + built.params.indices.shape[0] + 1
    all_params = (built.params, *(p for _, p in built.epochs))
    q = 1 + max(int(p.sp_delay.max(initial=0)) for p in all_params)

    def rep(a: np.ndarray) -> np.ndarray:
        return np.array(np.broadcast_to(a, (n_batch, *a.shape)), order="C", copy=True)

    return State(
        forces=rep(init.forces),
        control=rep(init.control),
        contested=np.zeros((n_batch, n), dtype=np.bool_),
        cand=np.full((n_batch, n), -1, dtype=np.int16),
        cand_days=np.zeros((n_batch, n), dtype=np.int32),
        days_held=np.zeros((n_batch, n), dtype=np.int32),
        intensity=np.zeros((n_batch, n)),
        home=rep(init.home),
        hosted=rep(init.hosted),
        civ_deaths=np.zeros((n_batch, n)),
        inflow=np.zeros((n_batch, n)),
        refugees=np.zeros((n_batch, init.n_countries)),
        morale=rep(init.morale),
        mil_deaths=np.zeros((n_batch, k)),
        posture=np.zeros((n_batch, k), dtype=np.int64),
        manpower=rep(init.manpower),
        treasury=rep(init.treasury),
        losses=np.zeros((n_batch, k)),
        gained=np.zeros((n_batch, k)),
        lost=np.zeros((n_batch, k)),
        changes=np.ones(n_batch, dtype=np.int64),
        field_stamp=np.zeros(n_batch, dtype=np.int64),
        field_day=np.zeros(n_batch, dtype=np.int64),
        supply_d=np.full((n_batch, k, n), np.inf),
        phi=np.full((n_batch, k, n), np.inf),
        fld_cost=np.zeros((n_batch, k, 2, n)),
        fld_init=np.zeros((n_batch, k, 2, n)),
        fld_ok=np.zeros((n_batch, k, 2), dtype=np.bool_),
        flow=np.zeros((n_batch, k, n)),
        cost=np.ones((n_batch, n)),
        heap_d=np.zeros((n_batch, heap)),
        heap_n=np.zeros((n_batch, heap), dtype=np.int64),
        air_assets=rep(init.air_assets),
        cover=np.zeros((n_batch, k, n)),
        air_lost=np.zeros((n_batch, n)),
        air_cut=np.ones((n_batch, k, n)),
        air_ground=np.zeros((n_batch, k)),
        group=rep(init.groups.fighters),
        group_side=rep(init.groups.side),
        loyalty=rep(init.groups.loyalty),
        escalation=np.full(n_batch, init.escalation, dtype=np.int64),
        ceasefire=np.full(n_batch, init.ceasefire, dtype=np.int64),
        key_holder=np.full((n_batch, len(s.key_places)), -1, dtype=np.int16),
        peak_displaced=np.zeros(n_batch),
        rec=np.zeros((n_batch, days + 1, len(built.columns))),
        snap_control=np.full((n_snap, n_snaps, n), -1, dtype=np.int16),
        snap_forces=np.zeros((n_snap, n_snaps, k, n), dtype=np.float32),
        snap_home=np.zeros((n_snap, n_snaps, n), dtype=np.float32),
        snap_hosted=np.zeros((n_snap, n_snaps, n), dtype=np.float32),
        ev_n=np.zeros(n_batch, dtype=np.int64),
        ev_day=np.zeros((n_batch, cap), dtype=np.int32),
        ev_kind=np.zeros((n_batch, cap), dtype=np.int16),
        ev_actor=np.zeros((n_batch, cap), dtype=np.int16),
        ev_place=np.zeros((n_batch, cap), dtype=np.int32),
        ev_value=np.zeros((n_batch, cap)),
        **civ_econ_state(s, built.map, init.hosted, n_batch),
        **intl_state(s, n_batch, k, q),
        **peace_state(s, n_batch, k, float((init.control[built.params.active] == 0).mean())),
    )
