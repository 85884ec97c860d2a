"""The secretariat's group reads the disclosure app's records as it did under accounts (assay.accounts.roles)."""

from django.db import migrations


def sync(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from assay.accounts.roles import sync_groups

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_groups(apps)


class Migration(migrations.Migration):

    dependencies = [("disclosure", "0001_initial"), ("accounts", "0004_move_disclosure"),
                    ("assessments", "0004_text_limits"), ("consultation", "0005_text_limits"),
                    ("outreach", "0002_text_limits"), ("registry", "0002_text_limits")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
