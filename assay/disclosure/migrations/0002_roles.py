"""The secretariat's group reads the disclosure app's records as it did under accounts (assay.accounts.roles)."""

from django.db import migrations


def sync(apps, schema_editor):
    from assay.accounts.roles import sync_groups_in_migration

    sync_groups_in_migration(apps)


class Migration(migrations.Migration):

    dependencies = [("disclosure", "0001_initial"), ("accounts", "0004_move_disclosure"),
                    ("assessments", "0004_text_limits"), ("consultation", "0005_text_limits"),
                    ("outreach", "0002_text_limits"), ("registry", "0002_text_limits")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
