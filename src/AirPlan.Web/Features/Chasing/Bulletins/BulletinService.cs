using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Chasing.Bulletins;

/// <summary>A 通报 of a plan (<see cref="PlanKey"/>) or of all plans of a region (<see cref="RegionId"/>) for a month or quarter.</summary>
public sealed record BulletinScope(string? PlanKey, int? RegionId, BulletinPeriod Period);

/// <summary>A department or township in the ranking: its dashboard row's figures.</summary>
public sealed record BulletinRank(int Rank, string Name, int Assignments, int Completed, int Overdue, int PercentDone);

public sealed record BulletinOverdue(string PlanTitle, string Task, string Units, DateOnly FirstMissedDue, int DaysOverdue);

/// <summary>Everything a 通报 prints, every figure taken from the dashboard's roll-ups for the same scope and date.</summary>
/// <param name="CompletedOnTime">按期完成 tasks, from the dashboard's task roll-up (null prints nothing).</param>
/// <param name="CompletedLate">逾期完成 tasks — as <paramref name="CompletedOnTime"/>.</param>
public sealed record BulletinData(string Subject, string Office, BulletinPeriod Period, DateOnly AsOf, DateOnly IssuedOn,
    TaskFigures Tasks, RollupFigures Assignments, int? CompletedOnTime, int? CompletedLate,
    IReadOnlyList<BulletinRank> Departments, IReadOnlyList<BulletinRank> Townships, int OverdueTotal, IReadOnlyList<BulletinOverdue> Overdue)
{
    public string Title => $"关于{Period.Title}{Subject}任务推进情况的通报";
}

/// <summary>
/// 通报: the dashboard's figures for a plan or region as of a period's end, ranked and listed for leaders to quote. Nothing is
/// counted here: totals, rankings and the overdue list are <see cref="RollupQueries"/>' (so the 通报 and the 总览 agree).
/// </summary>
public sealed class BulletinService(IDbContextFactory<AppDbContext> dbFactory, RollupQueries rollups, RegionTree regions, OfficeClock clock)
{
    public const string NotFoundMessage = "未找到该方案或地区";

    /// <summary>Most overdue tasks a 通报 lists (the rest are counted in its total).</summary>
    public const int OverdueListLength = 100;

    public async Task<BulletinData> BuildAsync(UserContext actor, BulletinScope scope, CancellationToken ct = default)
    {
        var (viewer, filter, subject, regionId, regionName) = await ResolveAsync(actor, scope, ct);
        var totals = await rollups.TotalsAsync(viewer, filter, ct);
        var departments = await rollups.ByDepartmentAsync(viewer, filter, AssignmentRole.Lead, ct);
        var townships = await rollups.ByTownshipAsync(viewer, filter, ct);
        var overdue = await rollups.OverdueAsync(viewer, filter, OverdueListLength, ct);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var office = await db.RegionNoticeSettings.AsNoTracking().Where(s => s.RegionId == regionId).Select(s => s.IssuingOffice)
            .SingleOrDefaultAsync(ct) ?? NoticeNumbers.DefaultIssuingOffice(regionName);
        return new BulletinData(subject, office, scope.Period, totals.AsOf, clock.Today, totals.Tasks, totals.Figures,
            CompletedOnTime: totals.Tasks.CompletedOnTime, CompletedLate: totals.Tasks.CompletedLate,
            Rank(departments), Rank(townships), overdue.Total,
            overdue.Items.Select(i => new BulletinOverdue(i.PlanTitle, Notices.NoticeService.TaskTitle(i.TaskNumber, i.TaskTitle),
                string.Join("、", i.Units.Concat(i.Townships)), i.FirstMissedDue, i.DaysOverdue)).ToList());
    }

    /// <summary>
    /// Whose dashboard the 通报 reproduces. A plan: the actor's own, filtered to the plan. A region: the dashboard a leader of
    /// that region sees (all its plans, nothing else the actor may also see), which the roll-ups scope by visibility.
    /// </summary>
    private async Task<(UserContext Viewer, TaskFilter Filter, string Subject, int RegionId, string RegionName)> ResolveAsync(UserContext actor,
        BulletinScope scope, CancellationToken ct)
    {
        var asOf = scope.Period.End < clock.Today ? scope.Period.End : (DateOnly?)null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!string.IsNullOrWhiteSpace(scope.PlanKey))
        {
            var plan = await db.Plans.AsNoTracking().Where(p => p.Key == scope.PlanKey)
                .Select(p => new { p.Key, p.Title, p.RegionId, Region = p.Region!.Name }).SingleOrDefaultAsync(ct)
                ?? throw new NotFoundException(NotFoundMessage);
            if (!AccessPolicy.CanRead(actor, plan.RegionId)) throw new NotFoundException(NotFoundMessage);
            return (actor, new TaskFilter { Plan = plan.Key, AsOf = asOf }, $"《{plan.Title}》", plan.RegionId, plan.Region);
        }
        if (scope.RegionId is not { } regionId) throw new DomainException("请选择实施方案或地区");
        var region = await db.Regions.AsNoTracking().Where(r => r.Id == regionId).Select(r => r.Name).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException(NotFoundMessage);
        if (!AccessPolicy.CanRead(actor, regionId)) throw new NotFoundException(NotFoundMessage);
        var viewer = new UserContext(actor.UserId, actor.UserName, actor.DisplayName, new HashSet<string> { AppRoles.Leader },
            new HashSet<int>(), await regions.WithDescendantsAsync([regionId], ct));
        return (viewer, new TaskFilter { AsOf = asOf }, $"{region}空气质量持续改善行动", regionId, region);
    }

    /// <summary>Highest 完成率 first, then fewest 逾期 (a ranking leaders read top-down).</summary>
    private static List<BulletinRank> Rank(IEnumerable<RollupRow> rows) =>
        rows.OrderByDescending(r => r.Figures.PercentDone).ThenBy(r => r.Figures.Overdue).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select((r, i) => new BulletinRank(i + 1, r.Detail is null ? r.Name : $"{r.Name}（{r.Detail}）", r.Figures.Assignments,
                r.Figures.Completed, r.Figures.Overdue, r.Figures.PercentDone))
            .ToList();

    /// <summary>The 地区 search box: regions with plans that the actor reads by region, by name or code.</summary>
    public async Task<IReadOnlyList<RegionChoice>> SearchRegionsAsync(UserContext actor, string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RegionSearch.FindAsync(BulletinRegions(db, actor), text, RegionSearch.PlanLevels, ct);
    }

    /// <summary>Where the page opens: the first such region by name; null when the actor reads no plan by region.</summary>
    public async Task<RegionChoice?> FirstRegionAsync(UserContext actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RegionSearch.FirstAsync(db, BulletinRegions(db, actor), ct);
    }

    private static IQueryable<Region> BulletinRegions(AppDbContext db, UserContext actor) =>
        Visibility.ReadRegions(db, actor).Where(r => db.Plans.Any(p => p.RegionId == r.Id));

    /// <summary>Plans a 通报 can be made for: those the actor reads by region.</summary>
    public async Task<IReadOnlyList<(string Key, string Title)>> PlansAsync(UserContext actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Visibility.Plans(db, actor).OrderBy(p => p.Key).Select(p => new { p.Key, p.Title, p.RegionId }).ToListAsync(ct);
        return rows.Where(r => AccessPolicy.CanRead(actor, r.RegionId)).Select(r => (r.Key, r.Title)).ToList();
    }
}
