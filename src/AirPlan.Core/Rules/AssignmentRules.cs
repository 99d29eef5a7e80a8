using System.Linq.Expressions;
using AirPlan.Core.Domain;

namespace AirPlan.Core.Rules;

/// <summary>
/// The status rules of docs/status-model.md as expressions: EF translates them to SQL for lists, dashboards and reports,
/// and the same expressions compiled judge loaded objects, so no two places can disagree.
/// </summary>
public static class AssignmentRules
{
    /// <summary>
    /// 逾期: not 已完成, and some milestone whose date has passed is not reported done, or the last deadline has passed.
    /// A milestone counts as passed the day after its date.
    /// </summary>
    public static Expression<Func<Assignment, bool>> IsOverdue(DateOnly asOf) => a =>
        a.Status != AssignmentStatus.Completed
        && a.Task!.Milestones.Any(m => m.DueOn < asOf
            && (!a.Checkpoints.Any(c => c.MilestoneId == m.Id)
                || !a.Task.Milestones.Any(later => later.DueOn > m.DueOn)));

    /// <summary>Not done and a milestone falls within the next <paramref name="days"/> days (today included).</summary>
    public static Expression<Func<Assignment, bool>> IsDueWithin(DateOnly asOf, int days)
    {
        var until = asOf.AddDays(days);
        return a => a.Status != AssignmentStatus.Completed
            && a.Task!.Milestones.Any(m => m.DueOn >= asOf && m.DueOn <= until && !a.Checkpoints.Any(c => c.MilestoneId == m.Id));
    }

    /// <summary>
    /// Per assignment: the earliest milestone it has missed (basis of 逾期天数; null when not overdue) and the next one not yet done.
    /// Written out in full rather than composed, because EF must see one plain expression; a test checks it agrees with IsOverdue.
    /// </summary>
    public static Expression<Func<Assignment, AssignmentTiming>> Timing(DateOnly asOf) => a => new AssignmentTiming(
        a.Id,
        a.Status == AssignmentStatus.Completed
            ? null
            : a.Task!.Milestones
                .Where(m => m.DueOn < asOf
                    && (!a.Checkpoints.Any(c => c.MilestoneId == m.Id) || !a.Task.Milestones.Any(later => later.DueOn > m.DueOn)))
                .Min(m => (DateOnly?)m.DueOn),
        a.Status == AssignmentStatus.Completed
            ? null
            : a.Task!.Milestones.Where(m => m.DueOn >= asOf && !a.Checkpoints.Any(c => c.MilestoneId == m.Id)).Min(m => (DateOnly?)m.DueOn));

    /// <summary>The next milestone not yet reported done (sort key of lists), or null.</summary>
    public static Expression<Func<Assignment, DateOnly?>> NextDue(DateOnly asOf) => a =>
        a.Status == AssignmentStatus.Completed
            ? null
            : a.Task!.Milestones.Where(m => m.DueOn >= asOf && !a.Checkpoints.Any(c => c.MilestoneId == m.Id)).Min(m => (DateOnly?)m.DueOn);

    public static int DaysOverdue(DateOnly? firstMissedDue, DateOnly asOf) =>
        firstMissedDue is { } due && due < asOf ? asOf.DayNumber - due.DayNumber : 0;

    /// <summary>Roles whose completion makes the task complete: supporting units help, they do not close a task.</summary>
    public static bool CountsForCompletion(AssignmentRole role) => role is AssignmentRole.Lead or AssignmentRole.Implementing;
}

/// <summary>When an assignment fell behind and what comes next.</summary>
public sealed record AssignmentTiming(int AssignmentId, DateOnly? FirstMissedDue, DateOnly? NextDue)
{
    public bool IsOverdue => FirstMissedDue is not null;
}
