"""The district graph as a Mesa ``Network`` (Libya maps only)."""

from __future__ import annotations

from typing import Any


def district_network(m: Any, random: Any = None) -> Any:  # noqa: ANN401 - mesa Network or None
    """Return a ``mesa.discrete_space.Network`` of the map's districts, or None without any.

    Nodes are district indices (``m.districts``) with the attributes ``name``, ``population``
    and ``regions`` (the flat indices of the district's land cells); edges join districts
    whose cells touch (``geography.libya.district_graph``).
    """
    if not m.districts:
        return None
    import networkx as nx
    from mesa.discrete_space import Network

    from simulator.geography.libya import district_graph

    g = district_graph(m=m)
    graph = nx.Graph()
    land = m.land_index
    for d, name in enumerate(g.names):
        regions = land[m.district[land] == d]
        graph.add_node(d, name=name, population=float(g.population[d]), regions=regions)
    for d in range(len(g.names)):
        for e in g.indices[g.indptr[d]:g.indptr[d + 1]]:
            graph.add_edge(d, int(e))
    return Network(graph, random=random)

