"""Counter-based random numbers: every draw is a pure function of its key and counter.

A key mixes (seed, replicate, day, entity, purpose) with SplitMix64; a draw mixes the key with
a counter. Nothing depends on thread count, batch size or executor, and removing one actor
leaves the streams of the others unchanged because entities are stable ids, not indices.
"""

from __future__ import annotations

import hashlib

import numpy as np
from numba import njit

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB

# Purposes: one named stream per mechanism (common random numbers across scenarios).
STREAM_COMBAT = 1
STREAM_FLIGHT = 2
STREAM_CONTROL = 3
STREAM_COMBAT_DAILY = 4
STREAM_DEFECTION = 5
STREAM_CEASEFIRE = 6
STREAM_INTERVENTION = 7


@njit(cache=True)
def splitmix64(x: np.uint64) -> np.uint64:
    """Return SplitMix64's output for state ``x`` (all arithmetic modulo 2**64)."""
    z = x + np.uint64(GOLDEN)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(_M1)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(_M2)
    return z ^ (z >> np.uint64(31))


@njit(cache=True)
def stream_key(seed, rep, day, entity, purpose) -> np.uint64:  # noqa: ANN001
    """Return the 64-bit key of the stream (seed, replicate, day, entity id, purpose)."""
    return entity_key(day_key(seed, rep, day), entity, purpose)


@njit(cache=True, inline="always")
def day_key(seed, rep, day) -> np.uint64:  # noqa: ANN001
    """Return the part of every stream key fixed by (seed, replicate, day), computed once a day."""
    h = splitmix64(np.uint64(seed))
    h = splitmix64(h ^ np.uint64(rep))
    return splitmix64(h ^ np.uint64(day))


@njit(cache=True, inline="always")
def entity_key(h, entity, purpose) -> np.uint64:  # noqa: ANN001
    """Return ``stream_key`` from ``h = day_key(seed, rep, day)``, the entity and the purpose."""
    h = splitmix64(np.uint64(h) ^ np.uint64(entity))
    return splitmix64(h ^ np.uint64(purpose))


@njit(cache=True)
def uniform(key, counter) -> float:  # noqa: ANN001
    """Return the ``counter``-th uniform draw in the open interval (0, 1) of stream ``key``."""
    z = splitmix64(np.uint64(key) ^ (np.uint64(counter) * np.uint64(GOLDEN)))
    return ((z >> np.uint64(11)) + 0.5) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def normal(key, counter) -> float:  # noqa: ANN001
    """Return the ``counter``-th standard normal draw of stream ``key`` (Box-Muller)."""
    u1 = uniform(key, 2 * counter)
    u2 = uniform(key, 2 * counter + 1)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


@njit(cache=True)
def mix(a, b) -> np.uint64:  # noqa: ANN001
    """Return one entity id made of two (e.g. a region and a faction)."""
    return mix_hashed(a, splitmix64(np.uint64(b)))


@njit(cache=True, inline="always")
def mix_hashed(a, hb) -> np.uint64:  # noqa: ANN001
    """Return ``mix(a, b)`` from ``hb = splitmix64(b)`` (hashed once when ``b`` repeats)."""
    return splitmix64(np.uint64(a) ^ np.uint64(hb))


def stable_id(role: str, name: str) -> int:
    """Return the stable 63-bit entity id of an actor: a hash of its role and name."""
    digest = hashlib.blake2b(f"{role}:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") & ((1 << 63) - 1)


def region_id(flat_index: int) -> int:
    """Return the stable entity id of a region slot (its flat index, offset from actor ids)."""
    return (1 << 62) + int(flat_index)


# Plain-Python twins, used by tests to check the compiled versions bit for bit.
def py_splitmix64(x: int) -> int:
    """Return SplitMix64's output for state ``x`` (pure Python twin)."""
    z = (x + GOLDEN) & MASK64
    z = ((z ^ (z >> 30)) * _M1) & MASK64
    z = ((z ^ (z >> 27)) * _M2) & MASK64
    return z ^ (z >> 31)


def py_stream_key(seed: int, rep: int, day: int, entity: int, purpose: int) -> int:
    """Return the stream key (pure Python twin of ``stream_key``)."""
    h = py_splitmix64(seed)
    for v in (rep, day, entity, purpose):
        h = py_splitmix64(h ^ v)
    return h


def py_uniform(key: int, counter: int) -> float:
    """Return the uniform draw (pure Python twin of ``uniform``)."""
    z = py_splitmix64(key ^ ((counter * GOLDEN) & MASK64))
    return ((z >> 11) + 0.5) * (1.0 / 9007199254740992.0)
