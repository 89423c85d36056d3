"""The Mesa layer: ``LibyaModel`` and its agents, on the compiled day (docs/MESA.md).

Importing this package imports mesa (which sets the multiprocessing start method to spawn);
``import simulator`` does not: ``simulator.LibyaModel`` loads it on first use.
"""

from simulator.mesa_model.agents import Actor, Faction, Mediator, Neighbour, Sponsor
from simulator.mesa_model.interventions import Intervention
from simulator.mesa_model.layers import SharedLayer
from simulator.mesa_model.model import LibyaModel

__all__ = ["Actor", "Faction", "Intervention", "LibyaModel", "Mediator", "Neighbour",
           "SharedLayer", "Sponsor"]
