"""An on-disk cache of built maps, keyed by the builder's inputs (docs/PERFORMANCE.md, section 3).

Building the Libya hex map takes about 0.3 s; loading it back takes milliseconds. The key is a
SHA-256 of the arguments, numpy's version and every source and data file of
``simulator/geography``, so an edit of the map code or data never loads a stale map. Each call
returns a fresh object read from disk (callers may modify it). The cache lives under
``$XDG_CACHE_HOME/libya-sim/maps`` (default ``~/.cache``); ``LIBYA_SIM_MAP_CACHE=0`` turns it
off, and any failure to read or write it falls back to building.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

GEO_DIR = Path(__file__).resolve().parent
T = TypeVar("T")


def inputs_hash(*args: object) -> str:
    """Return a short SHA-256 of ``args``, numpy's version and the geography sources and data."""
    h = hashlib.sha256(repr(args).encode())
    h.update(np.__version__.encode())
    for path in sorted(p for p in GEO_DIR.rglob("*") if p.is_file() and "__pycache__" not in
                       p.parts):
        h.update(str(path.relative_to(GEO_DIR)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    """Return the folder of cached maps."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "libya-sim" / "maps"


def cached(name: str, build: Callable[..., T], *args: object) -> T:
    """Return ``build(*args)``, loaded from the cache when an equal build was saved before."""
    if os.environ.get("LIBYA_SIM_MAP_CACHE", "1") == "0":
        return build(*args)
    try:
        path = cache_dir() / f"{name}-{inputs_hash(name, *args)}.pkl"
    except OSError:
        return build(*args)
    try:
        if path.is_file():
            with path.open("rb") as fh:
                return pickle.load(fh)  # noqa: S301 - our own cache, keyed by our own sources
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build(*args)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
