"""Waiting on headless Chromium, and what it asked the server for."""

from __future__ import annotations

import json

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def wait_for(browser: webdriver.Chrome, condition, timeout: float = 30):
    """Wait until ``condition(browser)`` is truthy; a redraw in between is not a failure. When it
    never is, the failure shows what the page said instead and what the browser logged."""
    try:
        return WebDriverWait(browser, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)
    except TimeoutException as timeout_error:
        raise TimeoutException(f"not within {timeout} s; the page showed:\n{_seen(browser)}") from timeout_error


def _seen(browser: webdriver.Chrome) -> str:
    try:
        shown = browser.find_element(By.TAG_NAME, "body").text[-3000:]
        logged = [entry["message"][:300] for entry in browser.get_log("browser")][-10:]
    except WebDriverException as error:
        return f"(the page could not be read: {error.msg})"
    return f"{browser.current_url}\n{shown}\n-- browser log --\n" + "\n".join(logged)


def requested_urls(driver: webdriver.Chrome) -> list[str]:
    """Every URL the page asked for since the last call (from Chromium's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def text_of(browser: webdriver.Chrome, element_id: str) -> str:
    """The text of the element with this id, or "" while there is none."""
    found = browser.find_elements(By.ID, element_id)
    return found[0].text if found else ""


def upload(browser: webdriver.Chrome, path) -> None:
    """Drop the file at ``path`` on the upload page."""
    browser.find_element(By.CSS_SELECTOR, "#upload-file input[type=file]").send_keys(str(path))
