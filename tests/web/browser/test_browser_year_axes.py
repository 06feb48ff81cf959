"""Each year's label sits under its own bar, on a laptop and on a phone, in a real headless Chromium."""

from __future__ import annotations

import pytest

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
