using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Audit;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks.Work;

/// <summary>
/// The daily work on assignments: reports, checkpoints, submission, review and status corrections.
/// Every method authorises the actor, guards the state through the entity, writes history and detects concurrent edits.
/// </summary>
public sealed class WorkService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<int> ReportProgressAsync(UserContext actor, ProgressReportInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var assignment = await LoadAsync(db, input.AssignmentId, input.Version, ct);
        AccessPolicy.EnsureReport(actor, assignment.UnitId);

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var cycle = assignment.Task!.Plan!.ReportingCycle;
        var allowed = new[] { ReportingPeriods.KeyOf(today, cycle), ReportingPeriods.LastClosed(today, cycle).Key };
        if (!allowed.Contains(input.Period))
            throw new DomainException($"只能报送本期（{ReportingPeriods.Title(allowed[0])}）或上一期（{ReportingPeriods.Title(allowed[1])}）的进展");

        var before = Snapshot(assignment);
        foreach (var milestoneId in input.CompletedMilestoneIds.Distinct())
        {
            var milestone = assignment.Task.Milestones.FirstOrDefault(m => m.Id == milestoneId)
                ?? throw new DomainException("所选时间节点不属于本任务");
            assignment.CompleteCheckpoint(milestone, today, input.Progress, now);
        }
        assignment.RecordProgress(now);
        var report = new ProgressReport(assignment, input.Period, input.Progress, input.Problems, input.NextSteps,
            input.PercentComplete, actor.UserId, actor.Name, now);
        db.ProgressReports.Add(report);

        var evidence = await db.Evidence.Where(e => e.AssignmentId == assignment.Id && e.ReportId == null && e.RemovedAt == null)
            .ToListAsync(ct);
        db.Audit(actor, now, "report.create", nameof(Assignment), assignment.Id, assignment.TaskId,
            $"{assignment.Unit!.Name} 报送了{ReportingPeriods.Title(input.Period)}进展" + (input.CompletedMilestoneIds.Count > 0 ? $"，完成时间节点 {input.CompletedMilestoneIds.Count} 个" : ""),
            before, new { Status = assignment.Status.ToString(), input.Period, input.Progress, input.Problems, input.NextSteps, input.PercentComplete });
        // Two saves (the report's id is needed to link the files), one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(db, ct);
        foreach (var file in evidence) file.AttachToReport(report.Id);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return report.Id;
    }

    public async Task SubmitAsync(UserContext actor, int assignmentId, uint version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var assignment = await LoadAsync(db, assignmentId, version, ct);
        AccessPolicy.EnsureReport(actor, assignment.UnitId);
        var evidence = await db.Evidence.CountAsync(e => e.AssignmentId == assignmentId && e.RemovedAt == null, ct);
        var before = Snapshot(assignment);
        var now = clock.GetUtcNow();
        assignment.Submit(evidence, now);
        db.Audit(actor, now, "assignment.submit", nameof(Assignment), assignment.Id, assignment.TaskId,
            $"{assignment.Unit!.Name} 提交完成，附佐证材料 {evidence} 份，待核验", before, Snapshot(assignment));
        await SaveAsync(db, ct);
    }

    public async Task VerifyAsync(UserContext actor, int assignmentId, uint version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var assignment = await LoadAsync(db, assignmentId, version, ct);
        AccessPolicy.EnsureCoordinate(actor, assignment.Task!.Plan!.RegionId);
        var before = Snapshot(assignment);
        var now = clock.GetUtcNow();
        assignment.Verify(now);
        db.Reviews.Add(new Review(assignment.Id, ReviewOutcome.Accepted, null, actor.UserId, actor.Name, now));
        db.Audit(actor, now, "assignment.verify", nameof(Assignment), assignment.Id, assignment.TaskId,
            $"{actor.Name} 核验通过 {assignment.Unit!.Name} 的完成情况", before, Snapshot(assignment));
        await SaveAsync(db, ct);
    }

    public async Task SendBackAsync(UserContext actor, int assignmentId, uint version, string reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var assignment = await LoadAsync(db, assignmentId, version, ct);
        AccessPolicy.EnsureCoordinate(actor, assignment.Task!.Plan!.RegionId);
        var before = Snapshot(assignment);
        var now = clock.GetUtcNow();
        assignment.SendBack(reason, now);
        db.Reviews.Add(new Review(assignment.Id, ReviewOutcome.SentBack, assignment.SendBackReason, actor.UserId, actor.Name, now));
        db.Audit(actor, now, "assignment.send-back", nameof(Assignment), assignment.Id, assignment.TaskId,
            $"{actor.Name} 退回 {assignment.Unit!.Name} 的提交：{assignment.SendBackReason}", before, Snapshot(assignment));
        await SaveAsync(db, ct);
    }

    public async Task MarkContinuousAsync(UserContext actor, int assignmentId, uint version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var assignment = await LoadAsync(db, assignmentId, version, ct);
        AccessPolicy.EnsureCoordinate(actor, assignment.Task!.Plan!.RegionId);
        var before = Snapshot(assignment);
        var now = clock.GetUtcNow();
        assignment.MarkContinuous(now);
        db.Audit(actor, now, "assignment.continuous", nameof(Assignment), assignment.Id, assignment.TaskId,
            $"{actor.Name} 将 {assignment.Unit!.Name} 标记为持续推进", before, Snapshot(assignment));
        await SaveAsync(db, ct);
    }

    public async Task OverrideStatusAsync(UserContext actor, int assignmentId, uint version, AssignmentStatus status, string? note,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var assignment = await LoadAsync(db, assignmentId, version, ct);
        AccessPolicy.EnsureCoordinate(actor, assignment.Task!.Plan!.RegionId);
        var before = Snapshot(assignment);
        var now = clock.GetUtcNow();
        assignment.OverrideStatus(status, now);
        db.Audit(actor, now, "assignment.set-status", nameof(Assignment), assignment.Id, assignment.TaskId,
            $"{actor.Name} 将 {assignment.Unit!.Name} 的状态调整为{StatusTitles.Of(status)}" + (string.IsNullOrWhiteSpace(note) ? "" : $"：{note.Trim()}"),
            before, Snapshot(assignment));
        await SaveAsync(db, ct);
    }

    private static async Task<Assignment> LoadAsync(AppDbContext db, int assignmentId, uint version, CancellationToken ct)
    {
        var assignment = await db.Assignments
            .Include(a => a.Unit)
            .Include(a => a.Checkpoints)
            .Include(a => a.Task!).ThenInclude(t => t.Plan)
            .Include(a => a.Task!).ThenInclude(t => t.Milestones)
            .SingleOrDefaultAsync(a => a.Id == assignmentId, ct)
            ?? throw new DomainException("未找到该责任分工，可能已被删除");
        // The version the user saw, not the one just read: a change in between must fail the save.
        db.Entry(assignment).Property(a => a.Version).OriginalValue = version;
        return assignment;
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException();
        }
    }

    private static object Snapshot(Assignment a) => new { Status = a.Status.ToString(), a.SubmittedAt, a.CompletedAt, a.SendBackReason };
}
