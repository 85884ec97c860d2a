"""The secretariat's group reads the body's record in the admin as it reads the rest (assay.accounts.roles)."""

from django.db import migrations


def sync(apps, schema_editor):
    from assay.accounts.roles import sync_groups_in_migration

    sync_groups_in_migration(apps)


class Migration(migrations.Migration):

    dependencies = [("governance", "0001_governance"), ("reporting", "0006_summaries_roles")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
