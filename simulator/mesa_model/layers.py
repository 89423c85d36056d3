"""Mesa property layers that share memory with the core's region arrays (no copies, no sync).

Mesa 3.3's ``PropertyLayer`` allocates its own array and copies into it (``from_data`` and the
``data`` setter). ``SharedLayer`` instead holds a ``(width, height)`` view of one core array of
replicate 0, so the compiled day and the layer see the same numbers. Writes through a cell
attribute (``cell.forces_lna = 0``) or ``set_cells`` go to the core and are reported to the
model (``on_write(layer, where, old, new)``; bulk writes give ``where="all"`` and the layer's
means), which logs them as interventions and tells the core's objective fields
that the map changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from mesa.discrete_space import HexGrid, PropertyLayer
from mesa.discrete_space.property_layer import PropertyDescriptor

Notify = Callable[[str, Any, float, float], None]  # layer, where, old, new


class SharedLayer(PropertyLayer):
    """A ``PropertyLayer`` whose data is a view of a core array (``np.shares_memory`` holds)."""

    def __init__(self, name: str, view: np.ndarray, on_write: Notify | None = None) -> None:
        """Wrap ``view`` (a ``(width, height)`` view of a core array) as the layer ``name``."""
        self.name = name
        self.dimensions = tuple(view.shape)
        self._view = view
        self.on_write = on_write

    @property
    def _mesa_data(self) -> np.ndarray:
        """Return the shared view (Mesa's methods read ``_mesa_data``)."""
        return self._view

    @_mesa_data.setter
    def _mesa_data(self, value: np.ndarray) -> None:
        """Copy ``value`` into the shared view (Mesa's ``modify_cells`` assigns a new array)."""
        old = float(self._view.mean())
        np.copyto(self._view, value, casting="unsafe")
        if self.on_write is not None:
            self.on_write(self.name, "all", old, float(self._view.mean()))

    def set_cells(self, value: Any, condition: Callable | None = None) -> None:
        """Write ``value`` into the shared view (where ``condition`` holds); return None."""
        old = float(self._view.mean())
        super().set_cells(value, condition)
        if self.on_write is not None:
            self.on_write(self.name, "all", old, float(self._view.mean()))


class SharedDescriptor(PropertyDescriptor):
    """Cell attribute access to a ``SharedLayer`` that reports writes to the layer's owner."""

    def __set__(self, instance: Any, value: Any) -> None:  # noqa: D105
        data, at = self.layer.data, instance.coordinate
        old = float(data[at])
        data[at] = value
        if self.layer.on_write is not None:
            self.layer.on_write(self.layer.name, at, old, float(data[at]))


def add_shared_layer(grid: HexGrid, layer: SharedLayer) -> SharedLayer:
    """Add ``layer`` to ``grid`` with write-reporting cell attributes; return the layer."""
    grid.add_property_layer(layer)
    setattr(grid.cell_klass, layer.name, SharedDescriptor(layer))
    return layer


def region_grid(width: int, height: int, layers: dict[str, np.ndarray],
                on_write: Notify | None = None, random: Any = None) -> HexGrid:
    """Return a ``HexGrid((width, height))`` with one ``SharedLayer`` per entry of ``layers``.

    Each value is a flat core array of length ``width * height`` (flat index ``x * height +
    y``, geography/hexlayout.py); it is viewed, never copied, as ``(width, height)``.
    """
    grid = HexGrid((width, height), random=random)
    for name, flat in layers.items():
        view = flat.reshape(width, height)
        if not np.shares_memory(view, flat):
            raise ValueError(f"layer {name}: the core array cannot be viewed as a grid")
        add_shared_layer(grid, SharedLayer(name, view, on_write))
    return grid
