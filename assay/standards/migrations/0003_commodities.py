from django.db import migrations, models

from assay.standards import db_triggers


class Migration(migrations.Migration):
    dependencies = [("standards", "0002_frozen_version_triggers")]

    operations = [
        # SQLite adds a column by rebuilding the table, which the triggers (naming it) forbid: off while it does,
        # then back with the new column protected too (backwards the same, in reverse order).
        migrations.RunPython(db_triggers.uninstall, db_triggers.install),
        migrations.AddField(
            model_name="criterion",
            name="commodities",
            field=models.JSONField(blank=True, default=list, verbose_name="commodities"),
        ),
        migrations.AddField(
            model_name="standardversion",
            name="commodities",
            field=models.JSONField(blank=True, default=list, verbose_name="commodities"),
        ),
        migrations.RunPython(db_triggers.install, db_triggers.uninstall),
    ]
