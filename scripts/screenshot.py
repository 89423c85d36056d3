"""Take a PNG screenshot of a local HTML page (its Plotly figure) in headless Chromium, offline.

Usage: .venv/bin/python scripts/screenshot.py HTML PNG [--width 1400] [--height 900]

Uses Debian's /usr/bin/chromium through the playwright package (never `playwright install`).
Prints the console errors seen and exits 1 if there were any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from simulator.plots.browser import ARGS, CHROMIUM


def screenshot(html: Path, png: Path, width: int = 1400, height: int = 900) -> list[str]:
    """Save a screenshot of ``html`` to ``png``; return the console and page errors seen."""
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route(
                "**/*",
                lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
            )
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(html.resolve().as_uri())
            page.wait_for_selector(".main-svg", timeout=30_000)
            page.wait_for_timeout(500)
            png.parent.mkdir(parents=True, exist_ok=True)
            plot = page.locator(".js-plotly-plot")
            if plot.count() == 1:  # just the figure, without the empty page below it
                plot.screenshot(path=str(png))
            else:
                page.screenshot(path=str(png), full_page=True)
        finally:
            browser.close()
    return errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=900)
    a = ap.parse_args()
    errors = screenshot(a.html, a.png, a.width, a.height)
    for e in errors:
        print(f"console error: {e}", file=sys.stderr)
    print(a.png)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
