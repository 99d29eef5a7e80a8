-- The assignment facts: the status-model rules (docs/status-model.md) as one set-based function, and the triggers that keep
-- built snapshots current when work is recorded (docs/decisions/007-assignment-facts.md).
--
-- Embedded in the assembly and applied by migrations (docs/decisions/008-sql-in-files.md). Every statement is idempotent, so
-- the file can be applied again at any time: to change a rule, edit this file and add a migration whose Up is only
--     migrationBuilder.Sql(SqlScripts.Read(SqlScripts.AssignmentFacts));
-- The file always holds the current rules; the diff of this file is what a reviewer reads.
-- CREATE OR REPLACE cannot change a function's arguments or result columns: when they change, that migration first drops
-- the old function (DROP FUNCTION name(old argument types)).

CREATE OR REPLACE FUNCTION assignment_facts_compute(
    p_as_of date, p_end timestamptz, p_history boolean,
    p_quarter_key text, p_quarter_end timestamptz, p_month_key text, p_month_end timestamptz,
    p_plans integer[], p_ids integer[])
RETURNS TABLE (assignment_id integer, plan_id integer, task_id integer, unit_id integer, role varchar(32), status varchar(32),
               first_missed_due date, next_due date, report_missing boolean, counted boolean,
               completed_on date, completed_late_days integer, last_report_at timestamptz)
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
    -- EXECUTE plans with the actual arguments; a cached generic plan guesses a handful of rows and nests loops over 89k.
    -- $1 as-of date, $2 end of that day, $3 from history, $4/$5 last closed quarter key/end, $6/$7 last closed month
    -- key/end, $8 plans, $9 assignment ids (NULL = all of the plans).
    RETURN QUERY EXECUTE $q$
WITH s AS (
    -- An assignment exists from its plan's issue date (印发日期), not from the day the document was typed in: work the plan
    -- gave a unit is owed from then, and with no record it is 未启动 from then (ADR 013). starts_at is the issue day's first
    -- instant, counted back from the end of the as-of day ($2) in whole days so that it is in the offices' zone.
    -- Closed (已撤销) assignments exist on no date: a correction says the import was wrong (ADR 012).
    SELECT a.id, a.task_id, a.unit_id, a.role, a.status AS live_status, t.plan_id,
           CASE WHEN p.issued_on IS NULL THEN a.created_at
                ELSE least(a.created_at, $2 - (($1 + 1) - p.issued_on) * interval '1 day') END AS starts_at,
           p.reporting_cycle = 'Monthly' AS monthly
    FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = t.plan_id
    WHERE t.plan_id = ANY ($8) AND ($9 IS NULL OR a.id = ANY ($9)) AND a.closed_at IS NULL
      AND (a.created_at < $2 OR p.issued_on <= $1)
), history AS (
    -- status at the end of the as-of day, for past dates only (today reads the live column): the latest change before it
    SELECT DISTINCT ON (c.assignment_id) c.assignment_id, c.status
    FROM status_changes c JOIN s ON s.id = c.assignment_id
    WHERE $3 AND c.changed_at < $2
    ORDER BY c.assignment_id, c.changed_at DESC, c.id DESC
), done_by_period_end AS (
    -- 已完成 at the end of the last closed reporting period: its latest change before then entered 已完成
    SELECT c.assignment_id
    FROM status_changes c JOIN s ON s.id = c.assignment_id
    WHERE c.status = 'Completed' AND c.changed_at < CASE WHEN s.monthly THEN $7 ELSE $5 END
      AND NOT EXISTS (SELECT 1 FROM status_changes later
                      WHERE later.assignment_id = c.assignment_id
                        AND later.changed_at < CASE WHEN s.monthly THEN $7 ELSE $5 END
                        AND (later.changed_at, later.id) > (c.changed_at, c.id))
), reported AS (
    SELECT DISTINCT r.assignment_id
    FROM progress_reports r JOIN s ON s.id = r.assignment_id
    WHERE r.period IN ($4, $6) AND r.reported_at < $2
      AND r.period = CASE WHEN s.monthly THEN $6 ELSE $4 END
), last_report AS (
    -- 最近报送: the latest report recorded by the end of the day. Kept here, beside the other verdicts, so the list sorts on a
    -- column instead of a correlated max over every report of a province (ADR 030); the progress_reports triggers refresh it.
    SELECT r.assignment_id, max(r.reported_at) AS reported_at
    FROM progress_reports r JOIN s ON s.id = r.assignment_id
    WHERE r.reported_at < $2
    GROUP BY r.assignment_id
), last_due AS (
    SELECT m.task_id, max(m.due_on) AS due_on FROM milestones m WHERE m.task_id IN (SELECT task_id FROM s) GROUP BY m.task_id
), timing AS (
    -- missed: a milestone before the date not reported done by then, or the last deadline passed (done or not);
    -- next: the earliest milestone from the date on not reported done by then
    SELECT s.id,
           min(m.due_on) FILTER (WHERE m.due_on < $1 AND (c.id IS NULL OR m.due_on = l.due_on)) AS first_missed,
           min(m.due_on) FILTER (WHERE m.due_on >= $1 AND c.id IS NULL) AS next_due
    FROM s JOIN milestones m ON m.task_id = s.task_id JOIN last_due l ON l.task_id = s.task_id
    LEFT JOIN checkpoints c ON c.assignment_id = s.id AND c.milestone_id = m.id AND c.recorded_at < $2
    GROUP BY s.id
), closing AS (
    -- tasks with a lead or implementing unit by then: their supporting units do not count toward 完成率
    SELECT DISTINCT a.task_id FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = t.plan_id
    WHERE a.task_id IN (SELECT task_id FROM s) AND a.role <> 'Supporting' AND a.closed_at IS NULL
      AND (a.created_at < $2 OR p.issued_on <= $1)
), completion AS (
    -- the day (in the offices' days, counted back from the end of the as-of day) of the change that made it 已完成: the latest
    -- change into 已完成 by then. 核验通过 is when offices count work done, so that is the day 逾期完成 is judged on.
    SELECT DISTINCT ON (c.assignment_id) c.assignment_id,
           $1 - floor(extract(epoch FROM $2 - c.changed_at) / 86400)::integer AS completed_on
    FROM status_changes c JOIN s ON s.id = c.assignment_id
    WHERE c.status = 'Completed' AND c.changed_at < $2
    ORDER BY c.assignment_id, c.changed_at DESC, c.id DESC
), facts AS (
    SELECT s.*, CASE WHEN $3 THEN coalesce(h.status, 'NotStarted') ELSE s.live_status END AS status_on
    FROM s LEFT JOIN history h ON h.assignment_id = s.id
)
SELECT f.id, f.plan_id, f.task_id, f.unit_id, f.role::varchar(32), f.status_on::varchar(32) AS status,
       CASE WHEN f.status_on <> 'Completed' THEN t.first_missed END AS first_missed_due,
       CASE WHEN f.status_on <> 'Completed' THEN t.next_due END AS next_due,
       f.starts_at < CASE WHEN f.monthly THEN $7 ELSE $5 END
           AND d.assignment_id IS NULL AND r.assignment_id IS NULL AS report_missing,
       f.role <> 'Supporting' OR cl.task_id IS NULL AS counted,
       CASE WHEN f.status_on = 'Completed' THEN co.completed_on END AS completed_on,
       -- 逾期完成: completed after the task's last deadline (its 完成时限), by that many days; a deadline met on its own day
       -- is on time, as it is not 逾期 that day. Set only while 已完成, so it never meets first_missed_due.
       CASE WHEN f.status_on = 'Completed' AND co.completed_on > ld.due_on THEN co.completed_on - ld.due_on END AS completed_late_days,
       lr.reported_at AS last_report_at
FROM facts f
LEFT JOIN timing t ON t.id = f.id
LEFT JOIN completion co ON co.assignment_id = f.id
LEFT JOIN last_due ld ON ld.task_id = f.task_id
LEFT JOIN done_by_period_end d ON d.assignment_id = f.id
LEFT JOIN reported r ON r.assignment_id = f.id
LEFT JOIN closing cl ON cl.task_id = f.task_id
LEFT JOIN last_report lr ON lr.assignment_id = f.id
$q$
    USING p_as_of, p_end, p_history, p_quarter_key, p_quarter_end, p_month_key, p_month_end, p_plans, p_ids;
END
$fn$;

CREATE OR REPLACE FUNCTION assignment_facts_refresh(p_ids integer[], p_since timestamptz) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
    s record;
BEGIN
    IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN RETURN; END IF;
    -- Shared with FactSnapshots' exclusive lock: a snapshot being built commits first (and this refresh then sees it), or
    -- waits until this transaction commits (and then computes from this change).
    PERFORM pg_advisory_xact_lock_shared(7262011);
    -- p_since: the earliest moment the change is dated at; snapshots of days that ended before it cannot be affected by it
    -- (past dates read only what was recorded before their end). Live snapshots read current statuses: always refreshed.
    FOR s IN
        SELECT sn.as_of, sn.from_history, sn.as_of_end, sn.quarter_key, sn.quarter_end, sn.month_key, sn.month_end,
               array_agg(sn.plan_id) AS plans
        FROM fact_snapshots sn
        WHERE sn.plan_id IN (SELECT t.plan_id FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE a.id = ANY (p_ids))
          AND (NOT sn.from_history OR sn.as_of_end > p_since)
        GROUP BY sn.as_of, sn.from_history, sn.as_of_end, sn.quarter_key, sn.quarter_end, sn.month_key, sn.month_end
    LOOP
        DELETE FROM assignment_facts f
        WHERE f.as_of = s.as_of AND f.from_history = s.from_history AND f.assignment_id = ANY (p_ids);
        INSERT INTO assignment_facts (as_of, from_history, assignment_id, plan_id, task_id, unit_id, role, status, first_missed_due,
                                      next_due, report_missing, counted, completed_on, completed_late_days, last_report_at)
        SELECT s.as_of, s.from_history, c.assignment_id, c.plan_id, c.task_id, c.unit_id, c.role, c.status, c.first_missed_due,
               c.next_due, c.report_missing, c.counted, c.completed_on, c.completed_late_days, c.last_report_at
        FROM assignment_facts_compute(s.as_of, s.as_of_end, s.from_history, s.quarter_key, s.quarter_end, s.month_key, s.month_end,
                                      s.plans, p_ids) c;
    END LOOP;
END
$fn$;

-- Which assignments a write touches, per table. Statement-level triggers with transition tables: an import or a bulk COPY
-- refreshes once per statement, not once per row.
CREATE OR REPLACE FUNCTION assignment_facts_on_assignments() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- a new lead/implementing unit changes whether the task's supporting units count; a new row exists from its plan's
        -- issue date on, so past snapshots are not spared
        PERFORM assignment_facts_refresh(
            (SELECT array_agg(a.id) FROM assignments a WHERE a.task_id IN (SELECT task_id FROM new_rows)), '-infinity');
    ELSIF TG_OP = 'UPDATE' THEN
        -- a status change only moves live snapshots (history snapshots read status_changes); role, dates or closing move all
        PERFORM assignment_facts_refresh(
            (SELECT array_agg(a.id) FROM assignments a WHERE a.task_id IN (SELECT task_id FROM new_rows)),
            CASE WHEN EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                              WHERE (o.role, o.created_at, o.task_id, o.unit_id, o.closed_at) IS DISTINCT FROM (n.role, n.created_at, n.task_id, n.unit_id, n.closed_at))
                 THEN '-infinity'::timestamptz ELSE 'infinity'::timestamptz END);
    ELSE
        DELETE FROM assignment_facts f WHERE f.assignment_id IN (SELECT id FROM old_rows);
        PERFORM assignment_facts_refresh(
            (SELECT array_agg(a.id) FROM assignments a WHERE a.task_id IN (SELECT task_id FROM old_rows)), '-infinity');
    END IF;
    RETURN NULL;
END
$fn$;

-- status_changes, checkpoints, progress_reports: rows dated by the column named in TG_ARGV[0] (changed_at, recorded_at,
-- reported_at); a change dated after a past snapshot's day cannot move it.
CREATE OR REPLACE FUNCTION assignment_facts_on_dated_rows() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    rows_sql text;
    ids integer[];
    since timestamptz;
BEGIN
    rows_sql := CASE TG_OP WHEN 'INSERT' THEN 'SELECT * FROM new_rows'
                           WHEN 'DELETE' THEN 'SELECT * FROM old_rows'
                           ELSE 'SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows' END;
    EXECUTE format('SELECT array_agg(DISTINCT r.assignment_id), min(r.%I) FROM (%s) r', TG_ARGV[0], rows_sql) INTO ids, since;
    PERFORM assignment_facts_refresh(ids, since);
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION assignment_facts_on_milestones() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    -- deadlines are not dated: a changed 完成时限 re-judges every snapshot of the task's plan
    IF TG_OP = 'INSERT' THEN
        PERFORM assignment_facts_refresh((SELECT array_agg(a.id) FROM assignments a WHERE a.task_id IN (SELECT task_id FROM new_rows)), '-infinity');
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM assignment_facts_refresh((SELECT array_agg(a.id) FROM assignments a
            WHERE a.task_id IN (SELECT task_id FROM new_rows UNION SELECT task_id FROM old_rows)), '-infinity');
    ELSE
        PERFORM assignment_facts_refresh((SELECT array_agg(a.id) FROM assignments a WHERE a.task_id IN (SELECT task_id FROM old_rows)), '-infinity');
    END IF;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION assignment_facts_on_plans() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    -- the reporting cycle decides which period 未按期报送 looks at; the issue date, from when assignments exist
    PERFORM assignment_facts_refresh((SELECT array_agg(a.id) FROM assignments a JOIN tasks t ON t.id = a.task_id
        WHERE t.plan_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                            WHERE (n.reporting_cycle, n.issued_on) IS DISTINCT FROM (o.reporting_cycle, o.issued_on))),
        '-infinity');
    RETURN NULL;
END
$fn$;

-- CREATE OR REPLACE TRIGGER needs PostgreSQL 14; dropping first keeps the file re-runnable on older servers too.
DROP TRIGGER IF EXISTS assignment_facts_insert ON assignments;
CREATE TRIGGER assignment_facts_insert AFTER INSERT ON assignments REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_assignments();

DROP TRIGGER IF EXISTS assignment_facts_update ON assignments;
CREATE TRIGGER assignment_facts_update AFTER UPDATE ON assignments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_assignments();

DROP TRIGGER IF EXISTS assignment_facts_delete ON assignments;
CREATE TRIGGER assignment_facts_delete AFTER DELETE ON assignments REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_assignments();

DROP TRIGGER IF EXISTS assignment_facts_insert ON status_changes;
CREATE TRIGGER assignment_facts_insert AFTER INSERT ON status_changes REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_dated_rows('changed_at');

DROP TRIGGER IF EXISTS assignment_facts_update ON status_changes;
CREATE TRIGGER assignment_facts_update AFTER UPDATE ON status_changes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_dated_rows('changed_at');

DROP TRIGGER IF EXISTS assignment_facts_delete ON status_changes;
CREATE TRIGGER assignment_facts_delete AFTER DELETE ON status_changes REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_dated_rows('changed_at');

DROP TRIGGER IF EXISTS assignment_facts_insert ON checkpoints;
CREATE TRIGGER assignment_facts_insert AFTER INSERT ON checkpoints REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_dated_rows('recorded_at');

DROP TRIGGER IF EXISTS assignment_facts_update ON checkpoints;
CREATE TRIGGER assignment_facts_update AFTER UPDATE ON checkpoints REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_dated_rows('recorded_at');

DROP TRIGGER IF EXISTS assignment_facts_delete ON checkpoints;
CREATE TRIGGER assignment_facts_delete AFTER DELETE ON checkpoints REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_dated_rows('recorded_at');

DROP TRIGGER IF EXISTS assignment_facts_insert ON progress_reports;
CREATE TRIGGER assignment_facts_insert AFTER INSERT ON progress_reports REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_dated_rows('reported_at');

DROP TRIGGER IF EXISTS assignment_facts_update ON progress_reports;
CREATE TRIGGER assignment_facts_update AFTER UPDATE ON progress_reports REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_dated_rows('reported_at');

DROP TRIGGER IF EXISTS assignment_facts_delete ON progress_reports;
CREATE TRIGGER assignment_facts_delete AFTER DELETE ON progress_reports REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_dated_rows('reported_at');

DROP TRIGGER IF EXISTS assignment_facts_insert ON milestones;
CREATE TRIGGER assignment_facts_insert AFTER INSERT ON milestones REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_milestones();

DROP TRIGGER IF EXISTS assignment_facts_update ON milestones;
CREATE TRIGGER assignment_facts_update AFTER UPDATE ON milestones REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_milestones();

DROP TRIGGER IF EXISTS assignment_facts_delete ON milestones;
CREATE TRIGGER assignment_facts_delete AFTER DELETE ON milestones REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_milestones();

DROP TRIGGER IF EXISTS assignment_facts_update ON plans;
CREATE TRIGGER assignment_facts_update AFTER UPDATE ON plans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_facts_on_plans();
