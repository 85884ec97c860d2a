"""The secretariat's group reads the report summaries (snapshots, ranking rows, the refresh queue) in the admin as
it reads the rest of reporting (assay.accounts.roles)."""

from django.db import migrations


def sync(apps, schema_editor):
    from assay.accounts.roles import sync_groups_in_migration

    sync_groups_in_migration(apps)


class Migration(migrations.Migration):

    dependencies = [("reporting", "0005_summaries"), ("assessments", "0011_score_overall_fraction"),
                    ("consultation", "0014_round_structure_version")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
