"""Every broken scenario gives one clear line per problem, naming file and key, and its exit code.

Each entry file in ``tests/data/broken`` (recursively; files named ``_part_*.toml`` are only
reached through ``extends``) starts with::

    # expect: <exit code> <substring that must appear in the message>

and may add ``# expect-file: <path>`` when the problem lies in a parent file, which the message
must then name instead of the entry file. ``libya-sim validate`` runs in-process, from the
repository root, so paths are shown relative to it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from simulator.cli import app
from simulator.errors import ExitCode
from simulator.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "data" / "broken"
DUEL = "scenarios/synthetic_duel.toml"
# The valid minimal scenario every broken file is derived from (plus one comment line).
BASE = BROKEN / "extends_child_error" / "_part_parent.toml"

EXPECT = re.compile(r"^# expect: (\d+) (.+?)\s*$")
EXPECT_FILE = re.compile(r"^# expect-file: (.+?)\s*$")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def entry_files() -> list[Path]:
    return sorted(p for p in BROKEN.rglob("*.toml") if not p.name.startswith("_part_"))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def header(path: Path) -> tuple[int, str, str | None]:
    """Return the expected exit code, message substring and named file of a broken file."""
    lines = path.read_bytes().decode("latin-1").splitlines()
    m = EXPECT.match(lines[0]) if lines else None
    assert m, f"{rel(path)}: first line must be '# expect: <code> <substring>'"
    named = None
    for line in lines[1:4]:
        f = EXPECT_FILE.match(line)
        if f:
            named = f.group(1)
    return int(m.group(1)), m.group(2), named


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(ROOT)
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> tuple[Result, str, str]:
    result = runner.invoke(app, list(args))
    out = ANSI.sub("", result.stdout)
    err = ANSI.sub("", result.stderr)
    return result, out, err


def assert_no_crash(result: Result, out: str, err: str) -> None:
    assert "Traceback" not in out + err
    assert "internal error" not in out + err
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def error_lines(err: str) -> list[str]:
    """Return the error lines, checking each is one ``error: `` line with no blank lines."""
    lines = err.rstrip("\n").split("\n")
    assert lines and lines != [""], "no error message"
    for line in lines:
        assert line.startswith("error: "), f"not a one-line error: {line!r} in {err!r}"
        assert line.strip() == line, f"stray whitespace: {line!r}"
    return lines


def assert_user_error(
    result: Result, out: str, err: str, code: int, named: str, expect: str
) -> list[str]:
    assert_no_crash(result, out, err)
    assert result.exit_code == code, f"exit {result.exit_code}, expected {code}: {err}"
    assert out == "", f"nothing may be printed to stdout on failure: {out!r}"
    lines = error_lines(err)
    for line in lines:
        assert named in line, f"line does not name {named}: {line!r}"
    assert any(expect in line for line in lines), f"no line contains {expect!r}:\n{err}"
    return lines


def test_there_are_enough_broken_files() -> None:
    files = entry_files()
    assert len(files) >= 34
    codes = {header(p)[0] for p in files}
    assert codes == {int(ExitCode.INVALID_INPUT), int(ExitCode.MISSING_FILE)}


def test_base_scenario_is_valid(runner: CliRunner) -> None:
    result, out, err = invoke(runner, "validate", rel(BASE))
    assert_no_crash(result, out, err)
    assert result.exit_code == 0, err
    assert out.startswith(f"valid: {rel(BASE)}")


def test_non_utf8_file_is_really_not_utf8() -> None:
    data = (BROKEN / "not_utf8.toml").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


@pytest.mark.parametrize("path", entry_files(), ids=lambda p: p.relative_to(BROKEN).as_posix())
def test_broken_scenario(runner: CliRunner, path: Path) -> None:
    code, expect, named = header(path)
    result, out, err = invoke(runner, "validate", rel(path))
    lines = assert_user_error(result, out, err, code, named or rel(path), expect)
    assert len(lines) == len(set(lines)), "a problem is reported twice"


# --- --set overrides ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "expect"),
    [
        ("run.days", "--set 'run.days': expected KEY=VALUE"),
        ("run..days=3", "--set 'run..days=3': the key must be dotted names"),
        ("run days=3", "--set 'run days=3': the key must be dotted names"),
        ("=3", "--set '=3': the key must be dotted names"),
        ("name=hello world", "--set 'name=hello world': the value is not valid TOML"),
        ("run.days=[1,", "--set 'run.days=[1,': the value is not valid TOML"),
        ("name=", "--set 'name=': the value is not valid TOML"),
        ("forces.4.fighters=10", "forces is a list of 4; use an index from 0 to 3"),
        ("forces.first.fighters=10", "forces is a list of 4; use an index from 0 to 3"),
        ("control.0.places.0.x=1", "control.0.places.0 is a value, not a table"),
        ("run=3", "--set: run: Input should be a valid dictionary"),
        ("run.dayz=3", "--set: run.dayz: unknown key; did you mean 'days'?"),
        ("aliens.mars.enabled=true", "--set: aliens: unknown key; allowed: name"),
        ("factions.west.morale=1.4", "--set: factions.west.morale: Input should be less than"),
        ("forces.0.fighters=-1", "--set: forces[0].fighters: Input should be greater than"),
        ('run.start_date="2021-02-30"', "--set: run.start_date: Input should be a valid date"),
        ("control.0.faction=lna", "--set: control[0].faction: unknown faction"),
    ],
)
def test_set_errors(runner: CliRunner, override: str, expect: str) -> None:
    result, out, err = invoke(runner, "validate", DUEL, "--set", override)
    lines = assert_user_error(result, out, err, 3, "--set", expect)
    assert len(lines) == 1


def test_set_unknown_key_names_set_and_suggests(runner: CliRunner) -> None:
    result, out, err = invoke(runner, "validate", DUEL, "--set", "run.dayz=3")
    (line,) = assert_user_error(result, out, err, 3, "--set", "run.dayz")
    assert "did you mean 'days'?" in line
    assert DUEL not in line


def test_set_errors_are_all_reported(runner: CliRunner) -> None:
    result, out, err = invoke(
        runner, "validate", DUEL, "--set", "run.days=0", "--set", "factions.east.morale=2"
    )
    lines = assert_user_error(result, out, err, 3, "--set", "run.days")
    assert len(lines) == 2
    assert any("factions.east.morale" in line for line in lines)


def test_set_table_below_a_value_names_set(runner: CliRunner) -> None:
    """BUG: ``--set run.days.x=1`` turns ``days`` into a table and blames the scenario file."""
    result, out, err = invoke(runner, "validate", DUEL, "--set", "run.days.x=1")
    (line,) = assert_user_error(result, out, err, 3, "run.days", "run.days")
    assert line.startswith("error: --set"), line


def test_set_replacing_a_list_names_set_for_missing_keys(runner: CliRunner) -> None:
    """BUG: keys missing from a list given by --set are blamed on the scenario file."""
    result, out, err = invoke(runner, "validate", DUEL, "--set", 'forces=[{faction="west"}]')
    lines = assert_user_error(result, out, err, 3, "forces[0]", "forces[0].place")
    for line in lines:
        assert line.startswith("error: --set"), line


def test_set_index_into_empty_list(runner: CliRunner) -> None:
    """BUG: an index into an empty list says 'use an index from 0 to -1'."""
    result, out, err = invoke(
        runner, "validate", DUEL, "--set", "control=[]", "--set", 'control.0.faction="x"'
    )
    (line,) = assert_user_error(result, out, err, 3, "--set", "control")
    assert "-1" not in line, line


def test_set_value_with_a_second_statement_is_refused(runner: CliRunner) -> None:
    """BUG: ``--set 'run.days=3<newline>seed = 4'`` silently drops everything after the value."""
    result, out, err = invoke(runner, "validate", DUEL, "--set", "run.days=3\nseed = 4")
    (line,) = assert_user_error(result, out, err, 3, "--set", "not valid TOML")


def test_set_deeply_nested_value(runner: CliRunner) -> None:
    """BUG: a value nested past Python's recursion limit is an internal error (exit 1)."""
    value = "[" * 3000 + "]" * 3000
    result, out, err = invoke(runner, "validate", DUEL, "--set", f"run.days={value}")
    assert_user_error(result, out, err, 3, "--set", "not valid TOML")


def test_set_good_values_are_applied(runner: CliRunner) -> None:
    result, out, err = invoke(
        runner,
        "show",
        DUEL,
        "--set",
        "run.days=90",
        "--set",
        "forces.0.fighters=10",
        "--set",
        "name=bare",
        "--set",
        "run.start_date=2021-03-04",
    )
    assert_no_crash(result, out, err)
    assert result.exit_code == 0, err
    assert "days = 90\n" in out
    assert 'name = "bare"\n' in out
    assert "start_date = 2021-03-04\n" in out
    assert '{ faction = "west", place = "front", fighters = 10.0' in out


# --- files and options --------------------------------------------------------------------


def test_missing_scenario_file(runner: CliRunner) -> None:
    result, out, err = invoke(runner, "validate", "scenarios/no_such_file.toml")
    assert_user_error(result, out, err, 4, "scenarios/no_such_file.toml", "file not found")


def test_folder_as_scenario(runner: CliRunner) -> None:
    result, out, err = invoke(runner, "validate", "scenarios")
    assert_user_error(result, out, err, 4, "scenarios", "scenarios: is a folder")


@pytest.mark.parametrize("command", ["validate", "show"])
def test_missing_file_in_every_command(runner: CliRunner, command: str) -> None:
    result, out, err = invoke(runner, command, "nope.toml")
    assert_user_error(result, out, err, 4, "nope.toml", "file not found")


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--bogus", DUEL],
        ["validate"],
        ["validate", DUEL, "--set"],
        ["no-such-command"],
        ["--bogus"],
    ],
)
def test_bad_cli_option(runner: CliRunner, args: list[str]) -> None:
    result, out, err = invoke(runner, *args)
    assert_no_crash(result, out, err)
    assert result.exit_code == int(ExitCode.USAGE), out + err


# --- show ------------------------------------------------------------------------------------


def test_show_round_trips(runner: CliRunner, tmp_path: Path) -> None:
    result, out, err = invoke(runner, "show", DUEL)
    assert_no_crash(result, out, err)
    assert result.exit_code == 0, err
    printed = tmp_path / "shown.toml"
    printed.write_text(out, encoding="utf-8")
    again = load_scenario(printed)
    original = load_scenario(ROOT / DUEL)
    assert again.model_dump() == original.model_dump()
    # Equal as models too, once where each was loaded from is set aside.
    assert Scenario.model_validate(again.model_dump()) == Scenario.model_validate(
        original.model_dump()
    )


def test_show_round_trips_with_overrides(runner: CliRunner, tmp_path: Path) -> None:
    sets = ["--set", "run.days=30", "--set", 'factions.west.color="#112233"']
    result, out, err = invoke(runner, "show", DUEL, *sets)
    assert result.exit_code == 0, err
    printed = tmp_path / "shown.toml"
    printed.write_text(out, encoding="utf-8")
    again = load_scenario(printed)
    assert again.model_dump() == load_scenario(ROOT / DUEL, sets[1::2]).model_dump()
    assert again.run.days == 30
    assert again.factions["west"].color == "#112233"
