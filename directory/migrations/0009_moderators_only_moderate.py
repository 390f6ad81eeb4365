from django.db import migrations


def narrow_moderators(apps, schema_editor):
    """Moderators review (approve or request changes on their workflow tasks, which
    Wagtail allows group members whatever their page permissions) and read partner
    submissions; nothing else. Wagtail's initial data gave the group add, edit,
    publish, lock and unlock on the whole tree and image/document permissions."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is None:
        return
    GroupPagePermission.objects.filter(group=moderators).delete()
    GroupCollectionPermission.objects.filter(group=moderators).delete()
    keep = Permission.objects.filter(
        content_type__app_label__in=["wagtailadmin", "directory"],
        codename__in=["access_admin", "view_submission"],
    )
    moderators.permissions.set(keep)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_submission_waiting_status"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(narrow_moderators, migrations.RunPython.noop)]
