using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks.Status;

/// <summary>
/// Makes sure <see cref="AssignmentFact"/> rows exist for the plans and date a query is about. A plan's facts for a date are
/// computed once, set-based, by the SQL function <c>assignment_facts_compute</c> (the status-model rules; migration
/// <c>AssignmentFacts</c>); afterwards triggers on the work tables recompute the assignments a write touches, so the rows stay
/// current without being rebuilt (docs/decisions/007-assignment-facts.md).
/// </summary>
public static class FactSnapshots
{
    /// <summary>Advisory lock shared with the triggers: a build waits for writes in flight, writes wait for a build to commit.</summary>
    public const long LockKey = 7_262_011;

    /// <summary>Builds what is missing of <paramref name="plans"/> for the date; one small query when nothing is.</summary>
    public static async Task EnsureAsync(AppDbContext db, IQueryable<Plan> plans, AsOfDate asOf, CancellationToken ct)
    {
        var (date, history) = (asOf.Date, asOf.FromHistory);
        var missing = await plans
            .Where(p => !db.FactSnapshots.Any(s => s.PlanId == p.Id && s.AsOf == date && s.FromHistory == history))
            .Select(p => p.Id).ToArrayAsync(ct);
        if (missing.Length == 0) return;

        var (quarterKey, _, quarterLast) = ReportingPeriods.LastClosed(date, ReportingCycle.Quarterly);
        var (monthKey, _, monthLast) = ReportingPeriods.LastClosed(date, ReportingCycle.Monthly);
        var (end, quarterEnd, monthEnd) = (asOf.End, asOf.EndOf(quarterLast), asOf.EndOf(monthLast));

        // Every statement is safe to run twice (ON CONFLICT, deletes by key), so after a dropped connection it all runs again.
        var written = await db.Database.InTransactionAsync(async ct =>
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);
            // Another request may have built some of them while this one waited for the lock: ON CONFLICT skips those.
            var built = await db.Database.SqlQuery<int>($"""
                INSERT INTO fact_snapshots (plan_id, as_of, from_history, as_of_end, quarter_key, quarter_end, month_key, month_end, built_at)
                SELECT p.id, {date}, {history}, {end}, {quarterKey}, {quarterEnd}, {monthKey}, {monthEnd}, now()
                FROM plans p WHERE p.id = ANY ({missing})
                ON CONFLICT DO NOTHING
                RETURNING plan_id AS "Value"
                """).ToArrayAsync(ct);
            var written = 0;
            if (built.Length > 0)
                // Rows left without their snapshot (no foreign key ties them; e.g. a snapshot deleted by hand) are replaced.
                written = await db.Database.ExecuteSqlAsync($"""
                    DELETE FROM assignment_facts WHERE as_of = {date} AND from_history = {history} AND plan_id = ANY ({built});
                    INSERT INTO assignment_facts (as_of, from_history, assignment_id, plan_id, task_id, unit_id, role, status, first_missed_due,
                                                  next_due, report_missing, counted, completed_on, completed_late_days, last_report_at)
                    SELECT {date}, {history}, c.assignment_id, c.plan_id, c.task_id, c.unit_id, c.role, c.status, c.first_missed_due,
                           c.next_due, c.report_missing, c.counted, c.completed_on, c.completed_late_days, c.last_report_at
                    FROM assignment_facts_compute({date}, {end}, {history}, {quarterKey}, {quarterEnd}, {monthKey}, {monthEnd}, {built}, NULL) c
                    """, ct);
            // A live snapshot of a day that has passed is never read again (that day now reads history): drop it rather than keep
            // refreshing it on every write.
            if (!history)
                await db.Database.ExecuteSqlAsync($"""
                    DELETE FROM assignment_facts WHERE NOT from_history AND as_of < {date};
                    DELETE FROM fact_snapshots WHERE NOT from_history AND as_of < {date};
                    """, ct);
            return written;
        }, ct);
        await AnalyzeAfterBulkAsync(db, "assignment_facts", written, ct);
    }

    /// <summary>Rows written at once from which the table's statistics are brought up to date straight away.</summary>
    public const int BulkRows = 10_000;

    /// <summary>
    /// After a bulk write of a new date's rows, fresh statistics for <paramref name="table"/>: until autovacuum gets to it the
    /// planner takes the new as_of for a rare value and plans the day's first reads for a few rows (3 s instead of 0.3 s for a
    /// province's dashboard; docs/performance.md). Outside the build's transaction, so the build's locks are already gone.
    /// </summary>
    public static async Task AnalyzeAfterBulkAsync(AppDbContext db, string table, int written, CancellationToken ct)
    {
        if (written < BulkRows) return;
        // Only the kept-facts tables: the name is never the user's.
        var sql = table switch
        {
            "assignment_facts" or "task_facts" or "unit_facts" => "ANALYZE " + table,
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a kept-facts table"),
        };
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }
}
