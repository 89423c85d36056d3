"""Errors a user can cause, each with a documented exit code and a one-line message per problem."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the ``libya-sim`` command (documented in the README)."""

    OK = 0
    INTERNAL = 1  # a bug: please report it (run again with --debug for the traceback)
    USAGE = 2  # a bad command-line option or argument
    INVALID_INPUT = 3  # a scenario or experiment file, or a --set override, is invalid
    MISSING_FILE = 4  # a named file does not exist or cannot be read
    OUTPUT = 5  # the results folder cannot be written
    PARTIAL = 6  # a sweep finished but some runs failed (their rows hold the error)
    INTERRUPTED_INT = 130  # stopped by Ctrl-C (SIGINT)
    INTERRUPTED_TERM = 143  # stopped by SIGTERM


class UserError(Exception):
    """A problem the user can fix; ``problems`` holds one line each, ``code`` the exit code."""

    code: ExitCode = ExitCode.INVALID_INPUT

    def __init__(self, problems: list[str] | str, code: ExitCode | None = None) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        if code is not None:
            self.code = code
        super().__init__("\n".join(self.problems))


class ScenarioError(UserError):
    """A scenario or experiment file (or an override) is invalid: exit code 3."""

    code = ExitCode.INVALID_INPUT


class MissingFileError(UserError):
    """A file named by the user, or by ``extends``, is missing or unreadable: exit code 4."""

    code = ExitCode.MISSING_FILE


class OutputError(UserError):
    """The results cannot be written where asked: exit code 5."""

    code = ExitCode.OUTPUT
