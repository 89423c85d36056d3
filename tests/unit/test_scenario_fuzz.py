"""Fuzz the scenario loader and ``libya-sim validate`` with random and mutated TOML.

Whatever the text, loading must give a ``Scenario`` or a ``UserError`` whose problems are
single lines naming the file (or ``--set``); the command must exit 0, 3 or 4 without a
traceback. Runs are derandomized so that a failure is reproducible on every machine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from simulator.cli import app
from simulator.errors import UserError
from simulator.scenario import Scenario, load_scenario
from simulator.scenario.loader import display_path

ROOT = Path(__file__).resolve().parents[2]
DUEL = ROOT / "scenarios" / "synthetic_duel.toml"
DUEL_TEXT = DUEL.read_text(encoding="utf-8")

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
KEY = re.compile(r"^([ \t]*)([A-Za-z_][A-Za-z0-9_]*)([ \t]*=)", re.MULTILINE)
TABLE = re.compile(r"^\[\[?([A-Za-z_.]+)\]\]?", re.MULTILINE)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
KEY_CHARS = "abcdefghijklmnopqrstuvwxyz_-.0123456789ABZ \"'"
TOMLISH = "[]{}=.,#\"'\n\t -_+:0123456789abcdeflnrstuxyz\\"


# --- strategies ----------------------------------------------------------------------------

numbers = st.one_of(
    st.floats().map(repr),  # includes nan, inf, -inf, 1e+300, -0.0
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(
        [
            "-1",
            "0",
            "1.4",
            "-0.1",
            "0.5",
            "1e400",
            "99999999999999999999999",
            "2000",
            "9223372036854775808",
            "-9223372036854775809",
            "0x10",
            "1_000",
            "+5",
        ]
    ),
    st.text(max_size=8).map(lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'),
    st.sampled_from(
        [
            "true",
            "[]",
            "[1, 2]",
            "{}",
            "{ a = 1 }",
            "2020-02-30",
            "1979-05-27",
            '"ten"',
            "nan",
            "inf",
        ]
    ),
)


@st.composite
def mutated_duel(draw: st.DrawFn) -> str:
    """Return the synthetic duel with one to three random edits."""
    text = DUEL_TEXT
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(["delete", "duplicate", "swap", "number", "rename", "insert", "table"])
        )
        lines = text.splitlines(keepends=True)
        if kind == "delete" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            text = "".join(lines[:i] + lines[i + 1 :])
        elif kind == "duplicate" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            text = "".join(lines[: i + 1] + [lines[i]] + lines[i + 1 :])
        elif kind == "swap" and len(text) > 1:
            i = draw(st.integers(0, len(text) - 2))
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        elif kind == "number":
            found = list(NUMBER.finditer(text))
            if found:
                m = draw(st.sampled_from(found))
                text = text[: m.start()] + draw(numbers) + text[m.end() :]
        elif kind in ("rename", "table"):
            found = list((KEY if kind == "rename" else TABLE).finditer(text))
            if found:
                m = draw(st.sampled_from(found))
                start, end = m.span(2) if kind == "rename" else m.span(1)
                word = text[start:end]
                j = draw(st.integers(0, len(word)))
                char = draw(st.sampled_from(KEY_CHARS))
                edit = draw(st.sampled_from(["insert", "delete", "replace"]))
                if edit == "insert":
                    word = word[:j] + char + word[j:]
                elif edit == "delete" and j < len(word):
                    word = word[:j] + word[j + 1 :]
                else:
                    word = word[:j] + char + word[j + 1 :]
                text = text[:start] + word + text[end:]
        elif kind == "insert":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + draw(st.text(alphabet=TOMLISH, max_size=12)) + text[i:]
    return text


random_text = st.one_of(
    st.text(),
    st.text(alphabet=TOMLISH, max_size=200),
)
any_text = st.one_of(mutated_duel(), mutated_duel(), random_text)

set_keys = st.one_of(
    st.text(max_size=30),
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "run",
                    "days",
                    "map",
                    "width",
                    "factions",
                    "west",
                    "east",
                    "morale",
                    "forces",
                    "fighters",
                    "places",
                    "front",
                    "box",
                    "near",
                    "control",
                    "combat",
                    "noise",
                    "name",
                    "extends",
                    "engine",
                    "disabled_phases",
                ]
            ),
            st.integers(-1, 6).map(str),
            st.text(alphabet=KEY_CHARS, min_size=0, max_size=6),
        ),
        min_size=1,
        max_size=5,
    ).map(".".join),
)
set_values = st.one_of(numbers, st.text(max_size=30), st.text(alphabet=TOMLISH, max_size=30))
set_strings = st.one_of(
    st.text(max_size=60),
    st.tuples(set_keys, st.sampled_from(["=", " = ", "==", ""]), set_values).map("".join),
)


# --- checks --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "scenario.toml"


def check_load(path: Path, overrides: list[str] | None = None) -> None:
    """Load ``path``; any failure must be a ``UserError`` of single lines naming their source."""
    shown = display_path(path)
    try:
        s = load_scenario(path, overrides)
    except UserError as exc:
        assert int(exc.code) in (3, 4), exc.code
        assert exc.problems, "a UserError without problems"
        for line in exc.problems:
            assert isinstance(line, str), line
            assert line.strip(), "an empty problem line"
            assert "\n" not in line, f"a problem over several lines: {line!r}"
            assert line.startswith((shown, "--set")), f"does not name its source: {line!r}"
    else:
        assert isinstance(s, Scenario)


def check_cli(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    out, err = ANSI.sub("", result.stdout), ANSI.sub("", result.stderr)
    assert "Traceback" not in out + err
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 3, 4), f"exit {result.exit_code}: {err}"
    if result.exit_code:
        assert out == "", out
        lines = err.rstrip("\n").split("\n")
        assert lines and all(line.startswith("error: ") for line in lines), err
    else:
        assert out.startswith("valid: "), out


def test_mutations_change_the_duel() -> None:
    """The mutation strategy produces something other than the original text."""

    @settings(
        max_examples=30,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(mutated_duel())
    def run(text: str) -> None:
        seen.add(text != DUEL_TEXT)

    seen: set[bool] = set()
    run()
    assert True in seen


# --- (a) the loader ------------------------------------------------------------------------


@FUZZ
@given(text=any_text)
def test_load_random_text(fuzz_file: Path, text: str) -> None:
    fuzz_file.write_bytes(text.encode("utf-8", "surrogatepass"))
    check_load(fuzz_file)


@settings(FUZZ, max_examples=50)
@given(data=st.binary(max_size=300))
def test_load_random_bytes(fuzz_file: Path, data: bytes) -> None:
    fuzz_file.write_bytes(data)
    check_load(fuzz_file)


# --- (b) the command line -------------------------------------------------------------------


@FUZZ
@given(text=any_text)
def test_validate_random_text(fuzz_file: Path, text: str) -> None:
    fuzz_file.write_bytes(text.encode("utf-8", "surrogatepass"))
    check_cli(["validate", str(fuzz_file)])


# --- (c) --set ------------------------------------------------------------------------------


@FUZZ
@given(overrides=st.lists(set_strings, min_size=1, max_size=3))
def test_load_random_set(overrides: list[str]) -> None:
    check_load(DUEL, overrides)


@settings(FUZZ, max_examples=100)
@given(overrides=st.lists(set_strings, min_size=1, max_size=2))
def test_validate_random_set(overrides: list[str]) -> None:
    args = ["validate", str(DUEL)]
    for o in overrides:
        args.append(f"--set={o}")
    check_cli(args)
