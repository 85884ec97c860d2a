"""The secretariat's group reads simulations and their moves in the admin, as it reads reporting
(assay.accounts.roles)."""

from django.db import migrations


def sync(apps, schema_editor):
    from assay.accounts.roles import sync_groups_in_migration

    sync_groups_in_migration(apps)


class Migration(migrations.Migration):

    dependencies = [("simulation", "0001_initial"), ("reporting", "0006_summaries_roles")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
