from django.db import migrations


def seed(apps, schema_editor):
    from directory.seeds import seed_need_categories, seed_regions

    seed_need_categories(apps.get_model("directory", "NeedCategory"))
    seed_regions(apps.get_model("directory", "Region"))


class Migration(migrations.Migration):
    """Seed the need categories and US regions (idempotent; nothing to undo)."""

    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
