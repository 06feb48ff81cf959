"""The overview in the browser: filters, language, URL round trip, records behind a figure."""

from __future__ import annotations

import time

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.support.browser import wait_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(serve):
    return serve()


def _settled(element, seconds: float = 5) -> None:
    """Wait until ``element`` stays where it is for a moment (or ``seconds`` pass)."""
    place, deadline = None, time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = element.rect
        if now == place:
            return
        place = now
        time.sleep(0.25)


def _kpi(browser, key: str) -> str:
    return browser.find_element(By.ID, f"kpi-{key}").text


def _open(browser, url: str) -> None:
    browser.get(url)
    wait_for(browser, lambda d: d.find_elements(By.ID, "kpi-adoption_countries"))


def test_a_region_filter_redraws_with_that_regions_numbers(server, browser):
    _open(browser, server + "/")
    assert _kpi(browser, "adoption_countries") == "15"
    _open(browser, server + "/?region=002")  # Africa: Kenya, Ethiopia, Egypt, South Africa
    wait_for(browser, lambda d: _kpi(d, "adoption_countries") == "4")
    assert _kpi(browser, "centre_countries") == "2"


def test_the_filter_bar_writes_the_url_and_the_back_button_restores(server, browser):
    _open(browser, server + "/?to=2019")
    wait_for(browser, lambda d: _kpi(d, "adoption_countries") == "6")
    reset = browser.find_element(By.ID, "filter-reset")
    reset.click()
    wait_for(browser, lambda d: _kpi(d, "adoption_countries") == "15")
    assert "to=2019" not in browser.current_url
    browser.back()
    wait_for(browser, lambda d: _kpi(d, "adoption_countries") == "6")
    assert "to=2019" in browser.current_url


def test_the_language_switch_changes_the_texts(server, browser):
    _open(browser, server + "/")
    assert "Where we stand" in browser.page_source
    browser.find_element(By.CSS_SELECTOR, "#lang-switch input[value=zh]").click()
    wait_for(browser, lambda d: "总体情况" in d.find_element(By.TAG_NAME, "h1").text)
    assert "lang=zh" in browser.current_url
    assert "境外采用的标准" in browser.find_element(By.ID, "kpis").text
    assert "年没有新的国家和地区" in browser.find_element(By.ID, "summary").text


def test_clicking_a_figure_lists_what_it_counts_and_the_records_behind_them(server, browser):
    _open(browser, server + "/")
    browser.find_element(By.CSS_SELECTOR, "#kpis button").click()  # standards adopted abroad: 23
    wait_for(browser, lambda d: d.find_elements(By.ID, "trace-table") and d.find_element(By.ID, "trace-title").text)
    title = browser.find_element(By.ID, "trace-title").text
    assert title == "The 23 standards counted in “Standards adopted abroad”"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#trace-items tbody tr")) == 23
    assert "The 71 records behind them" in browser.find_element(By.ID, "trace-body").text
    table = browser.find_element(By.ID, "trace-table").text
    assert "sample_cooperation.xlsx" in table and "Batch" in table and "Row" in table
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_the_public_view_shows_headline_figures_and_the_map_without_navigation(server, browser):
    browser.get(server + "/public?lang=zh")
    wait_for(browser, lambda d: d.find_elements(By.ID, "public-kpis"))
    kpis = browser.find_element(By.ID, "public-kpis").text
    assert all(value in kpis for value in ("23", "15", "9", "7")) and "境外采用的标准" in kpis
    wait_for(
        browser,
        lambda d: (
            len(d.find_elements(By.CSS_SELECTOR, "#public-map .choroplethlocation, #public-map .scattergeo .point"))
            >= 15
        ),
    )
    wait_for(browser, lambda d: not d.find_element(By.ID, "nav-wrapper").is_displayed())
    assert not browser.find_element(By.ID, "filter-bar").is_displayed()


def test_figures_on_a_day_are_what_had_happened_by_then_and_the_date_is_labelled_so(server, browser):
    _open(browser, server + "/?on=2023-05-05")  # the day of the news item: 23 standards, 15 countries, 9 centres in 7
    wait_for(browser, lambda d: _kpi(d, "standards_adopted") == "23" and _kpi(d, "centres") == "9")
    assert (_kpi(browser, "adoption_countries"), _kpi(browser, "centre_countries")) == ("15", "7")
    assert browser.find_element(By.ID, "filter-on").get_attribute("value") == "2023-05-05"
    assert browser.find_element(By.ID, "filter-on-label").text == "Figures on"
    assert browser.find_element(By.ID, "filter-as-of-label").text == "As recorded on"
    _open(browser, server + "/?on=2023-05-05&lang=zh")
    wait_for(browser, lambda d: d.find_element(By.ID, "filter-on-label").text == "统计至")
    assert browser.find_element(By.ID, "filter-as-of-label").text == "按当日记录"


def test_data_as_of_a_past_day_shows_the_figures_as_the_database_held_them(server, browser, tmp_path):
    import datetime as dt
    import subprocess

    from dashboard.ingest.workbook import write_workbook
    from tests.support.paths import COOPDASH

    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).date().isoformat()
    browser.get(server + f"/?as_of={yesterday}")  # before the sample was imported: nothing yet
    wait_for(browser, lambda d: d.find_elements(By.ID, "empty-state"))
    assert browser.find_element(By.ID, "filter-as-of").get_attribute("value") == yesterday
    update = write_workbook(
        tmp_path / "update.xlsx",
        {
            "adoption": [
                {
                    "standard_code": "SZPT-CS-003",
                    "institution": "Lusaka Institute of Technology",
                    "country": "Zambia",
                    "adopted_on": dt.date(2026, 3, 2),
                }
            ]
        },
    )
    subprocess.run([str(COOPDASH), "import", str(update)], env=server.env, check=True, capture_output=True)
    _open(browser, server + "/")
    wait_for(browser, lambda d: _kpi(d, "adoption_countries") == "16")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    subprocess.run([str(COOPDASH), "rollback", "2"], env=server.env, check=True, capture_output=True)
    _open(browser, server + "/")
    wait_for(browser, lambda d: _kpi(d, "adoption_countries") == "15")
    _open(browser, server + f"/?as_of={today}")  # today's end: after the rollback too
    wait_for(browser, lambda d: _kpi(d, "adoption_countries") == "15")


def test_clicking_a_bar_lists_the_records_behind_it(server, browser):
    _open(browser, server + "/")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#centres-by-country .bars .point"))
    for attempt in range(3):  # a click while the chart is still being laid out (a busy machine) misses: click again
        bar = browser.find_elements(By.CSS_SELECTOR, "#centres-by-country .bars .point path")[-1]
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", bar)
        _settled(bar)  # the page above still laying out would move another bar under the pointer
        # A click where the bar is drawn (plotly's drag layer above it turns it into a click on the bar).
        ActionChains(browser).move_to_element(bar).pause(0.3).click().perform()  # Kenya or Thailand: two centres
        try:
            wait_for(
                browser,
                lambda d: d.find_elements(By.ID, "trace-table") and d.find_element(By.ID, "trace-title").text,
                10,
            )
            break
        except TimeoutException:
            if attempt == 2:
                raise
    title = browser.find_element(By.ID, "trace-title").text
    assert title.startswith("The 2 records behind “Training centres — ")


def test_a_status_filter_on_the_data_page_is_kept_in_the_url(server, browser):
    browser.get(server + "/data?table=adoption&status=piloting")
    wait_for(browser, lambda d: d.find_elements(By.ID, "data-statuses"))
    active = browser.find_element(By.CSS_SELECTOR, "#data-statuses .active").text
    assert active == "Piloting"
    wait_for(browser, lambda d: d.find_element(By.ID, "data-count").text.startswith("Showing 5 of 5"))


def test_years_beyond_the_slider_in_the_url_set_it_as_far_as_it_reaches(server, browser):
    browser.get_log("browser")  # what earlier tests left
    browser.get(f"{server}/?from=2031&to=2040")
    wait_for(browser, lambda d: d.current_url.endswith("/?from=2030"))  # the slider's last year, written back
    wait_for(browser, lambda d: d.find_elements(By.ID, "kpis"))  # the page for the year written back
    assert browser.find_element(By.ID, "kpis").text
    severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []  # before: the controls' own values were refused (400) and the page broke
