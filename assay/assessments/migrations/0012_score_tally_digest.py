"""Each score keeps its answers' tally (the batch recompute's compact form) and a digest of its stored figures, so a
recompute reads 500,000 tallies instead of summing 23 million answers and writes only the rows that changed.

Two PostgreSQL triggers keep both honest whatever writes the rows: a change to an assessment's answers clears its
score's tally (it is then summed from the answers again), and an UPDATE of a score that does not set a new digest
clears the digest (the row is then rewritten by the next recompute). SQLite, the demo's database, has neither: its
recompute always sums the answers and rewrites every score.
"""

from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION assessments_score_digest_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.digest IS NOT DISTINCT FROM OLD.digest THEN
        NEW.digest := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER assessments_score_digest_guard BEFORE UPDATE ON assessments_score
    FOR EACH ROW EXECUTE FUNCTION assessments_score_digest_guard();

CREATE FUNCTION assessments_answer_tally_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assessments_score s SET tally = NULL, tally_key = ''
    WHERE s.tally_key <> '' AND s.assessment_id IN (SELECT DISTINCT assessment_id FROM changed);
    RETURN NULL;
END $$;
CREATE TRIGGER assessments_answer_tally_insert AFTER INSERT ON assessments_answer
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION assessments_answer_tally_guard();
CREATE TRIGGER assessments_answer_tally_update AFTER UPDATE ON assessments_answer
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION assessments_answer_tally_guard();
CREATE TRIGGER assessments_answer_tally_delete AFTER DELETE ON assessments_answer
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION assessments_answer_tally_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS assessments_answer_tally_insert ON assessments_answer;
DROP TRIGGER IF EXISTS assessments_answer_tally_update ON assessments_answer;
DROP TRIGGER IF EXISTS assessments_answer_tally_delete ON assessments_answer;
DROP FUNCTION IF EXISTS assessments_answer_tally_guard();
DROP TRIGGER IF EXISTS assessments_score_digest_guard ON assessments_score;
DROP FUNCTION IF EXISTS assessments_score_digest_guard();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0011_score_overall_fraction"),
    ]

    operations = [
        migrations.AddField(model_name="score", name="tally", field=models.BinaryField(editable=False, null=True)),
        migrations.AddField(model_name="score", name="tally_key",
                            field=models.CharField(blank=True, default="", editable=False, max_length=24)),
        migrations.AddField(model_name="score", name="digest", field=models.BigIntegerField(editable=False, null=True)),
        migrations.RunPython(_on_postgresql(TRIGGERS), _on_postgresql(DROP)),
    ]
