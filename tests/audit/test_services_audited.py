"""Every state change is one audited service: each public service function (atomic, or named like one) must call
audit_record, directly or through a helper of its own module that does. Exceptions are listed with a reason."""

import ast
import inspect
from pathlib import Path

import pytest

import assay

ROOT = Path(assay.__file__).parent
SERVICE_NAME = ("_create", "_save", "_add", "_delete", "_submit", "_start", "_import", "_apply", "_confirm",
                "_cancel", "_freeze", "_publish", "_retire", "_derive", "_invite", "_dispose", "_hide", "_enter",
                "_review", "_correct", "_verify", "_choose", "_send", "_request", "_open")
# Functions that change state without their own record, and why.
EXCEPTIONS = {
    "consultation.response_save": "a respondent's draft answers, private to them until response_submit audits it",
    "consultation.comments_group": "derived data: the near-duplicate group of each new comment, computed from the "
                                   "stored texts after an audited submission; comments_regroup, audited, rebuilds it",
    "outreach.link_click": "a click counter on a tracked link; logging each click would log readers",
    "assessments.reminders_send": "the daily job only writes notifications, each keyed by its item and due date, "
                                  "which are their own record; it changes no data",
    "governance.action_reminders_send": "the daily job that tells owners of action items due or overdue: only "
                                        "notifications, each keyed by its item and due date; it changes no data",
}


def _decorated_atomic(node: ast.FunctionDef) -> bool:
    return any("atomic" in ast.unparse(d) for d in node.decorator_list)


def _calls(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            f = call.func
            names.add(f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else "")
    return names


def _audited(name: str, functions: dict[str, ast.FunctionDef], seen: set[str] | None = None) -> bool:
    seen = seen or set()
    seen.add(name)
    called = _calls(functions[name])
    if "audit_record" in called:
        return True
    return any(_audited(c, functions, seen) for c in called if c in functions and c not in seen)


def service_functions() -> dict[str, bool]:
    """Every public service function of every app → whether it writes an audit record."""
    out = {}
    for path in sorted(ROOT.glob("*/services.py")):
        tree = ast.parse(path.read_text())
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for name, node in functions.items():
            if name.startswith("_"):
                continue
            if _decorated_atomic(node) or name.endswith(SERVICE_NAME):
                out[f"{path.parent.name}.{name}"] = _audited(name, functions)
    return out


def test_the_check_finds_the_services():
    found = service_functions()
    assert {"consultation.comment_dispose", "registry.actor_create", "disclosure.disclosure_choose",
            "standards.version_publish", "reporting.shortlist_freeze"} <= set(found)
    assert len(found) > 30


def test_every_service_function_writes_an_audit_record():
    found = service_functions()
    unaudited = {name for name, audited in found.items() if not audited} - set(EXCEPTIONS)
    assert unaudited == set(), "call audit_record in these services, or list them in EXCEPTIONS with a reason"
    stale = {name for name in EXCEPTIONS if found.get(name, True)}
    assert stale == set(), "an exception names a function that is no longer an unaudited service"


def test_the_audit_record_helper_is_what_they_call():
    from assay.audit import services

    assert "audit_record" in dict(inspect.getmembers(services, inspect.isfunction))


def test_an_action_outside_the_enum_is_refused_and_writes_nothing(db):
    from assay.audit.models import AuditAction, AuditRecord
    from assay.audit.services import audit_record
    from assay.registry.models import Actor

    actor = Actor.objects.create(name="A", slug="a", role="producer", country="CD")
    with pytest.raises(ValueError):
        audit_record(None, "made_up_action", actor)
    assert not AuditRecord.objects.exists()
    assert audit_record(None, AuditAction.CAHRA_IMPORT, actor).action == "cahra_import"


def _public_services() -> dict[str, ast.FunctionDef]:
    found = {}
    for path in sorted(ROOT.glob("*/services.py")):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and _decorated_atomic(node):
                found[f"{path.parent.name}.{node.name}"] = node
    return found


def test_every_public_service_is_a_durable_transaction_with_keyword_only_typed_arguments():
    """A public service commits when it returns (durable: no caller's transaction can hold or undo it), and is
    called with named, typed arguments; work shared between services goes through private helpers."""
    found = _public_services()
    assert len(found) > 30
    not_durable = {n for n, f in found.items()
                   if not any(ast.unparse(d) == "transaction.atomic(durable=True)" for d in f.decorator_list)}
    positional = {n for n, f in found.items() if f.args.posonlyargs or f.args.args or f.args.vararg}
    untyped = {n for n, f in found.items()
               if f.returns is None or any(a.annotation is None for a in f.args.kwonlyargs)}
    assert (not_durable, positional, untyped) == (set(), set(), set())
    acting = {n for n, f in found.items() if f.args.kwonlyargs and f.args.kwonlyargs[0].arg == "actor"}
    assert all(ast.unparse(found[n].args.kwonlyargs[0].annotation) in ("User", "User | None") for n in acting)
    # who acts, what is assessed, on which version: never an Any
    named = ("actor", "organisation", "assessor", "version", "site", "invitation")
    typed_any = {f"{n}({a.arg})" for n, f in found.items() for a in f.args.kwonlyargs
                 if a.arg in named and "Any" in ast.unparse(a.annotation)}
    assert typed_any == set()
