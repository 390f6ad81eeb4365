from django.db import migrations


def create_spanish_text(apps, schema_editor):
    """The Spanish site's full-text table (Spanish stems on SQLite, the 'spanish'
    configuration on PostgreSQL), and every program's rows written again: their
    Spanish card text and their Spanish text."""
    from search.fulltext import fulltext_table

    table = fulltext_table(schema_editor.connection.vendor, "es")
    for statement in table.create_sql:
        schema_editor.execute(statement)
    Entry = apps.get_model("search", "ProgramSearchEntry")
    if Entry.objects.exists():
        from search.backends.database import DatabaseSearchBackend

        DatabaseSearchBackend().rebuild()


def drop_spanish_text(apps, schema_editor):
    from search.fulltext import fulltext_table

    for statement in fulltext_table(schema_editor.connection.vendor, "es").drop_sql:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0024_program_spanish"),
        ("search", "0012_spanish_card_text"),
    ]

    operations = [migrations.RunPython(create_spanish_text, drop_spanish_text)]
