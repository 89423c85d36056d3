"""The experiment file's schema (pydantic v2, unknown keys are errors): what a sweep runs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

NAME = r"^[a-z][a-z0-9_]*$"


class Table(BaseModel):
    """Base of every experiment table: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Factor(Table):
    """One uncertain or chosen scenario value: a dotted key and how to vary it."""

    key: str = Field(pattern=r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$",
                     description="Dotted scenario key, e.g. factions.gna.morale.")
    values: list[Any] | None = Field(None, min_length=1, max_length=10_000,
                                     description="Explicit values (discrete factor).")
    range: tuple[float, float] | None = Field(
        None, description="[low, high]; default: the parameter table's range.")
    distribution: Literal["uniform", "loguniform", "normal", "triangular"] = "uniform"
    mean: float | None = Field(None, description="normal: the mean.")
    sd: float | None = Field(None, gt=0, description="normal: the standard deviation.")
    mode: float | None = Field(None, description="triangular: the mode.")
    levels: int = Field(3, ge=2, le=1000, description="Full factorial: values across the range.")

    @model_validator(mode="after")
    def _consistent(self) -> Factor:
        if self.range is not None and not self.range[0] < self.range[1]:
            raise ValueError(f"range: low must be below high (got {list(self.range)})")
        if self.distribution == "loguniform" and self.range is not None and self.range[0] <= 0:
            raise ValueError("loguniform needs a range above 0")
        if self.distribution == "normal" and (self.mean is None or self.sd is None):
            raise ValueError("a normal distribution needs mean and sd")
        if self.distribution == "triangular" and self.mode is None:
            raise ValueError("a triangular distribution needs mode")
        if self.values is not None and self.range is not None:
            raise ValueError("give values or range, not both")
        return self


class Design(Table):
    """How points are chosen in the factors' space."""

    kind: Literal["factorial", "latin", "sobol", "morris", "csv"]
    samples: int = Field(16, ge=1, le=1_000_000, description=(
        "latin: points; sobol: base sample N (a power of 2); morris: trajectories."))
    levels: int = Field(4, ge=2, le=100, description="morris: grid levels.")
    second_order: bool = Field(False, description="sobol: also sample for second-order indices.")
    file: str | None = Field(None, description="csv: the points file, one column per factor.")

    @model_validator(mode="after")
    def _consistent(self) -> Design:
        if self.kind == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(f"sobol: samples must be a power of 2 (got {self.samples})")
        if self.kind == "csv" and not self.file:
            raise ValueError("a csv design needs file = \"points.csv\"")
        if self.kind != "csv" and self.file:
            raise ValueError(f"file is only for a csv design (kind is {self.kind!r})")
        return self


class Outputs(Table):
    """What each run keeps."""

    outcomes: list[str] = Field(default_factory=list,
                                description="Outcome columns to keep (default: all).")
    series: list[str] = Field(default_factory=list,
                              description="Time-series columns to keep (default: none).")
    series_every: int = Field(7, ge=1, le=36500, description="Keep every n-th day of series.")


class Experiment(Table):
    """A sweep: a base scenario, factors, a design, replicates, outputs and a batch size."""

    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=20_000)
    scenario: str = Field(min_length=1, description="Base scenario file, relative to this one.")
    set: list[str] = Field(default_factory=list,
                           description="Overrides of the base, KEY=VALUE (TOML values).")
    days: int | None = Field(None, ge=1, le=36500, description="Days (default: the base's).")
    replicates: int = Field(1, ge=1, le=100_000, description="Replicates per point.")
    seed: int = Field(0, ge=0, le=2**62, description="Root seed of the design and the runs.")
    seeds: Literal["per_point", "common"] = Field(
        "per_point", description="per_point: each point its own seed; common: all share one.")
    batch_size: int = Field(0, ge=0, le=1_000_000, description="Runs per batch; 0 = auto.")
    factors: dict[str, Factor] = Field(min_length=1, max_length=200)
    design: Design
    outputs: Outputs = Field(default_factory=Outputs)
    interest: dict[str, str] = Field(
        default_factory=dict, description="Named outcomes of interest: conditions on outcomes.")

    @model_validator(mode="after")
    def _names(self) -> Experiment:
        import re

        for kind, names in (("factors", self.factors), ("interest", self.interest)):
            for n in names:
                if not re.match(NAME, n) or len(n) > 64:
                    raise ValueError(f"{kind}.{n}: names must be lower-case snake_case")
        return self
