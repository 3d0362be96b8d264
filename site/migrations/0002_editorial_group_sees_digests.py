"""The editorial group sees subscribers and digests through a permission.

The digests' admin used to look the group up by name; it now asks for
`digests.view_digestdelivery`, which `bootstrap.editorial_group` grants on new
sites and this migration grants on existing ones.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORIAL_GROUP_NAME = "Équipe éditoriale RTES"  # as in rtes_site.bootstrap


def grant(apps, schema_editor):
    # Django creates permissions after all migrations; this one is needed now.
    create_permissions(global_apps.get_app_config("digests"), verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        codename="view_digestdelivery", content_type__app_label="digests"
    ).first()
    if permission is not None:
        for group in Group.objects.filter(name=EDITORIAL_GROUP_NAME):
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("rtes_site", "0001_initial"),
        ("digests", "0002_snapshots_and_retry_time"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
