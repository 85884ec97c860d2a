"""Who may do what, by role: `rules` predicates over group membership, and the named permissions that pages, the
API and admin actions ask (`user.has_perm("consultation.dispose_comment")`).

What a role may *see* of an actor's data is the disclosure policy's (assay.domain.disclosure, through
assay.disclosure.access); these permissions gate actions and role-only pages. The roles themselves, with the model
permissions of their groups, are data in assay.accounts.roles.
"""

from typing import Any

import rules

from . import roles


@rules.predicate
def is_secretariat(user: Any) -> bool:
    return roles.is_secretariat(user)


@rules.predicate
def is_committee(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and roles.COMMITTEE.group in roles.groups_of(user))


@rules.predicate
def is_assessor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and roles.ASSESSOR.group in roles.groups_of(user))


@rules.predicate
def is_facilitator(user: Any) -> bool:
    # The group, or the model permission granted to one person (how facilitators were named before the group).
    return bool(getattr(user, "is_authenticated", False)
                and (roles.FACILITATOR.group in roles.groups_of(user) or user.has_perm("consultation.add_pilotevent")))


# Whoever holds a privileged role confirms a one-time code after the password.
needs_second_factor = rules.is_staff | rules.is_superuser | is_secretariat | is_assessor

PERMISSIONS = {
    # Consultation: moderation and dispositions are the secretariat's; events are run by facilitators too.
    "consultation.dispose_comment": is_secretariat,
    "consultation.hide_comment": is_secretariat,
    "consultation.redact_comment": is_secretariat,
    # Flagged (likely scripted) and disowned responses are the secretariat's to review.
    "consultation.review_responses": is_secretariat,
    "consultation.run_events": is_secretariat | is_facilitator,
    # Which accounts may send an event's answers from ODK Collect: the secretariat links them, nobody links oneself.
    "consultation.assign_facilitators": is_secretariat,
    # Outreach desk: lists, mailings, partner packages.
    "outreach.use_desk": is_secretariat,
    # Reporting: award shortlists are taken by the secretariat and read by the committee.
    "reporting.read_shortlists": is_secretariat | is_committee,
    "reporting.freeze_shortlist": is_secretariat,
    "reporting.view_secretariat_dashboard": is_secretariat,
    "reporting.see_excluded_names": is_secretariat,
    # Awards: the secretariat makes awards and seats their juries; jurors act by their seat (assay.awards.services).
    "awards.manage_awards": is_secretariat,
    # Assessments: the secretariat reviews any submitted assessment (an assessor, those assigned to them).
    "assessments.review_any": is_secretariat,
    # Simulation of a draft's rules: the committee and the secretariat run and read them; names of actors, a single
    # actor's move and attaching a public summary to a round are the secretariat's (it reads every record).
    "simulation.run_simulations": is_secretariat | is_committee,
    "simulation.see_names": is_secretariat,
    "simulation.attach_summary": is_secretariat,
    # Standards: drafts are the staff's working copies.
    "standards.read_drafts": rules.is_staff,
}
for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
