import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The search tables move here from the directory app. Only Django's record of
    them moves; the tables, with their rows, keep their names until the next
    migration renames them."""

    dependencies = [
        ('directory', '0005_curator_groups'),
        ('search', '0002_pending_index_updates'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ProgramSearchEntry',
                    fields=[
                        ('program', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_entry', serialize=False, to='directory.programpage')),
                        ('title', models.CharField(max_length=255)),
                        ('sort_title', models.CharField(max_length=255)),
                        ('url', models.CharField(max_length=500)),
                        ('organisation_name', models.CharField(max_length=255)),
                        ('summary', models.CharField(max_length=240)),
                        ('award', models.CharField(blank=True, max_length=255)),
                        ('area_label', models.TextField(blank=True)),
                        ('needs_label', models.TextField(blank=True)),
                        ('nationwide', models.BooleanField()),
                        ('is_closed', models.BooleanField()),
                        ('application_status', models.CharField(max_length=10)),
                        ('for_mbc', models.BooleanField()),
                        ('maintenance_ok', models.BooleanField()),
                        ('self_apply', models.BooleanField()),
                        ('min_age', models.PositiveSmallIntegerField(null=True)),
                        ('max_age', models.PositiveSmallIntegerField(null=True)),
                        ('verified_rank', models.PositiveIntegerField()),
                        ('last_verified_at', models.DateField(null=True)),
                        ('is_demo_data', models.BooleanField()),
                    ],
                    options={
                        'db_table': 'directory_programsearchentry',
                        'verbose_name': 'program search entry',
                        'indexes': [models.Index(fields=['is_closed', '-verified_rank', 'sort_title', 'program'], name='search_entry_verified'), models.Index(fields=['is_closed', 'sort_title', 'program'], name='search_entry_name'), models.Index(fields=['program', 'is_closed', 'for_mbc', 'maintenance_ok', 'self_apply'], name='search_entry_flags')],
                    },
                ),
                migrations.CreateModel(
                    name='ProgramSearchCounty',
                    fields=[
                        ('pk', models.CompositePrimaryKey('county_id', 'entry_id', blank=True, editable=False, primary_key=True, serialize=False)),
                        ('county', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='directory.region')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='counties', to='search.programsearchentry')),
                    ],
                    options={
                        'db_table': 'directory_programsearchcounty',
                        'indexes': [models.Index(fields=['entry', 'county'], name='search_county_entry')],
                    },
                ),
                migrations.CreateModel(
                    name='ProgramSearchHelp',
                    fields=[
                        ('pk', models.CompositePrimaryKey('help_type', 'entry_id', blank=True, editable=False, primary_key=True, serialize=False)),
                        ('help_type', models.CharField(max_length=30)),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='help_types', to='search.programsearchentry')),
                    ],
                    options={
                        'db_table': 'directory_programsearchhelp',
                        'indexes': [models.Index(fields=['entry', 'help_type'], name='search_help_entry')],
                    },
                ),
                migrations.CreateModel(
                    name='ProgramSearchLanguage',
                    fields=[
                        ('pk', models.CompositePrimaryKey('language', 'entry_id', blank=True, editable=False, primary_key=True, serialize=False)),
                        ('language', models.CharField(max_length=5)),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='languages', to='search.programsearchentry')),
                    ],
                    options={
                        'db_table': 'directory_programsearchlanguage',
                        'indexes': [models.Index(fields=['entry', 'language'], name='search_language_entry')],
                    },
                ),
                migrations.CreateModel(
                    name='ProgramSearchNeed',
                    fields=[
                        ('pk', models.CompositePrimaryKey('need_id', 'entry_id', blank=True, editable=False, primary_key=True, serialize=False)),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='needs', to='search.programsearchentry')),
                        ('need', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='directory.needcategory')),
                    ],
                    options={
                        'db_table': 'directory_programsearchneed',
                        'indexes': [models.Index(fields=['entry', 'need'], name='search_need_entry')],
                    },
                ),
                migrations.CreateModel(
                    name='ProgramSearchState',
                    fields=[
                        ('pk', models.CompositePrimaryKey('state_id', 'entry_id', blank=True, editable=False, primary_key=True, serialize=False)),
                        ('whole_state', models.BooleanField()),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='states', to='search.programsearchentry')),
                        ('state', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='directory.region')),
                    ],
                    options={
                        'db_table': 'directory_programsearchstate',
                        'indexes': [models.Index(fields=['entry', 'state'], name='search_state_entry'), models.Index(fields=['state', 'whole_state', 'entry'], name='search_state_whole')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
