"""Load scenario files: TOML with ``extends`` (deep merge), dotted overrides, validation.

Every problem becomes one line naming the file (or ``--set``) and the dotted key; all problems
are reported at once by raising ``ScenarioError`` (exit code 3) or ``MissingFileError`` (4).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from simulator.errors import MissingFileError, ScenarioError
from simulator.scenario.checks import cross_check
from simulator.scenario.render import Loc, problem_lines, short_repr, validation_lines
from simulator.scenario.schema import Scenario

M = TypeVar("M", bound=BaseModel)

_KEY = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
_BARE = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


def display_path(path: Path) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_toml(path: Path, named_by: str | None = None) -> dict[str, Any]:
    """Return the parsed TOML of ``path``; raise a one-line user error when it cannot be."""
    shown = display_path(path)
    where = f"{named_by}: " if named_by else ""
    if not path.exists():
        raise MissingFileError(f"{where}{shown}: file not found")
    if path.is_dir():
        raise MissingFileError(f"{where}{shown}: is a folder, expected a .toml file")
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise MissingFileError(f"{where}{shown}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{shown}: not UTF-8 text; save the file as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{shown}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ScenarioError(f"{shown}: invalid TOML: arrays or tables nested too deeply") from None


def load_with_extends(
    path: Path, chain: tuple[Path, ...] = (), named_by: str | None = None
) -> tuple[dict[str, Any], dict[Loc, str]]:
    """Return the merged raw table of ``path`` and its parents, and where each key was set."""
    real = path.resolve()
    if real in chain:
        cycle = " -> ".join(display_path(p) for p in (*chain, real))
        raise ScenarioError(f"{display_path(chain[-1])}: extends: cycle: {cycle}")
    raw = read_toml(path, named_by)
    shown = display_path(path)
    parent = raw.pop("extends", None)
    own_prov: dict[Loc, str] = {}
    _record(raw, (), shown, own_prov)
    if parent is None:
        return raw, own_prov
    if not isinstance(parent, str) or not parent.strip():
        raise ScenarioError(
            f"{shown}: extends: expected a file name as a string (got {short_repr(parent)})"
        )
    base, prov = load_with_extends(
        (path.parent / parent), (*chain, real), named_by=f"{shown}: extends"
    )
    merged = deep_merge(base, raw)
    for loc in own_prov:
        if loc and not isinstance(_get(raw, loc), dict):
            _forget(prov, loc)
    prov.update(own_prov)
    return merged, prov


def deep_merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``base`` updated by ``top``: tables merge key by key, anything else is replaced."""
    out = dict(base)
    for k, v in top.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def _record(node: Any, loc: Loc, src: str, prov: dict[Loc, str]) -> None:
    prov[loc] = src
    if isinstance(node, dict):
        for k, v in node.items():
            _record(v, (*loc, k), src, prov)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _record(v, (*loc, i), src, prov)


def parse_override(text: str) -> tuple[list[str], Any]:
    """Return the dotted key and TOML-parsed value of one ``key=value`` override."""
    if "=" not in text:
        raise ScenarioError(f"--set {short_repr(text)}: expected KEY=VALUE, e.g. run.days=90")
    key, value = (s.strip() for s in text.split("=", 1))
    if not _KEY.match(key):
        raise ScenarioError(
            f"--set {short_repr(text)}: the key must be dotted names, e.g. factions.gna.morale"
        )
    try:
        doc = tomllib.loads(f"v = {value}")
        if list(doc) != ["v"]:
            raise tomllib.TOMLDecodeError("more than one value")
        parsed = doc["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        if not _BARE.match(value):
            raise ScenarioError(
                f"--set {short_repr(text)}: the value is not valid TOML; quote "
                "text, e.g. name='\"My run\"'"
            ) from None
        parsed = value
    return key.split("."), parsed


def apply_overrides(
    raw: dict[str, Any], overrides: Sequence[str], prov: dict[Loc, str]
) -> dict[str, Any]:
    """Return ``raw`` with each ``key=value`` override applied (numeric parts index lists)."""
    out = deep_merge(raw, {})
    for text in overrides:
        parts, value = parse_override(text)
        node: Any = out
        loc: list[str | int] = []
        for n, part in enumerate(parts):
            last = n == len(parts) - 1
            if isinstance(node, list):
                if not node:
                    raise ScenarioError(
                        f"--set {short_repr(text)}: {'.'.join(parts[:n])} is an empty list; "
                        "set the whole list instead"
                    )
                if not part.isdigit() or int(part) >= len(node):
                    raise ScenarioError(
                        f"--set {short_repr(text)}: {'.'.join(parts[:n])} is a "
                        f"list of {len(node)}; use an index from 0 to "
                        f"{len(node) - 1}"
                    )
                idx: str | int = int(part)
            elif isinstance(node, dict):
                idx = part
            else:
                raise ScenarioError(
                    f"--set {short_repr(text)}: {'.'.join(parts[:n])} is a value, not a table"
                )
            loc.append(idx)
            if last:
                if isinstance(node, dict):
                    node[idx] = value
                else:
                    node[idx] = value  # type: ignore[index]
            else:
                if isinstance(node, dict) and idx not in node:
                    node[idx] = {}
                    _forget(prov, (*loc,))
                    prov[tuple(loc)] = "--set"
                elif isinstance(node, dict) and not isinstance(node[idx], (dict, list)):
                    raise ScenarioError(
                        f"--set {short_repr(text)}: {'.'.join(parts[: n + 1])} is a value, "
                        "not a table"
                    )
                node[idx] = _copy(node[idx])  # type: ignore[index]
                node = node[idx]  # type: ignore[index]
        _forget(prov, tuple(loc))
        _record(value, tuple(loc), "--set", prov)
    return out


def _forget(prov: dict[Loc, str], loc: Loc) -> None:
    """Drop the provenance of ``loc`` and everything below it (the value was replaced)."""
    for key in [k for k in prov if k[: len(loc)] == loc]:
        del prov[key]


def _get(node: Any, loc: Loc) -> Any:
    for part in loc:
        node = node[part]
    return node


def _copy(node: Any) -> Any:
    return dict(node) if isinstance(node, dict) else list(node) if isinstance(node, list) else node


def validate_table(model: type[M], raw: dict[str, Any], prov: Mapping[Loc, str], default: str) -> M:
    """Return ``raw`` validated as ``model``; raise ``ScenarioError`` listing every problem."""
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        raise ScenarioError(validation_lines(err, model, prov, default)) from None


def load_scenario(path: str | Path, overrides: Sequence[str] | None = None) -> Scenario:
    """Return the validated ``Scenario`` of ``path`` with its parents and ``overrides`` applied."""
    path = Path(path)
    raw, prov = load_with_extends(path)
    raw = apply_overrides(raw, overrides or (), prov)
    default = display_path(path)
    scenario = validate_table(Scenario, raw, prov, default)
    problems = cross_check(scenario)
    if problems:
        raise ScenarioError(problem_lines(problems, prov, default))
    _check_events(scenario, prov, default)
    scenario._source = default
    scenario._provenance = prov
    return scenario


def scenario_from_dict(raw: dict[str, Any], source: str = "<dict>") -> Scenario:
    """Return a validated ``Scenario`` from an in-memory table (same checks as a file)."""
    prov: dict[Loc, str] = {}
    _record(raw, (), source, prov)
    scenario = validate_table(Scenario, raw, prov, source)
    problems = cross_check(scenario)
    if problems:
        raise ScenarioError(problem_lines(problems, prov, source))
    _check_events(scenario, prov, source)
    scenario._source = source
    scenario._provenance = prov
    return scenario


def _check_events(scenario: Scenario, prov: Mapping[Loc, str], default: str) -> None:
    """Raise ``ScenarioError`` if an event's parameter change cannot apply on its date."""
    from simulator.scenario.events import event_problems

    problems = event_problems(scenario)
    if problems:
        raise ScenarioError(problem_lines(problems, prov, default))
