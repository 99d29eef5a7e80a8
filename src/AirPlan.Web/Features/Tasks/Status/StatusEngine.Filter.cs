using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks.Status;

public sealed partial class StatusEngine
{
    /// <summary>The rows a filter selects; dashboards count with the same conditions so drill-downs list exactly what was counted.</summary>
    /// <remarks>
    /// Status, 逾期, 到期 and 未按期报送 are read from the <see cref="AssignmentFact"/> rows of <paramref name="asOf"/> (so
    /// <see cref="PrepareAsync"/> must have run for it); assignments created later have no row there and are left out.
    /// </remarks>
    public static IQueryable<Assignment> Filter(AppDbContext db, UserContext actor, TaskFilter filter, AsOfDate asOf)
    {
        var selected = FilterFacts(db, actor, filter, asOf).Select(f => f.AssignmentId);
        return db.Assignments.AsNoTracking().Where(a => selected.Contains(a.Id));
    }

    /// <summary>
    /// The facts of the rows a filter selects: every condition is on <see cref="AssignmentFact"/> columns or an uncorrelated
    /// id list (plans, tasks, units), which PostgreSQL hashes once, so a province needs no join with the assignments table.
    /// Roll-ups group this query; <see cref="Filter"/> lists it.
    /// </summary>
    public static IQueryable<AssignmentFact> FilterFacts(AppDbContext db, UserContext actor, TaskFilter filter, AsOfDate asOf)
    {
        var query = Visibility.Facts(db, Facts(db, asOf), actor);
        if (filter.Mine)
        {
            var mine = actor.UnitIds.ToList();
            query = query.Where(f => mine.Contains(f.UnitId));
        }
        if (!string.IsNullOrWhiteSpace(filter.Plan))
        {
            var plan = db.Plans.Where(p => p.Key == filter.Plan).Select(p => p.Id);
            query = query.Where(f => plan.Contains(f.PlanId));
        }
        if (!string.IsNullOrWhiteSpace(filter.Chapter))
        {
            var tasks = db.Tasks.Where(t => t.Chapter!.Number == filter.Chapter).Select(t => t.Id);
            query = query.Where(f => tasks.Contains(f.TaskId));
        }
        if (filter.TaskId is { } taskId) query = query.Where(f => f.TaskId == taskId);
        if (filter.UnitId is { } unitId) query = query.Where(f => f.UnitId == unitId);
        if (filter.TownshipId is { } townshipId)
        {
            var units = db.Units.Where(u => u.TownshipRegionId == townshipId).Select(u => u.Id);
            query = query.Where(f => units.Contains(f.UnitId));
        }
        if (filter.Role is { } role) query = query.Where(f => f.Role == role);
        if (filter.Kind is { } kind)
        {
            var units = db.Units.Where(u => u.Kind == kind).Select(u => u.Id);
            query = query.Where(f => units.Contains(f.UnitId));
        }
        if (filter.Status is { } status) query = query.Where(f => f.Status == status);
        if (filter.Overdue) query = query.Where(f => f.FirstMissedDue != null);
        if (filter.DueWithinDays is { } days)
        {
            // Due within N days = not done and the next milestone not reported done falls on date … date + N.
            var until = asOf.Date.AddDays(days);
            query = query.Where(f => f.NextDue != null && f.NextDue <= until);
        }
        if (filter.ReportMissing) query = query.Where(f => f.ReportMissing);
        // 逾期完成 is the engine's column (set only while 已完成); 按期完成 is 已完成 without it.
        if (filter.Completion == CompletionTiming.Late) query = query.Where(f => f.CompletedLateDays != null);
        if (filter.Completion == CompletionTiming.OnTime)
            query = query.Where(f => f.Status == AssignmentStatus.Completed && f.CompletedLateDays == null);
        if (filter.Counted) query = query.Where(f => f.Counted);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var pattern = LikePattern.Containing(filter.Text);
            // Chinese has no case: without a cased letter LIKE finds the same rows as ILIKE and skips its case folding, a
            // third of the time over a province's 1.4 million characters of task text.
            var tasks = LikePattern.HasCase(filter.Text)
                ? db.Tasks.Where(t => EF.Functions.ILike(t.Title, pattern) || EF.Functions.ILike(t.Text, pattern)).Select(t => t.Id)
                : db.Tasks.Where(t => EF.Functions.Like(t.Title, pattern) || EF.Functions.Like(t.Text, pattern)).Select(t => t.Id);
            var units = LikePattern.HasCase(filter.Text)
                ? db.Units.Where(u => EF.Functions.ILike(u.Name, pattern)).Select(u => u.Id)
                : db.Units.Where(u => EF.Functions.Like(u.Name, pattern)).Select(u => u.Id);
            query = query.Where(f => tasks.Contains(f.TaskId) || units.Contains(f.UnitId));
        }
        return query;
    }
}
