from django.db import migrations, models


def seed_words(apps, schema_editor):
    from directory.seeds import seed_need_words
    from directory.taxonomy import invalidate

    seed_need_words(apps.get_model("directory", "NeedCategory"))
    invalidate()  # running sites load the words with the taxonomy


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0012_where_help_is_given"),
    ]

    operations = [
        migrations.AddField(
            model_name="needcategory",
            name="search_words",
            field=models.TextField(
                blank=True,
                help_text="One word or phrase per line, as patients type them (light "
                "bill, power, shut-off notice). A search using one finds this "
                "category's programs and says so. Plurals are found without listing "
                "them. Categories only.",
                verbose_name="words people use for it",
            ),
        ),
        migrations.RunPython(seed_words, migrations.RunPython.noop),
    ]
