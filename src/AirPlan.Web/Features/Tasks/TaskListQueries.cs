using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Tasks.Facts;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks;

/// <summary>任务清单: assignments the actor may see, filtered and paged in PostgreSQL.</summary>
public sealed class TaskListQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IConfiguration configuration)
{
    /// <summary>Yellow light: due within this many days (AirPlan:Warnings:YellowDays, default 15).</summary>
    public int YellowDays => configuration.GetValue("AirPlan:Warnings:YellowDays", 15);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<Paged<AssignmentRow>> ListAsync(UserContext actor, TaskFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var moment = await PrepareAsync(db, actor, filter, ct);
        var asOf = moment.Date;
        var query = FilterFacts(db, actor, filter, moment);
        var total = await query.CountAsync(ct);

        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, 200);
        var facts = Facts(db, moment);
        var ordered = from f in query
                      join t in db.Tasks on f.TaskId equals t.Id
                      join u in db.Units on f.UnitId equals u.Id
                      orderby f.FirstMissedDue != null descending, f.NextDue, t.Plan!.Key, t.Order, f.Role, u.Name
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
                AssignmentRules.DaysOverdue(firstMissed, asOf), LightOf(firstMissed, nextDue, asOf), r.LastReportAt, r.EvidenceCount);
        }).ToList();
        return new Paged<AssignmentRow>(items, total, page, size);
    }

    /// <summary>Choices for the chapter, unit and township filters of one plan, limited to what the actor can see.</summary>
    public async Task<TaskFilterOptions> OptionsAsync(UserContext actor, string planKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = Visible(db, actor).Where(a => a.Task!.Plan!.Key == planKey);
        var chapters = await visible.Where(a => a.Task!.Chapter != null).Select(a => new { a.Task!.Chapter!.Number, a.Task.Chapter.Title, a.Task.Chapter.Order })
            .Distinct().OrderBy(c => c.Order).Select(c => new FilterOption(c.Number, $"{c.Number}、{c.Title}")).ToListAsync(ct);
        var units = await visible.Where(a => a.Unit!.Kind == UnitKind.Department).Select(a => new { a.UnitId, a.Unit!.Name }).Distinct()
            .OrderBy(u => u.Name).Select(u => new FilterOption(u.UnitId.ToString(), u.Name)).ToListAsync(ct);
        var townships = await visible.Where(a => a.Unit!.TownshipRegionId != null)
            .Select(a => new { Id = a.Unit!.TownshipRegionId!.Value, a.Unit.Name, a.Unit.TownshipRegion!.Code }).Distinct()
            .OrderBy(t => t.Code).Select(t => new FilterOption(t.Id.ToString(), t.Name)).ToListAsync(ct);
        return new TaskFilterOptions(chapters, units, townships);
    }

    /// <summary>First missed and next due dates per assignment, by the status-model rules.</summary>
    public static async Task<Dictionary<int, AssignmentTiming>> TimingAsync(AppDbContext db, IReadOnlyCollection<int> assignmentIds,
        DateOnly asOf, CancellationToken ct) =>
        await db.Assignments.Where(a => assignmentIds.Contains(a.Id)).Select(AssignmentRules.Timing(asOf))
            .ToDictionaryAsync(t => t.AssignmentId, ct);

    /// <summary>
    /// The filter's 截至日期, with the <see cref="AssignmentFact"/> rows of every plan the filter can reach made sure of: call this
    /// before <see cref="Filter"/> or <see cref="Facts"/> on the same date.
    /// </summary>
    public async Task<AsOfDate> PrepareAsync(AppDbContext db, UserContext actor, TaskFilter filter, CancellationToken ct = default)
    {
        var asOf = AsOf(filter);
        var plans = VisiblePlans(db, actor);
        if (!string.IsNullOrWhiteSpace(filter.Plan)) plans = plans.Where(p => p.Key == filter.Plan);
        await FactSnapshots.EnsureAsync(db, plans, asOf, ct);
        return asOf;
    }

    /// <summary>The assignments as judged on the date (status, 逾期, 下一时限 …), one row each; see <see cref="PrepareAsync"/>.</summary>
    public static IQueryable<AssignmentFact> Facts(AppDbContext db, AsOfDate asOf)
    {
        var (date, history) = (asOf.Date, asOf.FromHistory);
        return db.AssignmentFacts.AsNoTracking().Where(f => f.AsOf == date && f.FromHistory == history);
    }

    /// <summary>The filter's 截至日期 (today when unset) against the app clock.</summary>
    public AsOfDate AsOf(TaskFilter filter) => AsOfDate.For(filter.AsOf, clock);

    public WarningLight LightOf(DateOnly? firstMissed, DateOnly? nextDue, DateOnly asOf) =>
        firstMissed is not null ? WarningLight.Red
        : nextDue is { } due && due <= asOf.AddDays(YellowDays) ? WarningLight.Yellow
        : WarningLight.Green;

    /// <summary>Assignments the actor may see: all for admins, their regions' plans, a liaison's own units' work.</summary>
    public static IQueryable<Assignment> Visible(AppDbContext db, UserContext actor)
    {
        var query = db.Assignments.AsNoTracking();
        if (actor.IsAdmin) return query;
        var regions = actor.RegionIds.ToList();
        var units = actor.IsLiaison ? actor.UnitIds.ToList() : [];
        return query.Where(a => regions.Contains(a.Task!.Plan!.RegionId) || units.Contains(a.UnitId));
    }

    /// <summary>Plans with work the actor may see (the plans <see cref="Visible"/> draws from).</summary>
    public static IQueryable<Plan> VisiblePlans(AppDbContext db, UserContext actor)
    {
        var query = db.Plans.AsNoTracking();
        if (actor.IsAdmin) return query;
        var regions = actor.RegionIds.ToList();
        var units = actor.IsLiaison ? actor.UnitIds.ToList() : [];
        return query.Where(p => regions.Contains(p.RegionId) || p.Tasks.Any(t => t.Assignments.Any(a => units.Contains(a.UnitId))));
    }

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
        var query = Facts(db, asOf);
        if (!actor.IsAdmin)
        {
            // Same rule as Visible: the actor's regions' plans, and a liaison's own units' work anywhere.
            var regions = actor.RegionIds.ToList();
            var units = actor.IsLiaison ? actor.UnitIds.ToList() : [];
            var plansInRegions = db.Plans.Where(p => regions.Contains(p.RegionId)).Select(p => p.Id);
            query = query.Where(f => plansInRegions.Contains(f.PlanId) || units.Contains(f.UnitId));
        }
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
        if (filter.Counted) query = query.Where(f => f.Counted);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var pattern = $"%{filter.Text.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%";
            var tasks = db.Tasks.Where(t => EF.Functions.ILike(t.Title, pattern) || EF.Functions.ILike(t.Text, pattern)).Select(t => t.Id);
            var units = db.Units.Where(u => EF.Functions.ILike(u.Name, pattern)).Select(u => u.Id);
            query = query.Where(f => tasks.Contains(f.TaskId) || units.Contains(f.UnitId));
        }
        return query;
    }
}
