"""A real browser on the published site: table, facet, permalink, dashboard, CSV download.

Datasette runs as `pressmonitor serve` runs it (a subprocess with `datasette_args`) on a free
port of 127.0.0.1; headless Chromium, driven by selenium, saves a screenshot of every page
under tests/artifacts/. Skips only where Chromium or chromedriver is not installed.
"""

from __future__ import annotations

import csv
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pressmonitor.serve import datasette_args
from tests.conftest import REPO
from tests.test_publish_sample import HOSTILE_TITLE, write_sample

ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
)

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def site(tmp_path) -> Iterator[str]:
    db = write_sample(tmp_path / "pressmonitor.db")
    port = free_port()
    log = open(tmp_path / "datasette.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", *datasette_args(db, port=port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail((tmp_path / "datasette.log").read_text())
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium'}",
        "--window-size=1280,2200",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def shot(driver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def wait_for(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError("timed out waiting in the browser")


def test_analyst_and_journalist_paths(site, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(site + "/pressmonitor/incidents")
    assert "Harbour Daily prints its last edition" in browser.page_source
    assert "incident types" in browser.page_source.lower()
    shot(browser, "01-incidents")

    facet = browser.find_element(
        By.CSS_SELECTOR, '.facet-info[data-column="type"] a[href*="type=raid"]'
    )
    facet.click()
    wait_for(lambda: "type=raid" in browser.current_url)
    table_rows = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
    assert len(table_rows) == 1
    shot(browser, "02-facet-type-raid")

    browser.get(site + "/pressmonitor/incidents/inc-raid")
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "Sources and evidence" in text and "Evidence s1." in text
    shot(browser, "03-incident-permalink")

    browser.get(site + "/-/dashboards/incidents")
    wait_for(
        lambda: browser.find_elements(
            By.CSS_SELECTOR, "#chart-per-month svg, #chart-per-month canvas"
        )
    )
    time.sleep(0.5)
    shot(browser, "04-dashboard")

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    browser.get(site + "/pressmonitor/incidents_export")
    shot(browser, "05-export-view")
    browser.get(site + "/pressmonitor/incidents_export.csv?_stream=on&_size=max&_dl=1")

    def finished_csv() -> dict[str, dict[str, str]]:
        """The downloaded CSV's rows once Chromium has written all of it (it may appear empty first)."""
        for path in downloads.glob("*.csv"):
            with open(path, newline="", encoding="utf-8") as handle:
                rows = {r["incident_id"]: r for r in csv.DictReader(handle)}
            if len(rows) >= 5:
                return rows
        return {}

    rows = wait_for(finished_csv)
    assert len(rows) == 5
    assert rows["inc-hostile"]["title"] == "'" + HOSTILE_TITLE
