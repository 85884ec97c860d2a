"""The overall score kept as an exact fraction in two integer columns instead of inside a stored explanation,
which is now derived from the answers when read (Score.explanation)."""

from fractions import Fraction

from django.db import migrations, models


def fractions_from_explanations(apps, schema_editor):
    Score = apps.get_model("assessments", "Score")
    for score in Score.objects.exclude(overall=None).only("pk", "explanation").iterator(chunk_size=2000):
        exact = (score.explanation or {}).get("overall_exact")
        if exact:
            f = Fraction(exact)
            Score.objects.filter(pk=score.pk).update(overall_num=f.numerator, overall_den=f.denominator)


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0010_evidence_review'),
    ]

    operations = [
        migrations.AddField(
            model_name='score',
            name='overall_den',
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='score',
            name='overall_num',
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(fractions_from_explanations, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='score',
            name='explanation',
        ),
    ]
