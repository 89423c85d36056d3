"""Small helpers for building scenario tables in code (tests, sweeps, notebooks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def deep_update(raw: dict[str, Any], path: Sequence[str], value: Any) -> None:
    """Set ``raw[path[0]][path[1]]...`` to ``value`` in place, creating tables on the way.

    A path part made of digits indexes a list.
    """
    node: Any = raw
    for part in path[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    last = path[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
