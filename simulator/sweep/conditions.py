"""Named outcomes of interest: conditions over outcome columns, parsed and checked, never eval'd.

Grammar: comparisons ``column OP value`` (OP one of ``< <= > >= == !=``; value a number, a
quoted string, true or false; ``a <= col < b`` chains too), joined with ``and``, ``or``, ``not``
and parentheses. Anything else (calls, attributes, arithmetic) is refused with one line.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Iterable

import numpy as np
import pandas as pd

_OPS = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
        ast.Eq: operator.eq, ast.NotEq: operator.ne}


_BOOLS = {"true": True, "false": False}


class ConditionError(ValueError):
    """A condition that is not in the grammar or names an unknown column."""


def parse(text: str) -> ast.Expression:
    """Return the checked syntax tree of a condition; raise ``ConditionError`` if not allowed."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise ConditionError("not a condition; write e.g. deaths >= 1000 and x == 'gna'") from None
    _check(tree.body)
    return tree


def _check(node: ast.AST) -> None:
    if isinstance(node, ast.BoolOp):
        for v in node.values:
            _check(v)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand)
    elif isinstance(node, ast.Compare):
        if not all(type(op) in _OPS for op in node.ops):
            raise ConditionError("only < <= > >= == != compare")
        sides = [node.left, *node.comparators]
        if not any(isinstance(s, ast.Name) for s in sides):
            raise ConditionError("a comparison must name an outcome column")
        for s in sides:
            _check_operand(s)
    elif isinstance(node, ast.Name):
        return  # a boolean column on its own
    else:
        raise ConditionError(f"{type(node).__name__.lower()} is not allowed; use comparisons "
                             "joined by and, or, not")


def _check_operand(node: ast.AST) -> None:
    if isinstance(node, ast.Name):
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool)):
        return
    raise ConditionError("compare a column with a number, a 'string', true or false")


def columns(tree: ast.Expression) -> list[str]:
    """Return the column names a condition reads, in order of appearance."""
    names = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in _BOOLS]
    return list(dict.fromkeys(names))


def check_columns(text: str, available: Iterable[str]) -> None:
    """Raise ``ConditionError`` when the condition names a column not in ``available``."""
    import difflib

    avail = list(available)
    for name in columns(parse(text)):
        if name not in avail:
            close = difflib.get_close_matches(name, avail, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; outcomes: {', '.join(avail)}"
            raise ConditionError(f"unknown outcome column '{name}'{hint}")


def evaluate(text: str, df: pd.DataFrame) -> np.ndarray:
    """Return a boolean array: the condition on each row of ``df`` (False where data is missing)."""
    return np.asarray(_eval(parse(text).body, df), dtype=bool)


def _eval(node: ast.AST, df: pd.DataFrame):  # noqa: ANN202 - arrays or scalars
    if isinstance(node, ast.BoolOp):
        vals = [_eval(v, df) for v in node.values]
        out = vals[0]
        for v in vals[1:]:
            out = (out & v) if isinstance(node.op, ast.And) else (out | v)
        return out
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ~_eval(node.operand, df)
    if isinstance(node, ast.UnaryOp):  # unary minus on a constant
        return -_eval(node.operand, df)
    if isinstance(node, ast.Name) and node.id in _BOOLS:
        return _BOOLS[node.id]
    if isinstance(node, ast.Name):
        col = df[node.id]
        if col.dtype == bool:
            return col.to_numpy()
        return col.to_numpy(dtype=object)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Compare):
        left = _eval(node.left, df)
        out = np.ones(len(df), dtype=bool)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, df)
            out &= _compare(_OPS[type(op)], left, right, len(df))
            left = right
        return out
    raise ConditionError(f"{type(node).__name__} is not allowed")


def _compare(op, left, right, n: int) -> np.ndarray:  # noqa: ANN001
    res = np.zeros(n, dtype=bool)
    lv = left if isinstance(left, np.ndarray) else np.full(n, left, dtype=object)
    rv = right if isinstance(right, np.ndarray) else np.full(n, right, dtype=object)
    for i in range(n):
        a, b = lv[i], rv[i]
        if a is None or b is None or a is pd.NA or _nan(a) or _nan(b):
            continue
        try:
            res[i] = bool(op(a, b))
        except TypeError:
            res[i] = False
    return res


def _nan(x: object) -> bool:
    return isinstance(x, float) and x != x
