"""What every command shares: consoles, safe printing, and turning errors into exit codes."""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from simulator.errors import ExitCode, UserError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

STATE = {"debug": False, "owns_process": False}  # owns_process: set by main()


def safe(text: object) -> str:
    """Return ``text`` with control characters replaced and Rich markup escaped."""
    s = "".join(c if c.isprintable() or c == "\n" else "?" for c in str(text))
    return escape(s)


def fail(lines: list[str], code: int) -> None:
    """Print each line to stderr as ``error: ...`` and exit with ``code``."""
    for line in lines:
        err.print(f"[bold red]error:[/] {safe(line)}")
    raise typer.Exit(int(code))


def handle_errors(fn: F) -> F:
    """Wrap a command: user errors print one line each, bugs one line (traceback with --debug)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except UserError as exc:
            if STATE["debug"]:
                raise
            fail(exc.problems, exc.code)
        except KeyboardInterrupt:
            err.print("interrupted")
            raise typer.Exit(int(ExitCode.INTERRUPTED_INT)) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if STATE["debug"]:
                raise
            err.print(f"[bold red]internal error:[/] {safe(type(exc).__name__)}: {safe(exc)} "
                      "(please report it; run again with --debug for the traceback)")
            raise typer.Exit(int(ExitCode.INTERNAL)) from None

    return wrapper  # type: ignore[return-value]


def isatty() -> bool:
    """Return True when stderr is a terminal (progress bars are drawn only then)."""
    return sys.stderr.isatty()


class StopSignals:
    """While active, SIGINT and SIGTERM ask a run to stop instead of killing it.

    A signal sets ``signum``; the run polls ``poll()`` between chunks (after ``defer()``).
    Before ``defer()`` (building and compiling, which have no chunks) a signal calls
    ``on_immediate(signum)``, which should record the stop and end the process at once; an
    exception raised inside numba's compiler would be swallowed or turned into another error.
    Without ``on_immediate``, and on a second signal after ``defer()``, the handler raises
    ``KeyboardInterrupt``. Once a stop is under way (``poll()`` said so, the handler acted, or
    ``hold()``) and inside ``held()``, signals only record, so the cleanup that writes the
    ``interrupted`` manifest is not itself interrupted. On exit the previous handlers are
    restored, except after a stop in a process that ends with the command (``main()``): a
    late signal must not kill it with the default action (Python puts that back while
    finalising), so from then on they are ignored. Outside the main thread it does nothing.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.signum: int | None = None
        self.immediate = True
        self.holding = False
        self.on_immediate: Callable[[int], None] | None = None
        self._old: dict[int, Any] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for sig in self.SIGNALS:
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            ending = self.signum is not None and STATE["owns_process"]
            signal.signal(sig, signal.SIG_IGN if ending else old)
        self._old.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        first = self.signum is None
        if first:
            self.signum = signum
        if self.holding or not (self.immediate or not first):
            return
        self.holding = True
        if self.immediate and self.on_immediate is not None:
            self.on_immediate(signum)
        raise KeyboardInterrupt

    def defer(self) -> None:
        """From now on a first signal only sets the flag (the run polls it)."""
        self.immediate = False

    def hold(self) -> None:
        """From now on every signal only sets the flag (while writing the final manifest)."""
        self.holding = True

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Within the block signals only set the flag (``poll()`` tells after it)."""
        holding, self.holding = self.holding, True
        try:
            yield
        finally:
            self.holding = holding

    def requested(self) -> bool:
        """Return True once a stop was asked for."""
        return self.signum is not None

    def poll(self) -> bool:
        """Return True once a stop was asked for; from then on signals only record."""
        if self.signum is None:
            return False
        self.holding = True
        return True

    def name(self) -> str:
        """Return the signal's name (``SIGINT`` when none was received, e.g. a bare Ctrl-C)."""
        return signal.Signals(self.signum or signal.SIGINT).name

    def exit_code(self) -> ExitCode:
        """Return 143 after SIGTERM, else 130."""
        if self.signum == signal.SIGTERM:
            return ExitCode.INTERRUPTED_TERM
        return ExitCode.INTERRUPTED_INT
