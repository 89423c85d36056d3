"""``Params`` and ``State`` passed by reference inside the compiled day (numba StructRef).

A named tuple of ~250 arrays is passed to a compiled function by value: numba counts a
reference to every one of its arrays when the function starts and ends, ~3 µs a call, unless
its optimiser can prove that unnecessary (it mostly cannot in a phase). The entry points in
``run.py`` turn each tuple into a StructRef with the same fields once per call (``as_ref``);
phases and helpers receive that and read ``P.x`` as before, at the cost of one reference a call
(docs/PERFORMANCE.md, section 6). The arrays are shared, not copied.
"""

from __future__ import annotations

from typing import Any

from numba import types
from numba.experimental import structref
from numba.extending import overload


@structref.register
class TupleRef(types.StructRef):
    """A StructRef type with the fields (names and types) of a named tuple type."""

    def preprocess_fields(self, fields: Any) -> tuple:  # noqa: ANN401
        """Return the fields without literal types (ints stay plain ints)."""
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


def as_ref(tup):  # noqa: ANN001, ANN201 - numba matches the overload's argument names exactly
    """Return a StructRef holding the fields of the named tuple ``tup`` (compiled code only)."""
    raise NotImplementedError("as_ref runs inside compiled code only")


@overload(as_ref)
def _as_ref(tup):  # noqa: ANN001, ANN202 - a numba type in, an implementation out
    """Return the implementation of ``as_ref`` for the named tuple type ``tup``."""
    if not isinstance(tup, types.BaseNamedTuple):
        return None
    ref_t = TupleRef(list(zip(tup.fields, tup.types, strict=True)))
    lines = ["def impl(tup):", "    r = structref.new(ref_t)"]
    lines += [f"    r.{name} = tup.{name}" for name in tup.fields]
    lines.append("    return r")
    namespace: dict[str, Any] = {"structref": structref, "ref_t": ref_t}
    exec("\n".join(lines), namespace)  # noqa: S102 - code generated from the tuple's field names
    return namespace["impl"]


def on_refs(fn):  # noqa: ANN001, ANN201 - a numba dispatcher in, a compiled wrapper out
    """Return ``fn`` callable with the tuples: ``on_refs(fn)(P, S, *rest)`` runs it on refs.

    For tests and tools that call one phase or helper taking ``(P, S, ...)``: the phase then
    runs exactly as in the day (on references, from the same disk cache) instead of being
    compiled again for the tuples. The small wrapper compiles in the calling process.
    """
    from numba import njit

    @njit
    def call(P, S, *rest):  # noqa: ANN001, ANN202, N803
        return fn(as_ref(P), as_ref(S), *rest)

    return call
