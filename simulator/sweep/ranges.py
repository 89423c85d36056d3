"""Default factor ranges: the parameter table of docs/MODEL.md, else the schema's bounds."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

MODEL_DOC = Path(__file__).resolve().parents[2] / "docs" / "MODEL.md"
_NUM = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"
_RANGE = re.compile(rf"^\s*({_NUM})\s*[–-]\s*({_NUM})\s*$")


@lru_cache(maxsize=1)
def table_ranges(doc: Path = MODEL_DOC) -> tuple[tuple[re.Pattern[str], tuple[float, float]], ...]:
    """Return (key pattern, (low, high)) for every row of the parameter table with a range."""
    try:
        text = doc.read_text(encoding="utf-8")
    except OSError:
        return ()
    out = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].startswith("`"):
            continue
        m = _RANGE.match(cells[4].replace(",", ""))  # "50–5,000"
        if not m:
            continue
        names = re.findall(r"`([^`]+)`", cells[0])
        parent = names[0].rsplit(".", 1)[0] if names and "." in names[0] else ""
        for name in names:  # "`a.<id>.x`, `y`, `z`": y and z share a.<id>
            full = name if "." in name or not parent else f"{parent}.{name}"
            out.append((_pattern(full), (float(m.group(1)), float(m.group(2)))))
    return tuple(out)


def _pattern(name: str) -> re.Pattern[str]:
    """Return a regex for a table name such as ``factions.<id>.morale`` or ``air_units[].x``."""
    parts = []
    for part in name.split("."):
        if part.startswith("<") and part.endswith(">"):
            parts.append(r"[a-z][a-z0-9_]*")
        elif part.endswith("[]"):
            parts.append(re.escape(part[:-2]) + r"\.\d+")
        else:
            parts.append(re.escape(part))
    return re.compile("^" + r"\.".join(parts) + "$")


def schema_bounds(model: type[BaseModel], parts: list[str]) -> tuple[float, float] | None:
    """Return the (low, high) bounds of the schema field at the dotted ``parts``, if both exist."""
    from simulator.scenario.render import _unwrap

    tp: Any = model
    info = None
    for part in parts:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if part not in tp.model_fields:
                return None
            info = tp.model_fields[part]
            tp = info.annotation
        elif getattr(tp, "__origin__", None) in (dict, list, tuple):
            args = tp.__args__
            tp, info = args[-1] if tp.__origin__ is dict else args[0], None
        else:
            return None
    if info is None:
        return None
    low = high = None
    for meta in info.metadata:
        low = getattr(meta, "ge", getattr(meta, "gt", low))
        high = getattr(meta, "le", getattr(meta, "lt", high))
    if low is None or high is None:
        return None
    return float(low), float(high)


def default_range(key: str) -> tuple[tuple[float, float], str] | None:
    """Return the default (low, high) of a dotted scenario key and where it comes from."""
    for pattern, rng in table_ranges():
        if pattern.match(key):
            return rng, "docs/MODEL.md"
    from simulator.scenario.schema import Scenario

    bounds = schema_bounds(Scenario, key.split("."))
    return (bounds, "the schema's bounds") if bounds else None
