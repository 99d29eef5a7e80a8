-- Unit facts (docs/decisions/036-unit-facts.md): unit_facts keeps, per date, the dashboard roll-up counts of each plan's
-- units so a province's breakdowns add up kept rows instead of grouping its 89k facts on every uncached view. The counts are
-- written only by the app (RollupQueries, from the roll-ups' one GROUP BY); these triggers only say which plans' rows no
-- longer hold: whenever assignment_facts rows are written (a build, a refresh after a write, a drop), the plan is marked
-- stale and the next reader of that date counts it again.
--
-- Embedded in the assembly and applied by the migration that adds the tables (ADR 008); idempotent.

CREATE OR REPLACE FUNCTION unit_facts_on_assignment_facts() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO unit_facts_stale (as_of, from_history, plan_id)
        SELECT DISTINCT as_of, from_history, plan_id FROM old_rows
        ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO unit_facts_stale (as_of, from_history, plan_id)
        SELECT DISTINCT as_of, from_history, plan_id FROM new_rows
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$fn$;

-- A dropped snapshot (a past live day, an evicted as-of date) takes its unit rows and stale marks with it.
CREATE OR REPLACE FUNCTION unit_facts_on_fact_snapshots() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM unit_facts u USING old_rows o
    WHERE u.plan_id = o.plan_id AND u.as_of = o.as_of AND u.from_history = o.from_history;
    DELETE FROM unit_facts_stale s USING old_rows o
    WHERE s.plan_id = o.plan_id AND s.as_of = o.as_of AND s.from_history = o.from_history;
    RETURN NULL;
END
$fn$;

DROP TRIGGER IF EXISTS unit_facts_insert ON assignment_facts;
CREATE TRIGGER unit_facts_insert AFTER INSERT ON assignment_facts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION unit_facts_on_assignment_facts();

DROP TRIGGER IF EXISTS unit_facts_update ON assignment_facts;
CREATE TRIGGER unit_facts_update AFTER UPDATE ON assignment_facts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION unit_facts_on_assignment_facts();

DROP TRIGGER IF EXISTS unit_facts_delete ON assignment_facts;
CREATE TRIGGER unit_facts_delete AFTER DELETE ON assignment_facts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION unit_facts_on_assignment_facts();

DROP TRIGGER IF EXISTS unit_facts_delete ON fact_snapshots;
CREATE TRIGGER unit_facts_delete AFTER DELETE ON fact_snapshots REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION unit_facts_on_fact_snapshots();

-- Facts already built when this is applied: their plans are counted by the first reader of each date.
INSERT INTO unit_facts_stale (as_of, from_history, plan_id)
SELECT as_of, from_history, plan_id FROM fact_snapshots
ON CONFLICT DO NOTHING;
