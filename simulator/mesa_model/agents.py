"""The actors as ``mesa.Agent`` subclasses whose attributes read and write the core's state.

Every attribute is a view on replicate 0 of the model's ``State`` (or, for a mediator, on its
parameters): reading costs an array lookup, writing changes what the compiled day sees next.
A write from user code between steps is an intervention: it takes effect the next day and goes
into the event log (kind ``user``). A write inside ``decide()`` is the actor's decision.

Replace one actor's decision rule with Python by subclassing its role and overriding
``decide()``; pass the subclass in ``LibyaModel(..., policies={"turkey": MyTurkey})``. The
model calls ``decide()`` every day after the compiled decisions (which ran for every actor) and
before the compiled dynamics, so what it writes replaces the compiled rule's choice for that
actor only.
"""

from __future__ import annotations

from typing import Any, ClassVar

import mesa
import numpy as np


class StateField:
    """An agent attribute stored in ``model.state.<array>[0, agent.<slot>]``."""

    def __init__(self, array: str, doc: str, cast: type = float, slot: str = "index",
                 touch: bool = False, readonly: bool = False) -> None:
        """Describe the field: core array name, docstring, Python type, index attribute."""
        self.array, self.cast, self.slot = array, cast, slot
        self.touch, self.readonly = touch, readonly
        self.__doc__ = doc

    def __set_name__(self, owner: type, name: str) -> None:  # noqa: D105
        self.attr = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:  # noqa: D105
        if obj is None:
            return self
        return self.cast(getattr(obj.model.state, self.array)[0, getattr(obj, self.slot)])

    def __set__(self, obj: Any, value: Any) -> None:  # noqa: D105
        if self.readonly:
            raise AttributeError(f"{type(obj).__name__}.{self.attr} is read-only")
        arr = getattr(obj.model.state, self.array)
        i = getattr(obj, self.slot)
        old = float(arr[0, i])
        arr[0, i] = value
        new = float(arr[0, i])
        obj.model._after_write(obj, self.attr, old, new, self.touch and new != old)


class Actor(mesa.Agent):
    """One actor of the war (base of the four roles): ``name`` (its scenario id), ``index``."""

    role: ClassVar[str] = "actor"

    def __init__(self, model: Any, name: str, index: int) -> None:
        """Create the agent ``name``, the ``index``-th of its role in the scenario."""
        super().__init__(model)
        self.name = name
        self.index = index

    def decide(self) -> None:
        """Keep the compiled rule (override in a subclass to decide in Python); return None."""

    @classmethod
    def has_policy(cls) -> bool:
        """Return True when this class overrides ``decide()`` (a Python decision rule)."""
        return cls.decide is not Actor.decide

    def __repr__(self) -> str:  # noqa: D105
        return f"{type(self).__name__}({self.name!r})"


class Faction(Actor):
    """A faction: posture, morale, treasury, manpower; ``forces`` is its region layer."""

    role = "faction"
    posture = StateField("posture", "0 hold, 1 attack (the factions phase's choice today).",
                         int, touch=True)
    morale = StateField("morale", "Morale 0-1.")
    treasury = StateField("treasury", "Treasury, USD million.")
    manpower = StateField("manpower", "Recruitable pool, people.")
    military_deaths = StateField("mil_deaths", "Fighters killed so far.", readonly=True)
    civilian_deaths_caused = StateField("civ_by", "Civilian deaths attributed so far.",
                                        readonly=True)

    @property
    def forces(self) -> np.ndarray:
        """Return this faction's fighters per region slot (a flat view of the core array)."""
        return self.model.state.forces[0, self.index]

    @property
    def fighters(self) -> float:
        """Return the faction's fighters on land."""
        return float(self.forces[self.model.built.params.active].sum())

    @property
    def territory(self) -> float:
        """Return the share of land regions the faction holds."""
        land = self.model.built.params.active
        return float((self.model.state.control[0, land] == self.index).mean())

    def __repr__(self) -> str:  # noqa: D105
        stance = ("hold", "attack")[self.posture] if self.posture in (0, 1) else self.posture
        return (f"Faction({self.name!r}: {self.fighters:,.0f} fighters, territory "
                f"{self.territory:.0%}, morale {self.morale:.2f}, {stance}, "
                f"treasury {self.treasury:,.1f} M$)")


class Sponsor(Actor):
    """A foreign sponsor: support level (USD million/day), its fighters and troops in Libya."""

    role = "sponsor"
    fighters = StateField("sp_fighters", "Mercenaries in Libya.")
    troops = StateField("sp_troops", "Own troops in Libya.")
    deal = StateField("sp_deal", "1 while a deal binds the sponsor.")
    active = StateField("sp_active", "False after a withdrawal.", bool)
    paid = StateField("sp_paid", "Support delivered so far, USD million.", readonly=True)

    @property
    def client(self) -> str:
        """Return the id of the faction this sponsor supports."""
        return self.model.faction_ids[int(self.model.built.params.sp_client[self.index])]

    @property
    def support(self) -> float:
        """Return the support level, USD million/day (what the Richardson rule updates)."""
        return float(self.model.state.sp_support[0, self.index])

    @support.setter
    def support(self, value: float) -> None:
        """Set the support level; inside ``decide()`` it is also today's order (the pipeline)."""
        s, st = self.index, self.model.state
        old = float(st.sp_support[0, s])
        st.sp_support[0, s] = value
        if self.model.deciding and st.sp_active[0, s]:
            p = self.model.params
            st.sp_pipe[0, s, (self.model.day + int(p.sp_delay[s])) % st.sp_pipe.shape[2]] = value
        self.model._after_write(self, "support", old, float(value), False)

    def __repr__(self) -> str:  # noqa: D105
        status = "active" if self.active else "withdrawn"
        return (f"Sponsor({self.name!r} -> {self.client}: support {self.support:,.2f} M$/day, "
                f"{self.fighters:,.0f} fighters, {self.troops:,.0f} troops, {status})")


class Neighbour(Actor):
    """A neighbouring state: border posture, spillover pressure, red line, intervention."""

    role = "neighbour"
    pressure = StateField("nb_pressure", "Spillover pressure.")
    red_line_declared = StateField("nb_declared", "Red line declared.", bool)
    intervened = StateField("nb_intervened", "Intervened (red line crossed).", bool,
                            readonly=True)
    troops_in_libya = StateField("nb_troops_in", "Intervention forces in Libya.", readonly=True)

    @property
    def country(self) -> int:
        """Return the index of this neighbour's country on the map (-1 none)."""
        return int(self.model.built.params.nb_country[self.index])

    @property
    def border(self) -> int:
        """Return the border posture code (0 open, 1 reinforced, 2 closed; -1 no border)."""
        c = self.country
        return int(self.model.state.border[0, c]) if c >= 0 else -1

    @border.setter
    def border(self, value: int) -> None:
        """Set the border posture code (takes effect in today's or tomorrow's dynamics)."""
        c = self.country
        if c < 0:
            raise ValueError(f"{self.name} has no border on this map")
        old = int(self.model.state.border[0, c])
        self.model.state.border[0, c] = value
        self.model._after_write(self, "border", float(old), float(value), False)

    def __repr__(self) -> str:  # noqa: D105
        from simulator.core.layout import BORDER_POSTURES

        b = BORDER_POSTURES[self.border] if self.border >= 0 else "no border on this map"
        return (f"Neighbour({self.name!r}: border {b}, pressure {self.pressure:.2f}, "
                f"red line {'declared' if self.red_line_declared else 'none'}"
                f"{', intervened' if self.intervened else ''})")


class Mediator(Actor):
    """A mediator: pressure and the terms it puts on the table (parameters of every epoch)."""

    role = "mediator"

    @property
    def pressure(self) -> float:
        """Return the mediation pressure in force today."""
        return float(self.model.params.md_pressure[self.index])

    @pressure.setter
    def pressure(self, value: float) -> None:
        """Set the mediation pressure from now on (in every later parameter epoch too)."""
        old = self.pressure
        for p in self.model.all_params():
            p.md_pressure[self.index] = value
        self.model._after_write(self, "pressure", old, float(value), False)

    @property
    def terms(self) -> np.ndarray:
        """Return the terms on the table (monitoring, buffer zone, withdrawal) in force today."""
        return self.model.params.md_terms[self.index]

    def __repr__(self) -> str:  # noqa: D105
        mon, buf, wd = self.terms
        return (f"Mediator({self.name!r}: pressure {self.pressure:.2f}, terms monitoring "
                f"{mon:.2f}, buffer {buf:.2f}, withdrawal {wd:.2f})")


ROLES: tuple[type[Actor], ...] = (Faction, Sponsor, Neighbour, Mediator)
