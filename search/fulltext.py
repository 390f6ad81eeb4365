"""The full-text tables: the database's own text search over programs, one kind per
database: an FTS5 table on SQLite, a ``tsvector`` column with a GIN index on
PostgreSQL. Both are kept in step with the search tables and searched for every term
of the query (AND) or, when that finds too few, any of them (OR), stemmed, ranked by
``bm25()`` / ``ts_rank`` with the title weighted highest. A program's need categories
are words of their own in its text (``need_token``), so the needs a query names
(``search.words``) are matched in the same expression as its words. Raw SQL only
because the ORM has no word for FTS5."""

import functools

from django.conf import settings
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.html import strip_tags

from home.i18n import translated
from search.words import fold, stem_es, tokens

FTS_TABLE = "search_program_fts"
PG_TABLE = "search_program_text"
# The Spanish site's text of the same programs, searched on /es/.
FTS_TABLE_ES = "search_program_fts_es"
PG_TABLE_ES = "search_program_text_es"


def need_token(slug):
    """A need category as one word no text uses ("needutilitybills")."""
    return "need" + slug.replace("-", "")


def document(program, language=None):
    """The text of a program that free-text search looks in, by weight, in
    ``language`` (the default one if not given: see home.i18n): each text in that
    language where it is written, else in English. In another language the title
    keeps the English one beside it, so a program's own name finds it too."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        body = " ".join(
            [
                strip_tags(translated(program, "description")),
                translated(program, "other_eligibility"),
                translated(program, "award"),
                program.area_served(),
                " ".join(str(need.label) for need in program.needs),
                " ".join(str(label) for label in program.help_type_labels()),
                strip_tags(translated(program, "application_steps")),
            ]
        )
        title = translated(program, "title")
        if title != program.title:
            title = f"{title} {program.title}"
        return {
            "title": title,
            "organisation": program.organisation.name,
            "summary": translated(program, "summary"),
            "body": " ".join(body.split()),
            "needs": " ".join(need_token(need.slug) for need in program.needs),
        }


TEXT_COLUMNS = ("title", "organisation", "summary", "body", "needs")


def every_part(words):
    """An FTS5 expression for programs with every one of ``words``."""
    return " ".join('"{}"'.format(word.replace('"', "")) for word in words.split())


def as_written(text):
    return text


def written_rows(rows, text):
    """(program id, each text column prepared by ``text``, the need words as they
    are) for each (program id, ``document()``) of ``rows``."""
    return [
        (pk, *(text(doc[column]) for column in TEXT_COLUMNS[:-1]), doc["needs"])
        for pk, doc in rows
    ]


def spanish_stems(text):
    """Spanish text as the Spanish FTS5 table holds it: each word's accent-free
    Snowball stem (``stem_es``), so "pelucas" and "peluca" are one word."""
    return " ".join(_program_word_stem(word) for word in tokens(text))


@functools.lru_cache(maxsize=50_000)
def _program_word_stem(word):
    """``stem_es`` remembered for the words of programs' text, which are public
    and repeat from program to program (what patients type is never cached)."""
    return stem_es(word)


class FTS5Table:
    """FTS5 with the Porter stemmer (English), or of words stemmed before they are
    written and searched (``text`` and ``term``: Spanish); the row id is the
    program id."""

    def __init__(
        self, table=FTS_TABLE, tokenize="porter unicode61", text=None, term=None
    ):
        self.table = table
        self.text = text or as_written
        self.term = term or as_written
        self.create_sql = [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
            f"{', '.join(TEXT_COLUMNS)}, tokenize = '{tokenize}')"
        ]
        self.drop_sql = [f"DROP TABLE IF EXISTS {table}"]

    def quoted(self, terms):
        return ['"{}"'.format(self.term(term).replace('"', "")) for term in terms]

    def match_expression(self, terms, needs=(), any_word=False):
        """Every term (or, ``any_word``, one of them), or one of the needs."""
        words = self.quoted(terms)
        either = [f"({' OR '.join(words) if any_word else ' AND '.join(words)})"]
        either += [f'needs : "{need_token(slug)}"' for slug in needs]
        return " OR ".join(either)

    def ids(self, terms, needs=(), any_word=False):
        return RawSQL(
            f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s",
            [self.match_expression(terms, needs, any_word)],
        )

    def title_ids(self, terms):
        """Programs whose title has every term."""
        return RawSQL(
            f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s",
            [f"title : ({' AND '.join(self.quoted(terms))})"],
        )

    def ranked(self, queryset, terms, needs=(), any_word=False):
        """``queryset`` joined with the matches, with ``rank`` (lower is better)."""
        table = queryset.model._meta.db_table
        return queryset.extra(  # noqa: S610 - fixed SQL, the terms are a parameter
            tables=[self.table],
            where=[
                f"{self.table}.rowid = {table}.program_id",
                f"{self.table} MATCH %s",
            ],
            params=[self.match_expression(terms, needs, any_word)],
            select={"rank": f"bm25({self.table}, 10.0, 4.0, 2.0, 1.0, 1.0)"},
        )

    def document_counts(self, words):
        """{word: how many programs use it} (stemmed, as searches match; of two
        words, how many use both)."""
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(
                    [
                        f"SELECT %s, count(*) FROM {self.table} "
                        f"WHERE {self.table} MATCH %s"
                    ]
                    * len(words)
                ),
                [value for word in words for value in (word, every_part(word))],
            )
            return dict(cursor.fetchall())

    def write(self, cursor, rows):
        """Write ``rows``, (program id, ``document()``) pairs."""
        self.remove(cursor, [pk for pk, _ in rows])
        cursor.executemany(
            f"INSERT INTO {self.table} (rowid, {', '.join(TEXT_COLUMNS)}) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            written_rows(rows, self.text),
        )

    def remove(self, cursor, ids):
        cursor.executemany(
            f"DELETE FROM {self.table} WHERE rowid = %s", [(pk,) for pk in ids]
        )

    def clear(self, cursor):
        cursor.execute(f"DELETE FROM {self.table}")

    def stored_ids(self, cursor):
        cursor.execute(f"SELECT rowid FROM {self.table}")
        return {row[0] for row in cursor.fetchall()}


class TsvectorTable:
    """A weighted ``tsvector`` per program with a GIN index, in a text search
    configuration: English, or Spanish of accent-free words (``text`` and
    ``term``: ``fold``), so "quimioterápia" and "quimioterapia" are one word."""

    def __init__(self, table=PG_TABLE, config="english", text=None, term=None):
        self.table = table
        self.config = config
        self.text = text or as_written
        self.term = term or as_written
        self.create_sql = [
            # No foreign key: Django's flush truncates the search tables without
            # CASCADE; rows are removed with their program by the database backend.
            f"CREATE TABLE IF NOT EXISTS {table} ("
            "program_id bigint PRIMARY KEY, document tsvector NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {table}_gin ON {table} USING gin (document)",
        ]
        self.drop_sql = [f"DROP TABLE IF EXISTS {table}"]

    def tsquery_text(self, terms, needs=(), any_word=False):
        """``to_tsquery`` text: the terms are letters and digits only
        (``search.words``), so they need no quoting."""
        terms = [self.term(term) for term in terms]
        words = f"({(' | ' if any_word else ' & ').join(terms)})"
        return " | ".join([words, *(need_token(slug) for slug in needs)])

    def ids(self, terms, needs=(), any_word=False):
        # OFFSET 0 keeps the matches a subquery of their own, found once with the
        # GIN index: otherwise the planner may sort every entry for the first page
        # and test each against the text (4x slower at 100k; docs/search.md).
        return RawSQL(
            f"SELECT program_id FROM {self.table} "
            f"WHERE document @@ to_tsquery('{self.config}', %s) OFFSET 0",
            [self.tsquery_text(terms, needs, any_word)],
        )

    def title_ids(self, terms):
        """Programs whose title (weight A) has every term."""
        return RawSQL(
            f"SELECT program_id FROM {self.table} "
            f"WHERE document @@ to_tsquery('{self.config}', %s)",
            [" & ".join(f"{self.term(term)}:A" for term in terms)],
        )

    def ranked(self, queryset, terms, needs=(), any_word=False):
        table = queryset.model._meta.db_table
        text = self.tsquery_text(terms, needs, any_word)
        query = f"to_tsquery('{self.config}', %s)"
        return queryset.extra(  # noqa: S610 - fixed SQL, the terms are a parameter
            tables=[self.table],
            where=[
                f"{self.table}.program_id = {table}.program_id",
                f"{self.table}.document @@ {query}",
            ],
            params=[text],
            select={"rank": f"-ts_rank({self.table}.document, {query})"},
            select_params=[text],
        )

    def document_counts(self, words):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word, (SELECT count(*) FROM {self.table} "
                f"WHERE document @@ plainto_tsquery('{self.config}', word)) "
                "FROM unnest(%s::text[]) AS word",
                [list(words)],
            )
            return dict(cursor.fetchall())

    def write(self, cursor, rows):
        """Write ``rows``, (program id, ``document()``) pairs."""
        weighed = " || ".join(
            f"setweight(to_tsvector('{self.config}', %s), '{weight}')"
            for weight in "ABBCD"
        )
        cursor.executemany(
            f"INSERT INTO {self.table} (program_id, document) VALUES (%s, {weighed}) "
            "ON CONFLICT (program_id) DO UPDATE SET document = EXCLUDED.document",
            written_rows(rows, self.text),
        )

    def remove(self, cursor, ids):
        cursor.execute(
            f"DELETE FROM {self.table} WHERE program_id = ANY(%s)", [list(ids)]
        )

    def clear(self, cursor):
        cursor.execute(f"DELETE FROM {self.table}")

    def stored_ids(self, cursor):
        cursor.execute(f"SELECT program_id FROM {self.table}")
        return {row[0] for row in cursor.fetchall()}


def fulltext_table(vendor=None, language=None):
    """The full-text table of the default database (or of ``vendor``) for searches
    in ``language`` (the default one if not given)."""
    vendor = vendor or connection.vendor
    spanish = language == "es"
    if vendor == "postgresql":
        if spanish:
            return TsvectorTable(PG_TABLE_ES, "spanish", text=fold, term=fold)
        return TsvectorTable()
    if vendor == "sqlite":
        if spanish:
            return FTS5Table(
                FTS_TABLE_ES,
                "unicode61 remove_diacritics 2",
                text=spanish_stems,
                term=stem_es,
            )
        return FTS5Table()
    raise NotImplementedError(f"No full-text table for the {vendor} database.")


def fulltext_tables(vendor=None):
    """Every language's full-text table, by language: what writes keep in step."""
    return {
        language: fulltext_table(vendor, language) for language, _ in settings.LANGUAGES
    }
