"""The SQL shapes the database backend's uncached searches keep (bench/README.md,
"The uncached statements"): each facet's counts read only its own rows with the
filters as id lists on ``entry_id``; a place is one id list on SQLite; the total
counts no column; PostgreSQL finds the words' matches once, in a subquery of their
own. Each was measured at 100k programs; these tests keep a later change from
quietly undoing one. The results themselves are the contract suite's."""

import re

import pytest

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from directory.choices import HelpType
from directory.models import NeedCategory
from search.backends.database import DatabaseSearchBackend
from search.fulltext import TsvectorTable
from search.query import SearchQuery
from tests.factories import ProgramPageFactory, county, state

pytestmark = pytest.mark.django_db

ENTRY = '"search_programsearchentry"'


@pytest.fixture
def programs(directory_page, settings):
    settings.SEARCH_CACHE_SIZE = 0  # every search runs its statements
    settings.SEARCH_FACET_BITMAPS = False  # the counts too
    gas = list(NeedCategory.objects.filter(slug="gas-cards"))
    for title, region, help_type in [
        ("Travis County Fuel Fund", county("travis-county-tx"), HelpType.CARD),
        ("Lone Star Gas Help", state("TX"), HelpType.CASH),
    ]:
        ProgramPageFactory(
            parent=directory_page,
            title=title,
            need_categories=gas,
            regions=[region],
            help_types=[help_type],
        )


def statements(params):
    """The SQL of one uncached search (``q`` read as the page reads it)."""
    query = SearchQuery.from_params(QueryDict(params))
    if query.text:
        query = query.replace(text=query.text)
    with CaptureQueriesContext(connection) as captured:
        results = DatabaseSearchBackend().search(query)
    return results, [entry["sql"] for entry in captured.captured_queries]


def facet_counts(sqls, table):
    return [sql for sql in sqls if sql.startswith(f'SELECT "{table}".')]


@pytest.mark.parametrize(
    "params",
    [
        "zip=78701&need=gas-cards",
        "state=tx&help=card&self_apply=1",
        "state=tx&county=travis-county-tx&treated_near=77002",
        "q=fuel&state=tx",
    ],
)
def test_facet_counts_read_their_own_rows_without_a_subquery_over_entries(
    programs, params
):
    _, sqls = statements(params)
    counts = [
        *facet_counts(sqls, "search_programsearchneed"),
        *facet_counts(sqls, "search_programsearchhelp"),
        *facet_counts(sqls, "search_programsearchstate"),
    ]
    assert len(counts) == 3
    for sql in counts:
        if "WHERE" in sql:
            # A yes/no filter joins the entry for its column; an id list never
            # selects from the entries.
            assert not re.search(rf"FROM {ENTRY} [UV]\d", sql)
    if "self_apply" in params:
        (helps,) = facet_counts(sqls, "search_programsearchhelp")
        assert f"INNER JOIN {ENTRY}" in helps


def test_a_zip_search_is_one_id_list_on_sqlite_and_hashed_lists_on_postgresql(
    programs,
):
    _, sqls = statements("zip=78701&need=gas-cards")
    (needs,) = facet_counts(sqls, "search_programsearchneed")
    assert '"search_programsearchcounty"' in needs
    lists = needs.count('"search_programsearchneed"."entry_id" IN')
    if connection.vendor == "sqlite":
        assert "UNION ALL" in needs
        assert lists == 1
    else:
        assert "UNION" not in needs
        assert lists == 2


def test_the_total_counts_rows_not_a_column(programs):
    _, sqls = statements("state=tx")
    (totals,) = [sql for sql in sqls if 'AS "total"' in sql]
    assert totals.startswith('SELECT COUNT(*) AS "total", COUNT(1) FILTER')


def test_postgresql_finds_the_words_matches_in_a_subquery_of_their_own():
    sql, params = TsvectorTable().ids(["fuel"]).as_sql(None, None)
    assert sql.endswith("OFFSET 0)")
    assert params == ["(fuel)"]
