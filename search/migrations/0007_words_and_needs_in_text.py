from django.db import migrations, models


def recreate_text(apps, schema_editor):
    """The full-text table gains the programs' need words (a new FTS5 column; new
    lexemes in the tsvector): recreate it and write the text of every program that
    has search rows again, with the vocabulary."""
    from search.fulltext import fulltext_table

    table = fulltext_table(schema_editor.connection.vendor)
    for statement in table.drop_sql + table.create_sql:
        schema_editor.execute(statement)
    Entry = apps.get_model("search", "ProgramSearchEntry")
    if Entry.objects.exists():
        from search.backends.database import DatabaseSearchBackend

        DatabaseSearchBackend().rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0013_need_search_words"),
        ("search", "0006_place_bound_reach"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "word",
                    models.CharField(max_length=40, primary_key=True, serialize=False),
                ),
                ("stem", models.CharField(db_index=True, max_length=40)),
            ],
            options={"verbose_name": "search word"},
        ),
        migrations.RunPython(recreate_text, migrations.RunPython.noop),
    ]
