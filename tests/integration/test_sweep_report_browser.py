"""The sweep report renders in headless Chromium, offline, with data in every figure.

Chromium is Debian's /usr/bin/chromium driven by the ``playwright`` pip package; these tests
fail (never skip) when either is missing. The sweep's name, description, a factor's values and
a condition are HTML: they must render as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.report.page import DISCLAIMER
from simulator.report.sweep_build import UNCALIBRATED, write_sweep_report
from tests.integration.sweep_helpers import DUEL, sweep, write_tiny
from tests.integration.test_report_browser import EVIL, Opened, browser  # noqa: F401

pytestmark = pytest.mark.browser

EVIL_VALUE = "<img src=x onerror=alert(2)>"
EVIL_TEXT = "<b onmouseover=alert(3)>cap</b>"

EXPERIMENT = f"""
name = "{EVIL}"
description = "{EVIL}"
scenario = "{DUEL}"
days = 30
replicates = 2
seed = 9

[design]
kind = "sobol"
samples = 8

[factors.west_lethality]
key = "factions.west.lethality"
range = [0.006, 0.018]

[factors.east_morale]
key = "factions.east.morale"

[factors.west_label]
key = "factions.west.label"
values = ["{EVIL_VALUE}", "West"]

[interest]
west_gains = "territory_west_final > 0.65"
odd = "territory_west_final > 0.4 or holder_east_capital == '{EVIL_TEXT}'"
"""

FIGURE_DATA = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => ({
  id: g.id,
  svg: !!g.querySelector('.main-svg'),
  traces: g._fullData.filter(t => t.visible === true).length,
  values: g._fullData.filter(t => t.visible === true).reduce((n, t) => n +
      ['x', 'y', 'z'].reduce((m, k) => m + (t[k] ? Array.from(t[k]).flat()
          .filter(v => v !== null && v !== '' && !Number.isNaN(v)).length : 0), 0) +
      (t.dimensions ? t.dimensions.reduce((m, d) => m + d.values.length, 0) : 0), 0),
  drawn: g.querySelectorAll('.point, .bars path, .heatmaplayer image, canvas, '
      + '.scatterlayer path.js-line').length,
}))"""


@pytest.fixture(scope="module")
def sweep_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the report of a tiny Sobol sweep of the duel whose texts are HTML."""
    base = tmp_path_factory.mktemp("sweep_report")
    exp = write_tiny(base, EXPERIMENT)
    r = sweep(str(exp), "-o", str(base / "s"), "--workers", "2")
    assert r.returncode == 0, r.stderr
    return write_sweep_report(base / "s")


def test_sweep_report_renders_offline_with_data(browser, sweep_report: Path) -> None:  # noqa: F811
    raw = sweep_report.read_text(encoding="utf-8")
    for evil in (EVIL, EVIL_VALUE, EVIL_TEXT):
        assert evil not in raw
    opened = Opened(browser, sweep_report)
    assert opened.errors == [] and opened.blocked == [] and opened.dialogs == []
    figures = opened.page.evaluate(FIGURE_DATA)
    ids = {f["id"] for f in figures}
    assert {"fig-sensitivity", "fig-overview", "fig-heatmap", "fig-parcoords",
            "fig-probability", "fig-prim-0", "fig-tradeoff-0"} <= ids, ids
    for f in figures:
        assert f["svg"] and f["traces"] > 0 and f["values"] > 0 and f["drawn"] > 0, f
    text = opened.page.inner_text("body")
    assert DISCLAIMER in text and "Not yet calibrated." in text and UNCALIBRATED[:40] in text
    assert opened.page.text_content("h1") == EVIL
    assert opened.page.title() == f"{EVIL}: sweep report"
    assert EVIL_VALUE in opened.page.text_content("#factors")
    assert EVIL_TEXT in opened.page.text_content("#factors")  # the condition, as text
    assert opened.page.evaluate("document.querySelectorAll('img').length") == 0
    assert opened.page.evaluate("document.querySelectorAll('main b[onmouseover]').length") == 0


def test_sweep_report_menus_switch_outcomes(browser, sweep_report: Path) -> None:  # noqa: F811
    opened = Opened(browser, sweep_report)
    before = opened.page.text_content("#fig-heatmap .gtitle")
    opened.page.locator("#fig-heatmap .updatemenu-header-group").click()
    opened.page.wait_for_timeout(300)
    opened.page.locator("#fig-heatmap .updatemenu-dropdown-button").nth(1).click()  # odd
    opened.page.wait_for_timeout(500)
    after = opened.page.text_content("#fig-heatmap .gtitle")
    assert before != after and "odd" in after, (before, after)
    assert opened.errors == []
