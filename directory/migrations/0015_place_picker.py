from django.db import migrations, models


def merge_duplicate_places(apps, schema_editor):
    """One region per place. Counties seeded under two spellings ("De Witt County"
    and "DeWitt County", TX; "La Porte County" and "LaPorte County", IN) become
    the one ``directory.geo`` now names; a program that served the District of
    Columbia's county-equivalent as a whole area serves the district. Every
    program keeps its places, in its live row and in its revisions; search rows
    move with them and Elasticsearch is asked to send those programs again."""
    from directory import geo

    Region = apps.get_model("directory", "Region")
    ProgramPage = apps.get_model("directory", "ProgramPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    SearchCounty = apps.get_model("search", "ProgramSearchCounty")
    SearchReach = apps.get_model("search", "ProgramSearchReach")
    Pending = apps.get_model("search", "PendingIndexUpdate")

    slugs = dict(Region.objects.values_list("slug", "pk"))
    moves = {}  # (field, region id) -> region id
    for county in Region.objects.filter(kind="county").select_related("parent"):
        target = slugs.get(geo.county_slug(county.parent.code, county.name))
        if target and target != county.pk:
            moves[("regions", county.pk)] = moves[("service_places", county.pk)] = (
                target
            )
        if county.name == county.parent.name:
            moves[("regions", county.pk)] = county.parent_id
    if not moves:
        return

    programs = set()
    for (field, old), new in moves.items():
        through = ProgramPage._meta.get_field(field).remote_field.through
        for row in through.objects.filter(region_id=old):
            programs.add(row.programpage_id)
            through.objects.get_or_create(
                programpage_id=row.programpage_id, region_id=new
            )
            row.delete()

    program_type = ContentType.objects.filter(
        app_label="directory", model="programpage"
    ).first()
    if program_type:
        for revision in Revision.objects.filter(content_type=program_type).iterator():
            changed = False
            for field in ("regions", "service_places"):
                ids = revision.content.get(field) or []
                moved = [moves.get((field, pk), pk) for pk in ids]
                if moved != ids:
                    revision.content[field] = list(dict.fromkeys(moved))
                    changed = True
            if changed:
                programs.add(int(revision.object_id))
                revision.save(update_fields=["content"])

    merged = {
        old: new for (field, old), new in moves.items() if field == "service_places"
    }
    for model in (SearchCounty, SearchReach):
        for old, new in merged.items():
            rows = model.objects.filter(county_id=old)
            rows.filter(
                entry__in=model.objects.filter(county_id=new).values("entry")
            ).delete()
            rows.update(county_id=new)
    Region.objects.filter(pk__in=merged).delete()
    for program in programs:
        Pending.objects.get_or_create(program_id=program)


class Migration(migrations.Migration):
    """The place picker's proxies, and one region per place."""

    dependencies = [
        ("directory", "0014_link_checks"),
        ("search", "0007_words_and_needs_in_text"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="PickablePlace",
            fields=[],
            options={
                "ordering": [
                    models.OrderBy(
                        models.Case(
                            models.When(kind="state", then=models.F("name")),
                            default=models.F("parent__name"),
                        )
                    ),
                    models.OrderBy(models.F("kind"), descending=True),
                    "name",
                ],
                "verbose_name": "place",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("directory.region",),
        ),
        migrations.CreateModel(
            name="PickableCounty",
            fields=[],
            options={
                "verbose_name": "county",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("directory.pickableplace",),
        ),
        migrations.CreateModel(
            name="PickableState",
            fields=[],
            options={
                "verbose_name": "state",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("directory.pickableplace",),
        ),
        migrations.RunPython(merge_duplicate_places, migrations.RunPython.noop),
    ]
