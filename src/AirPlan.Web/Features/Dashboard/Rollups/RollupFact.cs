using System.Linq.Expressions;
using AirPlan.Core.Domain;
using AirPlan.Core.Rules;

namespace AirPlan.Web.Features.Dashboard.Rollups;

/// <summary>
/// One assignment reduced to the columns roll-ups group and count, each computed by an <see cref="AsOfRules"/> expression,
/// so a group's count of (say) Overdue is the count of rows the task list's overdue filter selects.
/// </summary>
public sealed class RollupFact
{
    public int AssignmentId { get; init; }
    public int TaskId { get; init; }
    public int PlanId { get; init; }
    public int UnitId { get; init; }
    public int? TownshipRegionId { get; init; }
    public AssignmentStatus Status { get; init; }
    public bool Overdue { get; init; }
    public bool DueSoon { get; init; }
    public bool ReportMissing { get; init; }
    public bool Counted { get; init; }
    public DateOnly? FirstMissedDue { get; init; }
    public DateOnly? NextDue { get; init; }

    /// <summary>The projection, written as one plain tree (the rule bodies inlined) so EF translates it to SQL.</summary>
    public static Expression<Func<Assignment, RollupFact>> Of(AsOfDate asOf, IQueryable<ProgressReport> reports, int dueSoonDays)
    {
        var a = Expression.Parameter(typeof(Assignment), "a");
        return Expression.Lambda<Func<Assignment, RollupFact>>(Expression.MemberInit(Expression.New(typeof(RollupFact)),
            Bind(nameof(AssignmentId), x => x.Id),
            Bind(nameof(TaskId), x => x.TaskId),
            Bind(nameof(PlanId), x => x.Task!.PlanId),
            Bind(nameof(UnitId), x => x.UnitId),
            Bind(nameof(TownshipRegionId), x => x.Unit!.TownshipRegionId),
            Bind(nameof(Status), AsOfRules.Status(asOf)),
            Bind(nameof(Overdue), AsOfRules.IsOverdue(asOf)),
            Bind(nameof(DueSoon), AsOfRules.IsDueWithin(asOf, dueSoonDays)),
            Bind(nameof(ReportMissing), AsOfRules.IsReportMissing(asOf, reports)),
            Bind(nameof(Counted), AsOfRules.IsCounted(asOf)),
            Bind(nameof(FirstMissedDue), AsOfRules.FirstMissedDue(asOf)),
            Bind(nameof(NextDue), AsOfRules.NextDue(asOf))), a);

        MemberBinding Bind<T>(string name, Expression<Func<Assignment, T>> rule) =>
            Expression.Bind(typeof(RollupFact).GetProperty(name)!, AsOfRules.Body(rule, a));
    }
}
