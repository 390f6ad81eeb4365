"""The full-text tables: the database's own text search over programs, one kind per
database: an FTS5 table on SQLite, a ``tsvector`` column with a GIN index on
PostgreSQL. Both are kept in step with the search tables and searched for every term
of the query (AND) or, when that finds too few, any of them (OR), stemmed, ranked by
``bm25()`` / ``ts_rank`` with the title weighted highest. A program's need categories
are words of their own in its text (``need_token``), so the needs a query names
(``search.words``) are matched in the same expression as its words. Raw SQL only
because the ORM has no word for FTS5."""

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags

from home.i18n import in_default_language

FTS_TABLE = "search_program_fts"
PG_TABLE = "search_program_text"


def need_token(slug):
    """A need category as one word no text uses ("needutilitybills")."""
    return "need" + slug.replace("-", "")


@in_default_language
def document(program):
    """The text of a program that free-text search looks in, by weight (in the
    default language: see home.i18n)."""
    body = " ".join(
        [
            strip_tags(program.description),
            program.other_eligibility,
            program.award,
            program.area_served(),
            " ".join(need.name for need in program.needs),
            " ".join(str(label) for label in program.help_type_labels()),
            strip_tags(program.application_steps),
        ]
    )
    return {
        "title": program.title,
        "organisation": program.organisation.name,
        "summary": program.summary,
        "body": " ".join(body.split()),
        "needs": " ".join(need_token(need.slug) for need in program.needs),
    }


TEXT_COLUMNS = ("title", "organisation", "summary", "body", "needs")


def every_part(words):
    """An FTS5 expression for programs with every one of ``words``."""
    return " ".join('"{}"'.format(word.replace('"', "")) for word in words.split())


class FTS5Table:
    """FTS5 with the Porter stemmer; the row id is the program id."""

    create_sql = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        f"{', '.join(TEXT_COLUMNS)}, tokenize = 'porter unicode61')"
    ]
    drop_sql = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]

    @staticmethod
    def match_expression(terms, needs=(), any_word=False):
        """Every term (or, ``any_word``, one of them), or one of the needs."""
        words = ['"{}"'.format(term.replace('"', "")) for term in terms]
        either = [f"({' OR '.join(words) if any_word else ' AND '.join(words)})"]
        either += [f'needs : "{need_token(slug)}"' for slug in needs]
        return " OR ".join(either)

    def ids(self, terms, needs=(), any_word=False):
        return RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [self.match_expression(terms, needs, any_word)],
        )

    def title_ids(self, terms):
        """Programs whose title has every term."""
        return RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [f"title : ({every_part(' '.join(terms)).replace(' ', ' AND ')})"],
        )

    def ranked(self, queryset, terms, needs=(), any_word=False):
        """``queryset`` joined with the matches, with ``rank`` (lower is better)."""
        table = queryset.model._meta.db_table
        return queryset.extra(  # noqa: S610 - fixed SQL, the terms are a parameter
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {table}.program_id", f"{FTS_TABLE} MATCH %s"],
            params=[self.match_expression(terms, needs, any_word)],
            select={"rank": f"bm25({FTS_TABLE}, 10.0, 4.0, 2.0, 1.0, 1.0)"},
        )

    def document_counts(self, words):
        """{word: how many programs use it} (stemmed, as searches match; of two
        words, how many use both)."""
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(
                    [f"SELECT %s, count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"]
                    * len(words)
                ),
                [value for word in words for value in (word, every_part(word))],
            )
            return dict(cursor.fetchall())

    def write(self, cursor, rows):
        cursor.executemany(
            f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk, _ in rows]
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(TEXT_COLUMNS)}) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [(pk, *(doc[column] for column in TEXT_COLUMNS)) for pk, doc in rows],
        )

    def remove(self, cursor, ids):
        cursor.executemany(
            f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in ids]
        )

    def clear(self, cursor):
        cursor.execute(f"DELETE FROM {FTS_TABLE}")

    def stored_ids(self, cursor):
        cursor.execute(f"SELECT rowid FROM {FTS_TABLE}")
        return {row[0] for row in cursor.fetchall()}


class TsvectorTable:
    """A weighted ``tsvector`` per program with a GIN index (English configuration)."""

    create_sql = [
        # No foreign key: Django's flush truncates the search tables without
        # CASCADE; rows are removed with their program by the database backend.
        f"CREATE TABLE IF NOT EXISTS {PG_TABLE} ("
        "program_id bigint PRIMARY KEY, document tsvector NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {PG_TABLE}_gin ON {PG_TABLE} USING gin (document)",
    ]
    drop_sql = [f"DROP TABLE IF EXISTS {PG_TABLE}"]

    @staticmethod
    def tsquery_text(terms, needs=(), any_word=False):
        """``to_tsquery`` text: the terms are letters and digits only
        (``search.words``), so they need no quoting."""
        words = f"({(' | ' if any_word else ' & ').join(terms)})"
        return " | ".join([words, *(need_token(slug) for slug in needs)])

    def ids(self, terms, needs=(), any_word=False):
        # OFFSET 0 keeps the matches a subquery of their own, found once with the
        # GIN index: otherwise the planner may sort every entry for the first page
        # and test each against the text (4x slower at 100k; docs/search.md).
        return RawSQL(
            f"SELECT program_id FROM {PG_TABLE} "
            "WHERE document @@ to_tsquery('english', %s) OFFSET 0",
            [self.tsquery_text(terms, needs, any_word)],
        )

    def title_ids(self, terms):
        """Programs whose title (weight A) has every term."""
        return RawSQL(
            f"SELECT program_id FROM {PG_TABLE} "
            "WHERE document @@ to_tsquery('english', %s)",
            [" & ".join(f"{term}:A" for term in terms)],
        )

    def ranked(self, queryset, terms, needs=(), any_word=False):
        table = queryset.model._meta.db_table
        text = self.tsquery_text(terms, needs, any_word)
        return queryset.extra(  # noqa: S610 - fixed SQL, the terms are a parameter
            tables=[PG_TABLE],
            where=[
                f"{PG_TABLE}.program_id = {table}.program_id",
                f"{PG_TABLE}.document @@ to_tsquery('english', %s)",
            ],
            params=[text],
            select={
                "rank": f"-ts_rank({PG_TABLE}.document, to_tsquery('english', %s))"
            },
            select_params=[text],
        )

    def document_counts(self, words):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word, (SELECT count(*) FROM {PG_TABLE} "
                "WHERE document @@ plainto_tsquery('english', word)) "
                "FROM unnest(%s::text[]) AS word",
                [list(words)],
            )
            return dict(cursor.fetchall())

    def write(self, cursor, rows):
        cursor.executemany(
            f"INSERT INTO {PG_TABLE} (program_id, document) VALUES (%s, "
            "setweight(to_tsvector('english', %s), 'A') || "
            "setweight(to_tsvector('english', %s), 'B') || "
            "setweight(to_tsvector('english', %s), 'B') || "
            "setweight(to_tsvector('english', %s), 'C') || "
            "setweight(to_tsvector('english', %s), 'D')) "
            "ON CONFLICT (program_id) DO UPDATE SET document = EXCLUDED.document",
            [(pk, *(doc[column] for column in TEXT_COLUMNS)) for pk, doc in rows],
        )

    def remove(self, cursor, ids):
        cursor.execute(
            f"DELETE FROM {PG_TABLE} WHERE program_id = ANY(%s)", [list(ids)]
        )

    def clear(self, cursor):
        cursor.execute(f"DELETE FROM {PG_TABLE}")

    def stored_ids(self, cursor):
        cursor.execute(f"SELECT program_id FROM {PG_TABLE}")
        return {row[0] for row in cursor.fetchall()}


def fulltext_table(vendor=None):
    """The full-text table of the default database (or of ``vendor``)."""
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return TsvectorTable()
    if vendor == "sqlite":
        return FTS5Table()
    raise NotImplementedError(f"No full-text table for the {vendor} database.")
