"""The roles' groups with their permissions (assay.accounts.roles); a later change of that data adds a migration
that calls sync_groups again."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from assay.accounts.roles import sync_groups_in_migration

    sync_groups_in_migration(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_api_tokens"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("audit", "0001_initial"),
        ("standards", "0002_frozen_version_triggers"),
        ("registry", "0001_initial"),
        ("assessments", "0003_assessor_assignment"),
        ("consultation", "0004_alter_response_email_pilotevent_response_event_and_more"),
        ("outreach", "0001_initial"),
        ("reporting", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
