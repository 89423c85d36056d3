"""Names and units of factors (from the scenario schema) and outcomes, for tables and figures."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

OUTCOMES = {  # column -> (title, unit, scale)
    "civilian_deaths": ("Civilian deaths by the end", "people", 1.0),
    "peak_displaced": ("Peak displaced", "people", 1.0),
    "peak_escalation": ("Peak escalation", "level 0–5", 1.0),
    "foreign_fighters_final": ("Foreign fighters at the end", "fighters", 1.0),
    "ceasefire_reached": ("A ceasefire came", "% of replicates", 100.0),
    "first_ceasefire_day": ("First day of ceasefire (−1: none)", "day", 1.0),
    "longest_ceasefire_days": ("Longest ceasefire", "days", 1.0),
    "violations": ("Ceasefire violations", "count", 1.0),
    "refugees_final": ("Refugees abroad at the end", "people", 1.0),
    "neighbour_intervened": ("A neighbour intervened", "% of replicates", 100.0),
}


def outcome_label(column: str) -> tuple[str, str, float]:
    """Return (title, unit, scale) of an outcome column (unescaped; scale multiplies values)."""
    if column in OUTCOMES:
        return OUTCOMES[column]
    if column.startswith("territory_") and column.endswith("_final"):
        who = column[len("territory_"):-len("_final")].upper()
        return f"Territory of {who} at the end", "% of land regions", 100.0
    if column.startswith("cost_"):
        return f"Support delivered by {_name(column[5:])}", "USD million", 1.0
    if column.startswith("intervened_"):
        return f"{_name(column[11:])} intervened", "% of replicates", 100.0
    return column.replace("_", " ").capitalize(), "value", 1.0


def _name(ident: str) -> str:
    return ident.replace("_", " ").title() if len(ident) > 3 else ident.upper()


@lru_cache(maxsize=256)
def key_unit(key: str) -> tuple[str, str]:
    """Return (unit, description) of a dotted scenario key from the schema, or ("", "")."""
    from pydantic import BaseModel

    from simulator.scenario.render import _unwrap
    from simulator.scenario.schema import Scenario

    tp: Any = Scenario
    info = None
    for part in key.split("."):
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if part not in tp.model_fields:
                return "", ""
            info = tp.model_fields[part]
            tp = info.annotation
        elif getattr(tp, "__origin__", None) in (dict, list, tuple):
            tp, info = (tp.__args__[-1] if tp.__origin__ is dict else tp.__args__[0]), None
        else:
            return "", ""
    if info is None:
        return "", ""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return str(extra.get("unit", "") or ""), str(info.description or "")


def factor_axis(info: dict[str, Any]) -> str:
    """Return a factor's axis title (unescaped): its name and unit, e.g. ``x (USD million)``."""
    unit, _ = key_unit(str(info.get("key", "")))
    name = str(info.get("name", ""))
    return f"{name} ({unit})" if unit and unit not in ("-", "") else name
