from django.db import migrations


class Migration(migrations.Migration):
    """The search tables now belong to the search app (search 0003): forget them
    here without touching the tables."""

    dependencies = [
        ('directory', '0005_curator_groups'),
        ('search', '0003_search_tables_move_here'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ProgramSearchCounty'),
                migrations.DeleteModel(name='ProgramSearchHelp'),
                migrations.DeleteModel(name='ProgramSearchLanguage'),
                migrations.DeleteModel(name='ProgramSearchNeed'),
                migrations.DeleteModel(name='ProgramSearchState'),
                migrations.DeleteModel(name='ProgramSearchEntry'),
            ],
            database_operations=[],
        ),
    ]
