"""The reference: the same war written the way a Mesa 3.3 user would write it, without our engine.

One ``Region`` agent per hex cell of a ``mesa.discrete_space.HexGrid``, plain Python loops over
the agents each day, a ``mesa.DataCollector`` for the daily series. The equations are those of
docs/MODEL.md for the phases it has:

- movement (simple): each faction's fighters above the garrison step, at the same rate as the
  engine's ``move_rate * speed / cell_km``, towards the nearest region where an enemy is present
  (hop distance by breadth-first search, recomputed every day), split equally over the
  neighbours one hop closer;
- combat: the square law's exact closed form over the day for two factions, clipped at
  annihilation, with effectiveness = lethality x morale x defence x the two log-normal noises;
- control: capture by force ratio held for ``capture_days``; the contested flag;
- civilians: harm and flight to the neighbours weighted by ``(1 - I_j) (pop0_j + 1)``.

Left out (the engine has them): faction decisions (posture, morale, money, recruitment),
supply and objective fields (Dijkstra), advances into enemy ground, air power, local
allegiance, key places, three or more factions, snapshots and the event log. The reference
does less work per region-day than the engine's full day, so the speed ratio is conservative.

Only this module imports mesa. The initial state is taken from the engine's ``build`` so that
both start from the same numbers (setting up is not timed).
"""

from __future__ import annotations

import math
from collections import deque

import mesa
from mesa.discrete_space import FixedAgent, HexGrid

URBAN, MOUNTAIN = 2, 3


def lanchester2(x0: float, y0: float, a: float, b: float) -> tuple[float, float]:
    """Return the square law's ``(x, y)`` after one day (``x' = -b y``, ``y' = -a x``)."""
    if x0 <= 0.0 or y0 <= 0.0:
        return max(x0, 0.0), max(y0, 0.0)
    if a * b <= 0.0:
        return max(0.0, x0 - b * y0), max(0.0, y0 - a * x0)
    g = math.sqrt(a * b)
    dx = a * x0 * x0 - b * y0 * y0
    if dx > 0.0 and math.atanh(math.sqrt(b * y0 * y0 / (a * x0 * x0))) / g <= 1.0:
        return math.sqrt(x0 * x0 - (b / a) * y0 * y0), 0.0
    if dx < 0.0 and math.atanh(math.sqrt(a * x0 * x0 / (b * y0 * y0))) / g <= 1.0:
        return 0.0, math.sqrt(y0 * y0 - (a / b) * x0 * x0)
    c, s = math.cosh(g), math.sinh(g)
    x = x0 * c - math.sqrt(b / a) * y0 * s
    return max(x, 0.0), max(y0 * c - math.sqrt(a / b) * x0 * s, 0.0)


class Region(FixedAgent):
    """A region: fighters of each faction, holder, capture counter, civilians."""

    def __init__(self, model: WarModel, cell, i: int, built) -> None:  # noqa: ANN001
        super().__init__(model)
        self.cell = cell
        ini, p = built.initial, built.params
        self.forces = [float(f) for f in ini.forces[:, i]]
        self.control = int(ini.control[i])
        self.cand, self.cand_days, self.days_held = -1, 0, 0
        self.home, self.hosted = float(ini.home[i]), float(ini.hosted[i])
        self.pop0, self.garrison = float(p.population0[i]), float(p.garrison[i])
        self.terrain, self.speed = int(p.terrain[i]), float(p.speed[i])
        self.deaths = self.intensity = self.inflow = 0.0
        self.flow = [0.0] * len(self.forces)
        self.neighbours: list[Region] = []

    def move(self) -> None:
        """Send mobile fighters one hop closer to the nearest enemy (flows applied later)."""
        m = self.model
        rate = min(1.0, m.move_rate * self.speed / m.cell_km)
        for k, f in enumerate(self.forces):
            here = m.dist[k].get(self, None)
            mobile = f - self.garrison
            if here is None or here == 0 or mobile <= 0.0:
                continue
            closer = [n for n in self.neighbours if m.dist[k].get(n, -1) == here - 1]
            self.flow[k] -= rate * mobile
            for n in closer:
                n.flow[k] += rate * mobile / len(closer)

    def fight(self) -> None:
        """Fight one day with the square law if two factions have fighters here."""
        self.intensity = 0.0
        present = [k for k, f in enumerate(self.forces) if f > 0.0]
        if len(present) < 2:
            return
        m = self.model
        a, c = present[0], present[1]
        ea, ec = m.effectiveness(self, a), m.effectiveness(self, c)
        xa, xc = lanchester2(self.forces[a], self.forces[c], ea, ec)
        lost = (self.forces[a] - xa) + (self.forces[c] - xc)
        m.mil_deaths[a] += m.killed_share * (self.forces[a] - xa)
        m.mil_deaths[c] += m.killed_share * (self.forces[c] - xc)
        self.forces[a], self.forces[c] = xa, xc
        self.intensity = 1.0 - math.exp(-lost / m.intensity_scale)

    def take_control(self) -> None:
        """Pass the region to a faction that outnumbers the rest for ``capture_days`` days."""
        m = self.model
        self.days_held += 1
        here = [(f, k) for k, f in enumerate(self.forces) if f >= m.presence]
        self.contested = len(here) >= 2
        if not here:
            self.cand, self.cand_days = -1, 0
            return
        lead_f, lead = max(here, key=lambda t: (t[0], -t[1]))
        enemies = sum(f for f, _ in here) - lead_f
        if lead == self.control or lead_f < m.capture_ratio * enemies:
            self.cand, self.cand_days = -1, 0
            return
        self.cand_days = self.cand_days + 1 if self.cand == lead else 1
        self.cand = lead
        if self.cand_days >= m.capture_days:
            self.control, self.days_held, self.cand, self.cand_days = lead, 0, -1, 0

    def flee(self) -> None:
        """Kill and move out today's share of civilians; arrivals wait in the neighbours."""
        if self.intensity <= 0.0:
            return
        m = self.model
        kill = min(m.harm_rate * self.intensity, 1.0)
        dead = kill * (self.home + self.hosted)
        self.home -= kill * self.home
        self.hosted -= kill * self.hosted
        self.deaths += dead
        weights = [(1.0 - n.intensity) * (n.pop0 + 1.0) for n in self.neighbours]
        total = sum(weights)
        if total <= 0.0:
            return
        share = min(m.flee_rate * self.intensity, 1.0)
        leave = share * self.home + share * self.hosted
        self.home -= share * self.home
        self.hosted -= share * self.hosted
        for n, w in zip(self.neighbours, weights, strict=True):
            n.inflow += leave * w / total

    def settle(self) -> None:
        """Apply the day's arrivals of fighters and civilians."""
        for k, f in enumerate(self.flow):
            self.forces[k] = max(self.forces[k] + f, 0.0)
            self.flow[k] = 0.0
        self.hosted += self.inflow
        self.inflow = 0.0


class WarModel(mesa.Model):
    """The reference model: a HexGrid of Region agents and a DataCollector of daily totals."""

    def __init__(self, built, seed: int, move: bool = True) -> None:  # noqa: ANN001
        super().__init__(seed=seed)
        s, p, m = built.scenario, built.params, built.map
        self.move_on = move
        self.n_f = built.initial.forces.shape[0]
        self.lethality = [float(x) for x in p.lethality]
        self.morale = [float(x) for x in p.morale0]
        self.noise, self.daily_noise = s.combat.noise, s.combat.daily_noise
        self.urban, self.mountain = s.combat.urban_defence, s.combat.mountain_defence
        self.killed_share, self.intensity_scale = s.combat.killed_share, p.intensity_scale
        self.capture_ratio, self.capture_days = s.territory.capture_ratio, s.territory.capture_days
        self.presence = s.territory.presence
        self.flee_rate, self.harm_rate = s.civilians.flee_rate, s.civilians.harm_rate
        self.move_rate, self.cell_km = s.logistics.move_rate, m.cell_km
        self.mil_deaths = [0.0] * self.n_f
        self.grid = HexGrid((m.width, m.height), torus=False, random=self.random)
        for (x, y), cell in self.grid._cells.items():
            Region(self, cell, x * m.height + y, built)
        self.regions = self.agents_by_type[Region]
        for r in self.regions:
            r.neighbours = [c.agents[0] for c in r.cell.neighborhood]
        self.dist: list[dict] = [{} for _ in range(self.n_f)]
        self.day_factor = [1.0] * self.n_f
        reporters = {"home": lambda mm: sum(r.home for r in mm.regions),
                     "displaced": lambda mm: sum(r.hosted for r in mm.regions),
                     "civilian_deaths": lambda mm: sum(r.deaths for r in mm.regions)}
        for k in range(self.n_f):
            reporters[f"forces_{k}"] = lambda mm, k=k: sum(r.forces[k] for r in mm.regions)
            reporters[f"territory_{k}"] = lambda mm, k=k: sum(
                r.control == k for r in mm.regions) / len(mm.regions)
            reporters[f"military_deaths_{k}"] = lambda mm, k=k: mm.mil_deaths[k]
        self.datacollector = mesa.DataCollector(model_reporters=reporters)
        self.datacollector.collect(self)

    def effectiveness(self, r: Region, k: int) -> float:
        """Return faction ``k``'s kill rate in region ``r`` today."""
        e = self.lethality[k] * self.morale[k] * self.day_factor[k]
        if r.control == k and r.terrain in (URBAN, MOUNTAIN):
            e *= self.urban if r.terrain == URBAN else self.mountain
        if self.noise > 0.0:
            e *= math.exp(self.noise * self.rng.standard_normal() - 0.5 * self.noise ** 2)
        return e

    def distances(self) -> None:
        """Hop distance of every region to the nearest region where an enemy is present."""
        for k in range(self.n_f):
            dist, todo = {}, deque()
            for r in self.regions:
                if any(f >= self.presence for e, f in enumerate(r.forces) if e != k):
                    dist[r] = 0
                    todo.append(r)
            while todo:
                r = todo.popleft()
                for n in r.neighbours:
                    if n not in dist:
                        dist[n] = dist[r] + 1
                        todo.append(n)
            self.dist[k] = dist

    def step(self) -> None:
        """One day: movement, combat, control, civilians, then the day's record."""
        s = self.daily_noise
        self.day_factor = [math.exp(s * self.rng.standard_normal() - 0.5 * s * s) if s > 0
                           else 1.0 for _ in range(self.n_f)]
        if self.move_on:
            self.distances()
            self.regions.do("move")
            self.regions.do("settle")
        self.regions.do("fight")
        self.regions.do("take_control")
        self.regions.do("flee")
        self.regions.do("settle")
        self.datacollector.collect(self)


def run_reference(built, days: int, seed: int, move: bool = True):  # noqa: ANN001, ANN201
    """Return the reference's daily totals: a DataFrame, one row per day 0 ... ``days``."""
    model = WarModel(built, seed, move)
    for _ in range(days):
        model.step()
    return model.datacollector.get_model_vars_dataframe()
