"""What every command shares: consoles, safe printing, and turning errors into exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from simulator.errors import ExitCode, UserError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

STATE = {"debug": False}


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
