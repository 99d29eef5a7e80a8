using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
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

public sealed record TimelineEntry(DateTimeOffset At, string UserName, string Action, string Summary);

public sealed record UnitReport(string UnitName, ReportView Report);

/// <summary>Read models for one assignment's report form and a task's history.</summary>
public sealed class AssignmentQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<ReportContext?> GetReportContextAsync(UserContext actor, int assignmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var a = await TaskListQueries.Visible(db, actor).Where(a => a.Id == assignmentId)
            .Select(a => new
            {
                a.Id, a.Version, a.TaskId, PlanKey = a.Task!.Plan!.Key, a.Task.Plan.ReportingCycle, a.Task.Number, a.Task.Title, a.UnitId,
                UnitName = a.Unit!.Name, a.Status, a.SendBackReason, a.CreatedAt, a.CompletedAt,
                Milestones = a.Task.Milestones.OrderBy(m => m.DueOn)
                    .Select(m => new MilestoneCheck(m.Id, m.DueOn, m.Text, a.Checkpoints.Any(c => c.MilestoneId == m.Id))).ToList(),
            })
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        if (a is null) return null;

        var reports = await db.ProgressReports.AsNoTracking().Where(r => r.AssignmentId == assignmentId).OrderByDescending(r => r.ReportedAt)
            .Select(r => new ReportView(r.Id, r.Period, r.Progress, r.Problems, r.NextSteps, r.PercentComplete, r.AuthorName, r.ReportedAt))
            .ToListAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var lastClosed = ReportingPeriods.LastClosed(today, a.ReportingCycle).Key;
        var missing = ReportingPeriods.IsReportMissing(today, a.ReportingCycle, DateOnly.FromDateTime(a.CreatedAt.LocalDateTime),
            reports.Select(r => r.Period), a.CompletedAt is { } done ? DateOnly.FromDateTime(done.LocalDateTime) : null);
        return new ReportContext(a.Id, a.Version, a.TaskId, a.PlanKey, a.Number, a.Title, a.UnitName, a.Status, a.SendBackReason,
            a.Milestones, ReportingPeriods.KeyOf(today, a.ReportingCycle), lastClosed, missing, reports,
            AccessPolicy.CanReport(actor, a.UnitId));
    }

    /// <summary>Every recorded change on a task, newest first (reports, submissions, reviews, evidence, status changes).</summary>
    public async Task<List<TimelineEntry>> TimelineAsync(UserContext actor, int taskId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId)
            .Select(t => new { t.Plan!.RegionId, Units = t.Assignments.Select(a => a.UnitId).ToList() }).SingleOrDefaultAsync(ct);
        if (task is null) return [];
        AccessPolicy.EnsureReadTask(actor, task.RegionId, task.Units);
        return await db.AuditEntries.AsNoTracking().Where(e => e.TaskId == taskId).OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(200)
            .Select(e => new TimelineEntry(e.At, e.UserName, e.Action, e.Summary))
            .ToListAsync(ct);
    }

    /// <summary>Progress reports of every assignment of a task, newest first.</summary>
    public async Task<List<UnitReport>> TaskReportsAsync(UserContext actor, int taskId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await TaskListQueries.Visible(db, actor).Where(a => a.TaskId == taskId)
            .Join(db.ProgressReports, a => a.Id, r => r.AssignmentId, (a, r) => new { a.Unit!.Name, r })
            .OrderByDescending(x => x.r.ReportedAt)
            .Select(x => new { x.Name, View = new ReportView(x.r.Id, x.r.Period, x.r.Progress, x.r.Problems, x.r.NextSteps,
                x.r.PercentComplete, x.r.AuthorName, x.r.ReportedAt) })
            .ToListAsync(ct);
        return rows.Select(r => new UnitReport(r.Name, r.View)).ToList();
    }
}
