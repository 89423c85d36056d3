"""Import modules on a background thread, e.g. pandas while the GIL-free kernels simulate.

Python's imports are thread-safe: an ``import`` of the same module on another thread waits for
the background import to finish, so nothing needs to be joined. An import that fails here is
ignored; the later ``import`` on the main thread raises it where it is handled.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable


def _import_all(names: tuple[str, ...]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - the main thread's own import will report it
            continue


def preload(names: Iterable[str]) -> threading.Thread | None:
    """Start importing ``names`` in order on a thread; return it (None when there is none).

    The thread is not a daemon: a process that ends first waits for the import to finish
    rather than tearing down an interpreter with a half-imported module.
    """
    todo = tuple(names)
    if not todo:
        return None
    thread = threading.Thread(target=_import_all, args=(todo,), name="preload")
    thread.start()
    return thread
