"""Build the core's inputs from a scenario: the map, flat parameters and the initial state."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.core.day import DECISION_PHASES, DYNAMIC_PHASES, PHASES
from simulator.core.layout import CEASEFIRE_STATES, Params, State, record_columns
from simulator.core.rng import region_id, stable_id
from simulator.geography.mapdata import Map
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
    escalation: int
    ceasefire: int
    n_countries: int


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


def build_map(s: Scenario) -> Map:
    """Return the scenario's map (a synthetic grid, or the Libya hex map)."""
    if s.map.kind == "grid":
        from simulator.geography.synthetic import synthetic_map

        return synthetic_map(s.map.width, s.map.height, s.map.cell_km, s.map.population_per_region)
    from simulator.geography.libya import build_libya_map

    return build_libya_map(s.map.resolution_deg)


def build(s: Scenario, m: Map | None = None) -> Built:
    """Return the engine inputs for scenario ``s`` (building its map unless ``m`` is given)."""
    m = m if m is not None else build_map(s)
    places = resolve_places(s, m)
    fids = s.faction_ids
    disabled = set(s.engine.disabled_phases)
    dyn = tuple(p for p in DYNAMIC_PHASES if p not in disabled)
    dec = tuple(p for p in DECISION_PHASES if p not in disabled)
    kp = [places[k] for k in s.key_places]
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
        population0=np.where(m.land, m.population, 0.0),
        lethality=np.array([s.factions[f].lethality for f in fids]),
        noise=float(s.combat.noise),
        urban_defence=float(s.combat.urban_defence),
        mountain_defence=float(s.combat.mountain_defence),
        killed_share=float(s.combat.killed_share),
        rk_substeps=int(s.combat.rk_substeps),
        capture_ratio=float(s.territory.capture_ratio),
        capture_days=int(s.territory.capture_days),
        presence=float(s.territory.presence),
        intensity_scale=float(s.civilians.intensity_scale),
        flee_rate=float(s.civilians.flee_rate),
        harm_rate=float(s.civilians.harm_rate),
        kp_indptr=kp_indptr,
        kp_regions=np.concatenate(kp).astype(np.int64) if kp else np.zeros(0, dtype=np.int64),
        snapshot_every=int(s.run.snapshot_every),
        decision_phases=np.array([PHASES.index(p) for p in dec], dtype=np.int64),
        dynamic_phases=np.array([PHASES.index(p) for p in dyn], dtype=np.int64),
    )
    return Built(s, m, places, params, _initial(s, m, places), record_columns(fids), dec + dyn)


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
        escalation=s.initial.escalation,
        ceasefire=CEASEFIRE_STATES.index(s.initial.ceasefire),
        n_countries=max(1, len(m.countries)),
    )


def allocate(built: Built, n_batch: int, days: int, n_snap: int) -> State:
    """Return a fresh batch state of ``n_batch`` replicates at day 0, with room for ``days``."""
    init, s = built.initial, built.scenario
    n, k = init.control.shape[0], init.forces.shape[0]
    n_snaps = days // s.run.snapshot_every + 1
    cap = s.engine.event_capacity

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
    )
