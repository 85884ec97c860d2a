"""The disclosure choices and the restricted-read log, taken over from accounts with their tables (no data moves);
their content types and permissions follow them, so groups and admin history keep pointing at them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("actordisclosure", "restrictedread"):
        if ContentType.objects.filter(app_label="accounts", model=model).exists():
            ContentType.objects.filter(app_label="disclosure", model=model).delete()
            ContentType.objects.filter(app_label="accounts", model=model).update(app_label="disclosure")


def move_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="disclosure", model__in=("actordisclosure", "restrictedread")).update(
        app_label="accounts")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0004_move_disclosure"),
        ("registry", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RestrictedRead',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='at')),
                        ('kind', models.CharField(choices=[('profile', 'profile'), ('level', 'level'), ('overall', 'overall score'), ('progress', 'progress'), ('indicators', 'impact indicators'), ('coordinates', 'exact site location'), ('module_scores', 'module scores'), ('residual_risk', 'residual risk'), ('answers', 'mitigation and practice findings'), ('commitments', 'improvement commitments'), ('relationships', 'trading relationships'), ('gate_findings', 'red-line and legitimacy findings'), ('evidence', 'evidence files'), ('personal', 'personal data'), ('draft', 'draft assessments')], max_length=20, verbose_name='data')),
                        ('object_ref', models.CharField(blank=True, max_length=80, verbose_name='object')),
                        ('surface', models.CharField(max_length=200, verbose_name='page or endpoint')),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.actor')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_restrictedread',
                        'verbose_name': 'restricted read',
                        'verbose_name_plural': 'restricted reads',
                        'ordering': ['-at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ActorDisclosure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('profile', 'profile'), ('level', 'level'), ('overall', 'overall score'), ('progress', 'progress'), ('indicators', 'impact indicators'), ('coordinates', 'exact site location'), ('module_scores', 'module scores'), ('residual_risk', 'residual risk'), ('answers', 'mitigation and practice findings'), ('commitments', 'improvement commitments'), ('relationships', 'trading relationships'), ('gate_findings', 'red-line and legitimacy findings'), ('evidence', 'evidence files'), ('personal', 'personal data'), ('draft', 'draft assessments')], max_length=20, verbose_name='data')),
                        ('opened_to', models.CharField(choices=[('public', 'public'), ('network', 'network'), ('restricted', 'restricted'), ('private', 'private')], max_length=12, verbose_name='open to')),
                        ('actor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='disclosure_choices', to='registry.actor')),
                    ],
                    options={
                        'db_table': 'accounts_actordisclosure',
                        'verbose_name': 'disclosure choice',
                        'verbose_name_plural': 'disclosure choices',
                        'constraints': [models.UniqueConstraint(fields=('actor', 'kind'), name='unique_actor_disclosure')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_back),
    ]
