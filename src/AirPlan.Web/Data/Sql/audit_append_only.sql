-- History must not be rewritten, not even by a bug in the app: refuse UPDATE, DELETE and TRUNCATE on audit rows.
--
-- Embedded in the assembly and applied by migrations (docs/decisions/008-sql-in-files.md); idempotent, so a change is an
-- edit here plus a migration that applies the file again.

CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '操作记录只能追加，不能修改或删除';
END $$;

DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();

-- TRUNCATE fires no row triggers, so it needs a statement trigger of its own; without it one statement empties the history.
DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
