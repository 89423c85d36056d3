"""The start map (``libya-sim map``) renders in headless Chromium, offline, without errors.

Chromium is Debian's /usr/bin/chromium driven by the ``playwright`` pip package; these tests
fail (never skip) when either is missing, since the offline-HTML promise is untested otherwise.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.core.build import build
from simulator.plots.startmap import DISCLAIMER, start_map_html
from simulator.scenario import load_scenario, scenario_from_dict
from tests.conftest import DUEL, ROOT

pytestmark = pytest.mark.browser

from simulator.plots.browser import ARGS, CHROMIUM  # noqa: E402

CLI = str(Path(sys.executable).with_name("libya-sim"))
EVIL = "<script>alert(1)</script>"

LIBYA = {
    "name": "Libya map test",
    "run": {"start_date": "2019-04-04", "days": 30},
    "map": {"kind": "libya", "resolution_deg": 0.25},
    "factions": {"gna": {"label": "GNA"}, "lna": {"label": "LNA"}},
    "places": {
        "west": {"provinces": ["Tripolitania"]},
        "east": {"provinces": ["Cyrenaica", "Fezzan"]},
        "tripoli": {"cities": ["Tripoli"], "key": True, "label": "Tripoli"},
        "benghazi": {"cities": ["Benghazi"], "key": True},
        "sirte_jufra": {"districts": ["Sirte", "Jufra"], "label": "Sirte-Jufra line"},
        "south_of_tripoli": {"near": [{"lon": 13.2, "lat": 32.5, "radius_km": 50}]},
    },
    "control": [{"faction": "gna", "places": ["west"]}, {"faction": "lna", "places": ["east"]}],
    "forces": [
        {"faction": "gna", "place": "tripoli", "fighters": 6000},
        {"faction": "gna", "place": "south_of_tripoli", "fighters": 4000},
        {"faction": "lna", "place": "south_of_tripoli", "fighters": 5000},
        {"faction": "lna", "place": "benghazi", "fighters": 3000},
    ],
}


@pytest.fixture(scope="module")
def browser():
    """Yield a headless Chromium; fail with a clear message when it cannot be started."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright pip package is missing: pip install -e '.[dev]'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Opened:
    """A page showing one HTML file, with what went wrong while it loaded."""

    def __init__(self, browser, html: Path) -> None:
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else 0)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.goto(html.resolve().as_uri())
        self.page.wait_for_selector(".main-svg", timeout=30_000)
        self.page.wait_for_timeout(300)

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def n_traces(self) -> int:
        return self.page.evaluate("document.querySelectorAll('.scatterlayer .trace').length")

    def hover_text(self, curve: int, point: int) -> str:
        self.page.evaluate(
            "([c, p]) => Plotly.Fx.hover(document.querySelector('.js-plotly-plot'),"
            " [{curveNumber: c, pointNumber: p}])",
            [curve, point],
        )
        self.page.wait_for_selector(".hoverlayer .hovertext", timeout=5_000)
        return self.page.text_content(".hoverlayer")

    def check_clean(self) -> None:
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.blocked == [], f"the page tried to use the network: {self.blocked}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.n_traces() > 0, "the figure has no data traces"


def _write(tmp_path: Path, scenario, name: str) -> Path:
    path = tmp_path / f"{name}.html"
    path.write_text(start_map_html(build(scenario)), encoding="utf-8")
    return path


def _screenshot(opened: Opened, path: Path) -> None:
    opened.page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_synthetic_map_renders_offline(browser, tmp_path):
    s = load_scenario(ROOT / "scenarios/synthetic_duel.toml", [])
    opened = Opened(browser, _write(tmp_path, s, "synthetic"))
    opened.check_clean()
    text = opened.page.inner_text("body")
    assert DISCLAIMER in text
    assert "Synthetic duel" in text and "1 January 2020" in text
    for item in ("West", "East", "Key places", "Edge of the map"):
        assert item in opened.page.text_content(".legend")
    hover = opened.hover_text(0, 100)  # trace 0 carries the cells' hover texts
    assert "Region 100" in hover and "Held by" in hover and "Population" in hover
    _screenshot(opened, tmp_path / "synthetic.png")


def test_libya_map_renders_offline(browser, tmp_path):
    s = scenario_from_dict(copy.deepcopy(LIBYA), source="<test>")
    opened = Opened(browser, _write(tmp_path, s, "libya"))
    opened.check_clean()
    legend = opened.page.text_content(".legend")
    for item in ("GNA", "LNA", "Oil fields", "Oil terminals", "Air bases", "Ports",
                 "Border crossings", "Red line: Sirte-Jufra line", "Province borders"):
        assert item in legend, item
    text = opened.page.inner_text("body")
    assert "Tripoli" in text and "Benghazi" in text and DISCLAIMER in text
    hover = opened.hover_text(0, 0)
    assert "district" in hover and "° E" in hover and "Held by" in hover
    _screenshot(opened, tmp_path / "libya.png")


@pytest.mark.parametrize(
    "path", sorted((ROOT / "scenarios").glob("*.toml")), ids=lambda p: p.stem
)
def test_every_scenario_file_renders(browser, tmp_path, path):
    s = load_scenario(path, [])
    opened = Opened(browser, _write(tmp_path, s, path.stem))
    opened.check_clean()
    assert opened.page.text_content(".gtitle").startswith(s.name)


def test_script_in_scenario_strings_is_shown_as_text(browser, tmp_path):
    raw = copy.deepcopy(DUEL)
    raw["name"] = EVIL
    raw["factions"]["a"]["label"] = "<img src=x onerror=alert(2)>"
    raw["places"]["a_capital"]["label"] = "<b onmouseover=alert(3)>cap</b>"
    s = scenario_from_dict(raw, source="<test>")
    path = _write(tmp_path, s, "evil")
    assert EVIL not in path.read_text(encoding="utf-8")
    opened = Opened(browser, path)
    opened.check_clean()
    assert EVIL in opened.page.text_content(".gtitle")
    assert "<img src=x onerror=alert(2)>" in opened.page.text_content(".legend")
    assert opened.page.title() == f"{EVIL}: start map"
    built = build(s)
    capital = list(built.map.land_index).index(built.places["a_capital"][0])
    hover = opened.hover_text(0, capital)
    assert "Places:" in hover and "<b onmouseover=alert(3)>cap</b>" in hover
    assert opened.page.evaluate("document.querySelectorAll('img').length") == 0
    assert opened.dialogs == []


def test_cli_writes_the_map_and_reports_a_bad_output(tmp_path):
    scenario = str(ROOT / "scenarios/synthetic_duel.toml")
    out = tmp_path / "duel.html"
    ok = subprocess.run([CLI, "map", scenario, "-o", str(out)], capture_output=True, text=True,
                        timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip().splitlines()[-1] == str(out)
    html = out.read_text(encoding="utf-8")
    assert "Synthetic duel" in html and "cdn.plot.ly" not in html.split("<body>")[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["duel.html"]

    bad = tmp_path / "missing-folder" / "x.html"
    fail = subprocess.run([CLI, "map", scenario, "-o", str(bad)], capture_output=True, text=True,
                          timeout=300)
    assert fail.returncode == 5
    assert len(fail.stderr.strip().splitlines()) == 1 and "missing-folder" in fail.stderr
    assert not bad.parent.exists()

    folder = subprocess.run([CLI, "map", scenario, "-o", str(tmp_path)], capture_output=True,
                            text=True, timeout=300)
    assert folder.returncode == 5 and "is a folder" in folder.stderr
