"""The roles the field has, as data: groups with their permissions, created by a migration, and every page and
admin action checked against them (rules predicates over group membership)."""

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from assay.accounts import roles
from assay.audit.models import AuditRecord
from assay.consultation.models import Comment, Disposition, PilotEvent, Response
from tests.admin_forms import admin_form
from tests.factories import RoundFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent
TODAY = date.today()


@pytest.fixture
def comment(demo):
    round_ = RoundFactory(version=demo[1])
    response = Response.objects.create(round=round_, name="R", email="r@example.org", sector="asm", country="CD",
                                       language="fr", consent="named",
                                       submitted_at=timezone.now(), email_verified_at=timezone.now())
    return Comment.objects.create(response=response, text="Le seuil est trop bas.")


@pytest.fixture
def demo_users(db):
    """The demo's users, made by the demo's own code (over the demo's actors, without its assessments)."""
    from assay.web.demo.loader import load_demo_actors, load_demo_users

    return load_demo_users(None, load_demo_actors(None))


def _dispose_and_hide(client, comment) -> int:
    url = reverse("admin:consultation_comment_change", args=[comment.pk])
    data = admin_form(client, url)
    data.update({"hidden_reason": "Names a person.", "disposition-0-decision": "accepted",
                 "disposition-0-response_en": "The threshold is raised in 0.3."})
    return client.post(url, data).status_code


def test_the_demo_secretariat_records_a_disposition_and_hides_a_comment_in_the_admin(client, demo_users, comment):
    secretariat = demo_users["secretariat"]
    client.force_login(secretariat)
    assert _dispose_and_hide(client, comment) == 302
    comment.refresh_from_db()
    assert comment.hidden_at is not None and comment.hidden_reason == "Names a person."
    assert Disposition.objects.get(comment=comment).decision == "accepted"
    actions = set(AuditRecord.objects.filter(user=secretariat).values_list("action", flat=True))
    assert {"comment_hide", "comment_dispose"} <= actions


def test_a_committee_member_can_neither_dispose_nor_hide(client, comment):
    member = UserFactory(username="jury", email="j@example.org", groups=[roles.COMMITTEE.group])
    client.force_login(member)
    url = reverse("admin:consultation_comment_change", args=[comment.pk])
    response = client.post(url, {"hidden_reason": "x", "disposition-TOTAL_FORMS": "1",
                                 "disposition-INITIAL_FORMS": "0", "disposition-0-decision": "accepted",
                                 "disposition-0-response_en": "r"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    comment.refresh_from_db()
    assert comment.hidden_at is None and not Disposition.objects.exists()
    assert not member.has_perm("consultation.dispose_comment") and not member.has_perm("consultation.hide_comment")
    assert member.has_perm("reporting.read_shortlists")


def test_a_facilitator_enters_a_pilot_site_event(client, comment):
    facilitator = UserFactory(username="ngo", email="ngo@example.org", groups=[roles.FACILITATOR.group])
    client.force_login(facilitator)
    url = reverse("consultation:events", args=[comment.response.round_id])
    assert client.get(url).status_code == 200
    form = {"place": "Kamituga", "held_on": TODAY.isoformat(), "facilitator": "FEC Sud-Kivu", "language": "sw",
            "n_asm_women": "7", "n_asm_men": "5"}
    assert client.post(url, form).status_code == 302
    event = PilotEvent.objects.get()
    assert event.place == "Kamituga" and AuditRecord.objects.filter(user=facilitator, action="event_create").exists()


def test_a_member_without_a_role_may_not_enter_events(client, comment, member):
    client.force_login(member)
    assert client.get(reverse("consultation:events", args=[comment.response.round_id])).status_code == 403


def test_every_group_holds_exactly_the_permissions_of_its_role():
    groups = [r for r in roles.ROLES if r.group]
    assert {r.group for r in groups} >= {"Secretariat", "Assessors", "Committee"}  # names already in use
    for role in groups:
        held = {f"{p.content_type.app_label}.{p.codename}"
                for p in Group.objects.get(name=role.group).permissions.select_related("content_type")}
        assert held == roles.resolve(role), f"{role.group}: add a migration that calls roles.sync_groups"


def test_the_secretariat_never_changes_immutable_or_audit_records():
    held = roles.resolve(roles.SECRETARIAT)
    for model in ("audit.auditrecord", "accounts.restrictedread", "standards.standardversion", "assessments.score",
                  "assessments.assessment", "auth.user", "auth.group"):
        app, name = model.split(".")
        assert {f"{app}.{verb}_{name}" for verb in ("add", "change", "delete")}.isdisjoint(held), model
    assert "otp_totp.view_totpdevice" not in held  # the admin would show every authenticator's key


def test_every_role_is_described_and_member_roles_match_the_registry():
    from assay.registry.models import MemberRole

    assert {r.key for r in roles.ROLES if r.carried_by == "membership"} == {f"member_{v}" for v in MemberRole.values}
    assert all(str(r.label) and str(r.may) for r in roles.ROLES)


def test_the_migration_creates_the_groups_on_an_empty_database(tmp_path):
    db = tmp_path / "empty.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT g.name, ct.app_label || '.' || p.codename FROM auth_group g "
                            "JOIN auth_group_permissions gp ON gp.group_id = g.id "
                            "JOIN auth_permission p ON p.id = gp.permission_id "
                            "JOIN django_content_type ct ON ct.id = p.content_type_id").fetchall()
        names = {n for (n,) in conn.execute("SELECT name FROM auth_group")}
    assert names == {r.group for r in roles.ROLES if r.group}
    by_group: dict[str, set[str]] = {}
    for name, perm in rows:
        by_group.setdefault(name, set()).add(perm)
    for role in roles.ROLES:
        if role.group:
            assert by_group.get(role.group, set()) == roles.resolve(role), role.group


def test_the_secretariat_grants_memberships_but_never_to_itself(client, demo_users):
    from assay.registry.models import Actor, Membership

    secretariat, trader = demo_users["secretariat"], demo_users["trader"]
    actor = Actor.objects.filter(role="producer").exclude(memberships__user=trader).first()
    client.force_login(secretariat)
    url = reverse("admin:registry_membership_add")
    refused = client.post(url, {"user": secretariat.pk, "actor": actor.pk, "role": "admin"})
    assert refused.status_code == 200 and not Membership.objects.filter(user=secretariat).exists()
    assert client.post(url, {"user": trader.pk, "actor": actor.pk, "role": "viewer"}).status_code == 302
    granted = Membership.objects.get(user=trader, actor=actor)
    assert AuditRecord.objects.filter(user=secretariat, action="admin_add", object_id=str(granted.pk)).exists()
    # Nor does it give itself, or anyone, a role: users and groups are the superuser's.
    group_url = reverse("admin:auth_user_change", args=[secretariat.pk])
    response = client.post(group_url, {"username": "secretariat", "groups": [Group.objects.get(name="Committee").pk]})
    assert response.status_code == 403 and not secretariat.groups.filter(name="Committee").exists()


def test_the_secretariat_opens_the_admin_form_of_everything_it_runs(client, demo_users):
    from django.apps import apps
    from django.contrib import admin

    secretariat = demo_users["secretariat"]
    client.force_login(secretariat)
    request = type("R", (), {"user": secretariat})()
    opened = []
    for perm in sorted(roles.resolve(roles.SECRETARIAT)):
        app, codename = perm.split(".")
        if not codename.startswith("add_"):
            continue
        model = apps.get_model(app, codename.removeprefix("add_"))
        model_admin = admin.site._registry.get(model)
        if model_admin is None or not model_admin.has_add_permission(request):
            continue  # added on its own page (pilot-site events) or only inline (questions)
        assert client.get(reverse(f"admin:{app}_{model._meta.model_name}_add")).status_code == 200, perm
        opened.append(model._meta.model_name)
    assert {"round", "partner", "contact", "emailtemplate", "cahraarea", "membership"} <= set(opened)
