"""numba's on-disk cache, keyed by a hash of the core's sources so an edit never runs stale code.

numba checks only the cached function's own file; a kernel that inlines a helper from another
file would keep running the old helper after an edit. Putting the cache in a folder named by a
hash of every ``simulator/core/*.py`` file makes any edit start a fresh cache.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numba

CORE_DIR = Path(__file__).resolve().parent


def sources_hash() -> str:
    """Return a short SHA-256 of the core's source files, with numba's version."""
    h = hashlib.sha256(numba.__version__.encode())
    for path in sorted(CORE_DIR.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cache_root() -> Path:
    """Return the cache root: the user's ``NUMBA_CACHE_DIR`` if set, else ~/.cache/libya-sim."""
    user = os.environ.get("NUMBA_CACHE_DIR")
    if user:
        return Path(user)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "libya-sim" / "numba"


def configure() -> Path:
    """Point numba's cache at ``cache_root()/<sources hash>`` and return that folder."""
    path = cache_root() / sources_hash()
    numba.config.CACHE_DIR = str(path)
    return path
