using System.Linq.Expressions;
using AirPlan.Core.Domain;

namespace AirPlan.Web.Features.Reports;

/// <summary>An assignment as it stood at the end of a report date: its status is read from the status history.</summary>
public sealed record AssignmentFact(int Id, int TaskId, int PlanId, int UnitId, string UnitName, UnitKind UnitKind, int? TownshipRegionId,
    AssignmentRole Role, AssignmentStatus Status);

public static class AssignmentFacts
{
    /// <summary>
    /// One row per assignment, status as of <paramref name="cutoff"/> (the first instant after the report date): the last
    /// status it entered before then, 未启动 when it had entered none. Written as one expression so it runs in the query.
    /// </summary>
    public static Expression<Func<Assignment, AssignmentFact>> AsOf(DateTimeOffset cutoff) => a => new AssignmentFact(
        a.Id, a.TaskId, a.Task!.PlanId, a.UnitId, a.Unit!.Name, a.Unit.Kind, a.Unit.TownshipRegionId, a.Role,
        a.StatusChanges.Where(c => c.ChangedAt < cutoff).OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id)
            .Select(c => (AssignmentStatus?)c.Status).FirstOrDefault() ?? AssignmentStatus.NotStarted);

    /// <summary>The first instant after <paramref name="asOf"/> in the offices' time zone.</summary>
    public static DateTimeOffset CutoffOf(DateOnly asOf, TimeZoneInfo zone)
    {
        var local = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
