using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Common;
using AirPlan.Web.Features.Notifications;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks.Workflow;

/// <summary>
/// The daily work on assignments: reports, checkpoints, submission, review and status corrections.
/// Every method authorises the actor, guards the state through the entity, writes history and detects concurrent edits.
/// </summary>
public sealed class WorkService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, OfficeClock office)
{
    /// <remarks>After a dropped connection the whole report is made again on a fresh context (see <see cref="Resilience"/>).</remarks>
    public Task<int> ReportProgressAsync(UserContext actor, ProgressReportInput input, CancellationToken ct = default) =>
        dbFactory.RetryingAsync(db => ReportProgressAsync(db, actor, input, ct), ct);

    private async Task<int> ReportProgressAsync(AppDbContext db, UserContext actor, ProgressReportInput input, CancellationToken ct)
    {
        var assignment = await LoadAsync(db, input.AssignmentId, input.Version, ct);
        AccessPolicy.EnsureReport(actor, assignment.UnitId);

        var now = clock.GetUtcNow();
        var today = office.Today;
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
        await db.SaveOrConflictAsync(ct);
        foreach (var file in evidence) file.AttachToReport(report.Id);
        await db.SaveChangesAsync(ct);
        // The author's draft (ReportDraftService) has become this report.
        await db.ReportDrafts.Where(d => d.UserId == actor.UserId && d.AssignmentId == assignment.Id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return report.Id;
    }

    public Task SubmitAsync(UserContext actor, int assignmentId, uint version, CancellationToken ct = default) =>
        ChangeAsync(actor, assignmentId, version, Who.Liaison, "assignment.submit", async (db, a, now) =>
        {
            var evidence = await db.Evidence.CountAsync(e => e.AssignmentId == a.Id && e.RemovedAt == null, ct);
            a.Submit(evidence, now);
            return $"{a.Unit!.Name} 提交完成，附佐证材料 {evidence} 份，待核验";
        }, ct);

    public Task VerifyAsync(UserContext actor, int assignmentId, uint version, CancellationToken ct = default) =>
        ChangeAsync(actor, assignmentId, version, Who.Coordinator, "assignment.verify", async (db, a, now) =>
        {
            a.Verify(now);
            db.Reviews.Add(new Review(a.Id, ReviewOutcome.Accepted, null, actor.UserId, actor.Name, now));
            await TellLiaisonsAsync(db, a, NotificationKinds.Verified, $"核验通过：{a.Task!.Title}",
                $"{actor.Name} 已核验通过 {a.Unit!.Name} 的完成情况。", now, ct);
            return $"{actor.Name} 核验通过 {a.Unit!.Name} 的完成情况";
        }, ct);

    public Task SendBackAsync(UserContext actor, int assignmentId, uint version, string reason, CancellationToken ct = default) =>
        ChangeAsync(actor, assignmentId, version, Who.Coordinator, "assignment.send-back", async (db, a, now) =>
        {
            a.SendBack(reason, now);
            db.Reviews.Add(new Review(a.Id, ReviewOutcome.SentBack, a.SendBackReason, actor.UserId, actor.Name, now));
            await TellLiaisonsAsync(db, a, NotificationKinds.SentBack, $"被退回：{a.Task!.Title}",
                $"{actor.Name} 退回了 {a.Unit!.Name} 的提交，原因：{a.SendBackReason}", now, ct);
            return $"{actor.Name} 退回 {a.Unit!.Name} 的提交：{a.SendBackReason}";
        }, ct);

    public Task MarkContinuousAsync(UserContext actor, int assignmentId, uint version, CancellationToken ct = default) =>
        ChangeAsync(actor, assignmentId, version, Who.Coordinator, "assignment.continuous", (_, a, now) =>
        {
            a.MarkContinuous(now);
            return Task.FromResult($"{actor.Name} 将 {a.Unit!.Name} 标记为持续推进");
        }, ct);

    public Task OverrideStatusAsync(UserContext actor, int assignmentId, uint version, AssignmentStatus status, string? note,
        CancellationToken ct = default) =>
        ChangeAsync(actor, assignmentId, version, Who.Coordinator, "assignment.set-status", (_, a, now) =>
        {
            a.OverrideStatus(status, now);
            return Task.FromResult($"{actor.Name} 将 {a.Unit!.Name} 的状态调整为{StatusTitles.Of(status)}"
                + (string.IsNullOrWhiteSpace(note) ? "" : $"：{note.Trim()}"));
        }, ct);

    private enum Who { Liaison, Coordinator }

    private const string AssignmentNotFound = "未找到该责任分工，可能已被删除";

    /// <summary>Load at the version the user saw, authorise, apply one transition, record it, save or report the conflict.</summary>
    private async Task ChangeAsync(UserContext actor, int assignmentId, uint version, Who who, string action,
        Func<AppDbContext, Assignment, DateTimeOffset, Task<string>> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var assignment = await LoadAsync(db, assignmentId, version, ct);
        // Whoever may not see the task gets "not found", as for an id that does not exist; 403 only for what one can see.
        AccessPolicy.EnsureVisibleTask(actor, assignment.Task!.Plan!.RegionId,
            await db.Assignments.Where(a => a.TaskId == assignment.TaskId).Select(a => a.UnitId).ToListAsync(ct), AssignmentNotFound);
        if (who == Who.Liaison) AccessPolicy.EnsureReport(actor, assignment.UnitId);
        else AccessPolicy.EnsureCoordinate(actor, assignment.Task!.Plan!.RegionId);
        var before = Snapshot(assignment);
        var now = clock.GetUtcNow();
        var summary = await change(db, assignment, now);
        db.Audit(actor, now, action, nameof(Assignment), assignment.Id, assignment.TaskId, summary, before, Snapshot(assignment));
        await db.SaveOrConflictAsync(ct);
    }

    private static async Task<Assignment> LoadAsync(AppDbContext db, int assignmentId, uint version, CancellationToken ct)
    {
        var assignment = await db.Assignments
            .Include(a => a.Unit)
            .Include(a => a.Checkpoints)
            .Include(a => a.Task!).ThenInclude(t => t.Plan)
            .Include(a => a.Task!).ThenInclude(t => t.Milestones)
            .SingleOrDefaultAsync(a => a.Id == assignmentId, ct)
            ?? throw new NotFoundException(AssignmentNotFound);
        // The version the user saw, not the one just read: a change in between must fail the save.
        db.Entry(assignment).Property(a => a.Version).OriginalValue = version;
        return assignment;
    }


    // The unit's liaisons learn of a review in 消息, in the same transaction as the review itself.
    private static async Task TellLiaisonsAsync(AppDbContext db, Assignment a, string kind, string title, string body,
        DateTimeOffset now, CancellationToken ct)
    {
        var liaisons = await Recipients.LiaisonsOfUnitsAsync(db, [a.UnitId], ct);
        if (liaisons.TryGetValue(a.UnitId, out var userIds))
            db.Notify(userIds, kind, title, body, Notifier.AssignmentLink(a.Task!.Plan!.Key, a.TaskId, a.Id), a.TaskId, a.Id, now);
    }

    private static object Snapshot(Assignment a) => new { Status = a.Status.ToString(), a.SubmittedAt, a.CompletedAt, a.SendBackReason };
}
