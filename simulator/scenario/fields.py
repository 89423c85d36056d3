"""Helpers for schema fields: every field carries a unit, bounds and a description."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z][a-z0-9_]*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
"""A lower-case snake_case identifier of a faction, actor, place or region set."""


class Section(BaseModel):
    """Base of every scenario table: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False
    )


def field(default: Any, unit: str, description: str, **bounds: Any) -> Any:
    """Return a pydantic ``Field`` with ``unit`` recorded in the JSON schema."""
    return Field(default, description=description, json_schema_extra={"unit": unit}, **bounds)


def list_field(unit: str, description: str, **kw: Any) -> Any:
    """Return a ``Field`` whose default is an empty list, with ``unit`` recorded."""
    return Field(
        default_factory=list, description=description, json_schema_extra={"unit": unit}, **kw
    )
