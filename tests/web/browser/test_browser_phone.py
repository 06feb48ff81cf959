"""Every page on a phone (390 × 844) in a real headless Chromium: nothing wider than the screen,
the menu and the filters folded away until asked for, the headline figures on the first screen,
and every chart a readable size."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.support.browser import wait_for

pytestmark = pytest.mark.browser

PHONE = (390, 844)
PAGES = ["/", "/trends", "/regions", "/partners", "/events", "/data", "/upload", "/country/KEN", "/public"]
WITHOUT_CHARTS = ("/data", "/upload", "/country/KEN")
DRAWN = "#_pages_content > div > *"  # the page's own content, once drawn

# Every chart (not the sparklines inside the headline figures): its box, and the viewport's width.
CHARTS = """
return [...document.querySelectorAll('.js-plotly-plot')].filter(gd => !gd.closest('.kpi-spark')).map(gd => {
  const r = gd.getBoundingClientRect();
  return {id: gd.id || gd.parentElement.id, left: r.left, right: r.right, height: r.height};
});
"""
WIDTHS = "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture(scope="module")
def server(serve):
    return serve()


@pytest.fixture
def phone(browser):
    browser.set_window_size(*PHONE)
    yield browser
    browser.set_window_size(1400, 1000)  # the browser is the session's: as the next test expects it


def _shown(driver, css: str) -> bool:
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return bool(found) and found[0].is_displayed()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_fits_a_phone_with_its_menu_and_filters_folded_away(server, phone, path, lang):
    phone.get(f"{server}{path}?lang={lang}")
    wait_for(phone, lambda d: d.find_elements(By.CSS_SELECTOR, DRAWN))
    if path not in WITHOUT_CHARTS:
        wait_for(phone, lambda d: d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg"))
    wait_for(phone, lambda d: all(c["height"] >= 250 for c in d.execute_script(CHARTS)))  # maps refit after drawing
    width, visible = phone.execute_script(WIDTHS)
    assert width <= visible, f"{path} scrolls sideways on a phone: {width} px in {visible}"
    assert phone.execute_script("return document.documentElement.scrollWidth") <= phone.execute_script(
        "return window.innerWidth"
    )
    for chart in phone.execute_script(CHARTS):
        assert chart["height"] >= 250, f"{chart['id']} is a strip: {chart['height']:.0f} px high"
        assert chart["left"] >= 0 and chart["right"] <= visible, f"{chart['id']} is wider than the screen"
    if path == "/public":  # embedded: no menu and no filters at all
        assert not _shown(phone, "#nav-wrapper") and not _shown(phone, "#filter-open")
        return

    if path == "/":  # the headline figures come first
        first = phone.find_element(By.CSS_SELECTOR, "#kpis .kpi-value").rect
        screen = phone.execute_script("return window.innerHeight")
        assert first["y"] + first["height"] <= screen, "the first headline figure is below the first screen"

    link = "#nav-collapse a.nav-link"
    assert _shown(phone, "#nav-toggler") and not _shown(phone, link), "the menu is open on a phone"
    phone.find_element(By.ID, "nav-toggler").click()
    wait_for(phone, lambda d: _shown(d, link))
    phone.find_element(By.ID, "nav-toggler").click()  # and folds them away again
    wait_for(
        phone,
        lambda d: (
            not _shown(d, link)
            and d.find_element(By.ID, "nav-collapse").get_attribute("class") == "navbar-collapse collapse"
        ),
    )

    assert not _shown(phone, "#filter-years-label"), "the filters take the screen on a phone"
    phone.find_element(By.ID, "filter-open").click()
    wait_for(phone, lambda d: _shown(d, "#filter-years-label") and _shown(d, "#filter-reset"))
    phone.find_element(By.ID, "filter-close").click()
    wait_for(phone, lambda d: not _shown(d, "#filter-years-label"))


# Boxes (left, top, right, bottom) of what is drawn in a chart: its annotations' texts, its x tick
# labels, its y axis titles, its title, and its toolbar if shown.
BOXES = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot') || document.createElement('div');
const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
const shown = e => e.getBoundingClientRect().width > 0 && getComputedStyle(e).display !== 'none';
return {
  labels: [...gd.querySelectorAll('.annotation-text-g')].map(box),
  ticks: [...gd.querySelectorAll('.xtick text')].filter(shown).map(box),
  axis_titles: [...gd.querySelectorAll('.g-ytitle text, .g-y2title text')].filter(e => e.textContent).map(box),
  title: [...gd.querySelectorAll('.gtitle')].map(box),
  toolbar: [...gd.querySelectorAll('.modebar-container')].filter(shown).map(box),
};
"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_no_chart_label_lies_over_another(server, phone, lang):
    phone.get(f"{server}/?lang={lang}")
    wait_for(phone, lambda d: len(d.execute_script(BOXES, "milestones-timeline")["labels"]) == 4)
    wait_for(phone, lambda d: d.execute_script(BOXES, "adoptions-over-time")["ticks"])
    wait_for(phone, lambda d: not d.execute_script(BOXES, "adoptions-over-time")["axis_titles"])
    milestones = phone.execute_script(BOXES, "milestones-timeline")
    labels = milestones["labels"]
    for i, a in enumerate(labels):
        assert not any(_overlap(a, b) for b in labels[i + 1 :]), f"milestone labels overlap: {labels}"
        assert not any(_overlap(a, tick) for tick in milestones["ticks"]), "a milestone label lies over a year"
    for chart in ("adoption-map", "adoptions-over-time", "milestones-timeline"):
        assert not phone.execute_script(BOXES, chart)["toolbar"], f"{chart} shows its toolbar on a phone"
    # on a wide screen the two value axes are titled again (the legend alone names them on a phone)
    phone.set_window_size(1400, 1000)
    wait_for(phone, lambda d: len(d.execute_script(BOXES, "adoptions-over-time")["axis_titles"]) == 2)
    phone.set_window_size(*PHONE)

    # over time, the milestones above the plot are numbered as in the list below the chart
    phone.get(f"{server}/trends?lang={lang}")
    texts = "return [...document.querySelectorAll('#trend-chart .annotation-text-g')].map(e => e.textContent)"
    wait_for(phone, lambda d: d.execute_script(texts) == ["1", "2", "3", "4"])
    labels = phone.execute_script(BOXES, "trend-chart")["labels"]
    assert not any(_overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :])
    listed = phone.find_elements(By.CSS_SELECTOR, "#trend-milestones ol li")
    assert len(listed) == 4
