using AirPlan.Core.Domain;
using AirPlan.Core.Rules;

namespace AirPlan.Web.Features.Dashboard.Rollups;

/// <summary>
/// One assignment of a scope with what roll-ups group by and count (from its <see cref="Data.AssignmentFact"/>), so a
/// group's count of (say) Overdue is the count of rows the task list's overdue filter selects.
/// </summary>
public sealed class RollupFact
{
    public int AssignmentId { get; init; }
    public int TaskId { get; init; }
    public int PlanId { get; init; }
    public int UnitId { get; init; }
    public int? TownshipRegionId { get; init; }
    public AssignmentRole Role { get; init; }
    public AssignmentStatus Status { get; init; }
    public bool Overdue { get; init; }
    public bool DueSoon { get; init; }
    public bool ReportMissing { get; init; }
    public bool Counted { get; init; }
    public DateOnly? FirstMissedDue { get; init; }
    public DateOnly? NextDue { get; init; }
    /// <summary>逾期完成 by this many days (the engine's completed_late_days); null when not 已完成 or on time.</summary>
    public int? CompletedLateDays { get; init; }
    /// <summary>The state of the assignment's task as a whole (task_facts), where a roll-up counts tasks beside assignments.</summary>
    public TaskState TaskState { get; init; }
    public bool TaskOverdue { get; init; }
    public bool TaskCompletedLate { get; init; }
}
