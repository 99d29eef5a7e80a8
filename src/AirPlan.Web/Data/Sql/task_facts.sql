-- Task facts (docs/decisions/030-task-facts.md): task_facts keeps, per date, each task's counts over its assignment_facts rows
-- so the grouped task list and the dashboard's 任务 figures need not group a province's 89k facts on every request. The counts
-- are written only by the app (TaskSnapshots, from StatusEngine's one per-task query); these triggers only say which tasks'
-- rows no longer hold: whenever assignment_facts rows are written (a build, a refresh after a write, a drop), the tasks'
-- task_facts rows go and the tasks are marked stale, and the next reader of that date counts them again.
--
-- Embedded in the assembly and applied by the migration that adds the tables (ADR 008); idempotent.

CREATE OR REPLACE FUNCTION task_facts_on_assignment_facts() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        DELETE FROM task_facts t USING (SELECT DISTINCT as_of, from_history, task_id FROM old_rows) o
        WHERE t.as_of = o.as_of AND t.from_history = o.from_history AND t.task_id = o.task_id;
        INSERT INTO task_facts_stale (as_of, from_history, task_id)
        SELECT DISTINCT as_of, from_history, task_id FROM old_rows
        ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        DELETE FROM task_facts t USING (SELECT DISTINCT as_of, from_history, task_id FROM new_rows) n
        WHERE t.as_of = n.as_of AND t.from_history = n.from_history AND t.task_id = n.task_id;
        INSERT INTO task_facts_stale (as_of, from_history, task_id)
        SELECT DISTINCT as_of, from_history, task_id FROM new_rows
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$fn$;

-- A dropped snapshot (a past live day, an evicted as-of date) takes its task rows and stale marks with it.
CREATE OR REPLACE FUNCTION task_facts_on_fact_snapshots() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM task_facts t USING old_rows o
    WHERE t.plan_id = o.plan_id AND t.as_of = o.as_of AND t.from_history = o.from_history;
    DELETE FROM task_facts_stale s USING old_rows o, tasks k
    WHERE k.id = s.task_id AND k.plan_id = o.plan_id AND s.as_of = o.as_of AND s.from_history = o.from_history;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS task_facts_insert ON assignment_facts;
CREATE TRIGGER task_facts_insert AFTER INSERT ON assignment_facts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION task_facts_on_assignment_facts();

DROP TRIGGER IF EXISTS task_facts_update ON assignment_facts;
CREATE TRIGGER task_facts_update AFTER UPDATE ON assignment_facts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION task_facts_on_assignment_facts();

DROP TRIGGER IF EXISTS task_facts_delete ON assignment_facts;
CREATE TRIGGER task_facts_delete AFTER DELETE ON assignment_facts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION task_facts_on_assignment_facts();

DROP TRIGGER IF EXISTS task_facts_delete ON fact_snapshots;
CREATE TRIGGER task_facts_delete AFTER DELETE ON fact_snapshots REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION task_facts_on_fact_snapshots();
