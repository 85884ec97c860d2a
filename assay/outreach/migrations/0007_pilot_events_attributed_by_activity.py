"""Outreach plans' progress now counts a pilot-site event for a partner only when one of its plan's activities names
the event (PlanActivity.event), no longer when the event's free-text "facilitating organisation" equals the
partner's name. So that no progress already shown is lost, each event held by today that was counted by its name
and that no activity of that plan names gets a "consultation at a mine site" activity naming it, as the
secretariat would add on the plan's page. The audit trail records it (no user: a migration)."""

from datetime import date

from django.db import migrations


def link_events_counted_by_name(apps, schema_editor):
    PilotEvent = apps.get_model("consultation", "PilotEvent")
    OutreachPlan = apps.get_model("outreach", "OutreachPlan")
    PlanActivity = apps.get_model("outreach", "PlanActivity")
    AuditRecord = apps.get_model("audit", "AuditRecord")
    for plan in OutreachPlan.objects.select_related("partner"):
        named = set(PlanActivity.objects.filter(plan=plan, event__isnull=False).values_list("event_id", flat=True))
        # exactly the events the progress counted: those whose facilitator was the partner's name as written
        for event in PilotEvent.objects.filter(round_id=plan.round_id, facilitator=plan.partner.name,
                                               held_on__lte=date.today()).order_by("held_on", "pk"):
            if event.pk in named:
                continue
            activity = PlanActivity.objects.create(
                plan=plan, kind="pilot_event", title=event.place[:200], planned_on=event.held_on,
                language=event.language[:40], event=event, done_on=None)
            AuditRecord.objects.create(
                user=None, action="plan_activity_save", object_type="outreach.planactivity",
                object_id=str(activity.pk), summary=f"{event.held_on}: {event.place}"[:200],
                details={"plan": plan.pk, "created": True, "migration": "0007_pilot_events_attributed_by_activity"})


class Migration(migrations.Migration):

    dependencies = [("outreach", "0006_roles"), ("consultation", "0010_integrity"), ("audit", "0001_initial")]

    operations = [migrations.RunPython(link_events_counted_by_name, migrations.RunPython.noop)]
