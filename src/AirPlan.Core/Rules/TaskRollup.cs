using System.Linq.Expressions;
using AirPlan.Core.Domain;

namespace AirPlan.Core.Rules;

/// <summary>A task's status as seen from its assignments (docs/status-model.md, “任务状态”).</summary>
public enum TaskState
{
    NotStarted,
    InProgress,
    /// <summary>All counted assignments submitted or done, at least one still waiting for 核验.</summary>
    AwaitingReview,
    Continuous,
    Completed,
}

public static class TaskRollup
{
    /// <summary>
    /// Counts by status of the assignments that count toward completion, and how many of them the status engine judges 逾期.
    /// Init-settable (and constructible without arguments) so a query can fill it from a GROUP BY and
    /// <see cref="StateRule"/> can be translated over it.
    /// </summary>
    /// <param name="CompletedLate">Counted assignments the engine judges 逾期完成 (assignment_facts.completed_late_days set).</param>
    public sealed record Counts(int Total, int NotStarted, int InProgress, int Submitted, int Completed, int Continuous, int Overdue = 0,
        int CompletedLate = 0)
    {
        public Counts() : this(0, 0, 0, 0, 0, 0) { }

        /// <summary>已完成 + 持续推进: the numerator of the task's fraction (e.g. 12/18).</summary>
        public int Done => Completed + Continuous;
    }

    /// <param name="assignments">
    /// A task's assignments with the status engine's verdicts: whether each counts toward 完成率 (assignment_facts.counted:
    /// lead and implementing units; supporting ones only when a task has nothing else) and whether it is 逾期
    /// (first_missed_due set). The rules are not restated here.
    /// </param>
    public static Counts Count(IEnumerable<(bool Counted, AssignmentStatus Status, bool Overdue)> assignments) =>
        Count(assignments.Select(a => (a.Counted, a.Status, a.Overdue, false)));

    /// <param name="assignments">As above, with whether each is 逾期完成 (completed_late_days set; the engine's verdict too).</param>
    public static Counts Count(IEnumerable<(bool Counted, AssignmentStatus Status, bool Overdue, bool CompletedLate)> assignments)
    {
        var counted = assignments.Where(a => a.Counted).ToList();
        return new Counts(counted.Count,
            counted.Count(a => a.Status == AssignmentStatus.NotStarted),
            counted.Count(a => a.Status == AssignmentStatus.InProgress),
            counted.Count(a => a.Status == AssignmentStatus.Submitted),
            counted.Count(a => a.Status == AssignmentStatus.Completed),
            counted.Count(a => a.Status == AssignmentStatus.Continuous),
            counted.Count(a => a.Overdue),
            counted.Count(a => a.CompletedLate));
    }

    /// <summary>
    /// The task state rule, written once as an expression: C# runs it compiled (<see cref="StateOf"/>) and the task-level
    /// queries translate the same tree to SQL (a CASE over the per-task counts; <see cref="StateRuleOver{T}"/>), so a list,
    /// a dashboard figure and the Excel report cannot disagree on a task's state.
    /// </summary>
    public static readonly Expression<Func<Counts, TaskState>> StateRule = c =>
        c.Total == 0 || c.NotStarted == c.Total ? TaskState.NotStarted
        : c.Completed == c.Total ? TaskState.Completed
        : c.Completed + c.Continuous == c.Total ? TaskState.Continuous
        : c.Completed + c.Continuous + c.Submitted == c.Total ? TaskState.AwaitingReview
        : TaskState.InProgress;

    /// <summary>
    /// A task is 逾期 when any assignment that counts toward its completion is (the engine's verdict). Supporting units'
    /// lateness does not make a task late, just as their work does not close it; so 已完成 and 逾期 never meet.
    /// </summary>
    public static readonly Expression<Func<Counts, bool>> OverdueRule = c => c.Overdue > 0;

    /// <summary>
    /// 逾期完成 (task): the task is 已完成 (<see cref="StateRule"/>, reused as it is) and any assignment that counts toward it was
    /// completed after its deadline (the engine's verdict). A task 已完成 otherwise is 按期完成. Lateness outlives completion:
    /// the mark stays however long ago the work was verified.
    /// </summary>
    public static readonly Expression<Func<Counts, bool>> CompletedLateRule = BuildCompletedLateRule();

    private static Expression<Func<Counts, bool>> BuildCompletedLateRule()
    {
        var c = StateRule.Parameters[0];
        return Expression.Lambda<Func<Counts, bool>>(Expression.AndAlso(
            Expression.Equal(StateRule.Body, Expression.Constant(TaskState.Completed)),
            Expression.GreaterThan(Expression.Property(c, nameof(Counts.CompletedLate)), Expression.Constant(0))), c);
    }

    private static readonly Func<Counts, TaskState> CompiledState = StateRule.Compile();
    private static readonly Func<Counts, bool> CompiledOverdue = OverdueRule.Compile();
    private static readonly Func<Counts, bool> CompiledCompletedLate = CompletedLateRule.Compile();

    public static TaskState StateOf(Counts c) => CompiledState(c);

    public static bool IsOverdue(Counts c) => CompiledOverdue(c);

    public static bool IsCompletedLate(Counts c) => CompiledCompletedLate(c);

    /// <summary>
    /// <see cref="StateRule"/> over another type with the same count properties (Total, NotStarted, …) — a query's per-task row
    /// — so the rule is translated, not restated.
    /// </summary>
    public static Expression<Func<T, TaskState>> StateRuleOver<T>() => Rebind<T, TaskState>(StateRule);

    /// <summary><see cref="OverdueRule"/> over another type with an Overdue count.</summary>
    public static Expression<Func<T, bool>> OverdueRuleOver<T>() => Rebind<T, bool>(OverdueRule);

    /// <summary><see cref="CompletedLateRule"/> over another type with the same counts.</summary>
    public static Expression<Func<T, bool>> CompletedLateRuleOver<T>() => Rebind<T, bool>(CompletedLateRule);

    private static Expression<Func<T, TResult>> Rebind<T, TResult>(Expression<Func<Counts, TResult>> rule)
    {
        var row = Expression.Parameter(typeof(T), "t");
        return Expression.Lambda<Func<T, TResult>>(new CountsToRow(rule.Parameters[0], row).Visit(rule.Body), row);
    }

    /// <summary>Replaces <c>c.Total</c> and the like with the same-named property of the row.</summary>
    private sealed class CountsToRow(ParameterExpression counts, ParameterExpression row) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == counts
                ? Expression.Property(row, row.Type.GetProperty(node.Member.Name)
                    ?? throw new InvalidOperationException($"{row.Type.Name} has no {node.Member.Name} count"))
                : base.VisitMember(node);

        protected override Expression VisitParameter(ParameterExpression node) =>
            node == counts ? throw new InvalidOperationException("The task rule may only read counts") : base.VisitParameter(node);
    }

    /// <summary>Share of counted assignments that are done (completed or carried on as 持续推进), 0–100.</summary>
    public static int PercentDone(Counts c) => Percent(c.Done, c.Total);

    /// <summary>完成率: done among counted, rounded to a whole percent; 0 when nothing counts. Every roll-up uses this.</summary>
    public static int Percent(int done, int counted) => counted == 0 ? 0 : (int)Math.Round(100.0 * done / counted);

    /// <summary>The task's fraction done as offices write it: 12/18.</summary>
    public static string Fraction(Counts c) => $"{c.Done}/{c.Total}";

    public static string Title(TaskState state) => state switch
    {
        TaskState.NotStarted => "未启动",
        TaskState.InProgress => "推进中",
        TaskState.AwaitingReview => "待核验",
        TaskState.Continuous => "持续推进",
        TaskState.Completed => "已完成",
        _ => state.ToString(),
    };
}
