from django.db import migrations, models


def seed_spanish(apps, schema_editor):
    from directory.seeds import seed_need_spanish
    from directory.taxonomy import invalidate

    seed_need_spanish(apps.get_model("directory", "NeedCategory"))
    invalidate()  # running sites load the Spanish with the taxonomy


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0022_reopen_alert_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="needcategory",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text="As a Spanish-speaking patient would say it (Tarjetas de "
                "gasolina). Empty: the Spanish site shows the English name.",
                max_length=100,
                verbose_name="name in Spanish",
            ),
        ),
        migrations.AddField(
            model_name="needcategory",
            name="description_es",
            field=models.TextField(blank=True, verbose_name="description in Spanish"),
        ),
        migrations.AddField(
            model_name="needcategory",
            name="search_words_es",
            field=models.TextField(
                blank=True,
                help_text="One word or phrase per line (luz, recibo de la luz, aviso "
                "de corte). Accents, plurals and small words (de, la, con) need not "
                "be listed. Categories only.",
                verbose_name="Spanish words people use for it",
            ),
        ),
        migrations.RunPython(seed_spanish, migrations.RunPython.noop),
    ]
