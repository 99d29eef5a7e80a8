using System.Linq.Expressions;
using System.Reflection;
using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Security;

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
    /// The scope is the filter without its assignment conditions (status, 到期, 未按期报送, 计入完成率): a task's state is that of
    /// all its assignments in the scope. Then <see cref="TaskFilter.TaskStatus"/> selects by task state and
    /// <see cref="TaskFilter.Overdue"/> selects 逾期 tasks.
    /// </remarks>
    public static IQueryable<TaskFact> TaskFacts(AppDbContext db, UserContext actor, TaskFilter filter, AsOfDate asOf)
    {
        var counted = FilterFacts(db, actor, TaskScope(filter), asOf)
            .GroupBy(f => new { f.TaskId, f.PlanId })
            .Select(g => new TaskFact
            {
                TaskId = g.Key.TaskId,
                PlanId = g.Key.PlanId,
                Assignments = g.Count(),
                // TaskRollup.Count, per task in SQL; StatusEngineTests.TaskStatesInSqlMatchTheRollupOfTheLoadedFacts holds them equal.
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
            });
        var tasks = counted.Select(Judged);
        if (filter.TaskStatus is { } state) tasks = tasks.Where(t => t.State == state);
        if (filter.Overdue) tasks = tasks.Where(t => t.IsOverdue);
        // 按期完成 / 逾期完成 of tasks: 已完成 tasks without / with the task rule's 逾期完成.
        if (filter.Completion == CompletionTiming.Late) tasks = tasks.Where(t => t.IsCompletedLate);
        if (filter.Completion == CompletionTiming.OnTime) tasks = tasks.Where(t => t.State == TaskState.Completed && !t.IsCompletedLate);
        return tasks;
    }

    /// <summary>The filter a task's state is judged over: its scope, without conditions on single assignments.</summary>
    public static TaskFilter TaskScope(TaskFilter filter) => filter with
    {
        Status = null, Overdue = false, DueWithinDays = null, ReportMissing = false, Counted = false, TaskStatus = null, Completion = null,
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
