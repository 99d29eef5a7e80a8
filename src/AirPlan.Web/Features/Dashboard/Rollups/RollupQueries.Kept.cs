using System.Linq.Expressions;
using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Security;
using AirPlan.Web.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AirPlan.Web.Features.Dashboard.Rollups;

/// <summary>
/// The roll-ups' counts kept per date, plan, unit and role in <c>unit_facts</c> (docs/decisions/036-unit-facts.md): the same
/// GROUP BY as the live roll-ups, run per plan when the plan's facts change, so a whole-plan viewer's breakdowns add up kept
/// rows. The live query stays the definition; <c>UnitFactsTests</c> holds the two equal.
/// </summary>
public sealed partial class RollupQueries
{
    /// <summary>Off only in the tests that hold the kept rows equal to the live GROUP BY they keep.</summary>
    internal bool KeepsUnitFacts { get; init; } = true;

    /// <summary>
    /// Whether the kept rows answer this scope: an actor who sees whole plans (kept rows count whole plans; a liaison's
    /// extra rows are not in them) and a scope of plan and date only (every other condition narrows single rows).
    /// </summary>
    internal bool UsesKept(UserContext actor, TaskFilter scope) =>
        KeepsUnitFacts && Visibility.SeesWholePlans(actor) && Normalize(scope) == Normalize(new TaskFilter { Plan = scope.Plan, AsOf = scope.AsOf });

    /// <summary>Kept rows of the scope's visible plans in one role (or <see cref="UnitFactRow.AnyRole"/>), counted again where stale first.</summary>
    private static async Task<IQueryable<UnitFactRow>> KeptAsync(AppDbContext db, UserContext actor, TaskFilter scope, AsOfDate asOf,
        string role, CancellationToken ct)
    {
        await RefreshKeptAsync(db, asOf, ct);
        var (date, history) = (asOf.Date, asOf.FromHistory);
        var rows = db.UnitFactRows.AsNoTracking().Where(r => r.AsOf == date && r.FromHistory == history && r.Role == role);
        return StatusEngine.KeptPlanIds(db, actor, scope.Plan) is { } plans ? rows.Where(r => plans.Contains(r.PlanId)) : rows;
    }

    /// <summary>
    /// Counts again the plans of the date marked stale: the roll-ups' GROUP BY over each plan's facts, with every task judged
    /// whole from those facts (not from task_facts, which a write may have emptied meanwhile). Taking the marks first: a write
    /// that touches one of these plans waits on the mark's row lock until this commits, then marks it again for the next reader.
    /// </summary>
    private static async Task RefreshKeptAsync(AppDbContext db, AsOfDate asOf, CancellationToken ct)
    {
        var (date, history) = (asOf.Date, asOf.FromHistory);
        if (!await db.UnitFactsStale.AnyAsync(s => s.AsOf == date && s.FromHistory == history, ct)) return;
        var written = await db.Database.InTransactionAsync(async ct =>
        {
            var plans = await db.Database.SqlQuery<int>($"""
                DELETE FROM unit_facts_stale WHERE as_of = {date} AND from_history = {history} RETURNING plan_id AS "Value"
                """).ToListAsync(ct);
            if (plans.Count == 0) return 0;
            var facts = StatusEngine.Facts(db, asOf).Where(f => plans.Contains(f.PlanId));
            var judged = StatusEngine.Judge(StatusEngine.CountPerTask(facts)).OrderBy(t => t.TaskId).Take(int.MaxValue);
            var withTasks = WithTasks(Project(db, facts, asOf), judged);
            var byRole = await GroupAsync(withTasks, f => new { f.PlanId, f.UnitId, f.Role }, ct, withTasks: true);
            var anyRole = await GroupAsync(withTasks, f => new { f.PlanId, f.UnitId }, ct, withTasks: true);
            await db.UnitFactRows.Where(r => r.AsOf == date && r.FromHistory == history && plans.Contains(r.PlanId)).ExecuteDeleteAsync(ct);
            var rows = byRole.Select(g => Kept(asOf, g.Key.PlanId, g.Key.UnitId, g.Key.Role.ToString(), g))
                .Concat(anyRole.Select(g => Kept(asOf, g.Key.PlanId, g.Key.UnitId, UnitFactRow.AnyRole, g)));
            // COPY, in this transaction: a new date's province is 23,000 rows, 7 s as tracked inserts, a tenth of a second this way.
            return (int)await BulkCopy.CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), UnitFactColumns, rows, WriteAsync, ct);
        }, ct);
        // A row stands for about seven facts: a date's first count of a province is a bulk write too.
        await FactSnapshots.AnalyzeAfterBulkAsync(db, "unit_facts", written * 7, ct);
    }

    private const string UnitFactColumns = "unit_facts (as_of, from_history, plan_id, unit_id, role, assignments, tasks, completed, "
        + "in_progress, submitted, not_started, continuous, overdue, due_soon, report_missing, counted, counted_done, first_missed_due, "
        + "next_due, completed_on_time, completed_late, tasks_completed, tasks_in_progress, tasks_awaiting_review, tasks_not_started, "
        + "tasks_continuous, tasks_overdue, tasks_completed_on_time, tasks_completed_late)";

    /// <summary>One row in the order of <see cref="UnitFactColumns"/>.</summary>
    private static async Task WriteAsync(NpgsqlBinaryImporter x, UnitFactRow r)
    {
        await x.WriteAsync(r.AsOf, NpgsqlDbType.Date);
        await x.WriteAsync(r.FromHistory, NpgsqlDbType.Boolean);
        foreach (var id in (int[])[r.PlanId, r.UnitId]) await x.WriteAsync(id, NpgsqlDbType.Integer);
        await x.WriteAsync(r.Role, NpgsqlDbType.Varchar);
        foreach (var n in (int[])[r.Assignments, r.Tasks, r.Completed, r.InProgress, r.Submitted, r.NotStarted, r.Continuous, r.Overdue,
                     r.DueSoon, r.ReportMissing, r.Counted, r.CountedDone])
            await x.WriteAsync(n, NpgsqlDbType.Integer);
        foreach (var d in (DateOnly?[])[r.FirstMissedDue, r.NextDue])
            if (d is { } day) await x.WriteAsync(day, NpgsqlDbType.Date);
            else await x.WriteNullAsync();
        foreach (var n in (int[])[r.CompletedOnTime, r.CompletedLate, r.TasksCompleted, r.TasksInProgress, r.TasksAwaitingReview,
                     r.TasksNotStarted, r.TasksContinuous, r.TasksOverdue, r.TasksCompletedOnTime, r.TasksCompletedLate])
            await x.WriteAsync(n, NpgsqlDbType.Integer);
    }

    private static UnitFactRow Kept<TKey>(AsOfDate asOf, int planId, int unitId, string role, GroupCounts<TKey> g) => new()
    {
        AsOf = asOf.Date, FromHistory = asOf.FromHistory, PlanId = planId, UnitId = unitId, Role = role,
        Assignments = g.Assignments, Tasks = g.Tasks, Completed = g.Completed, InProgress = g.InProgress, Submitted = g.Submitted,
        NotStarted = g.NotStarted, Continuous = g.Continuous, Overdue = g.Overdue, DueSoon = g.DueSoon, ReportMissing = g.ReportMissing,
        Counted = g.Counted, CountedDone = g.CountedDone, FirstMissedDue = g.FirstMissedDue, NextDue = g.NextDue,
        CompletedOnTime = g.CompletedOnTime, CompletedLate = g.CompletedLate, TasksCompleted = g.TasksCompleted,
        TasksInProgress = g.TasksInProgress, TasksAwaitingReview = g.TasksAwaitingReview, TasksNotStarted = g.TasksNotStarted,
        TasksContinuous = g.TasksContinuous, TasksOverdue = g.TasksOverdue, TasksCompletedOnTime = g.TasksCompletedOnTime,
        TasksCompletedLate = g.TasksCompletedLate,
    };

    /// <summary>
    /// Kept rows added up per key. Every count is a sum: a task belongs to one plan and a row counts its unit's distinct tasks,
    /// so a unit's tasks across plans, or a township unit's across its roles (the <see cref="UnitFactRow.AnyRole"/> row), add up.
    /// </summary>
    private static Task<List<GroupCounts<TKey>>> SumAsync<TKey>(IQueryable<IGrouping<TKey, UnitFactRow>> groups, CancellationToken ct) =>
        groups.Select(Sums<TKey>()).ToListAsync(ct);

    private static Expression<Func<IGrouping<TKey, UnitFactRow>, GroupCounts<TKey>>> Sums<TKey>() => g => new GroupCounts<TKey>
    {
        Key = g.Key,
        Assignments = g.Sum(r => r.Assignments),
        Tasks = g.Sum(r => r.Tasks),
        Completed = g.Sum(r => r.Completed),
        InProgress = g.Sum(r => r.InProgress),
        Submitted = g.Sum(r => r.Submitted),
        NotStarted = g.Sum(r => r.NotStarted),
        Continuous = g.Sum(r => r.Continuous),
        Overdue = g.Sum(r => r.Overdue),
        DueSoon = g.Sum(r => r.DueSoon),
        ReportMissing = g.Sum(r => r.ReportMissing),
        Counted = g.Sum(r => r.Counted),
        CountedDone = g.Sum(r => r.CountedDone),
        FirstMissedDue = g.Min(r => r.FirstMissedDue),
        NextDue = g.Min(r => r.NextDue),
        CompletedOnTime = g.Sum(r => r.CompletedOnTime),
        CompletedLate = g.Sum(r => r.CompletedLate),
        TasksCompleted = g.Sum(r => r.TasksCompleted),
        TasksInProgress = g.Sum(r => r.TasksInProgress),
        TasksAwaitingReview = g.Sum(r => r.TasksAwaitingReview),
        TasksNotStarted = g.Sum(r => r.TasksNotStarted),
        TasksContinuous = g.Sum(r => r.TasksContinuous),
        TasksOverdue = g.Sum(r => r.TasksOverdue),
        TasksCompletedOnTime = g.Sum(r => r.TasksCompletedOnTime),
        TasksCompletedLate = g.Sum(r => r.TasksCompletedLate),
    };

    /// <summary>The totals' counts from kept rows (one group, or none when nothing is visible).</summary>
    private static async Task<List<GroupCounts<int>>> KeptTotalsAsync(AppDbContext db, UserContext actor, TaskFilter scope, AsOfDate asOf,
        CancellationToken ct) =>
        await SumAsync((await KeptAsync(db, actor, scope, asOf, UnitFactRow.AnyRole, ct)).GroupBy(r => 1), ct);

    private static async Task<List<GroupCounts<int>>> KeptByPlanAsync(AppDbContext db, UserContext actor, TaskFilter scope, AsOfDate asOf,
        CancellationToken ct) =>
        await SumAsync((await KeptAsync(db, actor, scope, asOf, UnitFactRow.AnyRole, ct)).GroupBy(r => r.PlanId), ct);

    private static async Task<List<GroupCounts<int>>> KeptByDepartmentAsync(AppDbContext db, UserContext actor, TaskFilter scope,
        AsOfDate asOf, AssignmentRole role, CancellationToken ct)
    {
        var departments = db.Units.Where(u => u.Kind == UnitKind.Department).Select(u => u.Id);
        var rows = (await KeptAsync(db, actor, scope, asOf, role.ToString(), ct)).Where(r => departments.Contains(r.UnitId));
        return await SumAsync(rows.GroupBy(r => r.UnitId), ct);
    }

    private static async Task<List<GroupCounts<int>>> KeptByTownshipAsync(AppDbContext db, UserContext actor, TaskFilter scope,
        AsOfDate asOf, CancellationToken ct)
    {
        var rows = from r in await KeptAsync(db, actor, scope, asOf, UnitFactRow.AnyRole, ct)
                   join u in db.Units on r.UnitId equals u.Id
                   where u.Kind == UnitKind.Township && u.TownshipRegionId != null
                   select new { Row = r, Township = u.TownshipRegionId!.Value };
        return await SumAsync(rows.GroupBy(x => x.Township, x => x.Row), ct);
    }
}
