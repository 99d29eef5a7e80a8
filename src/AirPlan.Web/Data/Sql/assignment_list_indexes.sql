-- Indexes for the first page of the assignment list at province scale (issue #12; docs/performance.md, "Assignment list at
-- province scale"). Each delivers one of TaskListQueries.ByFacts's orders over a date's assignment_facts, so a page reads the
-- first rows of the index instead of sorting a province's 89k facts. They index expressions (the 状态 rank, "overdue" as
-- first_missed_due IS NOT NULL, "reported" as last_report_at IS NOT NULL), which EF's model cannot declare, hence a file.
-- PostgreSQL uses an expression index only where the query spells the same expression: ByFacts/FactRows and these must change
-- together. Scanned backwards, each also serves its descending sort.
--
-- Embedded in the assembly and applied by migration AssignmentListIndexes (ADR 008); idempotent.

-- 完成时限 (the default order): overdue first, longest overdue first, then what falls due next.
CREATE INDEX IF NOT EXISTS ix_assignment_facts_list_deadline
    ON assignment_facts (as_of, from_history, (first_missed_due IS NOT NULL) DESC, first_missed_due, next_due);

-- 状态: the offices' order of the workflow (未启动, 推进中, 待核验, 持续推进, 已完成), then the default order.
CREATE INDEX IF NOT EXISTS ix_assignment_facts_list_status
    ON assignment_facts (as_of, from_history,
        (CASE WHEN status = 'NotStarted' THEN 0 WHEN status = 'InProgress' THEN 1 WHEN status = 'Submitted' THEN 2
              WHEN status = 'Continuous' THEN 3 ELSE 4 END),
        (first_missed_due IS NOT NULL) DESC, first_missed_due, next_due);

-- 最近报送: never reported first (newest first when scanned backwards), then the default order.
CREATE INDEX IF NOT EXISTS ix_assignment_facts_list_last_report
    ON assignment_facts (as_of, from_history, (last_report_at IS NOT NULL), last_report_at,
        (first_missed_due IS NOT NULL) DESC, first_missed_due, next_due);
