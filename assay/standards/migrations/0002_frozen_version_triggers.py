from django.db import migrations

from assay.standards import db_triggers


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]

    operations = [migrations.RunPython(db_triggers.install, db_triggers.uninstall)]
