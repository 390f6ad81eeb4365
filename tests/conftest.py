"""Fixtures: the site tree page tests need (root → home → /programs/, /guides/), and
a headless Debian Chromium for browser tests."""

import os
import shutil

import pytest

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from directory import taxonomy
from home import cache as home_cache
from search import bitmaps, count_cache
from tests.factories import (
    DirectoryIndexPageFactory,
    ResourceIndexPageFactory,
    minimal_site,
)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts with empty caches: a taxonomy memo, a remembered search or
    facet bitmaps loaded inside another test's (rolled back) transaction must not
    leak, nor a Redis outage; and in English."""
    home_cache.BREAKER.reset()
    cache.clear()
    count_cache.CACHE.clear()
    bitmaps.BITMAPS.clear()
    taxonomy.invalidate()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    home_cache.BREAKER.reset()
    cache.clear()
    count_cache.CACHE.clear()
    bitmaps.BITMAPS.clear()
    taxonomy.invalidate()
    # A request to /es/… leaves Spanish active in the test's thread.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def home_page(db):
    return minimal_site()


@pytest.fixture
def directory_page(home_page):
    return DirectoryIndexPageFactory(parent=home_page)


@pytest.fixture
def guides_page(home_page):
    return ResourceIndexPageFactory(parent=home_page)


# --- Browser tests: Playwright drives Debian's Chromium (never a downloaded one) -----

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM),
        reason=f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)",
    ),
]


@pytest.fixture
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
