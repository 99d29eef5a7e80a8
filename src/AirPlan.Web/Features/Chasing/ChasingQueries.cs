using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Notifications;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Chasing;

/// <summary>A 督办 still standing: escalated for the checkpoint the engine still finds missed.</summary>
public sealed record EscalatedRow(int AssignmentId, int TaskId, string PlanKey, string TaskTitle, string UnitName, DateOnly FirstMissedDue,
    DateOnly EscalatedOn, int DaysOverdue);

public sealed record EscalatedSummary(int Count, IReadOnlyList<EscalatedRow> Rows);

/// <summary>Reads for the chasing screens: the admin page's runs and the dashboard's 已督办.</summary>
public sealed class ChasingQueries(IDbContextFactory<AppDbContext> dbFactory, StatusEngine engine)
{
    public async Task<List<ChaseRun>> RecentRunsAsync(UserContext actor, int take = 30, CancellationToken ct = default)
    {
        AccessPolicy.EnsureRunChasing(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ChaseRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(take).ToListAsync(ct);
    }

    /// <summary>
    /// 已督办 today in what the user may see (optionally one plan): assignments escalated for the checkpoint that the status
    /// engine still judges as their first missed one, so an assignment done since, or behind on a later checkpoint not yet
    /// escalated, drops out by itself. Longest overdue first.
    /// </summary>
    public async Task<EscalatedSummary> EscalatedAsync(UserContext actor, string? planKey, int take = 10, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var asOf = await engine.PrepareAsync(db, actor, new Tasks.TaskFilter { Plan = planKey }, ct);
        var facts = Visibility.Facts(db, StatusEngine.Facts(db, asOf), actor);
        if (!string.IsNullOrWhiteSpace(planKey)) facts = facts.Where(f => db.Plans.Any(p => p.Id == f.PlanId && p.Key == planKey));
        var rows = from f in facts
                   join s in db.ChasedSteps on f.AssignmentId equals s.AssignmentId
                   where s.Kind == NotificationKinds.Escalated && f.FirstMissedDue == s.DueOn
                   select new { f.AssignmentId, f.TaskId, f.FirstMissedDue, s.CreatedAt };
        var count = await rows.CountAsync(ct);
        if (count == 0) return new EscalatedSummary(0, []);
        var top = await (from r in rows
                         join a in db.Assignments on r.AssignmentId equals a.Id
                         orderby r.FirstMissedDue, r.AssignmentId
                         select new { r.AssignmentId, r.TaskId, a.Task!.Plan!.Key, a.Task.Title, UnitName = a.Unit!.Name, r.FirstMissedDue, r.CreatedAt })
            .Take(take).ToListAsync(ct);
        var zone = asOf.Zone;
        return new EscalatedSummary(count, top.Select(r => new EscalatedRow(r.AssignmentId, r.TaskId, r.Key, r.Title, r.UnitName,
            r.FirstMissedDue!.Value, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.CreatedAt, zone).DateTime),
            WarningLights.DaysOverdue(r.FirstMissedDue, asOf.Date))).ToList());
    }
}
