using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks;

public sealed record MilestoneCheck(int MilestoneId, DateOnly DueOn, string Text, bool Done);

public sealed record ReportView(int Id, string Period, string Progress, string? Problems, string? NextSteps, int? PercentComplete,
    string AuthorName, DateTimeOffset ReportedAt);

/// <summary>What the report form needs about one assignment.</summary>
public sealed record ReportContext(int AssignmentId, uint Version, int TaskId, string PlanKey, string TaskNumber, string TaskTitle,
    string UnitName, AssignmentStatus Status, string? SendBackReason, IReadOnlyList<MilestoneCheck> Milestones,
    string CurrentPeriod, string LastClosedPeriod, bool LastClosedMissing, IReadOnlyList<ReportView> RecentReports, bool CanReport);

/// <summary>What the report form needs about one assignment.</summary>
public sealed class AssignmentQueries(IDbContextFactory<AppDbContext> dbFactory, StatusEngine engine)
{
    public async Task<ReportContext?> GetReportContextAsync(UserContext actor, int assignmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var a = await Visibility.Assignments(db, actor).Where(a => a.Id == assignmentId)
            .Select(a => new
            {
                a.Id, a.Version, a.TaskId, PlanKey = a.Task!.Plan!.Key, a.Task.Plan.ReportingCycle, a.Task.Number, a.Task.Title, a.UnitId,
                UnitName = a.Unit!.Name, a.Status, a.SendBackReason,
                Milestones = a.Task.Milestones.OrderBy(m => m.DueOn)
                    .Select(m => new MilestoneCheck(m.Id, m.DueOn, m.Text, a.Checkpoints.Any(c => c.MilestoneId == m.Id))).ToList(),
            })
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        if (a is null) return null;

        var reports = await db.ProgressReports.AsNoTracking().Where(r => r.AssignmentId == assignmentId).OrderByDescending(r => r.ReportedAt)
            .Select(r => new ReportView(r.Id, r.Period, r.Progress, r.Problems, r.NextSteps, r.PercentComplete, r.AuthorName, r.ReportedAt))
            .ToListAsync(ct);
        var today = engine.Today;
        var lastClosed = ReportingPeriods.LastClosed(today, a.ReportingCycle).Key;
        // 未按期报送 as the status engine judges it today, the same verdict the lists and reminders use.
        var missing = (await engine.JudgeAsync(db, [a.Id], ct: ct)).GetValueOrDefault(a.Id)?.ReportMissing ?? false;
        return new ReportContext(a.Id, a.Version, a.TaskId, a.PlanKey, a.Number, a.Title, a.UnitName, a.Status, a.SendBackReason,
            a.Milestones, ReportingPeriods.KeyOf(today, a.ReportingCycle), lastClosed, missing, reports,
            AccessPolicy.CanReport(actor, a.UnitId));
    }
}
