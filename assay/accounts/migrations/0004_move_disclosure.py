"""The disclosure choices and the restricted-read log move to the disclosure app (assay.disclosure); their tables
stay where they are, only Django's record of which app owns them changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("accounts", "0003_roles")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel("ActorDisclosure"), migrations.DeleteModel("RestrictedRead")],
            database_operations=[],
        ),
    ]
