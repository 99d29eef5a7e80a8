using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks;

/// <summary>任务清单: one page of the assignments a filter selects, as the status engine judges them, and the filter's choices.</summary>
public sealed class TaskListQueries(IDbContextFactory<AppDbContext> dbFactory, StatusEngine engine)
{
    public async Task<Paged<AssignmentRow>> ListAsync(UserContext actor, TaskFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var moment = await engine.PrepareAsync(db, actor, filter, ct);
        var asOf = moment.Date;
        var query = StatusEngine.FilterFacts(db, actor, filter, moment);
        var total = await query.CountAsync(ct);

        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, 200);
        var facts = StatusEngine.Facts(db, moment);
        var ordered = from f in query
                      join t in db.Tasks on f.TaskId equals t.Id
                      join u in db.Units on f.UnitId equals u.Id
                      // Overdue first, longest overdue (earliest missed deadline) first; then what falls due next.
                      orderby f.FirstMissedDue != null descending, f.FirstMissedDue, f.NextDue, t.Plan!.Key, t.Order, f.Role, u.Name
                      select f.AssignmentId;
        var pageIds = await ordered.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        // Status, timing and last report as of the date: a past date shows what the list looked like then.
        var judged = await facts.Where(f => pageIds.Contains(f.AssignmentId))
            .Select(f => new { f.AssignmentId, f.Status, f.FirstMissedDue, f.NextDue }).ToDictionaryAsync(f => f.AssignmentId, ct);
        var end = moment.End;
        var unordered = await db.Assignments.AsNoTracking().Where(a => pageIds.Contains(a.Id))
            .Select(a => new
            {
                a.Id, a.Version, a.TaskId, PlanKey = a.Task!.Plan!.Key, a.Task.Plan.RegionId, PlanRegion = a.Task.Plan.Region!.Name, a.Task.Number,
                Chapter = a.Task.Chapter != null ? a.Task.Chapter.Number : "", a.Task.Title, a.UnitId, UnitName = a.Unit!.Name,
                a.Unit.Kind, a.Role, a.Status, a.SendBackReason,
                EvidenceCount = db.Evidence.Count(e => e.AssignmentId == a.Id && e.RemovedAt == null),
                LastReportAt = db.ProgressReports.Where(r => r.AssignmentId == a.Id && r.ReportedAt < end).Max(r => (DateTimeOffset?)r.ReportedAt),
            })
            .ToListAsync(ct);
        var rows = unordered.OrderBy(r => pageIds.IndexOf(r.Id)).ToList();

        var items = rows.Select(r =>
        {
            var fact = judged.GetValueOrDefault(r.Id);
            var (firstMissed, nextDue) = (fact?.FirstMissedDue, fact?.NextDue);
            return new AssignmentRow(r.Id, r.Version, r.TaskId, r.PlanKey, r.RegionId, r.PlanRegion, r.Number, r.Chapter, r.Title, r.UnitId,
                r.UnitName, r.Kind, r.Role, fact?.Status ?? r.Status, r.SendBackReason, nextDue, firstMissed,
                WarningLights.DaysOverdue(firstMissed, asOf), engine.LightOf(firstMissed, nextDue, asOf), r.LastReportAt, r.EvidenceCount);
        }).ToList();
        return new Paged<AssignmentRow>(items, total, page, size);
    }

    /// <summary>How many assignments the filter selects for the actor (visibility and status as the list applies them).</summary>
    public async Task<int> CountAsync(UserContext actor, TaskFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var moment = await engine.PrepareAsync(db, actor, filter, ct);
        return await StatusEngine.FilterFacts(db, actor, filter, moment).CountAsync(ct);
    }

    /// <summary>Choices for the chapter, unit and township filters of one plan, limited to what the actor can see.</summary>
    public async Task<TaskFilterOptions> OptionsAsync(UserContext actor, string planKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = Visibility.Assignments(db, actor).Where(a => a.Task!.Plan!.Key == planKey);
        var chapters = await visible.Where(a => a.Task!.Chapter != null).Select(a => new { a.Task!.Chapter!.Number, a.Task.Chapter.Title, a.Task.Chapter.Order })
            .Distinct().OrderBy(c => c.Order).Select(c => new FilterOption(c.Number, $"{c.Number}、{c.Title}")).ToListAsync(ct);
        var units = await visible.Where(a => a.Unit!.Kind == UnitKind.Department).Select(a => new { a.UnitId, a.Unit!.Name }).Distinct()
            .OrderBy(u => u.Name).Select(u => new FilterOption(u.UnitId.ToString(), u.Name)).ToListAsync(ct);
        var townships = await visible.Where(a => a.Unit!.TownshipRegionId != null)
            .Select(a => new { Id = a.Unit!.TownshipRegionId!.Value, a.Unit.Name, a.Unit.TownshipRegion!.Code }).Distinct()
            .OrderBy(t => t.Code).Select(t => new FilterOption(t.Id.ToString(), t.Name)).ToListAsync(ct);
        return new TaskFilterOptions(chapters, units, townships);
    }
}
