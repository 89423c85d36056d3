"""Place text labels next to their points without overlapping each other (a greedy heuristic).

Plotly draws a marker's text at one of nine fixed spots around it and cannot avoid collisions,
so the spot is chosen here from estimated screen positions in pixels.
"""

from __future__ import annotations

import numpy as np

CHAR_PX, LINE_PX, GAP_PX = 6.3, 14.0, 4.0  # an 11 px sans-serif label, roughly
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in screen pixels (y up)


def _spots(x: float, y: float, name: str) -> dict[str, Box]:
    w, h, g = CHAR_PX * len(name) + 4, LINE_PX, GAP_PX
    return {
        "top center": (x - w / 2, y + g, x + w / 2, y + g + h),
        "bottom center": (x - w / 2, y - g - h, x + w / 2, y - g),
        "middle right": (x + g + 1, y - h / 2, x + g + 1 + w, y + h / 2),
        "middle left": (x - g - 1 - w, y - h / 2, x - g - 1, y + h / 2),
    }


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _covered(box: Box, discs: np.ndarray) -> float:
    """Return the summed squared radii of the discs ``[n, 3]`` (x, y, r) that touch ``box``."""
    if discs.size == 0:
        return 0.0
    nx = np.clip(discs[:, 0], box[0], box[2])
    ny = np.clip(discs[:, 1], box[1], box[3])
    touch = np.hypot(discs[:, 0] - nx, discs[:, 1] - ny) < discs[:, 2]
    return float((discs[touch, 2] ** 2).sum())


def place_labels(
    xy: np.ndarray, names: dict[int, str], discs: np.ndarray | None = None
) -> dict[int, str]:
    """Return ``{point: Plotly textposition}`` for the points in ``names``, in that order.

    ``xy`` holds every point's screen position (pixels); each label takes the spot that overlaps
    no label placed before it nor any point's marker, and covers the least of the ``discs``
    (other markers, ``[n, 3]``: x, y, radius); a label with no free spot is left out.
    """
    discs = np.zeros((0, 3)) if discs is None else np.asarray(discs, dtype=float)
    taken: list[Box] = [(x - 3, y - 3, x + 3, y + 3) for x, y in xy]
    out: dict[int, str] = {}
    for k, name in names.items():
        free = {
            spot: box
            for spot, box in _spots(*xy[k], name).items()
            if not any(_overlap(box, t) for t in taken)
        }
        if free:
            spot = min(free, key=lambda s: _covered(free[s], discs))
            out[k] = spot
            taken.append(free[spot])
    return out
