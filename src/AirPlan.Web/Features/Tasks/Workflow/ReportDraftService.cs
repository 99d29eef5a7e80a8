using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks.Workflow;

/// <summary>What a 报送进展 form held when its author left it (the fields of <see cref="ProgressReportInput"/>, all optional).</summary>
public sealed record ReportDraftInput(string? Period, string? Progress, string? Problems, string? NextSteps, int? PercentComplete,
    IReadOnlyList<int> MilestoneIds)
{
    /// <summary>When it was last saved; set on reading, ignored on saving.</summary>
    public DateTimeOffset? SavedAt { get; init; }
}

/// <summary>
/// 报送进展 drafts kept on the server per user and assignment, so a report begun on one machine can be finished on another.
/// Only the unit's liaison may keep one (the same check as reporting); drafts are not audited, and
/// <see cref="WorkService.ReportProgressAsync"/> removes the author's draft in the report's own transaction.
/// </summary>
public sealed class ReportDraftService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<ReportDraftInput?> GetAsync(UserContext actor, int assignmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureMayReportAsync(db, actor, assignmentId, ct);
        return await db.ReportDrafts.AsNoTracking().Where(d => d.UserId == actor.UserId && d.AssignmentId == assignmentId)
            .Select(d => new ReportDraftInput(d.Period, d.Progress, d.Problems, d.NextSteps, d.PercentComplete, d.MilestoneIds) { SavedAt = d.SavedAt })
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>Replaces the user's draft for the assignment (one statement, so a retry after a dropped connection is harmless).</summary>
    public async Task SaveAsync(UserContext actor, int assignmentId, ReportDraftInput draft, CancellationToken ct = default)
    {
        FieldLimits.Check(draft.Progress ?? "", FieldLimits.ReportText, "进展情况");
        FieldLimits.Check(draft.Problems ?? "", FieldLimits.ReportText, "存在问题");
        FieldLimits.Check(draft.NextSteps ?? "", FieldLimits.ReportText, "下步计划");
        if (draft.Period is { Length: > 16 }) throw new DomainException("报送期次不正确");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureMayReportAsync(db, actor, assignmentId, ct);
        var milestones = draft.MilestoneIds.Distinct().ToArray();
        var now = clock.GetUtcNow();
        // Two tabs saving at once must not fail on the key, so this is an upsert rather than find-then-add.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO report_drafts (user_id, assignment_id, period, progress, problems, next_steps, percent_complete, milestone_ids, saved_at)
            VALUES ({actor.UserId}, {assignmentId}, {draft.Period}, {draft.Progress}, {draft.Problems}, {draft.NextSteps},
                    {draft.PercentComplete}, {milestones}, {now})
            ON CONFLICT (user_id, assignment_id) DO UPDATE SET period = excluded.period, progress = excluded.progress,
                problems = excluded.problems, next_steps = excluded.next_steps, percent_complete = excluded.percent_complete,
                milestone_ids = excluded.milestone_ids, saved_at = excluded.saved_at
            """, ct);
    }

    public async Task DeleteAsync(UserContext actor, int assignmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ReportDrafts.Where(d => d.UserId == actor.UserId && d.AssignmentId == assignmentId).ExecuteDeleteAsync(ct);
    }

    private static async Task EnsureMayReportAsync(AppDbContext db, UserContext actor, int assignmentId, CancellationToken ct)
    {
        var unitId = await db.Assignments.Where(a => a.Id == assignmentId).Select(a => (int?)a.UnitId).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("未找到该责任分工，可能已被删除");
        AccessPolicy.EnsureReport(actor, unitId);
    }
}
