using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
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
        var moment = AsOf(filter);
        var asOf = moment.Date;
        var query = Filter(db, actor, filter, moment);
        var total = await query.CountAsync(ct);

        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, 200);
        var ordered = query
            .OrderByDescending(AsOfRules.IsOverdue(moment))
            .ThenBy(AsOfRules.NextDue(moment))
            .ThenBy(a => a.Task!.Plan!.Key).ThenBy(a => a.Task!.Order).ThenBy(a => a.Role).ThenBy(a => a.Unit!.Name);
        var pageIds = await ordered.Skip((page - 1) * size).Take(size).Select(a => a.Id).ToListAsync(ct);
        // Status and last report as of the date: a past date shows what the list looked like then.
        var statuses = await db.Assignments.Where(a => pageIds.Contains(a.Id))
            .Select(AsOfRules.WithStatus(moment, (a, s) => new { a.Id, Status = s })).ToDictionaryAsync(x => x.Id, x => x.Status, ct);
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
        var timing = await TimingAsync(db, pageIds, moment, ct);

        var items = rows.Select(r =>
        {
            var (firstMissed, nextDue) = timing.TryGetValue(r.Id, out var t) ? (t.FirstMissedDue, t.NextDue) : (null, null);
            return new AssignmentRow(r.Id, r.Version, r.TaskId, r.PlanKey, r.RegionId, r.PlanRegion, r.Number, r.Chapter, r.Title, r.UnitId,
                r.UnitName, r.Kind, r.Role, statuses.GetValueOrDefault(r.Id, r.Status), r.SendBackReason, nextDue, firstMissed,
                AssignmentRules.DaysOverdue(firstMissed, asOf), LightOf(firstMissed, nextDue, asOf), r.LastReportAt, r.EvidenceCount);
        }).ToList();
        return new Paged<AssignmentRow>(items, total, page, size);
    }

    /// <summary>First missed and next due dates per assignment, by the status-model rules.</summary>
    public static async Task<Dictionary<int, AssignmentTiming>> TimingAsync(AppDbContext db, IReadOnlyCollection<int> assignmentIds,
        DateOnly asOf, CancellationToken ct) =>
        await db.Assignments.Where(a => assignmentIds.Contains(a.Id)).Select(AssignmentRules.Timing(asOf))
            .ToDictionaryAsync(t => t.AssignmentId, ct);

    /// <summary>As-of timing (history for past dates); the list, the dashboard and the Excel report use this one.</summary>
    public static async Task<Dictionary<int, AssignmentTiming>> TimingAsync(AppDbContext db, IReadOnlyCollection<int> assignmentIds,
        AsOfDate asOf, CancellationToken ct) =>
        await db.Assignments.Where(a => assignmentIds.Contains(a.Id)).Select(AsOfRules.Timing(asOf))
            .ToDictionaryAsync(t => t.AssignmentId, ct);

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

    /// <summary>The rows a filter selects; dashboards count with the same query so drill-downs list exactly what was counted.</summary>
    /// <remarks>
    /// Status, 逾期, 到期 and 未按期报送 are judged as of <paramref name="asOf"/> with <see cref="AsOfRules"/>: assignments created
    /// later are left out, a past date reads statuses from history. Roll-ups (Features/Dashboard/Rollups) group this query.
    /// </remarks>
    public static IQueryable<Assignment> Filter(AppDbContext db, UserContext actor, TaskFilter filter, AsOfDate asOf)
    {
        var query = Visible(db, actor).Where(AsOfRules.Existed(asOf));
        if (filter.Mine)
        {
            var mine = actor.UnitIds.ToList();
            query = query.Where(a => mine.Contains(a.UnitId));
        }
        if (!string.IsNullOrWhiteSpace(filter.Plan)) query = query.Where(a => a.Task!.Plan!.Key == filter.Plan);
        if (!string.IsNullOrWhiteSpace(filter.Chapter)) query = query.Where(a => a.Task!.Chapter!.Number == filter.Chapter);
        if (filter.UnitId is { } unitId) query = query.Where(a => a.UnitId == unitId);
        if (filter.TownshipId is { } townshipId) query = query.Where(a => a.Unit!.TownshipRegionId == townshipId);
        if (filter.Role is { } role) query = query.Where(a => a.Role == role);
        if (filter.Kind is { } kind) query = query.Where(a => a.Unit!.Kind == kind);
        if (filter.Status is { } status) query = query.Where(AsOfRules.HasStatus(asOf, status));
        if (filter.Overdue) query = query.Where(AsOfRules.IsOverdue(asOf));
        if (filter.DueWithinDays is { } days) query = query.Where(AsOfRules.IsDueWithin(asOf, days));
        if (filter.ReportMissing) query = query.Where(AsOfRules.IsReportMissing(asOf, db.ProgressReports));
        if (filter.Counted) query = query.Where(AsOfRules.IsCounted(asOf));
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var pattern = $"%{filter.Text.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%";
            query = query.Where(a => EF.Functions.ILike(a.Task!.Title, pattern) || EF.Functions.ILike(a.Task!.Text, pattern)
                || EF.Functions.ILike(a.Unit!.Name, pattern));
        }
        return query;
    }
}
