using System.Linq.Expressions;
using System.Reflection;
using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks.Status;

public sealed partial class StatusEngine
{
    /// <summary>
    /// The tasks of a filter's scope, one row each, judged from their assignments' facts as of the date: the one task-level
    /// query that the dashboard's 任务 figures, the grouped task list and the plan's task table read (docs/status-model.md,
    /// “任务状态”). Counting is a GROUP BY over <see cref="FilterFacts"/>; the state and 逾期 are <see cref="TaskRollup.StateRule"/>
    /// and <see cref="TaskRollup.OverdueRule"/> translated to SQL, not restated. <see cref="PrepareAsync"/> first.
    /// </summary>
    /// <remarks>
    /// A task is judged whole: over all its assignments the actor may see (<see cref="TaskJudging"/>: plan, chapter, task and
    /// date only). The filter's other scope conditions (unit, township, role, unit kind, 我的, text) choose which tasks are
    /// listed — those on which the group holds an assignment (a row of <see cref="FilterFacts"/> of the scope) — without narrowing how each is
    /// judged, so a department's or township's row on the dashboard counts the same task states as the top cards. Conditions
    /// on single assignments (status, 到期, 未按期报送, 计入完成率) do not apply. Then <see cref="TaskFilter.TaskStatus"/>
    /// selects by task state and <see cref="TaskFilter.Overdue"/> selects 逾期 tasks.
    /// </remarks>
    public static IQueryable<TaskFact> TaskFacts(AppDbContext db, UserContext actor, TaskFilter filter, AsOfDate asOf)
    {
        var judging = TaskJudging(filter);
        // Someone who sees whole plans sees whole tasks: their counts are kept per date in task_facts (TaskSnapshots, ADR 030),
        // 6,000 rows at province scale instead of a GROUP BY over 89,000. A liaison may see only part of a task (their own
        // units' rows in another region's plan), so theirs are counted here, over what they may see.
        var counted = Visibility.SeesWholePlans(actor)
            ? Kept(db, actor, judging, asOf)
            : CountPerTask(FilterFacts(db, actor, judging, asOf));
        if (TaskScope(filter) != judging)
        {
            var members = FilterFacts(db, actor, TaskScope(filter), asOf).Select(f => f.TaskId);
            counted = counted.Where(t => members.Contains(t.TaskId));
        }
        var tasks = Judge(counted);
        if (filter.TaskStatus is { } state) tasks = tasks.Where(t => t.State == state);
        if (filter.Overdue) tasks = tasks.Where(t => t.IsOverdue);
        // 按期完成 / 逾期完成 of tasks: 已完成 tasks without / with the task rule's 逾期完成.
        if (filter.Completion == CompletionTiming.Late) tasks = tasks.Where(t => t.IsCompletedLate);
        if (filter.Completion == CompletionTiming.OnTime) tasks = tasks.Where(t => t.State == TaskState.Completed && !t.IsCompletedLate);
        return tasks;
    }

    /// <summary>
    /// Each task's counts over the given facts, one row per task: <see cref="TaskRollup.Count"/> as a GROUP BY, the one SQL
    /// mirror of it (<c>TaskLevelTests.TaskStatesCountedInSqlMatchTheRollupOfTheLoadedFactsForEverySeedTask</c> holds them
    /// equal). task_facts holds this query's rows for whole tasks (<see cref="TaskSnapshots"/>); nothing else counts per task.
    /// </summary>
    internal static IQueryable<TaskFact> CountPerTask(IQueryable<AssignmentFact> facts) =>
        facts.GroupBy(f => new { f.TaskId, f.PlanId })
            .Select(g => new TaskFact
            {
                TaskId = g.Key.TaskId,
                PlanId = g.Key.PlanId,
                Assignments = g.Count(),
                Total = g.Count(f => f.Counted),
                NotStarted = g.Count(f => f.Counted && f.Status == AssignmentStatus.NotStarted),
                InProgress = g.Count(f => f.Counted && f.Status == AssignmentStatus.InProgress),
                Submitted = g.Count(f => f.Counted && f.Status == AssignmentStatus.Submitted),
                Completed = g.Count(f => f.Counted && f.Status == AssignmentStatus.Completed),
                Continuous = g.Count(f => f.Counted && f.Status == AssignmentStatus.Continuous),
                Overdue = g.Count(f => f.Counted && f.FirstMissedDue != null),
                FirstMissedDue = g.Where(f => f.Counted).Min(f => f.FirstMissedDue),
                NextDue = g.Where(f => f.Counted).Min(f => f.NextDue),
                CompletedLate = g.Count(f => f.Counted && f.CompletedLateDays != null),
                CompletedLateDays = g.Where(f => f.Counted).Max(f => f.CompletedLateDays),
                // 最近报送 of the task: its latest report, any unit (a column of the grouped list)
                LastReportAt = g.Max(f => f.LastReportAt),
            });

    /// <summary>Per-task counts (<see cref="CountPerTask"/>) with each task's state, 逾期 and 逾期完成 by the task rules.</summary>
    internal static IQueryable<TaskFact> Judge(IQueryable<TaskFact> counted) => counted.Select(Judged);

    /// <summary>
    /// The kept counts (task_facts) of the tasks in the judging scope of an actor who sees whole plans: the same rows
    /// <see cref="CountPerTask"/> gives over all of each task's facts. <see cref="PrepareAsync"/> has brought them up to date.
    /// </summary>
    private static IQueryable<TaskFact> Kept(AppDbContext db, UserContext actor, TaskFilter judging, AsOfDate asOf)
    {
        var (date, history) = (asOf.Date, asOf.FromHistory);
        var rows = db.TaskFactRows.AsNoTracking().Where(r => r.AsOf == date && r.FromHistory == history);
        if (KeptPlanIds(db, actor, judging.Plan) is { } plans) rows = rows.Where(r => plans.Contains(r.PlanId));
        if (!string.IsNullOrWhiteSpace(judging.Chapter))
        {
            var tasks = db.Tasks.Where(t => t.Chapter!.Number == judging.Chapter).Select(t => t.Id);
            rows = rows.Where(r => tasks.Contains(r.TaskId));
        }
        if (judging.TaskId is { } taskId) rows = rows.Where(r => r.TaskId == taskId);
        return rows.Select(r => new TaskFact
        {
            TaskId = r.TaskId, PlanId = r.PlanId, Assignments = r.Assignments, Total = r.Total, NotStarted = r.NotStarted,
            InProgress = r.InProgress, Submitted = r.Submitted, Completed = r.Completed, Continuous = r.Continuous, Overdue = r.Overdue,
            FirstMissedDue = r.FirstMissedDue, NextDue = r.NextDue, CompletedLate = r.CompletedLate, CompletedLateDays = r.CompletedLateDays,
            LastReportAt = r.LastReportAt,
        });
    }

    /// <summary>
    /// The plans whose kept rows (task_facts, unit_facts) a whole-plan viewer reads: those they may see, narrowed to the
    /// scope's plan when it names one; null when nothing narrows them (an admin over every plan).
    /// </summary>
    internal static IQueryable<int>? KeptPlanIds(AppDbContext db, UserContext actor, string? planKey)
    {
        if (actor.IsAdmin && string.IsNullOrWhiteSpace(planKey)) return null;
        var plans = Visibility.Plans(db, actor);
        if (!string.IsNullOrWhiteSpace(planKey)) plans = plans.Where(p => p.Key == planKey);
        return plans.Select(p => p.Id);
    }

    /// <summary>The filter's scope: without conditions on single assignments (status, 到期, 未按期报送, 计入完成率, task state).</summary>
    public static TaskFilter TaskScope(TaskFilter filter) => filter with
    {
        Status = null, Overdue = false, DueWithinDays = null, ReportMissing = false, Counted = false, TaskStatus = null, Completion = null,
    };

    /// <summary>
    /// The assignments a task's state is judged over: the scope without the conditions that pick a group of units (unit,
    /// township, role, kind, 我的, text), which only choose tasks (those the group holds an assignment on). Plan, chapter, task and date stay.
    /// </summary>
    public static TaskFilter TaskJudging(TaskFilter filter) => TaskScope(filter) with
    {
        Mine = false, UnitId = null, TownshipId = null, Role = null, Kind = null, Text = null,
    };

    /// <summary>
    /// t => new TaskFact { (every count copied), State = (TaskRollup.StateRule over t), IsOverdue = (TaskRollup.OverdueRule over t),
    /// IsCompletedLate = (TaskRollup.CompletedLateRule over t) },
    /// built once from the rules' expression trees.
    /// </summary>
    private static readonly Expression<Func<TaskFact, TaskFact>> Judged = BuildJudged();

    private static Expression<Func<TaskFact, TaskFact>> BuildJudged()
    {
        var state = TaskRollup.StateRuleOver<TaskFact>();
        var overdue = TaskRollup.OverdueRuleOver<TaskFact>();
        var row = state.Parameters[0];
        var overdueBody = new Rebind(overdue.Parameters[0], row).Visit(overdue.Body);
        var late = TaskRollup.CompletedLateRuleOver<TaskFact>();
        var lateBody = new Rebind(late.Parameters[0], row).Visit(late.Body);
        var bindings = typeof(TaskFact).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => Expression.Bind(p, p.Name switch
            {
                nameof(TaskFact.State) => state.Body,
                nameof(TaskFact.IsOverdue) => overdueBody,
                nameof(TaskFact.IsCompletedLate) => lateBody,
                _ => Expression.Property(row, p),
            }));
        return Expression.Lambda<Func<TaskFact, TaskFact>>(Expression.MemberInit(Expression.New(typeof(TaskFact)), bindings), row);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
