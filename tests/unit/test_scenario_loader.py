"""The scenario loader: extends (deep merge), provenance, dotted overrides, suggestions."""

from __future__ import annotations

import copy
import datetime as dt
import math
from pathlib import Path

import pytest

from simulator.errors import MissingFileError, ScenarioError, UserError
from simulator.scenario import load_scenario, scenario_from_dict
from simulator.scenario.loader import (
    apply_overrides,
    deep_merge,
    display_path,
    load_with_extends,
    parse_override,
)
from simulator.scenario.render import format_loc, short_repr, suggestion

BASE = """\
name = "Loader base"

[run]
start_date = 2020-01-01
days = 10

[map]
kind = "grid"
width = 6
height = 4

[factions.west]
label = "West"
morale = 0.8

[factions.east]
label = "East"
morale = 0.6

[places.west_half]
box = [0, 0, 2.9, 10]

[places.east_half]
box = [3.1, 0, 10, 10]

[[control]]
faction = "west"
places = ["west_half"]

[[control]]
faction = "east"
places = ["east_half"]

[[forces]]
faction = "west"
place = "west_half"
fighters = 100

[[forces]]
faction = "east"
place = "east_half"
fighters = 200
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, overrides: list[str] | None = None) -> list[str]:
    with pytest.raises(UserError) as info:
        load_scenario(path, overrides)
    assert info.value.problems
    for line in info.value.problems:
        assert "\n" not in line
    return info.value.problems


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write(tmp_path / "base.toml", BASE)


def test_base_is_valid(base: Path) -> None:
    s = load_scenario(base)
    assert s.faction_ids == ["west", "east"]
    assert s.source == display_path(base)


# --- deep merge ------------------------------------------------------------------------------


def test_deep_merge_overrides_scalars_merges_tables_replaces_lists() -> None:
    parent = {"a": 1, "t": {"x": 1, "y": 2, "u": {"p": 1}}, "l": [1, 2, 3], "keep": "k"}
    child = {"a": 2, "t": {"y": 3, "z": 4, "u": {"q": 2}}, "l": [9]}
    before = copy.deepcopy((parent, child))
    merged = deep_merge(parent, child)
    assert merged == {
        "a": 2,
        "t": {"x": 1, "y": 3, "z": 4, "u": {"p": 1, "q": 2}},
        "l": [9],
        "keep": "k",
    }
    assert (parent, child) == before, "deep_merge must not change its inputs"


def test_deep_merge_replaces_table_by_value_and_value_by_table() -> None:
    assert deep_merge({"t": {"x": 1}}, {"t": 5}) == {"t": 5}
    assert deep_merge({"t": 5}, {"t": {"x": 1}}) == {"t": {"x": 1}}
    assert deep_merge({"t": {"x": 1}}, {"t": [1]}) == {"t": [1]}


def test_extends_child_overrides_merges_and_replaces(base: Path, tmp_path: Path) -> None:
    child = write(
        tmp_path / "child.toml",
        'extends = "base.toml"\nname = "Child"\n\n[run]\ndays = 30\n\n'
        "[factions.west]\nmorale = 0.5\n\n"
        '[[forces]]\nfaction = "east"\nplace = "west_half"\nfighters = 7\n',
    )
    s = load_scenario(child)
    assert s.name == "Child"
    assert s.run.days == 30  # scalar overridden
    assert s.run.start_date == dt.date(2020, 1, 1)  # table merged: sibling kept
    assert s.factions["west"].morale == 0.5
    assert s.factions["west"].label == "West"  # nested table merged
    assert s.factions["east"].morale == 0.6
    assert [(d.faction, d.fighters) for d in s.forces] == [("east", 7.0)]  # list replaced
    assert len(s.control) == 2  # untouched list inherited
    assert s.source == display_path(child)


def test_extends_chain_is_relative_to_each_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "a" / "grand.toml", BASE)
    write(tmp_path / "a" / "b" / "parent.toml", 'extends = "../grand.toml"\n[run]\ndays = 20\n')
    child = write(
        tmp_path / "c" / "child.toml", 'extends = "../a/b/parent.toml"\n[run]\nseed = 5\n'
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    s = load_scenario(child)
    assert (s.run.days, s.run.seed, s.name) == (20, 5, "Loader base")


def test_extends_itself_is_a_cycle(tmp_path: Path) -> None:
    me = write(tmp_path / "me.toml", 'extends = "me.toml"\n' + BASE)
    (line,) = problems_of(me)
    assert line.startswith(f"{display_path(me)}: extends: cycle: ")


def test_extends_missing_parent_names_the_child(tmp_path: Path) -> None:
    child = write(tmp_path / "child.toml", 'extends = "gone.toml"\n')
    with pytest.raises(MissingFileError) as info:
        load_scenario(child)
    (line,) = info.value.problems
    assert line == f"{display_path(child)}: extends: {display_path(tmp_path / 'gone.toml')}: " + (
        "file not found"
    )
    assert info.value.code == 4


@pytest.mark.parametrize("value", ["3", "true", '""', '"  "', "[1]", "{ a = 1 }"])
def test_extends_must_be_a_file_name(tmp_path: Path, value: str) -> None:
    child = write(tmp_path / "child.toml", f"extends = {value}\n" + BASE)
    (line,) = problems_of(child)
    assert line.startswith(f"{display_path(child)}: extends: expected a file name as a string")


# --- provenance ------------------------------------------------------------------------------


def test_error_in_parent_key_names_the_parent(base: Path, tmp_path: Path) -> None:
    write(base, BASE.replace("morale = 0.8", "morale = 1.5"))
    child = write(tmp_path / "child.toml", 'extends = "base.toml"\n[run]\ndays = 30\n')
    (line,) = problems_of(child)
    assert line.startswith(f"{display_path(base)}: factions.west.morale: ")


def test_error_in_child_key_names_the_child(base: Path, tmp_path: Path) -> None:
    child = write(tmp_path / "child.toml", 'extends = "base.toml"\n[run]\ndays = -3\n')
    (line,) = problems_of(child)
    assert line.startswith(f"{display_path(child)}: run.days: ")


def test_child_overriding_a_bad_parent_value_fixes_it(base: Path, tmp_path: Path) -> None:
    write(base, BASE.replace("morale = 0.8", "morale = 1.5"))
    child = write(tmp_path / "child.toml", 'extends = "base.toml"\n[factions.west]\nmorale = 1\n')
    assert load_scenario(child).factions["west"].morale == 1.0


def test_error_in_set_key_names_set(base: Path, tmp_path: Path) -> None:
    child = write(tmp_path / "child.toml", 'extends = "base.toml"\n')
    (line,) = problems_of(child, ["factions.east.morale=7"])
    assert line.startswith("--set: factions.east.morale: ")


def test_cross_reference_error_names_its_file(base: Path, tmp_path: Path) -> None:
    child = write(tmp_path / "child.toml", 'extends = "base.toml"\n')
    (line,) = problems_of(child, ['forces.1.place="north"'])
    assert line.startswith("--set: forces[1].place: unknown place")
    write(base, BASE.replace('place = "east_half"', 'place = "north"'))
    (line,) = problems_of(child)
    assert line.startswith(f"{display_path(base)}: forces[1].place: unknown place")


def test_provenance_is_recorded(base: Path, tmp_path: Path) -> None:
    child = write(tmp_path / "child.toml", 'extends = "base.toml"\n[run]\ndays = 30\n')
    s = load_scenario(child, ["forces.0.fighters=10"])
    prov = s._provenance
    assert prov[("run", "days")] == display_path(child)
    assert prov[("run", "start_date")] == display_path(base)
    assert prov[("forces", 0, "fighters")] == "--set"
    assert prov[("forces", 0, "place")] == display_path(base)


def test_missing_key_in_list_replaced_by_child_names_the_child(base: Path, tmp_path: Path) -> None:
    """BUG: the parent's provenance below a list the child replaced is kept, so a key missing
    from the child's list is blamed on the parent."""
    child = write(
        tmp_path / "child.toml",
        'extends = "base.toml"\nforces = [{ faction = "west", place = "west_half" }]\n',
    )
    (line,) = problems_of(child)
    assert line.startswith(f"{display_path(child)}: forces[0].fighters: Field required"), line


# --- dotted overrides ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("run.days=90", ["run", "days"], 90),
        (" run.days = 90 ", ["run", "days"], 90),
        ("run.days=-1", ["run", "days"], -1),
        ("run.days=1_000", ["run", "days"], 1000),
        ("factions.west.morale=0.25", ["factions", "west", "morale"], 0.25),
        ("x=1e3", ["x"], 1000.0),
        ("places.a.key=true", ["places", "a", "key"], True),
        ("places.a.key=false", ["places", "a", "key"], False),
        ("run.start_date=2021-03-04", ["run", "start_date"], dt.date(2021, 3, 4)),
        ('name="My run"', ["name"], "My run"),
        ("name='single quoted'", ["name"], "single quoted"),
        ("name=bare", ["name"], "bare"),
        ("name=bare-word_2", ["name"], "bare-word_2"),
        ("places.a.box=[0, 0, 1, 1]", ["places", "a", "box"], [0, 0, 1, 1]),
        ("places.a.near=[{lon=1, lat=2}]", ["places", "a", "near"], [{"lon": 1, "lat": 2}]),
        ("forces.0.fighters=10", ["forces", "0", "fighters"], 10),
        ("a-b.c_d=1", ["a-b", "c_d"], 1),
        ("x=a=b", None, None),
        ("x=hello world", None, None),
        ("x=", None, None),
        ("x", None, None),
        ("=1", None, None),
        ("a..b=1", None, None),
        (".a=1", None, None),
        ("a b=1", None, None),
        ("x=2021-02-30", None, None),
        ("x=[1,", None, None),
        ('x="unclosed', None, None),
    ],
)
def test_parse_override(text: str, key: list[str] | None, value: object) -> None:
    if key is None:
        with pytest.raises(ScenarioError) as info:
            parse_override(text)
        (line,) = info.value.problems
        assert line.startswith(f"--set {short_repr(text)}: ")
        return
    assert parse_override(text) == (key, value)


def test_parse_override_special_floats() -> None:
    assert parse_override("x=inf") == (["x"], math.inf)
    _, nan = parse_override("x=nan")
    assert math.isnan(nan)


def test_overrides_apply_typed_values(base: Path) -> None:
    s = load_scenario(
        base,
        [
            "run.days=90",
            "factions.west.morale=0.25",
            "places.east_half.key=true",
            "run.start_date=2021-03-04",
            'name="My run"',
            "description=bare",
            'factions.east.color="#aabbcc"',
        ],
    )
    assert s.run.days == 90
    assert s.factions["west"].morale == 0.25
    assert s.places["east_half"].key is True
    assert s.key_places == ["east_half"]
    assert s.run.start_date == dt.date(2021, 3, 4)
    assert s.name == "My run"
    assert s.description == "bare"
    assert s.factions["east"].color == "#aabbcc"


def test_overrides_index_lists(base: Path) -> None:
    s = load_scenario(
        base, ["forces.0.fighters=10", "forces.1.spread=population", "control.1.places.0=west_half"]
    )
    assert [d.fighters for d in s.forces] == [10.0, 200.0]
    assert s.forces[1].spread == "population"
    assert s.control[1].places == ["west_half"]


def test_overrides_create_missing_tables(base: Path) -> None:
    s = load_scenario(base, ["places.north.box=[0, 2, 10, 10]", "combat.noise=0.5"])
    assert s.places["north"].box == (0.0, 2.0, 10.0, 10.0)
    assert s.combat.noise == 0.5


def test_later_overrides_win(base: Path) -> None:
    assert load_scenario(base, ["run.days=5", "run.days=6"]).run.days == 6


def test_overrides_do_not_change_the_raw_table(base: Path) -> None:
    raw, prov = load_with_extends(base)
    before = copy.deepcopy(raw)
    out = apply_overrides(raw, ["forces.0.fighters=1", "run.days=2", "places.x.all=true"], prov)
    assert raw == before
    assert out["forces"][0]["fighters"] == 1
    assert out["run"]["days"] == 2


@pytest.mark.parametrize(
    ("override", "expect"),
    [
        ("forces.2.fighters=1", "forces is a list of 2; use an index from 0 to 1"),
        ("forces.-1.fighters=1", "forces is a list of 2; use an index from 0 to 1"),
        ("forces.x.fighters=1", "forces is a list of 2; use an index from 0 to 1"),
        ("control.0.places.5=x", "control.0.places is a list of 1; use an index from 0 to 0"),
        ("control.0.places.0.x=1", "control.0.places.0 is a value, not a table"),
    ],
)
def test_override_path_errors(base: Path, override: str, expect: str) -> None:
    (line,) = problems_of(base, [override])
    assert line == f"--set {short_repr(override)}: {expect}"


# --- suggestions and rendering ---------------------------------------------------------------


def test_suggestion() -> None:
    assert suggestion("dayz", ["days", "seed", "replicates"]) == "; did you mean 'days'?"
    assert suggestion("zzzz", ["days", "seed"]) == ""
    assert suggestion("x", []) == ""


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        (
            'name = "Loader base"',
            'nmae = "x"\nname = "x"',
            "nmae: unknown key; did you mean 'name'?",
        ),
        ("days = 10", "dayz = 10", "run.dayz: unknown key; did you mean 'days'?"),
        ("width = 6", "widht = 6", "map.widht: unknown key; did you mean 'width'?"),
        ("morale = 0.6", "moral = 0.6", "factions.east.moral: unknown key; did you mean 'morale'?"),
        (
            "fighters = 200",
            "fighters = 200\nsprede = 1",
            "forces[1].sprede: unknown key; did you mean 'spread'?",
        ),
        (
            "box = [0, 0, 2.9, 10]",
            "bx = [0, 0, 2.9, 10]",
            "places.west_half.bx: unknown key; did you mean 'box'?",
        ),
        (
            "days = 10",
            "days = 10\nzzzzzz = 1",
            "run.zzzzzz: unknown key; allowed: start_date, days",
        ),
        (
            'place = "east_half"',
            'place = "east_hlaf"',
            "forces[1].place: unknown place; did you mean 'east_half'? known: east_half, west_half",
        ),
        (
            'faction = "west"\nplaces',
            'faction = "wset"\nplaces',
            "control[0].faction: unknown faction; did you mean 'west'? known: east, west",
        ),
        (
            'faction = "west"\nplaces',
            'faction = "gna"\nplaces',
            "control[0].faction: unknown faction; known: east, west (got 'gna')",
        ),
    ],
)
def test_did_you_mean(base: Path, old: str, new: str, expect: str) -> None:
    assert BASE.count(old) == 1
    write(base, BASE.replace(old, new))
    lines = problems_of(base)
    assert any(line.startswith(f"{display_path(base)}: {expect}") for line in lines), lines


def test_did_you_mean_through_set(base: Path) -> None:
    (line,) = problems_of(base, ["combat.noize=0.1"])
    assert line == "--set: combat.noize: unknown key; did you mean 'noise'?"


def test_every_problem_is_reported_at_once(base: Path) -> None:
    write(base, BASE.replace("days = 10", "days = 0").replace("morale = 0.6", "morale = 3"))
    lines = problems_of(base, ["map.width=0"])
    assert len(lines) == 3
    assert {line.split(": ")[1] for line in lines} == {
        "run.days",
        "factions.east.morale",
        "map.width",
    }


def test_format_loc() -> None:
    assert format_loc(("forces", 2, "place")) == "forces[2].place"
    assert format_loc(("places", "a", "cells", 0, 1)) == "places.a.cells[0][1]"
    assert format_loc(("factions", "GNA", "[key]")) == "factions.GNA"
    assert format_loc(()) == "(top level)"


def test_short_repr() -> None:
    assert short_repr("a\nb") == "'a\\nb'"
    assert short_repr("x" * 100).endswith("...")
    assert len(short_repr("x" * 100)) == 60
    assert short_repr("\x1b[31m") == "'\\x1b[31m'"


def test_scenario_from_dict_runs_the_same_checks() -> None:
    import tomllib

    raw = tomllib.loads(BASE)
    assert scenario_from_dict(raw).name == "Loader base"
    raw["forces"][0]["place"] = "north"
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(raw, "mine")
    (line,) = info.value.problems
    assert line.startswith("mine: forces[0].place: unknown place")


def test_invalid_toml_names_file_and_line(base: Path) -> None:
    write(base, BASE.replace("days = 10", "days = 10\ndays = 11"))
    (line,) = problems_of(base)
    assert line.startswith(f"{display_path(base)}: invalid TOML: ")
    assert "line 6" in line


def test_near_rejects_nan(base: Path) -> None:
    """BUG: ``near`` accepts nan (and inf) coordinates and then silently takes region 0."""
    write(base, BASE.replace("box = [0, 0, 2.9, 10]", "near = [{ lon = nan, lat = 1 }]"))
    lines = problems_of(base)
    assert any("places.west_half.near[0].lon" in line for line in lines), lines


@pytest.mark.parametrize(
    ("kind", "lon", "lat", "bad"),
    [
        ("libya", 180.0, -90.0, None),
        ("libya", -180.5, 30.0, "lon"),
        ("libya", 13.0, 90.5, "lat"),
        ("grid", -1.0, 3.464, None),  # the 6 x 4 grid: x from -1 to 6, y from -1 to 4 x sqrt(3)/2
        ("grid", 6.5, 1.0, "lon"),
        ("grid", 1.0, -1.5, "lat"),
        ("grid", 13.0, 32.9, "lon"),  # degrees on a synthetic grid
    ],
)
def test_near_points_must_lie_on_the_map(
    kind: str, lon: float, lat: float, bad: str | None
) -> None:
    raw = {"name": "near", "map": {"kind": kind, "width": 6, "height": 4},
           "factions": {"west": {}, "east": {}},
           "places": {"p": {"near": [{"lon": lon, "lat": lat}]}}}
    if bad is None:
        scenario_from_dict(raw)
        return
    with pytest.raises(ScenarioError) as exc:
        scenario_from_dict(raw)
    lines = exc.value.problems
    assert any(f"places.p.near[0].{bad}: must be from" in line for line in lines), lines
