from django.db import migrations

CURATOR_MODEL_PERMISSIONS = {
    "directory": {
        "organisation": ["add", "change", "view"],
        "needcategory": ["add", "change", "view"],
        "region": ["add", "change", "view"],
        "problemreport": ["change", "view"],
        "submission": ["view"],
    },
}
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def create_groups(apps, schema_editor):
    """Curators edit and publish the directory and act on reports; Moderators (made
    by Wagtail, the reviewers of its default workflow) also see submissions.
    Partners get no admin access at all: they use the public form."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, apps=apps, verbosity=0)
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    curators, _ = Group.objects.get_or_create(name="Curators")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    curators.permissions.add(admin_access)
    moderators.permissions.add(admin_access)
    for app_label, models in CURATOR_MODEL_PERMISSIONS.items():
        for model, actions in models.items():
            for action in actions:
                permission = Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
                curators.permissions.add(permission)
    moderators.permissions.add(
        Permission.objects.get(
            content_type__app_label="directory", codename="view_submission"
        )
    )
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=curators,
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_feedback"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
