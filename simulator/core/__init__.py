"""The compiled core: state arrays, random streams, the phases of a day and the ensemble runner.

Importing this package points numba's disk cache at a folder keyed by the core's sources
(see ``cache.py``) before any kernel is decorated.
"""

from simulator.core.cache import configure as _configure_cache

CACHE_DIR = _configure_cache()
