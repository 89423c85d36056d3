"""``report.html`` renders in headless Chromium, offline, with data in every figure.

Chromium is Debian's /usr/bin/chromium driven by the ``playwright`` pip package; these tests
fail (never skip) when either is missing, since the offline-report promise is untested otherwise.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

import simulator
from simulator.output import write_results
from simulator.plots.browser import ARGS, CHROMIUM
from simulator.report import write_report
from simulator.report.page import DISCLAIMER
from simulator.scenario import load_scenario, scenario_from_dict
from tests.conftest import DUEL, ROOT

pytestmark = pytest.mark.browser

EVIL = "<script>alert(1)</script>"
EVIL_FACTION = "<img src=x onerror=alert(2)>"
EVIL_PLACE = "<b onmouseover=alert(3)>cap</b>"

FIGURE_DATA = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => ({
  id: g.id,
  svg: !!g.querySelector('.main-svg'),
  points: (g.calcdata || []).reduce((n, cd) => n + cd.filter(p =>
      Number.isFinite(p.y) || Number.isFinite(p.s) || Number.isFinite(p.x)).length, 0),
}))"""


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


def _folder(tmp: Path, scenario, replicates: int, days: int) -> Path:
    results = simulator.run(scenario, seed=1, replicates=replicates, days=days)
    out = write_results(results, tmp / "run")
    write_report(out)
    return out / "report.html"


@pytest.fixture(scope="module")
def libya_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the report of one 120-day run of the baseline (the Libya map)."""
    s = load_scenario(ROOT / "scenarios/baseline.toml", [])
    return _folder(tmp_path_factory.mktemp("libya"), s, 1, 120)


@pytest.fixture(scope="module")
def evil_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the report of an ensemble of a duel whose names are HTML."""
    raw = copy.deepcopy(DUEL)
    raw["name"] = EVIL
    raw["description"] = EVIL
    raw["factions"]["a"]["label"] = EVIL_FACTION
    raw["places"]["a_capital"]["label"] = EVIL_PLACE
    raw["run"]["days"] = 60
    s = scenario_from_dict(raw, source="<test>")
    return _folder(tmp_path_factory.mktemp("evil"), s, 6, 60)


class Opened:
    """A page showing one report, with what went wrong while it loaded."""

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
        self.page.wait_for_selector(".main-svg", timeout=60_000)
        self.page.wait_for_timeout(500)

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check_clean(self) -> list[dict]:
        """Assert a clean load and data in every figure; return the figures seen."""
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.blocked == [], f"the page tried to use the network: {self.blocked}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        figures = self.page.evaluate(FIGURE_DATA)
        assert len(figures) >= 8, figures
        for f in figures:
            assert f["svg"] and f["points"] > 0, f"figure without data: {f}"
        return figures

    def slide_to_end(self) -> None:
        """Click the right end of the map's slider and check the last frame is shown."""
        self.page.locator("#fig-map .slider-rail-rect").scroll_into_view_if_needed()
        rail = self.page.locator("#fig-map .slider-rail-rect").bounding_box()
        assert rail is not None, "the map has no slider"
        self.page.mouse.click(rail["x"] + rail["width"] - 1, rail["y"] + rail["height"] / 2)
        self.page.wait_for_timeout(800)
        state = self.page.evaluate("""() => {
          const g = document.getElementById('fig-map');
          const dec = s => s.bdata ? Array.from(new Int8Array(Uint8Array.from(
              atob(s.bdata), c => c.charCodeAt(0)).buffer)) : Array.from(s);
          const frames = g._transitionData._frames;
          const last = frames[frames.length - 1];
          const shown = Array.from(g._fullData[0].marker.color);
          const want = dec(last.data[0].marker.color);  // frames keep base64 arrays
          const first = dec(frames[0].data[0].marker.color);
          return {active: g._fullLayout.sliders[0].active, n: frames.length,
                  same: shown.length === want.length && shown.every((v, i) => v === want[i]),
                  moved: want.some((v, i) => v !== first[i]),
                  label: g.querySelector('.slider-container').textContent};
        }""")
        assert state["n"] > 1
        assert state["active"] == state["n"] - 1, state
        assert state["same"], "the map does not show the last frame's colours"
        return state


def test_libya_report_renders_offline_and_slides(browser, libya_report: Path) -> None:
    opened = Opened(browser, libya_report)
    figures = opened.check_clean()
    ids = {f["id"] for f in figures}
    assert {"fig-map", "fig-escalation", "fig-territory", "fig-forces",
            "fig-civilian_cause", "fig-displaced"} <= ids
    text = opened.page.inner_text("body")
    assert DISCLAIMER in text and "Baseline, June 2020" in text
    legend = opened.page.text_content("#fig-map .legend")
    for item in ("Front line", "Red line: Sirte-Jufra line", "Key places", "GNA"):
        assert item in legend, item
    assert "Tripoli" in opened.page.text_content("#fig-map")
    state = opened.slide_to_end()
    assert "Date: " in state["label"]
    assert opened.errors == []
    opened.page.screenshot(path=str(libya_report.with_suffix(".png")), full_page=True)


def test_ensemble_report_has_fans_and_hostile_names_render_as_text(browser,
                                                                   evil_report: Path) -> None:
    raw = evil_report.read_text(encoding="utf-8")
    assert EVIL not in raw and EVIL_FACTION not in raw and EVIL_PLACE not in raw
    opened = Opened(browser, evil_report)
    figures = opened.check_clean()
    ids = {f["id"] for f in figures}
    assert {"fig-map", "fig-ceasefire_p", "fig-holders", "fig-histograms"} <= ids
    assert opened.page.title() == f"{EVIL}: report"
    assert opened.page.text_content("h1") == EVIL
    assert f"A = {EVIL_FACTION}" in opened.page.text_content("header")  # long: A in legends
    assert "A" in opened.page.text_content("#fig-territory .legend")
    assert EVIL_PLACE in opened.page.text_content("#fig-holders")
    assert opened.page.evaluate("document.querySelectorAll('img').length") == 0
    assert opened.dialogs == [] and opened.errors == []


def test_synthetic_map_slider_has_no_page_error(browser, evil_report: Path) -> None:
    opened = Opened(browser, evil_report)
    opened.slide_to_end()
    assert opened.errors == []
