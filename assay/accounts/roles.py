"""The roles the field has, as data: what each may do, and the group (with its model permissions) that carries it.

Groups are created and kept in step by migrations that call `sync_groups` (accounts 0002 first): change this data,
then add a migration that calls it again. Member roles (admin, editor, viewer) are per-actor Membership rows, not
groups, and a partner organisation's contact is an address, not a sign-in; they are described here so that one
table names every role (README, Deploying). What pages and admin actions ask is in assay.accounts.rules.
"""

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    key: str
    label: str | Promise
    may: str | Promise  # what the role may do, for the docs and the admin
    carried_by: str = "group"  # "group", "membership" (per actor) or "contact" (no sign-in)
    group: str = ""  # the auth group's name, for roles carried by a group
    # Model permissions as "app_label.codename"; "app_label.view_*" stands for every view permission of the app.
    permissions: tuple[str, ...] = field(default=())


# The secretariat reads everything in the admin except sign-in secrets (authenticator keys, sessions, tasks).
_SECRETARIAT_READS = tuple(f"{app}.view_*" for app in (
    "auth", "axes", "audit", "accounts", "disclosure", "standards", "registry", "assessments", "consultation",
    "outreach", "governance", "reporting", "simulation"))
# What it runs. Never a change to published versions (immutable), audit records, the restricted-read log,
# assessments and scores (their own services), users or groups (nobody grants themselves a role).
_SECRETARIAT_RUNS = (
    "consultation.add_round", "consultation.change_round", "consultation.add_question", "consultation.change_question",
    "consultation.change_comment",  # hiding a comment, with a reason; comments are never deleted
    "consultation.add_disposition", "consultation.change_disposition",
    "consultation.add_pilotevent", "consultation.add_invitation",
    "outreach.add_partner", "outreach.change_partner", "outreach.add_contact", "outreach.change_contact",
    "outreach.add_emailtemplate", "outreach.change_emailtemplate",
    "outreach.add_mailinglist", "outreach.change_mailinglist", "outreach.add_subscription",
    "registry.add_cahraarea", "registry.change_cahraarea",
    # The secretariat grants memberships (DESIGN §5), so it also withdraws them.
    "registry.add_membership", "registry.change_membership", "registry.delete_membership",
)

SECRETARIAT = Role(
    "secretariat", _("Secretariat"),
    _("Runs consultations (rounds, questions, reviewers, dispositions, hiding comments with a reason), outreach "
      "(partners, contacts, lists, templates, mailings), the CAHRA list and memberships; starts third-party "
      "assessments and assigns assessors; verifies assessments; freezes award shortlists; reads every record in "
      "the administration, the audit trail and the restricted-read log."),
    group="Secretariat", permissions=_SECRETARIAT_READS + _SECRETARIAT_RUNS)
COMMITTEE = Role(
    "committee", _("Standards committee member"),
    _("Reads award shortlists and their evidence; sees what the committee's standing allows (DESIGN §5)."),
    group="Committee")
ASSESSOR = Role(
    "assessor", _("Assessor"),
    _("Fills the third-party assessments the secretariat assigned to them, reviews assigned assessments that "
      "someone else submitted, and reads those assessments' data; signs in with a second factor."),
    group="Assessors")
FACILITATOR = Role(
    "facilitator", _("Facilitator"),
    _("Runs pilot-site events: records an event with its attendance, enters paper answer sheets and imports "
      "XLSForm submissions for it."),
    group="Facilitators", permissions=("consultation.add_pilotevent",))
PARTNER_CONTACT = Role(
    "partner_contact", _("Partner organisation contact"),
    _("Receives mailings and distribution packages in their language, subscribes and unsubscribes through their "
      "own links; has no sign-in."),
    carried_by="contact")
MEMBER_ADMIN = Role(
    "member_admin", _("Member: admin"),
    _("For one actor: fills and submits its assessments like an editor, and chooses how far its data is open to "
      "others."),
    carried_by="membership")
MEMBER_EDITOR = Role(
    "member_editor", _("Member: editor"),
    _("For one actor: fills and submits its self-assessments (and, for a buyer, second-party assessments of its "
      "suppliers) and reads all its data."),
    carried_by="membership")
MEMBER_VIEWER = Role(
    "member_viewer", _("Member: viewer"), _("For one actor: reads all its data, changes nothing."),
    carried_by="membership")

ROLES = (SECRETARIAT, COMMITTEE, ASSESSOR, FACILITATOR, PARTNER_CONTACT, MEMBER_ADMIN, MEMBER_EDITOR, MEMBER_VIEWER)


def resolve(role: Role, apps: Any = None) -> set[str]:
    """The role's model permissions as "app_label.codename", patterns expanded over the permissions that exist."""
    if apps is None:
        from django.apps import apps
    Permission = apps.get_model("auth", "Permission")
    existing = {f"{a}.{c}" for a, c in Permission.objects.values_list("content_type__app_label", "codename")}
    wanted = set()
    for name in role.permissions:
        if "*" in name:
            wanted |= {p for p in existing if fnmatchcase(p, name)}
        elif name in existing:
            wanted.add(name)
        else:
            raise LookupError(f"{role.key}: no permission {name}")
    return wanted


def sync_groups_in_migration(apps: Any) -> None:
    """`sync_groups` from a data migration. Permissions are normally created after the last migration
    (post_migrate); they are created first, so that the migration works on an empty database too."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_groups(apps)


def sync_groups(apps: Any = None) -> None:
    """Create every role's group and give it exactly the role's permissions (from a migration: pass its apps)."""
    if apps is None:
        from django.apps import apps
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    for role in ROLES:
        if not role.group:
            continue
        group, _created = Group.objects.get_or_create(name=role.group)
        names = resolve(role, apps)
        perms = [p for p in Permission.objects.select_related("content_type")
                 if f"{p.content_type.app_label}.{p.codename}" in names]
        group.permissions.set(perms)

SECRETARIAT_GROUP, ASSESSORS_GROUP, COMMITTEE_GROUP = SECRETARIAT.group, ASSESSOR.group, COMMITTEE.group


def groups_of(user: Any) -> set[str]:
    """The names of the user's groups, read once per request (cached on the user object)."""
    cache = getattr(user, "_assay_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._assay_groups = cache
    return cache


def is_secretariat(user: Any) -> bool:
    """Staff count as the secretariat, as the disclosure policy has it."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or SECRETARIAT_GROUP in groups_of(user)))
