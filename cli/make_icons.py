"""Render the app icons (PNG 192/512, plain and maskable) from the SVGs in static/icons/.

Run after changing an SVG:  .venv/bin/python -m cli.make_icons
Uses the same headless Chromium as the browser tests, so no image library is needed.
"""
import os
import pathlib

from playwright.sync_api import sync_playwright

ICONS = pathlib.Path(__file__).resolve().parent.parent / "field" / "static" / "icons"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TARGETS = [("icon.svg", "icon", 192), ("icon.svg", "icon", 512),
           ("maskable.svg", "maskable", 192), ("maskable.svg", "maskable", 512)]


def render() -> list[pathlib.Path]:
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for source, stem, size in TARGETS:
            page = browser.new_page(viewport={"width": size, "height": size})
            svg = (ICONS / source).read_text(encoding="utf-8")
            page.set_content(f"<html><body style='margin:0;background:transparent'>{svg}</body></html>")
            page.locator("svg").evaluate(f"el => {{ el.setAttribute('width', {size}); el.setAttribute('height', {size}); }}")
            out = ICONS / f"{stem}-{size}.png"
            page.screenshot(path=str(out), omit_background=True, clip={"x": 0, "y": 0, "width": size, "height": size})
            written.append(out)
            page.close()
        browser.close()
    return written


if __name__ == "__main__":
    for path in render():
        print(path.relative_to(ICONS.parent.parent))
