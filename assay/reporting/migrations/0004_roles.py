"""The secretariat's group reads the new records (report shares, supply-chain claims, assessment requests) in the
admin as it reads the rest of their apps (assay.accounts.roles)."""

from django.db import migrations


def sync(apps, schema_editor):
    from assay.accounts.roles import sync_groups_in_migration

    sync_groups_in_migration(apps)


class Migration(migrations.Migration):

    dependencies = [("reporting", "0003_supply_chain_claim"), ("assessments", "0009_requests_and_declarations"),
                    ("registry", "0004_relationship_note"), ("disclosure", "0002_roles")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
