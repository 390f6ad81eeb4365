from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_state_place_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchChange",
            fields=[
                ("generation", models.BigIntegerField(primary_key=True, serialize=False)),
                ("token", models.BigIntegerField()),
                ("programs", models.JSONField(null=True)),
            ],
            options={
                "verbose_name": "search change",
            },
        ),
    ]
