"""``LibyaModel``: a ``mesa.Model`` whose ``step()`` is one call of the compiled day.

The state lives in the core's arrays (a batch of one replicate); agents, property layers and the
data collector are views on it. ``step()`` runs day ``d`` as ``simulator.run`` does: the
compiled decisions with the parameters of the day's epoch, then the ``decide()`` of every agent
whose class overrides it, then the compiled dynamics (recording last). With no Python policy the
two compiled halves run in one call (``run_range`` for one day), exactly as in the fast path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from simulator.mesa_model.agents import ROLES, Actor, Faction, Mediator, Neighbour, Sponsor
from simulator.mesa_model.collector import RecorderCollector
from simulator.mesa_model.interventions import Intervention, label_user_events
from simulator.mesa_model.kernels import Kernels
from simulator.mesa_model.layers import region_grid
from simulator.mesa_model.network import district_network
from simulator.scenario.schema import Scenario


class LibyaModel(mesa.Model):
    """The war as a Mesa model: one replicate of ``scenario``, stepped one day at a time.

    ``scenario``: a ``Scenario`` or a path to a scenario file (``overrides``: ``"key=value"``
    strings, as ``--set``, only with a path). ``seed`` defaults to the scenario's;
    ``replicate`` picks the random streams of that replicate of ``simulator.run``. ``days``
    (default the scenario's) sets when ``running`` turns False; stepping further still works.
    ``policies`` maps an actor id to a subclass of its role overriding ``decide()``.
    """

    def __init__(self, scenario: Scenario | str | Path, *, seed: int | None = None,
                 overrides: Sequence[str] = (), policies: Mapping[str, type[Actor]] | None = None,
                 days: int | None = None, replicate: int = 0) -> None:
        """Build the scenario, allocate its state, record day 0 and create the agents."""
        from simulator.core.build import allocate, build
        from simulator.scenario import load_scenario

        if isinstance(scenario, Scenario):
            if overrides:
                raise TypeError("overrides need a scenario path, not a Scenario object")
            s = scenario
        else:
            s = load_scenario(scenario, list(overrides))
        seed = s.run.seed if seed is None else int(seed)
        super().__init__(seed=seed)
        self.scenario, self.seed, self.replicate = s, seed, int(replicate)
        self.days = s.run.days if days is None else int(days)
        self.start_date = s.run.start_date
        self.built = _seeded(build(s), seed)
        self.faction_ids: list[str] = list(s.faction_ids)
        self.day = 0
        self.deciding = False
        self.interventions: list[Intervention] = []
        self._capacity = max(self.days, 1)
        self.state = allocate(self.built, 1, self._capacity, 1)
        self.params = self.built.params
        self._kernels = Kernels()
        self._kernels.module.init_range(self.params, self.state, self.replicate, 0, 1)
        self._create_agents(policies or {})
        self._create_spaces()
        self.datacollector = RecorderCollector(self.built.columns, list(s.neighbours),
                                               self.start_date, self.replicate, self.built)
        self.datacollector.collect(self)

    # --- stepping -------------------------------------------------------------------------
    def step(self) -> None:
        """Advance one day: compiled decisions, Python ``decide()`` overrides, compiled dynamics."""
        d = self.day + 1
        if d > self._capacity:
            self._grow(2 * self._capacity)
        p = self.built.params_from(d)
        self.day, self.params = d, p
        k = self._kernels
        if self._policies:
            k.decide(p, self.state, self.replicate, d)
            self.deciding = True
            try:
                for agent in self._policies:
                    agent.decide()
            finally:
                self.deciding = False
            k.dynamics(p, self.state, self.replicate, d)
        else:
            k.run_day(p, self.state, self.replicate, d)
        self.datacollector.collect(self)
        if d >= self.days:
            self.running = False

    def _grow(self, capacity: int) -> None:
        """Reallocate the recorder and snapshots for ``capacity`` days, keeping what is there."""
        st, every = self.state, self.scenario.run.snapshot_every
        rec = np.zeros((1, capacity + 1, st.rec.shape[2]))
        rec[:, : st.rec.shape[1]] = st.rec
        n_snap = capacity // every + 1
        snaps = {}
        for name in ("snap_control", "snap_forces", "snap_home", "snap_hosted"):
            a = getattr(st, name)
            new = np.full((a.shape[0], n_snap, *a.shape[2:]), -1 if name == "snap_control" else 0,
                          dtype=a.dtype)
            new[:, : a.shape[1]] = a
            snaps[name] = new
        self.state = st._replace(rec=rec, **snaps)
        self._capacity = capacity

    # --- agents ---------------------------------------------------------------------------
    def _create_agents(self, policies: Mapping[str, type[Actor]]) -> None:
        s = self.scenario
        ids = {Faction: self.faction_ids, Sponsor: list(s.sponsors),
               Neighbour: list(s.neighbours), Mediator: list(s.mediators)}
        self._by_role: dict[type[Actor], list[Actor]] = {}
        used = set()
        for role in ROLES:
            made = []
            for j, name in enumerate(ids[role]):
                cls = policies.get(name, role)
                if not issubclass(cls, role):
                    cls = role
                else:
                    used.add(name)
                made.append(cls(self, name, j))
            self._by_role[role] = made
        unknown = sorted(set(policies) - used)
        if unknown:
            raise ValueError(f"policies: no actor of a matching role named {', '.join(unknown)}")
        self._policies = [a for agents in self._by_role.values() for a in agents
                          if a.has_policy()]

    @property
    def factions(self) -> list[Faction]:
        """Return the faction agents, in scenario order."""
        return self._by_role[Faction]  # type: ignore[return-value]

    @property
    def sponsors(self) -> list[Sponsor]:
        """Return the sponsor agents, in scenario order."""
        return self._by_role[Sponsor]  # type: ignore[return-value]

    @property
    def neighbours(self) -> list[Neighbour]:
        """Return the neighbour agents, in scenario order."""
        return self._by_role[Neighbour]  # type: ignore[return-value]

    @property
    def mediators(self) -> list[Mediator]:
        """Return the mediator agents, in scenario order."""
        return self._by_role[Mediator]  # type: ignore[return-value]

    def faction(self, name: str) -> Faction:
        """Return the faction agent ``name``."""
        return _named(self.factions, name, "faction")

    def sponsor(self, name: str) -> Sponsor:
        """Return the sponsor agent ``name``."""
        return _named(self.sponsors, name, "sponsor")

    def neighbour(self, name: str) -> Neighbour:
        """Return the neighbour agent ``name``."""
        return _named(self.neighbours, name, "neighbour")

    def mediator(self, name: str) -> Mediator:
        """Return the mediator agent ``name``."""
        return _named(self.mediators, name, "mediator")

    def all_params(self) -> list[Any]:
        """Return the parameters of every epoch (day 0 first)."""
        return [self.built.params, *(p for _, p in self.built.epochs)]

    # --- spaces ---------------------------------------------------------------------------
    def _create_spaces(self) -> None:
        m, st = self.built.map, self.state
        layers = {"control": st.control[0], "civilians": st.home[0], "displaced": st.hosted[0]}
        layers.update({f"forces_{f}": st.forces[0, k] for k, f in enumerate(self.faction_ids)})
        self.grid = region_grid(m.width, m.height, layers, self._layer_written, self.random)
        self.network = district_network(m, self.random)

    def _layer_written(self, layer: str, where: Any, old: float, new: float) -> None:
        """Log a write through a property layer; a change of forces or control refreshes."""
        touch = layer == "control" or layer.startswith("forces_")
        at = "all (mean)" if where == "all" else ",".join(str(int(v)) for v in where)
        self._after_write(None, f"cell {at}", old, new, touch, role="layer", target=layer)

    def _after_write(self, agent: Actor | None, attribute: str, old: float, new: float,
                     touch: bool, role: str = "", target: str = "") -> None:
        """Note a write to the state: refresh the fields if needed; log it unless deciding."""
        from simulator.core.layout import EV_USER

        if touch:
            self.state.changes[0] += 1
        if self.deciding:
            return
        role = agent.role if agent is not None else role
        target = agent.name if agent is not None else target
        self.interventions.append(Intervention(self.day + 1, role, target, attribute, old, new))
        self._kernels.module.log_one(self.state, 0, self.day + 1, EV_USER, -1,
                           len(self.interventions) - 1, float(new))

    # --- results --------------------------------------------------------------------------
    def results(self) -> Any:  # noqa: ANN401 - simulator.results.Results
        """Return the ``Results`` of days 0 ... ``day`` (as ``simulator.run`` would give them)."""
        from simulator.results import assemble

        st, every = self.state, self.scenario.run.snapshot_every
        n = self.day // every + 1
        trimmed = st._replace(rec=st.rec[:, : self.day + 1],
                              **{k: getattr(st, k)[:, :n] for k in
                                 ("snap_control", "snap_forces", "snap_home", "snap_hosted")})
        res = assemble(self.built, [(self.replicate, trimmed)], seed=self.seed, days=self.day)
        res.events = label_user_events(res.events, self.interventions)
        return res

    def __repr__(self) -> str:  # noqa: D105
        return (f"LibyaModel({self.scenario.name!r}, seed={self.seed}, day {self.day}, "
                f"{len(self.agents)} agents)")


def _named(agents: list, name: str, role: str) -> Any:  # noqa: ANN401
    for a in agents:
        if a.name == name:
            return a
    raise KeyError(f"no {role} named {name!r} (known: {', '.join(a.name for a in agents)})")


def _seeded(built: Any, seed: int) -> Any:  # noqa: ANN401
    """Return ``built`` with ``seed`` in the parameters of every epoch (as ``engine.run``)."""
    params = built.params._replace(seed=np.uint64(seed))
    epochs = tuple((d, p._replace(seed=np.uint64(seed))) for d, p in built.epochs)
    return type(built)(**{**built.__dict__, "params": params, "epochs": epochs})

