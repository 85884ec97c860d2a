from django.db import migrations, models

from assay.consultation import structure_triggers


class Migration(migrations.Migration):

    dependencies = [
        ('consultation', '0013_near_duplicate'),
    ]

    operations = [
        migrations.AddField(
            model_name='round',
            name='structure_version',
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(structure_triggers.install, structure_triggers.uninstall),
    ]
