from django.db import migrations


def create(apps, schema_editor):
    from search.fulltext import fulltext_table

    for statement in fulltext_table(schema_editor.connection.vendor).create_sql:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    from search.fulltext import fulltext_table

    for statement in fulltext_table(schema_editor.connection.vendor).drop_sql:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    """The database's own full-text index of programs (FTS5 or tsvector + GIN)."""

    dependencies = [("directory", "0003_search_tables")]

    operations = [migrations.RunPython(create, drop)]
