"""The secretariat's group reads the new outreach plans and their activities, and the consultation's redactions, in
the admin as it reads the rest of outreach and the consultation (assay.accounts.roles)."""

from django.db import migrations


def sync(apps, schema_editor):
    from assay.accounts.roles import sync_groups_in_migration

    sync_groups_in_migration(apps)


class Migration(migrations.Migration):

    dependencies = [("outreach", "0005_list_names_translated"), ("consultation", "0010_integrity"),
                    ("consultation", "0008_roles")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
