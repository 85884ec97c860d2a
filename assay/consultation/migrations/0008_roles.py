"""The secretariat's group reads the new draft edits (accepted wording written into a draft) in the admin as it
reads the rest of the consultation (assay.accounts.roles)."""

from django.db import migrations


def sync(apps, schema_editor):
    from assay.accounts.roles import sync_groups_in_migration

    sync_groups_in_migration(apps)


class Migration(migrations.Migration):

    dependencies = [("consultation", "0007_proposed_wording_translated_responses"), ("reporting", "0004_roles")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
