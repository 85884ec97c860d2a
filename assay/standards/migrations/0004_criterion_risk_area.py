from django.db import migrations, models

from assay.standards import db_triggers


class Migration(migrations.Migration):
    dependencies = [("standards", "0003_commodities")]

    operations = [
        # As in 0003: SQLite adds the column by rebuilding the table, which the triggers forbid; off while it does.
        # Criteria of versions already published keep "none": a published version never changes.
        migrations.RunPython(db_triggers.uninstall, db_triggers.install),
        migrations.AddField(
            model_name="criterion",
            name="risk_area",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "none"),
                    ("serious_abuses", "serious abuses (torture, forced labour, worst forms of child labour, war "
                                       "crimes and other gross abuses)"),
                    ("armed_groups", "direct or indirect support to non-state armed groups"),
                    ("security_forces", "public or private security forces"),
                    ("bribery_origin", "bribery and fraudulent misrepresentation of the origin of minerals"),
                    ("money_laundering", "money laundering"),
                    ("taxes", "non-payment of taxes, fees and royalties"),
                    ("health_safety", "health and safety"),
                    ("mercury", "mercury"),
                    ("environment", "environment"),
                    ("child_labour", "child labour short of its worst forms"),
                    ("gender", "gender"),
                    ("community", "community"),
                ],
                default="",
                max_length=20,
                verbose_name="risk area",
            ),
        ),
        migrations.RunPython(db_triggers.install, db_triggers.uninstall),
    ]
