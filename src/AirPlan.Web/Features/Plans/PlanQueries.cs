using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Plans;

/// <summary>Read models for the plan screens, limited to what the actor may see; each call opens and closes its own context.</summary>
public sealed class PlanQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<PlanSummary>> ListPlansAsync(UserContext actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await VisiblePlans(db, actor)
            .OrderBy(p => p.Key)
            .Select(p => new PlanSummary(p.Key, p.Title, p.DocNumber, p.Region!.Name, p.IssuedOn,
                p.Tasks.Count(t => t.ParentId == null),
                p.Tasks.SelectMany(t => t.Milestones).Min(m => (DateOnly?)m.DueOn),
                p.Tasks.SelectMany(t => t.Milestones).Max(m => (DateOnly?)m.DueOn)))
            .ToListAsync(ct);
    }

    public async Task<PlanDetail?> GetPlanAsync(UserContext actor, string key, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await VisiblePlans(db, actor).Where(p => p.Key == key)
            .Select(p => new
            {
                p.Id, p.Key, p.Title, p.DocNumber, p.Issuer, p.IssuedOn, p.PlanYear, RegionName = p.Region!.Name, p.RegionNameAsWritten,
                Targets = p.Targets.OrderBy(t => t.Id).Select(t => new TargetView(t.Indicator, t.Value, t.Unit, t.Text)).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (plan is null) return null;

        var chapters = await db.Chapters.AsNoTracking().Where(c => c.PlanId == plan.Id).OrderBy(c => c.Order)
            .Select(c => new ChapterView(c.Number, c.Title, db.Tasks.Count(t => t.ChapterId == c.Id && t.ParentId == null)))
            .ToListAsync(ct);
        return new PlanDetail(plan.Key, plan.Title, plan.DocNumber, plan.Issuer, plan.IssuedOn, plan.PlanYear, plan.RegionName,
            plan.RegionNameAsWritten, chapters, plan.Targets);
    }

    public async Task<IReadOnlyList<TaskRow>> ListTasksAsync(UserContext actor, string planKey, string? search = null,
        string? chapterNumber = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tasks = VisibleTasks(db, actor).Where(t => t.Plan!.Key == planKey && t.ParentId == null);
        if (!string.IsNullOrWhiteSpace(chapterNumber)) tasks = tasks.Where(t => t.Chapter!.Number == chapterNumber);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{EscapeLike(search.Trim())}%";
            tasks = tasks.Where(t => EF.Functions.ILike(t.Title, pattern) || EF.Functions.ILike(t.Text, pattern)
                || t.Assignments.Any(a => EF.Functions.ILike(a.Unit!.Name, pattern)));
        }

        return await tasks.OrderBy(t => t.Order)
            .Select(t => new TaskRow(t.Id, t.Number, t.Chapter != null ? t.Chapter.Number : "", t.Section, t.Title,
                t.Assignments.Where(a => a.Role == AssignmentRole.Lead).OrderBy(a => a.Id).Select(a => a.Unit!.Name).ToList(),
                t.Assignments.Where(a => a.Role == AssignmentRole.Supporting).OrderBy(a => a.Id).Select(a => a.Unit!.Name).ToList(),
                t.TownshipScope,
                t.Assignments.Count(a => a.Role == AssignmentRole.Implementing),
                t.Milestones.OrderBy(m => m.DueOn).Select(m => new DeadlineView(m.DueOn, m.Text, m.Id)).ToList(),
                t.Recurrence,
                t.Subitems.Count))
            .AsSplitQuery()
            .ToListAsync(ct);
    }

    public async Task<TaskDetail?> GetTaskAsync(UserContext actor, string planKey, int taskId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await VisibleTasks(db, actor).Where(t => t.Id == taskId && t.Plan!.Key == planKey && t.ParentId == null)
            .Select(t => new TaskDetail(t.Id, t.Version, t.Plan!.Key, t.Plan.Title, t.Plan.RegionId, t.Number, t.Chapter != null ? t.Chapter.Number : "",
                t.Section, t.Title, t.Text, t.SourceLine, t.Recurrence, t.IsContinuous, t.TownshipScope,
                t.Subitems.OrderBy(s => s.Order).Select(s => new SubitemView(s.Number, s.Title, s.Text, s.LeadUnitNames, s.SupportingUnitNames)).ToList(),
                t.Assignments.OrderBy(a => a.Id)
                    .Select(a => new AssignmentView(a.Id, a.Version, a.UnitId, a.Unit!.Name, a.Unit.Kind, a.Role, a.Status,
                        a.SendBackReason, a.Checkpoints.Select(c => c.MilestoneId).ToList(), null,
                        db.Evidence.Count(e => e.AssignmentId == a.Id && e.RemovedAt == null))).ToList(),
                t.Milestones.OrderBy(m => m.DueOn).Select(m => new DeadlineView(m.DueOn, m.Text, m.Id)).ToList()))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        if (task is null) return null;

        var asOf = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var timing = await TaskListQueries.TimingAsync(db, task.Assignments.Select(a => a.Id).ToList(), asOf, ct);
        return task with { Assignments = task.Assignments.Select(a => a with { Timing = timing.GetValueOrDefault(a.Id) }).ToList() };
    }

    /// <summary>Plans by region; for a liaison, the plans their units have work in.</summary>
    private static IQueryable<Plan> VisiblePlans(AppDbContext db, UserContext actor)
    {
        if (actor.IsAdmin) return db.Plans.AsNoTracking();
        var regions = actor.RegionIds.ToList();
        var units = actor.IsLiaison ? actor.UnitIds.ToList() : [];
        return db.Plans.AsNoTracking().Where(p => regions.Contains(p.RegionId)
            || p.Tasks.Any(t => t.Assignments.Any(a => units.Contains(a.UnitId))));
    }

    private static IQueryable<PlanTask> VisibleTasks(AppDbContext db, UserContext actor)
    {
        if (actor.IsAdmin) return db.Tasks.AsNoTracking();
        var regions = actor.RegionIds.ToList();
        var units = actor.IsLiaison ? actor.UnitIds.ToList() : [];
        // A subitem is visible through its parent's assignments. Spelled as two branches: EF Core cannot translate
        // a conditional between two collection navigations ((cond ? t.Assignments : t.Parent.Assignments).Any(...)).
        return db.Tasks.AsNoTracking().Where(t => regions.Contains(t.Plan!.RegionId)
            || (t.Parent == null && t.Assignments.Any(a => units.Contains(a.UnitId)))
            || (t.Parent != null && t.Parent.Assignments.Any(a => units.Contains(a.UnitId))));
    }

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
