using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using AirPlan.Web.Data;
using AirPlan.Web.Common;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Plans;

/// <summary>Read models for the plan screens, limited to what the actor may see; each call opens and closes its own context.</summary>
public sealed class PlanQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<PlanSummary>> ListPlansAsync(UserContext actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Visibility.Plans(db, actor)
            .OrderBy(p => p.Key)
            .Select(p => new PlanSummary(p.Key, p.Title, p.DocNumber, p.Region!.Name, p.IssuedOn,
                p.Tasks.Count(t => t.ParentId == null && t.WithdrawnAt == null),
                p.Tasks.SelectMany(t => t.Milestones).Min(m => (DateOnly?)m.DueOn),
                p.Tasks.SelectMany(t => t.Milestones).Max(m => (DateOnly?)m.DueOn), p.Region.Level))
            .ToListAsync(ct);
    }

    public async Task<PlanDetail?> GetPlanAsync(UserContext actor, string key, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await Visibility.Plans(db, actor).Where(p => p.Key == key)
            .Select(p => new
            {
                p.Id, p.Key, p.Title, p.DocNumber, p.Issuer, p.IssuedOn, p.PlanYear, RegionName = p.Region!.Name, p.RegionNameAsWritten, p.Region.Level,
                p.RegionId, p.Revision, p.RevisedOn, p.SourceFileName,
                Targets = p.Targets.OrderBy(t => t.Id).Select(t => new TargetView(t.Indicator, t.Value, t.Unit, t.Text)).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (plan is null) return null;

        var chapters = await db.Chapters.AsNoTracking().Where(c => c.PlanId == plan.Id).OrderBy(c => c.Order)
            .Select(c => new ChapterView(c.Number, c.Title, db.Tasks.Count(t => t.ChapterId == c.Id && t.ParentId == null && t.WithdrawnAt == null)))
            .ToListAsync(ct);
        return new PlanDetail(plan.Key, plan.Title, plan.DocNumber, plan.Issuer, plan.IssuedOn, plan.PlanYear, plan.RegionName,
            plan.RegionNameAsWritten, chapters, plan.Targets, plan.Level, plan.RegionId, plan.Revision, plan.RevisedOn, plan.SourceFileName);
    }

    public async Task<IReadOnlyList<TaskRow>> ListTasksAsync(UserContext actor, string planKey, string? search = null,
        string? chapterNumber = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A task a revision removed (删除任务) leaves the table; its page and records stay.
        var tasks = Visibility.Tasks(db, actor).Where(t => t.Plan!.Key == planKey && t.ParentId == null && t.WithdrawnAt == null);
        if (!string.IsNullOrWhiteSpace(chapterNumber)) tasks = tasks.Where(t => t.Chapter!.Number == chapterNumber);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePattern.Containing(search);
            tasks = tasks.Where(t => EF.Functions.ILike(t.Title, pattern) || EF.Functions.ILike(t.Text, pattern)
                || t.Assignments.Any(a => EF.Functions.ILike(a.Unit!.Name, pattern)));
        }

        return await tasks.OrderBy(t => t.Order)
            .Select(t => new TaskRow(t.Id, t.Number,
                SectionPath.Of(t.Chapter != null ? t.Chapter.Number : "", t.Chapter != null ? t.Chapter.Title : "", t.Section), t.Title,
                // 已撤销 rows (a correction or a revision took the unit off) are history, not who does the task now.
                t.Assignments.Where(a => a.Role == AssignmentRole.Lead && a.ClosedAt == null).OrderBy(a => a.Id).Select(a => a.Unit!.Name).ToList(),
                t.Assignments.Where(a => a.Role == AssignmentRole.Supporting && a.ClosedAt == null).OrderBy(a => a.Id).Select(a => a.Unit!.Name).ToList(),
                t.TownshipScope,
                t.Assignments.Count(a => a.Role == AssignmentRole.Implementing && a.ClosedAt == null),
                t.Milestones.OrderBy(m => m.DueOn).Select(m => new DeadlineView(m.DueOn, m.Text, m.Id)).ToList(),
                t.Recurrence,
                t.Subitems.Count,
                t.IsContinuous))
            .AsSplitQuery()
            .ToListAsync(ct);
    }
}
