"""Render validation problems as one line each: ``file: dotted.key: message (got value)``."""

from __future__ import annotations

import difflib
import json
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]


def format_loc(loc: Iterable[str | int]) -> str:
    """Return a location as a dotted key with list indices in brackets, e.g. ``forces[2].place``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part == "[key]":
            continue
        else:
            s = str(part)
            if not re.fullmatch(r"[A-Za-z0-9_-]+", s):
                s = json.dumps(s)
            out += ("." if out else "") + s
    return out or "(top level)"


def short_repr(value: object, limit: int = 60) -> str:
    """Return ``repr(value)`` cut to ``limit`` characters, safe for a terminal."""
    text = repr(value)
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def source_of(loc: Loc, provenance: Mapping[Loc, str], default: str) -> str:
    """Return the file (or ``--set``) that set ``loc`` or its nearest parent, else ``default``."""
    parts = tuple(p for p in loc if p != "[key]")
    for n in range(len(parts), 0, -1):
        if parts[:n] in provenance:
            return provenance[parts[:n]]
    # A missing key: the file that defined any key below this table names it best.
    for key, src in provenance.items():
        if key[: len(parts)] == parts:
            return src
    return default


def allowed_keys(model: type[BaseModel], loc: Sequence[str | int]) -> list[str] | None:
    """Return the field names allowed in the table at ``loc`` below ``model``, if it is a model."""
    tp: object = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if not isinstance(part, str) or part not in tp.model_fields:
                return None
            tp = tp.model_fields[part].annotation
            continue
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (list, tuple) and args:
            tp = args[0]
        elif origin is dict and len(args) == 2:
            tp = args[1]
        else:
            return None
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return None


def _unwrap(tp: object) -> object:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return tp


def suggestion(word: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest of ``choices``, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def validation_lines(
    err: ValidationError, model: type[BaseModel], provenance: Mapping[Loc, str], default: str
) -> list[str]:
    """Return one line per problem in ``err``, each naming its file and dotted key."""
    lines = []
    short_tuples: dict[Loc, tuple[int, object]] = {}
    for e in err.errors(include_url=False):
        loc = tuple(e["loc"])
        if e["type"] == "missing" and loc and isinstance(loc[-1], int):
            n, _ = short_tuples.get(loc[:-1], (0, None))
            short_tuples[loc[:-1]] = (max(n, loc[-1] + 1), e.get("input"))
    for loc, (n, got) in short_tuples.items():
        lines.append(f"{source_of(loc, provenance, default)}: {format_loc(loc)}: "
                     f"expected {n} items (got {short_repr(got)})")
    for e in err.errors(include_url=False):
        loc = tuple(e["loc"])
        msg = e["msg"]
        if loc[:-1] in short_tuples and e["type"] == "missing":
            continue
        if e["type"] == "extra_forbidden":
            allowed = allowed_keys(model, loc[:-1]) or []
            msg = "unknown key" + suggestion(str(loc[-1]), allowed)
            if allowed and "did you mean" not in msg:
                msg += f"; allowed: {', '.join(allowed)}"
            lines.append(f"{source_of(loc, provenance, default)}: {format_loc(loc)}: {msg}")
            continue
        if "[key]" in loc:
            msg = "ids must be lower-case snake_case (a-z, 0-9, _; starting with a letter)"
            got = f" (got {short_repr(loc[loc.index('[key]') - 1])})"
            lines.append(
                f"{source_of(loc, provenance, default)}: "
                f"{format_loc(loc[: loc.index('[key]')])}: {msg}{got}"
            )
            continue
        got = "" if e["type"] == "missing" else f" (got {short_repr(e.get('input'))})"
        lines.append(f"{source_of(loc, provenance, default)}: {format_loc(loc)}: {msg}{got}")
    return lines


def problem_lines(
    problems: Iterable[tuple[Loc, str, object]], provenance: Mapping[Loc, str], default: str
) -> list[str]:
    """Return one line per ``(loc, message, got)`` problem, each naming its file and key."""
    return [
        f"{source_of(loc, provenance, default)}: {format_loc(loc)}: {msg} (got {short_repr(got)})"
        for loc, msg, got in problems
    ]
