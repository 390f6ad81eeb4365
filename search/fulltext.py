"""The full-text tables: the database's own text search over programs, one kind per
database: an FTS5 table on SQLite, a ``tsvector`` column with a GIN index on
PostgreSQL. Both are kept in step with the search tables and searched for every term
of the query (AND), stemmed, ranked by ``bm25()`` / ``ts_rank`` with the title
weighted highest. Raw SQL only because the ORM has no word for FTS5."""

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags

FTS_TABLE = "search_program_fts"
PG_TABLE = "search_program_text"


def document(program):
    """The text of a program that free-text search looks in, by weight."""
    body = " ".join(
        [
            strip_tags(program.description),
            program.other_eligibility,
            program.award,
            program.area_served(),
            " ".join(need.name for need in program.needs),
            " ".join(program.help_type_labels()),
            strip_tags(program.application_steps),
        ]
    )
    return {
        "title": program.title,
        "organisation": program.organisation.name,
        "summary": program.summary,
        "body": " ".join(body.split()),
    }


class FTS5Table:
    """FTS5 with the Porter stemmer; the row id is the program id."""

    create_sql = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "title, organisation, summary, body, tokenize = 'porter unicode61')"
    ]
    drop_sql = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]

    @staticmethod
    def match_expression(terms):
        return " AND ".join('"{}"'.format(term.replace('"', "")) for term in terms)

    def ids(self, terms):
        return RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [self.match_expression(terms)],
        )

    def ranked(self, queryset, terms):
        """``queryset`` joined with the matches, with ``rank`` (lower is better)."""
        table = queryset.model._meta.db_table
        return queryset.extra(  # noqa: S610 - fixed SQL, the terms are a parameter
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {table}.program_id", f"{FTS_TABLE} MATCH %s"],
            params=[self.match_expression(terms)],
            select={"rank": f"bm25({FTS_TABLE}, 10.0, 4.0, 2.0, 1.0)"},
        )

    def write(self, cursor, rows):
        cursor.executemany(
            f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk, _ in rows]
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, organisation, summary, body) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (pk, doc["title"], doc["organisation"], doc["summary"], doc["body"])
                for pk, doc in rows
            ],
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
    def tsquery_text(terms):
        return " ".join(terms)

    def ids(self, terms):
        return RawSQL(
            f"SELECT program_id FROM {PG_TABLE} "
            "WHERE document @@ plainto_tsquery('english', %s)",
            [self.tsquery_text(terms)],
        )

    def ranked(self, queryset, terms):
        table = queryset.model._meta.db_table
        text = self.tsquery_text(terms)
        return queryset.extra(  # noqa: S610 - fixed SQL, the terms are a parameter
            tables=[PG_TABLE],
            where=[
                f"{PG_TABLE}.program_id = {table}.program_id",
                f"{PG_TABLE}.document @@ plainto_tsquery('english', %s)",
            ],
            params=[text],
            select={
                "rank": f"-ts_rank({PG_TABLE}.document, plainto_tsquery('english', %s))"
            },
            select_params=[text],
        )

    def write(self, cursor, rows):
        cursor.executemany(
            f"INSERT INTO {PG_TABLE} (program_id, document) VALUES (%s, "
            "setweight(to_tsvector('english', %s), 'A') || "
            "setweight(to_tsvector('english', %s), 'B') || "
            "setweight(to_tsvector('english', %s), 'B') || "
            "setweight(to_tsvector('english', %s), 'C')) "
            "ON CONFLICT (program_id) DO UPDATE SET document = EXCLUDED.document",
            [
                (pk, doc["title"], doc["organisation"], doc["summary"], doc["body"])
                for pk, doc in rows
            ],
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
