"""Who may do what with the body's record: the secretariat records; the committee and the secretariat read what
is internal (minutes items kept internal, action items, declared interests)."""

import rules

from assay.accounts.rules import is_committee, is_secretariat

PERMISSIONS = {
    "governance.record": is_secretariat,
    "governance.read_internal": is_secretariat | is_committee,
}


def register() -> None:
    for name, predicate in PERMISSIONS.items():
        if not rules.perm_exists(name):
            rules.add_perm(name, predicate)
