"""The "Membres" group: staff of member territories who see the contacts.

It holds no permission: members need no admin access. Belonging to it is what
`rtes_site.members.may_see_contacts` asks.
"""

from django.db import migrations

MEMBERS_GROUP_NAME = "Membres"  # as in rtes_site.members


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=MEMBERS_GROUP_NAME)


def delete_group(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=MEMBERS_GROUP_NAME)
    group.filter(user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rtes_site", "0004_membership_request"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
