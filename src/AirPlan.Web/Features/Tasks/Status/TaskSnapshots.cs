using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AirPlan.Web.Features.Tasks.Status;

/// <summary>
/// Keeps <c>task_facts</c> — each whole task's counts as of a date, <see cref="StatusEngine.CountPerTask"/> over all its
/// assignment facts — current for the readers of task-level figures (docs/decisions/030-task-facts.md). A trigger on
/// <c>assignment_facts</c> marks the tasks whose facts a build or a write changed (<see cref="TaskFactStale"/>); before a
/// date is read, the marked tasks are counted again here, with the same query the task list uses for what it cannot keep.
/// </summary>
public static class TaskSnapshots
{
    /// <summary>Counts again the tasks of the date marked stale; one indexed look-up when none is.</summary>
    public static async Task RefreshAsync(AppDbContext db, AsOfDate asOf, CancellationToken ct)
    {
        var (date, history) = (asOf.Date, asOf.FromHistory);
        if (!await db.TaskFactsStale.AnyAsync(s => s.AsOf == date && s.FromHistory == history, ct)) return;

        // Taking the marks first: a write that commits after this statement leaves its own mark for the next reader, and one
        // that committed before it is in the facts counted below. A concurrent reader waits on the marks' row locks, then finds
        // them gone and reads what this one wrote. Safe to run again from the start after a dropped connection.
        var written = await db.Database.InTransactionAsync(async ct =>
        {
            var ids = await db.Database.SqlQuery<int>($"""
                DELETE FROM task_facts_stale WHERE as_of = {date} AND from_history = {history} RETURNING task_id AS "Value"
                """).ToListAsync(ct);
            if (ids.Count == 0) return 0;
            var counted = await StatusEngine.CountPerTask(StatusEngine.Facts(db, asOf).Where(f => ids.Contains(f.TaskId))).ToListAsync(ct);
            await db.TaskFactRows.Where(r => r.AsOf == date && r.FromHistory == history && ids.Contains(r.TaskId)).ExecuteDeleteAsync(ct);
            var rows = counted.Select(t => new TaskFactRow
            {
                AsOf = date, FromHistory = history, TaskId = t.TaskId, PlanId = t.PlanId, Assignments = t.Assignments, Total = t.Total,
                NotStarted = t.NotStarted, InProgress = t.InProgress, Submitted = t.Submitted, Completed = t.Completed,
                Continuous = t.Continuous, Overdue = t.Overdue, FirstMissedDue = t.FirstMissedDue, NextDue = t.NextDue,
                CompletedLate = t.CompletedLate, CompletedLateDays = t.CompletedLateDays, LastReportAt = t.LastReportAt,
            });
            // COPY, in this transaction: a new date's province is 6,000 rows, seconds as tracked inserts.
            return (int)await BulkCopy.CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), TaskFactColumns, rows, WriteAsync, ct);
        }, ct);
        // A task row stands for about fifteen facts: a date's first count of a province is a bulk write too.
        await FactSnapshots.AnalyzeAfterBulkAsync(db, "task_facts", written * TaskRowWeight, ct);
    }

    private const string TaskFactColumns = "task_facts (as_of, from_history, task_id, plan_id, assignments, total, not_started, "
        + "in_progress, submitted, completed, continuous, overdue, first_missed_due, next_due, completed_late, completed_late_days, last_report_at)";

    /// <summary>One row in the order of <see cref="TaskFactColumns"/>.</summary>
    private static async Task WriteAsync(NpgsqlBinaryImporter x, TaskFactRow r)
    {
        await x.WriteAsync(r.AsOf, NpgsqlDbType.Date);
        await x.WriteAsync(r.FromHistory, NpgsqlDbType.Boolean);
        foreach (var n in (int[])[r.TaskId, r.PlanId, r.Assignments, r.Total, r.NotStarted, r.InProgress, r.Submitted, r.Completed,
                     r.Continuous, r.Overdue])
            await x.WriteAsync(n, NpgsqlDbType.Integer);
        foreach (var d in (DateOnly?[])[r.FirstMissedDue, r.NextDue])
            if (d is { } day) await x.WriteAsync(day, NpgsqlDbType.Date);
            else await x.WriteNullAsync();
        await x.WriteAsync(r.CompletedLate, NpgsqlDbType.Integer);
        if (r.CompletedLateDays is { } days) await x.WriteAsync(days, NpgsqlDbType.Integer);
        else await x.WriteNullAsync();
        if (r.LastReportAt is { } at) await x.WriteAsync(at.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        else await x.WriteNullAsync();
    }

    /// <summary>Facts per task row, for <see cref="FactSnapshots.AnalyzeAfterBulkAsync"/>'s threshold.</summary>
    private const int TaskRowWeight = 15;
}
