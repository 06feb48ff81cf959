"""Charts fit for a slide, in a real headless Chromium: each year's label under its own bar, on a
laptop and on a phone; no toolbar over a title."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.support.browser import wait_for

pytestmark = pytest.mark.browser

# The first bar trace's years and bars, and every x tick label: where each one's middle is drawn.
GEOMETRY = """
const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');
if (!gd || !gd._fullData || !gd.querySelector('.barlayer .point')) return null;
const years = gd._fullData[0].x.map(x => String(x).slice(0, 4));
const bars = [...gd.querySelector('.barlayer .trace').querySelectorAll('.point')].map((p, i) => {
  const r = p.getBoundingClientRect();
  return {year: years[i], middle: r.left + r.width / 2, width: r.width};
});
const ticks = [...gd.querySelectorAll('.xtick text')].map(t => {
  const r = t.getBoundingClientRect();
  return {text: t.textContent, left: r.left, right: r.right, middle: r.left + r.width / 2,
          rotated: (t.getAttribute('transform') || '').includes('rotate')};
});
return {years, bars: bars.filter(b => b.width > 0), ticks};
"""

PAGES = [("/trends", "#trend-chart"), ("/trends?metric=events&lang=zh", "#trend-chart")]


@pytest.fixture(scope="module")
def server(serve):
    return serve()


@pytest.fixture(params=[(1400, 1000), (390, 844)], ids=["laptop", "phone"])
def window(browser, request):
    browser.set_window_size(*request.param)
    yield request.param
    browser.set_window_size(1400, 1000)


@pytest.mark.parametrize(("path", "chart"), PAGES)
def test_every_year_label_is_under_its_own_bar(server, browser, window, path, chart):
    browser.get(server + path)
    shape = wait_for(browser, lambda d: d.execute_script(GEOMETRY, chart))
    bars, ticks = shape["bars"], shape["ticks"]
    assert len(ticks) >= 3, f"too few year labels: {ticks}"
    for tick in ticks:
        year = tick["text"].removesuffix("年")
        assert year in shape["years"], f"a label for a year with no bar: {tick['text']}"
        under = [b for b in bars if abs(b["middle"] - tick["middle"]) <= b["width"] / 2]
        assert [b["year"] for b in under] == [year], f"{tick['text']} is not under its bar ({window[0]} px)"
    assert not any(t["rotated"] for t in ticks), "year labels are written level"
    ordered = sorted(ticks, key=lambda t: t["left"])
    assert all(a["right"] <= b["left"] for a, b in zip(ordered, ordered[1:], strict=False)), "labels overlap"
    if window[0] > 1000:  # on a laptop every year is labelled; a phone may label every other
        assert sorted(t["text"].removesuffix("年") for t in ticks) == sorted({b["year"] for b in bars})


# Every chart's title and its visible toolbar buttons, as drawn boxes.
TITLES_AND_TOOLS = """
return [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const title = gd.querySelector('.gtitle');
  const tools = [...gd.querySelectorAll('.modebar-btn')].filter(b => b.getBoundingClientRect().width > 0);
  return {id: gd.parentElement.id, title: title && title.textContent ? box(title) : null, tools: tools.map(box)};
});
"""


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("path", ["/", "/trends", "/regions", "/partners", "/events", "/public"])
def test_no_toolbar_covers_a_charts_title(server, browser, path):
    browser.get(server + path)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .gtitle"))
    for plot in browser.find_elements(By.CSS_SELECTOR, ".js-plotly-plot"):
        browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", plot)
        ActionChains(browser).move_to_element(plot).perform()  # the toolbar shows while the pointer is over it
        for chart in browser.execute_script(TITLES_AND_TOOLS):
            assert not any(chart["title"] and _overlaps(chart["title"], tool) for tool in chart["tools"]), chart["id"]
            if path == "/public":
                assert chart["tools"] == [], "an embedded page shows no toolbar"
