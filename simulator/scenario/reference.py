"""Generate the reference of every scenario field (Markdown) from the schema.

``python -m simulator.scenario.reference --write README.md`` rewrites the section between the
markers; a test fails when the README is out of step with the schema.
"""

from __future__ import annotations

import sys
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from simulator.scenario.render import _unwrap
from simulator.scenario.schema import Scenario

BEGIN = "<!-- scenario-reference:begin -->"
END = "<!-- scenario-reference:end -->"


def _type_name(tp: object) -> str:
    tp = _unwrap(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal:
        return " \\| ".join(repr(a).replace("'", '"') for a in args)
    if origin in (list, tuple):
        inner = ", ".join(_type_name(a) for a in args if a is not Ellipsis)
        return f"list of {inner}" if origin is list else f"[{inner}]"
    if origin is dict:
        return f"table of {_type_name(args[1])}"
    if origin in (typing.Union,) or type(tp).__name__ == "UnionType":
        return " or ".join(_type_name(a) for a in args)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "table"
    if isinstance(tp, type):
        return {"str": "text", "int": "integer", "float": "number", "bool": "boolean",
                "date": "date", "NoneType": "none"}.get(tp.__name__, tp.__name__)
    return str(tp)


def _bounds(info: FieldInfo) -> str:
    parts = []
    for m in info.metadata:
        for attr, sym in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<"),
                          ("min_length", "min length"), ("max_length", "max length")):
            v = getattr(m, attr, None)
            if v is not None:
                parts.append(f"{sym} {v:g}" if isinstance(v, float) else f"{sym} {v}")
    return ", ".join(parts)


def _default(info: FieldInfo) -> str:
    if info.default is PydanticUndefined:
        return "(required)" if info.default_factory is None else _factory(info)
    v = info.default
    if v is None:
        return ""
    if hasattr(v, "isoformat"):
        return f"`{v.isoformat()}`"
    return f"`{v!r}`".replace("'", '"')


def _factory(info: FieldInfo) -> str:
    value = info.default_factory()  # type: ignore[call-arg,misc]
    return "`[]`" if value == [] else "`{}`" if value == {} else "(table)"


def _model_of(tp: object) -> type[BaseModel] | None:
    tp = _unwrap(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (list, dict) and args:
        return _model_of(args[-1])
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def reference_markdown() -> str:
    """Return the Markdown reference of every scenario table and field."""
    lines: list[str] = []
    todo: list[tuple[str, type[BaseModel]]] = [("(top level)", Scenario)]
    seen: set[str] = set()
    while todo:
        path, model = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        lines += [f"### `{path}`", "", (model.__doc__ or "").strip().splitlines()[0], "",
                  "| key | type | default | unit | allowed | description |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for name, info in model.model_fields.items():
            sub = _model_of(info.annotation)
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            unit = str(extra.get("unit", ""))
            desc = (info.description or "").replace("|", "\\|")
            lines.append(f"| `{name}` | {_type_name(info.annotation)} | {_default(info)} | "
                         f"{unit} | {_bounds(info)} | {desc} |")
            if sub is not None:
                origin = typing.get_origin(_unwrap(info.annotation))
                prefix = "" if path == "(top level)" else f"{path}."
                child = f"{prefix}{name}" + (".<id>" if origin is dict else
                                             "[]" if origin is list else "")
                todo.append((child, sub))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_readme(path: Path) -> bool:
    """Rewrite the reference section of ``path``; return True if it changed."""
    text = path.read_text()
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n{reference_markdown()}{END}{tail}"
    if new != text:
        path.write_text(new)
        return True
    return False


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        print("updated" if write_readme(Path(sys.argv[2])) else "up to date")
    else:
        sys.stdout.write(reference_markdown())
