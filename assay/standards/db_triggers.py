"""Database triggers that keep a published version immutable even for writes that bypass the ORM.

The models already refuse such changes with a clear message; these triggers are the last line, for raw SQL,
bulk tools and future code. A migration that adds columns to StandardVersion must call install() again, since
the SQLite trigger lists the columns it protects.
"""

from typing import Any

FROZEN = "('published', 'retired')"
MESSAGE = "assay: a published standard version is immutable"
CONTENT_TABLES = ("standards_module", "standards_criterion", "standards_level")
VERSION_TABLE = "standards_standardversion"
VERSION_MUTABLE = ("status", "retired_at")


def _version_columns(schema_editor: Any) -> list[str]:
    with schema_editor.connection.cursor() as cursor:
        return [c.name for c in schema_editor.connection.introspection.get_table_description(cursor, VERSION_TABLE)]


def install(apps: Any, schema_editor: Any) -> None:
    uninstall(apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        _install_postgresql(schema_editor)
    elif schema_editor.connection.vendor == "sqlite":
        _install_sqlite(schema_editor)


def uninstall(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for table in (*CONTENT_TABLES, VERSION_TABLE):
        for op in ("ins", "upd", "del"):
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen_{op} ON {table}")
            elif vendor == "sqlite":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen_{op}")


def _install_sqlite(schema_editor: Any) -> None:
    def status(ref: str) -> str:
        return f"(SELECT status FROM {VERSION_TABLE} WHERE id = {ref}.version_id) IN {FROZEN}"

    abort = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for table in CONTENT_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_frozen_ins BEFORE INSERT ON {table} WHEN {status('NEW')} {abort}"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_frozen_upd BEFORE UPDATE ON {table} "
            f"WHEN {status('OLD')} OR {status('NEW')} {abort}"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_frozen_del BEFORE DELETE ON {table} WHEN {status('OLD')} {abort}"
        )
    same = " AND ".join(
        f'OLD."{c}" IS NEW."{c}"' for c in _version_columns(schema_editor) if c not in VERSION_MUTABLE
    )
    allowed = f"((OLD.status = 'published' AND NEW.status IN {FROZEN}) OR NEW.status = 'retired')"
    schema_editor.execute(
        f"CREATE TRIGGER {VERSION_TABLE}_frozen_upd BEFORE UPDATE ON {VERSION_TABLE} "
        f"WHEN OLD.status IN {FROZEN} AND NOT ({allowed} AND {same}) {abort}"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {VERSION_TABLE}_frozen_del BEFORE DELETE ON {VERSION_TABLE} "
        f"WHEN OLD.status IN {FROZEN} {abort}"
    )


def _install_postgresql(schema_editor: Any) -> None:
    schema_editor.execute(f"""
        CREATE OR REPLACE FUNCTION assay_refuse_frozen_content() RETURNS trigger AS $$
        BEGIN
            IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM {VERSION_TABLE} WHERE id = OLD.version_id
                                                AND status IN {FROZEN}))
               OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM {VERSION_TABLE} WHERE id = NEW.version_id
                                                AND status IN {FROZEN})) THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""")
    mutable = " - ".join(f"'{c}'" for c in VERSION_MUTABLE)
    schema_editor.execute(f"""
        CREATE OR REPLACE FUNCTION assay_refuse_frozen_version() RETURNS trigger AS $$
        BEGIN
            IF OLD.status IN {FROZEN} THEN
                IF TG_OP = 'DELETE'
                   OR NOT ((OLD.status = 'published' AND NEW.status IN {FROZEN}) OR NEW.status = 'retired')
                   OR (to_jsonb(OLD) - {mutable}) IS DISTINCT FROM (to_jsonb(NEW) - {mutable}) THEN
                    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
                END IF;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""")
    for table in CONTENT_TABLES:
        for op, event in (("ins", "INSERT"), ("upd", "UPDATE"), ("del", "DELETE")):
            schema_editor.execute(
                f"CREATE TRIGGER {table}_frozen_{op} BEFORE {event} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION assay_refuse_frozen_content()"
            )
    for op, event in (("upd", "UPDATE"), ("del", "DELETE")):
        schema_editor.execute(
            f"CREATE TRIGGER {VERSION_TABLE}_frozen_{op} BEFORE {event} ON {VERSION_TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION assay_refuse_frozen_version()"
        )
