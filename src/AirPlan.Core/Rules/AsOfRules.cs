using System.Linq.Expressions;
using AirPlan.Core.Domain;

namespace AirPlan.Core.Rules;

/// <summary>
/// The status-model rules "as of" a date (docs/status-model.md, “截至日期”): status from history for past dates, and only
/// checkpoints, reports and assignments recorded before the end of that day. Dashboards, the task list and the Excel report
/// all filter and count with these, so a number and the list behind it cannot disagree.
/// </summary>
public static class AsOfRules
{
    /// <summary>Status at <paramref name="endExclusive"/>: the latest status entered before it, else 未启动.</summary>
    public static Expression<Func<Assignment, AssignmentStatus>> StatusAsOf(DateTimeOffset endExclusive) => a =>
        a.StatusChanges.Where(c => c.ChangedAt < endExclusive)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id)
            .Select(c => (AssignmentStatus?)c.Status).FirstOrDefault() ?? AssignmentStatus.NotStarted;

    /// <summary>Status on the as-of date: history for past dates, the live column for today (history and column agree today).</summary>
    public static Expression<Func<Assignment, AssignmentStatus>> Status(AsOfDate asOf) =>
        asOf.FromHistory ? StatusAsOf(asOf.End) : a => a.Status;

    public static Expression<Func<Assignment, bool>> HasStatus(AsOfDate asOf, AssignmentStatus status) =>
        WithStatus(asOf, (a, s) => s == status);

    /// <summary>The assignment existed by the end of the day (imported or assigned before it).</summary>
    public static Expression<Func<Assignment, bool>> Existed(AsOfDate asOf)
    {
        var end = asOf.End;
        return a => a.CreatedAt < end;
    }

    /// <summary>逾期 on the as-of date; same rule as <see cref="AssignmentRules.IsOverdue"/>, with checkpoints recorded by then.</summary>
    public static Expression<Func<Assignment, bool>> IsOverdue(AsOfDate asOf)
    {
        var (date, end) = (asOf.Date, asOf.End);
        return WithStatus(asOf, (a, s) => s != AssignmentStatus.Completed
            && a.Task!.Milestones.Any(m => m.DueOn < date
                && (!a.Checkpoints.Any(c => c.MilestoneId == m.Id && c.RecordedAt < end)
                    || !a.Task.Milestones.Any(later => later.DueOn > m.DueOn))));
    }

    /// <summary>Not done and a milestone not reported done (by then) falls on the date … date + days.</summary>
    public static Expression<Func<Assignment, bool>> IsDueWithin(AsOfDate asOf, int days)
    {
        var (date, end, until) = (asOf.Date, asOf.End, asOf.Date.AddDays(days));
        return WithStatus(asOf, (a, s) => s != AssignmentStatus.Completed
            && a.Task!.Milestones.Any(m => m.DueOn >= date && m.DueOn <= until
                && !a.Checkpoints.Any(c => c.MilestoneId == m.Id && c.RecordedAt < end)));
    }

    /// <summary>Earliest missed milestone (逾期天数 basis) and next milestone not done, as of the date; agrees with IsOverdue.</summary>
    public static Expression<Func<Assignment, AssignmentTiming>> Timing(AsOfDate asOf)
    {
        var (date, end) = (asOf.Date, asOf.End);
        return WithStatus(asOf, (a, s) => new AssignmentTiming(
            a.Id,
            s == AssignmentStatus.Completed
                ? null
                : a.Task!.Milestones
                    .Where(m => m.DueOn < date
                        && (!a.Checkpoints.Any(c => c.MilestoneId == m.Id && c.RecordedAt < end)
                            || !a.Task.Milestones.Any(later => later.DueOn > m.DueOn)))
                    .Min(m => (DateOnly?)m.DueOn),
            s == AssignmentStatus.Completed
                ? null
                : a.Task!.Milestones.Where(m => m.DueOn >= date && !a.Checkpoints.Any(c => c.MilestoneId == m.Id && c.RecordedAt < end))
                    .Min(m => (DateOnly?)m.DueOn)));
    }

    /// <summary>Earliest missed milestone as of the date, or null (the first part of <see cref="Timing"/>, for aggregates).</summary>
    public static Expression<Func<Assignment, DateOnly?>> FirstMissedDue(AsOfDate asOf)
    {
        var (date, end) = (asOf.Date, asOf.End);
        return WithStatus(asOf, (a, s) => s == AssignmentStatus.Completed
            ? null
            : a.Task!.Milestones
                .Where(m => m.DueOn < date
                    && (!a.Checkpoints.Any(c => c.MilestoneId == m.Id && c.RecordedAt < end)
                        || !a.Task.Milestones.Any(later => later.DueOn > m.DueOn)))
                .Min(m => (DateOnly?)m.DueOn));
    }

    /// <summary>Next milestone not reported done as of the date (sort key; 下一时限), or null.</summary>
    public static Expression<Func<Assignment, DateOnly?>> NextDue(AsOfDate asOf)
    {
        var (date, end) = (asOf.Date, asOf.End);
        return WithStatus(asOf, (a, s) => s == AssignmentStatus.Completed
            ? null
            : a.Task!.Milestones.Where(m => m.DueOn >= date && !a.Checkpoints.Any(c => c.MilestoneId == m.Id && c.RecordedAt < end))
                .Min(m => (DateOnly?)m.DueOn));
    }

    /// <summary>
    /// 未按期报送 on the as-of date (<see cref="ReportingPeriods.IsReportMissing"/> in SQL): for the plan's cycle, the last closed
    /// period ended after the assignment was created, it was not 已完成 at the period's end, and no report for that period was
    /// made by the as-of date. <paramref name="reports"/> is the progress_reports table (Assignment has no navigation to it).
    /// </summary>
    public static Expression<Func<Assignment, bool>> IsReportMissing(AsOfDate asOf, IQueryable<ProgressReport> reports)
    {
        var end = asOf.End;
        var (qKey, _, qLast) = ReportingPeriods.LastClosed(asOf.Date, ReportingCycle.Quarterly);
        var (mKey, _, mLast) = ReportingPeriods.LastClosed(asOf.Date, ReportingCycle.Monthly);
        var (qEnd, mEnd) = (asOf.EndOf(qLast), asOf.EndOf(mLast));
        var quarterly = Missing(StatusAsOf(qEnd), qEnd, qKey, end, reports);
        var monthly = Missing(StatusAsOf(mEnd), mEnd, mKey, end, reports);
        var a = quarterly.Parameters[0];
        var body = Expression.Condition(
            Expression.Equal(Body(a => a.Task!.Plan!.ReportingCycle, a), Expression.Constant(ReportingCycle.Monthly)),
            Body(monthly, a), quarterly.Body);
        return Expression.Lambda<Func<Assignment, bool>>(body, a);
    }

    private static Expression<Func<Assignment, bool>> Missing(Expression<Func<Assignment, AssignmentStatus>> statusAtPeriodEnd,
        DateTimeOffset periodEnd, string key, DateTimeOffset asOfEnd, IQueryable<ProgressReport> reports) =>
        Compose(statusAtPeriodEnd, (a, s) => a.CreatedAt < periodEnd && s != AssignmentStatus.Completed
            && !reports.Any(r => r.AssignmentId == a.Id && r.Period == key && r.ReportedAt < asOfEnd));

    /// <summary>
    /// Counts toward 完成率 (status-model “任务状态”): lead and implementing units; supporting units only when the task had
    /// nothing else by the as-of date.
    /// </summary>
    public static Expression<Func<Assignment, bool>> IsCounted(AsOfDate asOf)
    {
        var end = asOf.End;
        return a => a.Role != AssignmentRole.Supporting
            || !a.Task!.Assignments.Any(o => o.Role != AssignmentRole.Supporting && o.CreatedAt < end);
    }

    /// <summary>Writes a rule over (assignment, status) as a rule over the assignment, with the status of the as-of date inlined.</summary>
    public static Expression<Func<Assignment, TResult>> WithStatus<TResult>(AsOfDate asOf,
        Expression<Func<Assignment, AssignmentStatus, TResult>> rule) => Compose(Status(asOf), rule);

    private static Expression<Func<Assignment, TResult>> Compose<TResult>(Expression<Func<Assignment, AssignmentStatus>> status,
        Expression<Func<Assignment, AssignmentStatus, TResult>> rule)
    {
        var a = rule.Parameters[0];
        var body = new Replace(rule.Parameters[1], Body(status, a)).Visit(rule.Body)!;
        return Expression.Lambda<Func<Assignment, TResult>>(body, a);
    }

    /// <summary>The body of <paramref name="lambda"/> with its parameter replaced by <paramref name="a"/>, for building one plain tree EF can read.</summary>
    public static Expression Body<T>(Expression<Func<Assignment, T>> lambda, ParameterExpression a) =>
        new Replace(lambda.Parameters[0], a).Visit(lambda.Body)!;

    private sealed class Replace(Expression from, Expression to) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node == from ? to : base.Visit(node);
    }
}
