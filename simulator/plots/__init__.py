"""Plotly figures of scenarios and results; every figure works offline (no CDN, no tiles)."""

from simulator.plots.colors import faction_colors
from simulator.plots.startmap import start_map_figure

__all__ = ["faction_colors", "start_map_figure"]
