from django.db import migrations


class Migration(migrations.Migration):
    """Give the search tables the search app's names (search_programsearch...),
    keeping their rows."""

    dependencies = [
        ('directory', '0006_search_tables_moved_to_search'),
        ('search', '0003_search_tables_move_here'),
    ]

    operations = [
        migrations.AlterModelTable(name='programsearchentry', table=None),
        migrations.AlterModelTable(name='programsearchcounty', table=None),
        migrations.AlterModelTable(name='programsearchhelp', table=None),
        migrations.AlterModelTable(name='programsearchlanguage', table=None),
        migrations.AlterModelTable(name='programsearchneed', table=None),
        migrations.AlterModelTable(name='programsearchstate', table=None),
    ]
