"""Database triggers that count every change of a round's structure in `consultation_round.structure_version`:
any update of the round's row, and any question of the round added, changed or removed, whether through the ORM,
a bulk update or raw SQL. The submission API's per-process cache of a round's structure (structure.py) is keyed on
this number, so it is never stale.

The counter only grows: an update of the round sets it to the old value plus one whatever the update wrote (a
form that loaded the round before a question changed cannot set it back). SQLite drops a table's triggers when a
migration rebuilds the table: a migration that alters `consultation_round` or `consultation_question` on SQLite
must call install() again (tests/consultation/test_structure_cache.py fails if the triggers are missing).
"""

from typing import Any

ROUND = "consultation_round"
QUESTION = "consultation_question"
BUMP = f"UPDATE {ROUND} SET structure_version = structure_version + 1 WHERE id"


def install(apps: Any, schema_editor: Any) -> None:
    uninstall(apps, schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"""
            CREATE FUNCTION {ROUND}_structure_round() RETURNS trigger AS $$
            BEGIN NEW.structure_version := OLD.structure_version + 1; RETURN NEW; END $$ LANGUAGE plpgsql""")
        schema_editor.execute(f"""
            CREATE FUNCTION {QUESTION}_structure() RETURNS trigger AS $$
            BEGIN
              IF TG_OP <> 'INSERT' THEN {BUMP} = OLD.round_id; END IF;
              IF TG_OP <> 'DELETE' THEN {BUMP} = NEW.round_id; END IF;
              RETURN NULL;
            END $$ LANGUAGE plpgsql""")
        schema_editor.execute(f"CREATE TRIGGER {ROUND}_structure BEFORE UPDATE ON {ROUND} "
                              f"FOR EACH ROW EXECUTE FUNCTION {ROUND}_structure_round()")
        schema_editor.execute(f"CREATE TRIGGER {QUESTION}_structure AFTER INSERT OR UPDATE OR DELETE ON {QUESTION} "
                              f"FOR EACH ROW EXECUTE FUNCTION {QUESTION}_structure()")
    elif vendor == "sqlite":  # recursive triggers are off: the inner UPDATE fires no trigger again
        schema_editor.execute(f"CREATE TRIGGER {ROUND}_structure AFTER UPDATE ON {ROUND} "
                              f"BEGIN UPDATE {ROUND} SET structure_version = OLD.structure_version + 1 "
                              f"WHERE id = NEW.id; END")
        schema_editor.execute(f"CREATE TRIGGER {QUESTION}_structure_ins AFTER INSERT ON {QUESTION} "
                              f"BEGIN {BUMP} = NEW.round_id; END")
        schema_editor.execute(f"CREATE TRIGGER {QUESTION}_structure_upd AFTER UPDATE ON {QUESTION} "
                              f"BEGIN {BUMP} IN (OLD.round_id, NEW.round_id); END")
        schema_editor.execute(f"CREATE TRIGGER {QUESTION}_structure_del AFTER DELETE ON {QUESTION} "
                              f"BEGIN {BUMP} = OLD.round_id; END")


def uninstall(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {ROUND}_structure ON {ROUND}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {QUESTION}_structure ON {QUESTION}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {ROUND}_structure_round()")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {QUESTION}_structure()")
    elif vendor == "sqlite":
        for name in (f"{ROUND}_structure", *(f"{QUESTION}_structure_{op}" for op in ("ins", "upd", "del"))):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
