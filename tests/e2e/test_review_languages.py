"""The coordinator pages in Arabic and German, on a phone (360×740) and a laptop (1280×800):
the page mirrors for Arabic, nothing runs past the screen, buttons and labels show all their
text, and the page never scrolls sideways. Wide tables may scroll inside their own box
(.table-scroll / .table-wrap, .subnav): that box must fit, what is inside it may scroll.
Screenshots: review-<lang>-<width>-<page>.png."""
import pytest

from tests.conftest import PASSWORD
from tests.review_fixtures import w  # noqa: F401

from .conftest import SCREENSHOTS, TIMEOUT_MS
from .test_coordinator import scene  # noqa: F401

pytestmark = pytest.mark.e2e

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => { const s = getComputedStyle(el).overflowX; return s === 'auto' || s === 'scroll'; };
  const insideScroller = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    if (scrolls(p)) return true; } return false; };
  const bad = [];
  const selector = 'button, a, label, h1, h2, h3, legend, summary, input, select, textarea, .table-scroll, .table-wrap, .subnav';
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden' || el.closest('.visually-hidden')) continue;
    if (!el.matches('input, select, textarea, .table-scroll, .table-wrap, .subnav') && !el.textContent.trim()) continue;
    const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} "${(el.textContent || el.value || '').trim().slice(0, 40)}"`;
    if (!insideScroller(el) && (box.left < -1 || box.right > width + 1)) bad.push(`${name}: x ${Math.round(box.left)}..${Math.round(box.right)}`);
    if (el.matches('button, label, .button') && el.scrollWidth > el.clientWidth + 1) {
      bad.push(`${name}: text clipped (${el.scrollWidth} > ${el.clientWidth})`);
    }
  }
  return { bad, scrollWidth: document.documentElement.scrollWidth, width, dir: document.documentElement.dir,
           lang: document.documentElement.lang };
}"""


def pages(w, scene):
    p = w.a.programme.id
    contested = scene["contested"]
    return [
        ("home", "/review"), ("feed", f"/review/{p}/feed"),
        ("record", f"/review/{p}/records/attendance/{contested.id}"), ("conflicts", f"/review/{p}/conflicts"),
        ("cohorts", f"/review/{p}/cohorts"), ("cohort", f"/review/{p}/cohorts/{w.a.cohort.id}"),
        ("participants", f"/review/{p}/participants"),
        ("participant", f"/review/{p}/participants/{w.a.participants[1].id}"),
        ("indicators", f"/review/{p}/indicators"), ("exports", f"/review/{p}/exports"), ("devices", "/review/devices"),
    ]


@pytest.mark.parametrize("lang", ["ar", "de"])
def test_coordinator_pages_fit(browser, live_server, w, scene, lang):  # noqa: F811
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{live_server}/login?lang={lang}")
    page.fill("#username", "coord_a")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/review")
    failures = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in [(360, 740), (1280, 800)]:
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages(w, scene):
            response = page.goto(f"{live_server}{path}?lang={lang}")
            assert response.status == 200, f"{path}: {response.status}"
            result = page.evaluate(OVERFLOW)
            page.screenshot(path=str(SCREENSHOTS / f"review-{lang}-{width}-{name}.png"), full_page=True)
            assert result["lang"] == lang and result["dir"] == ("rtl" if lang == "ar" else "ltr"), path
            if result["bad"]:
                failures.append(f"{width} {name}: {result['bad'][:4]}")
            if result["scrollWidth"] > width:
                failures.append(f"{width} {name}: the page scrolls sideways ({result['scrollWidth']}px)")
    context.close()
    assert failures == []
