"""Fixtures: the site tree page tests need (root → home → /programs/, /guides/)."""

import pytest

from django.core.cache import cache

from wagtail.models import Page, Site

from directory import taxonomy
from tests.factories import (
    DirectoryIndexPageFactory,
    HomePageFactory,
    ResourceIndexPageFactory,
)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts with empty caches: a taxonomy memo loaded inside another
    test's (rolled back) transaction must not leak."""
    cache.clear()
    taxonomy.invalidate()
    yield
    cache.clear()
    taxonomy.invalidate()


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    return home


@pytest.fixture
def directory_page(home_page):
    return DirectoryIndexPageFactory(parent=home_page)


@pytest.fixture
def guides_page(home_page):
    return ResourceIndexPageFactory(parent=home_page)
