using System.Linq.Expressions;
using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AirPlan.Web.Features.Dashboard.Rollups;

/// <summary>
/// Roll-up figures for the leaders' dashboard, its JSON endpoint and the quarterly Excel report: counted by PostgreSQL
/// (GROUP BY over <see cref="StatusEngine.FilterFacts"/>), as of <c>scope.AsOf</c> (null = today), within what the actor may see.
/// </summary>
/// <remarks>
/// The scope is a <see cref="TaskFilter"/> (usually just Plan and AsOf; Page is ignored). Each row carries the filter its numbers
/// drill down to, and <see cref="RollupFigures.FilterFor"/> gives the filter of one number: the task list shows exactly the
/// rows counted. Figure definitions: docs/status-model.md, “总览与汇总”.
/// </remarks>
public sealed partial class RollupQueries(IDbContextFactory<AppDbContext> dbFactory, StatusEngine engine, IMemoryCache cache)
{
    /// <summary>The “30天内到期” window.</summary>
    public const int DueSoonDays = 30;

    /// <summary>The as-of moment the scope stands for (today when scope.AsOf is null).</summary>
    public AsOfDate AsOf(TaskFilter scope) => engine.AsOf(scope.AsOf);

    /// <summary>Headline totals (任务总数、已完成、推进中 …).</summary>
    public async Task<RollupTotals> TotalsAsync(UserContext actor, TaskFilter scope, CancellationToken ct = default)
    {
        scope = Normalize(scope);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var asOf = await engine.PrepareAsync(db, actor, scope, ct);
        var kept = UsesKept(actor, scope);
        var groups = kept ? await KeptTotalsAsync(db, actor, scope, asOf, ct) : await GroupAsync(Facts(db, actor, scope, asOf), f => 1, ct);
        var tasks = await TaskFiguresAsync(db, actor, scope, asOf, ct);
        var figures = groups.Count == 0 ? RollupFigures.Empty : Figures(groups[0], asOf);
        // Kept per-unit rows cannot add up distinct tasks across units; of whole plans, those are the scope's tasks.
        if (kept) figures = figures with { Tasks = tasks.Tasks };
        return new RollupTotals(scope, asOf.Date, asOf.FromHistory, figures, tasks);
    }

    /// <summary>The scope's tasks counted by state (任务 · 已完成 · 逾期 …): a GROUP BY over <see cref="StatusEngine.TaskFacts"/>.</summary>
    private static async Task<TaskFigures> TaskFiguresAsync(AppDbContext db, UserContext actor, TaskFilter scope, AsOfDate asOf,
        CancellationToken ct) =>
        // As in ByPlanAsync: a limit keeps the per-task GROUP BY a subquery the count groups (ordered only so EF does not warn).
        await StatusEngine.TaskFacts(db, actor, scope, asOf).OrderBy(t => t.TaskId).Take(int.MaxValue).GroupBy(t => 1).Select(g => new TaskFigures(
            g.Count(),
            g.Count(t => t.State == TaskState.Completed),
            g.Count(t => t.State == TaskState.InProgress),
            g.Count(t => t.State == TaskState.AwaitingReview),
            g.Count(t => t.State == TaskState.NotStarted),
            g.Count(t => t.State == TaskState.Continuous),
            g.Count(t => t.IsOverdue),
            g.Count(t => t.State == TaskState.Completed && !t.IsCompletedLate),
            g.Count(t => t.IsCompletedLate))).SingleOrDefaultAsync(ct) ?? TaskFigures.Empty;

    /// <summary>Per plan: progress, counts and next deadline; in plan order (region, key).</summary>
    public async Task<IReadOnlyList<RollupRow>> ByPlanAsync(UserContext actor, TaskFilter scope, CancellationToken ct = default)
    {
        scope = Normalize(scope);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var asOf = await engine.PrepareAsync(db, actor, scope, ct);
        // Take(int.MaxValue) makes EF compute the facts in a subquery and aggregate plain columns over it; grouped by the
        // joined plan key directly, EF re-ran the whole filter as a correlated subquery per aggregate (1.9 s for one county,
        // 28 ms this way). Same rows, same figures.
        var kept = UsesKept(actor, scope);
        var groups = kept
            ? await KeptByPlanAsync(db, actor, scope, asOf, ct)
            : await GroupAsync(Facts(db, actor, scope, asOf).Take(int.MaxValue), f => f.PlanId, ct);
        var ids = groups.Select(g => g.Key).ToList();
        var plans = await db.Plans.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Key, p.Title, Region = p.Region!.Name }).ToListAsync(ct);
        // A task belongs to one plan: the plan's row counts its tasks as the plan's own task view judges them.
        var tasks = await CountTasksAsync(Judged(db, actor, scope, asOf).Select(t => new KeyedTask
        {
            Key = t.PlanId, State = t.State, IsOverdue = t.IsOverdue, IsCompletedLate = t.IsCompletedLate,
        }), ct);
        var byId = groups.ToDictionary(g => g.Key);
        return plans.OrderBy(p => p.Region).ThenBy(p => p.Key)
            .Select(p => Row(p.Id, p.Title, p.Region, scope with { Plan = p.Key }, byId[p.Id], asOf, tasks))
            // As in the totals: of a whole plan, its tasks counted whole are the distinct tasks of its rows.
            .Select(r => kept ? r with { Figures = r.Figures with { Tasks = r.Tasks.Tasks } } : r)
            .ToList();
    }

    /// <summary>
    /// Per department (部门) in one role — 牵头 (Lead) or 配合 (Supporting), shown apart — worst first: most 逾期, longest
    /// 逾期天数, lowest 完成率. 完成率 of a department row counts all its rows in that role (each is its own work).
    /// </summary>
    public async Task<IReadOnlyList<RollupRow>> ByDepartmentAsync(UserContext actor, TaskFilter scope, AssignmentRole role,
        CancellationToken ct = default)
    {
        scope = Normalize(scope) with { Role = role, Kind = UnitKind.Department };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var asOf = await engine.PrepareAsync(db, actor, scope, ct);
        var groups = UsesKept(actor, scope with { Role = null, Kind = null })
            ? await KeptByDepartmentAsync(db, actor, scope, asOf, role, ct)
            : await GroupAsync(FactsWithTasks(db, actor, scope, asOf), f => f.UnitId, ct, withTasks: true);
        var ids = groups.Select(g => g.Key).ToList();
        var units = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.Name, Region = u.Region!.Name }).ToDictionaryAsync(u => u.Id, ct);
        var tasks = groups.ToDictionary(g => g.Key, TaskFiguresOf);
        // Across plans of several regions 市城管局 alone does not say which city's: the unit's region goes with it.
        var severalRegions = units.Values.Select(u => u.Region).Distinct().Count() > 1;
        return WorstFirst(groups.Select(g => Row(g.Key, units.TryGetValue(g.Key, out var u) ? u.Name : "?",
            severalRegions ? u?.Region : null, scope with { UnitId = g.Key }, g, asOf, tasks)));
    }

    /// <summary>
    /// Per township/zone (乡镇（街道）, units of kind Township; under a city plan such as 漯河 these are its counties), all roles,
    /// worst first. Grouped by the township's region row, which the task list's township filter selects on.
    /// </summary>
    public async Task<IReadOnlyList<RollupRow>> ByTownshipAsync(UserContext actor, TaskFilter scope, CancellationToken ct = default)
    {
        scope = Normalize(scope) with { Kind = UnitKind.Township };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var asOf = await engine.PrepareAsync(db, actor, scope, ct);
        var groups = UsesKept(actor, scope with { Kind = null })
            ? await KeptByTownshipAsync(db, actor, scope, asOf, ct)
            : await GroupAsync(FactsWithTasks(db, actor, scope, asOf).Where(f => f.TownshipRegionId != null),
                f => f.TownshipRegionId!.Value, ct, withTasks: true);
        var ids = groups.Select(g => g.Key).ToList();
        var regions = await db.Regions.AsNoTracking().Where(r => ids.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => new { r.Name, Parent = r.Parent != null ? r.Parent.Name : null }, ct);
        var tasks = groups.ToDictionary(g => g.Key, TaskFiguresOf);
        return WorstFirst(groups.Select(g => Row(g.Key, regions.TryGetValue(g.Key, out var r) ? r.Name : "?", r?.Parent,
            scope with { TownshipId = g.Key }, g, asOf, tasks)));
    }

    /// <summary>Task × township statuses for one plan (scope.Plan required): the worst assignment of each township on each task.</summary>
    public async Task<TownshipMatrix> MatrixAsync(UserContext actor, TaskFilter scope, CancellationToken ct = default)
    {
        scope = Normalize(scope) with { Kind = UnitKind.Township };
        if (scope.Plan is null) throw new ArgumentException("乡镇矩阵需要指定实施方案", nameof(scope));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var asOf = await engine.PrepareAsync(db, actor, scope, ct);
        // One row per township assignment of the plan; a matrix shows each, so rows are loaded (nothing is counted here).
        var facts = await Facts(db, actor, scope, asOf).Where(f => f.TownshipRegionId != null)
            .Select(f => new { f.AssignmentId, f.TaskId, Township = f.TownshipRegionId!.Value, f.Status, f.FirstMissedDue, f.NextDue })
            .ToListAsync(ct);
        var taskIds = facts.Select(f => f.TaskId).Distinct().ToList();
        var townshipIds = facts.Select(f => f.Township).Distinct().ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id))
            .OrderBy(t => t.Order).Select(t => new { t.Id, t.Number, t.Title }).ToListAsync(ct);
        var townships = await db.Regions.AsNoTracking().Where(r => townshipIds.Contains(r.Id))
            .OrderBy(r => r.Code).Select(r => new { r.Id, r.Name }).ToListAsync(ct);

        var rows = tasks.Select(t => new MatrixRow(t.Id, t.Number, t.Title, facts.Where(f => f.TaskId == t.Id)
            .GroupBy(f => f.Township)
            .ToDictionary(g => g.Key, g => g
                .Select(f => new MatrixCell(f.AssignmentId, f.Status, engine.LightOf(f.FirstMissedDue, f.NextDue, asOf.Date),
                    WarningLights.DaysOverdue(f.FirstMissedDue, asOf.Date)))
                .OrderByDescending(c => c.Light).ThenByDescending(c => c.DaysOverdue).First()))).ToList();
        return new TownshipMatrix(scope.Plan, townships.Select(r => new MatrixColumn(r.Id, r.Name, scope with { TownshipId = r.Id })).ToList(), rows);
    }

    /// <summary>
    /// 逾期任务: overdue tasks, longest overdue first (at most <paramref name="take"/>), each with the units and townships whose
    /// counted work on it is overdue; with the number of overdue tasks and of overdue assignments.
    /// </summary>
    public async Task<OverdueList> OverdueAsync(UserContext actor, TaskFilter scope, int take = 50, CancellationToken ct = default)
    {
        scope = Normalize(scope) with { Overdue = true };
        var taskScope = scope with { View = TaskListView.Tasks };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var asOf = await engine.PrepareAsync(db, actor, scope, ct);
        var tasks = StatusEngine.TaskFacts(db, actor, taskScope, asOf);
        var total = await tasks.CountAsync(ct);
        var assignments = await StatusEngine.FilterFacts(db, actor, scope, asOf).CountAsync(ct);
        var top = await (from f in tasks
                         join t in db.Tasks on f.TaskId equals t.Id
                         orderby f.FirstMissedDue, t.Order, t.Id
                         select new { f.TaskId, f.FirstMissedDue }).Take(take).ToListAsync(ct);
        var ids = top.Select(t => t.TaskId).ToList();
        var info = await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id))
            .Select(t => new { t.Id, PlanKey = t.Plan!.Key, PlanTitle = t.Plan.Title, t.Number, t.Title, t.LeadUnitNames })
            .ToDictionaryAsync(t => t.Id, ct);
        // The counted overdue assignments of those tasks (what makes each task 逾期), with their units and townships.
        var late = await (from f in StatusEngine.FilterFacts(db, actor, scope, asOf)
                          where ids.Contains(f.TaskId) && f.Counted
                          join u in db.Units on f.UnitId equals u.Id
                          orderby f.FirstMissedDue, u.Name
                          select new
                          {
                              f.AssignmentId, f.TaskId, UnitName = u.Name, u.Kind,
                              Township = u.TownshipRegion != null ? u.TownshipRegion.Name : null,
                              f.LastReportAt,
                          }).ToListAsync(ct);
        var byTask = late.ToLookup(a => a.TaskId);
        var items = top.Where(t => info.ContainsKey(t.TaskId)).Select(t =>
        {
            var task = info[t.TaskId];
            var rows = byTask[t.TaskId].ToList();
            var due = t.FirstMissedDue ?? asOf.Date;
            return new OverdueItem(t.TaskId, task.PlanKey, task.PlanTitle, task.Number, task.Title, string.Join("、", task.LeadUnitNames),
                rows.Select(r => r.AssignmentId).ToList(),
                rows.Where(r => r.Kind != UnitKind.Township).Select(r => r.UnitName).Distinct().ToList(),
                rows.Where(r => r.Kind == UnitKind.Township).Select(r => r.Township ?? r.UnitName).Distinct().ToList(),
                due, WarningLights.DaysOverdue(due, asOf.Date), rows.Max(r => r.LastReportAt),
                scope with { TaskId = t.TaskId, Counted = true });
        }).ToList();
        return new OverdueList(total, taskScope, assignments, scope, items);
    }

    /// <summary>
    /// 已完成 and 逾期 assignments at each month end from the start of the plan period (issue date of the scope's plans, or
    /// the first assignment) to the as-of date (the last point), at most <paramref name="maxPoints"/> points; from status history.
    /// </summary>
    public async Task<IReadOnlyList<TrendPoint>> TrendAsync(UserContext actor, TaskFilter scope, int maxPoints = 36,
        CancellationToken ct = default)
    {
        scope = Normalize(scope);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var asOf = await engine.PrepareAsync(db, actor, scope, ct);
        var visible = StatusEngine.Filter(db, actor, scope, asOf);
        var issued = await visible.Select(a => a.Task!.Plan!.IssuedOn).MinAsync(d => (DateOnly?)d, ct);
        var firstCreated = await visible.MinAsync(a => (DateTimeOffset?)a.CreatedAt, ct);
        if (firstCreated is null) return [];
        var start = issued ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(firstCreated.Value, asOf.Zone).DateTime);

        var dates = new List<DateOnly>();
        for (var monthEnd = new DateOnly(start.Year, start.Month, 1).AddMonths(1).AddDays(-1); monthEnd < asOf.Date;
             monthEnd = monthEnd.AddDays(1).AddMonths(1).AddDays(-1))
            dates.Add(monthEnd);
        dates.Add(asOf.Date);
        dates = dates.TakeLast(maxPoints).ToList();

        // Each point is its own as-of count (same rules as the figures, only the three columns the trend shows), on its own
        // DbContext, a few at a time; past month-ends come from a short-lived cache (history before today does not change).
        var actorKey = ActorKey(actor);
        var points = new TrendPoint[dates.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, dates.Count),
            new ParallelOptions { MaxDegreeOfParallelism = TrendParallelism, CancellationToken = ct }, async (i, token) =>
            {
                var date = dates[i];
                var at = date == asOf.Date ? asOf : engine.AsOf(date);
                var filter = scope with { AsOf = date == asOf.Date ? scope.AsOf : date };
                var key = (actorKey, scope with { AsOf = null }, date);
                if (at.FromHistory && cache.TryGetValue(key, out TrendPoint? hit) && hit is not null)
                {
                    points[i] = hit with { Filter = filter };
                    return;
                }
                await using var pointDb = await dbFactory.CreateDbContextAsync(token);
                await engine.PrepareAsync(pointDb, actor, filter, token);
                var counts = await Facts(pointDb, actor, filter, at).GroupBy(f => 1)
                    .Select(g => new { Assignments = g.Count(), Completed = g.Count(f => f.Status == AssignmentStatus.Completed), Overdue = g.Count(f => f.Overdue) })
                    .SingleOrDefaultAsync(token);
                var point = new TrendPoint(date, counts?.Assignments ?? 0, counts?.Completed ?? 0, counts?.Overdue ?? 0, filter);
                if (at.FromHistory) cache.Set(key, point, TrendCacheFor);
                points[i] = point;
            });
        return points;
    }

    /// <summary>How many trend points are counted at once (each on its own connection; kept low so concurrent requests do not exhaust the pool).</summary>
    private const int TrendParallelism = 2;

    /// <summary>How long a past month-end point is reused (per actor scope, filter and date).</summary>
    private static readonly TimeSpan TrendCacheFor = TimeSpan.FromMinutes(10);

    /// <summary>What the actor may see (admin, regions, units) as a short key; actors with the same scope share cache entries.</summary>
    internal static string ActorKey(UserContext actor)
    {
        var text = actor.IsAdmin ? "admin"
            : $"{actor.IsLiaison}|{string.Join(',', actor.RegionIds.Order())}|{string.Join(',', actor.UnitIds.Order())}";
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The scope's assignments with their facts as of the date (<see cref="StatusEngine.PrepareAsync"/> first).</summary>
    internal static IQueryable<RollupFact> Facts(AppDbContext db, UserContext actor, TaskFilter scope, AsOfDate asOf) =>
        Project(db, StatusEngine.FilterFacts(db, actor, scope, asOf), asOf);

    /// <summary>The given facts with what roll-ups group by and count.</summary>
    private static IQueryable<RollupFact> Project(AppDbContext db, IQueryable<AssignmentFact> facts, AsOfDate asOf)
    {
        var dueSoonUntil = asOf.Date.AddDays(DueSoonDays);
        return from f in facts
               join u in db.Units on f.UnitId equals u.Id
               select new RollupFact
               {
                   AssignmentId = f.AssignmentId, TaskId = f.TaskId, PlanId = f.PlanId, UnitId = f.UnitId, TownshipRegionId = u.TownshipRegionId,
                   Role = f.Role, Status = f.Status, Overdue = f.FirstMissedDue != null, DueSoon = f.NextDue != null && f.NextDue <= dueSoonUntil,
                   ReportMissing = f.ReportMissing, Counted = f.Counted, FirstMissedDue = f.FirstMissedDue, NextDue = f.NextDue,
                   CompletedLateDays = f.CompletedLateDays,
               };
    }

    /// <summary>
    /// The per-assignment facts of a scope as of its date, loaded (for the Excel report, which prints every row); the dashboard
    /// groups them in PostgreSQL instead.
    /// </summary>
    public async Task<List<RollupFact>> FactsAsync(UserContext actor, TaskFilter scope, CancellationToken ct = default)
    {
        scope = Normalize(scope);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var asOf = await engine.PrepareAsync(db, actor, scope, ct);
        return await Facts(db, actor, scope, asOf).ToListAsync(ct);
    }

    /// <summary>Paging is a list concern; a scope with Page set would otherwise leak into drill-down links.</summary>
    private static TaskFilter Normalize(TaskFilter scope) => scope with { Page = 1, PageSize = new TaskFilter().PageSize };

    private sealed class GroupCounts<TKey>
    {
        public required TKey Key { get; init; }
        public int Assignments { get; init; }
        public int Tasks { get; init; }
        public int Completed { get; init; }
        public int InProgress { get; init; }
        public int Submitted { get; init; }
        public int NotStarted { get; init; }
        public int Continuous { get; init; }
        public int Overdue { get; init; }
        public int DueSoon { get; init; }
        public int ReportMissing { get; init; }
        public int Counted { get; init; }
        public int CountedDone { get; init; }
        public DateOnly? FirstMissedDue { get; init; }
        public DateOnly? NextDue { get; init; }
        public int CompletedOnTime { get; init; }
        public int CompletedLate { get; init; }
        // Distinct tasks by their state as whole tasks (withTasks only; Tasks above is all of them)
        public int TasksCompleted { get; init; }
        public int TasksInProgress { get; init; }
        public int TasksAwaitingReview { get; init; }
        public int TasksNotStarted { get; init; }
        public int TasksContinuous { get; init; }
        public int TasksOverdue { get; init; }
        public int TasksCompletedOnTime { get; init; }
        public int TasksCompletedLate { get; init; }
    }

    /// <param name="withTasks">Also count the distinct tasks by task state (facts from <see cref="FactsWithTasks"/>).</param>
    private static Task<List<GroupCounts<TKey>>> GroupAsync<TKey>(IQueryable<RollupFact> facts, Expression<Func<RollupFact, TKey>> key,
        CancellationToken ct, bool withTasks = false)
    {
        var counts = AssignmentCounts<TKey>();
        if (withTasks) counts = Extended(counts, g => new GroupCounts<TKey>
        {
            Key = g.Key,
            // the same conditions as TaskFigures.FilterFor (TaskFilter.TaskStatus, Overdue, Completion in the task view)
            TasksCompleted = g.Where(f => f.TaskState == TaskState.Completed).Select(f => f.TaskId).Distinct().Count(),
            TasksInProgress = g.Where(f => f.TaskState == TaskState.InProgress).Select(f => f.TaskId).Distinct().Count(),
            TasksAwaitingReview = g.Where(f => f.TaskState == TaskState.AwaitingReview).Select(f => f.TaskId).Distinct().Count(),
            TasksNotStarted = g.Where(f => f.TaskState == TaskState.NotStarted).Select(f => f.TaskId).Distinct().Count(),
            TasksContinuous = g.Where(f => f.TaskState == TaskState.Continuous).Select(f => f.TaskId).Distinct().Count(),
            TasksOverdue = g.Where(f => f.TaskOverdue).Select(f => f.TaskId).Distinct().Count(),
            TasksCompletedOnTime = g.Where(f => f.TaskState == TaskState.Completed && !f.TaskCompletedLate).Select(f => f.TaskId).Distinct().Count(),
            TasksCompletedLate = g.Where(f => f.TaskCompletedLate).Select(f => f.TaskId).Distinct().Count(),
        });
        return facts.GroupBy(key).Select(counts).ToListAsync(ct);
    }

    /// <summary><paramref name="counts"/> with the member bindings of <paramref name="more"/> added (one SELECT, one scan).</summary>
    private static Expression<Func<IGrouping<TKey, RollupFact>, GroupCounts<TKey>>> Extended<TKey>(
        Expression<Func<IGrouping<TKey, RollupFact>, GroupCounts<TKey>>> counts, Expression<Func<IGrouping<TKey, RollupFact>, GroupCounts<TKey>>> more)
    {
        var init = (MemberInitExpression)counts.Body;
        var extra = ((MemberInitExpression)new Rebind(more.Parameters[0], counts.Parameters[0]).Visit(more.Body)).Bindings
            .Where(b => b.Member.Name != nameof(GroupCounts<TKey>.Key));
        return Expression.Lambda<Func<IGrouping<TKey, RollupFact>, GroupCounts<TKey>>>(
            Expression.MemberInit(init.NewExpression, init.Bindings.Concat(extra)), counts.Parameters);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    private static Expression<Func<IGrouping<TKey, RollupFact>, GroupCounts<TKey>>> AssignmentCounts<TKey>() =>
        g => new GroupCounts<TKey>
        {
            Key = g.Key,
            Assignments = g.Count(),
            Tasks = g.Select(f => f.TaskId).Distinct().Count(),
            Completed = g.Count(f => f.Status == AssignmentStatus.Completed),
            InProgress = g.Count(f => f.Status == AssignmentStatus.InProgress),
            Submitted = g.Count(f => f.Status == AssignmentStatus.Submitted),
            NotStarted = g.Count(f => f.Status == AssignmentStatus.NotStarted),
            Continuous = g.Count(f => f.Status == AssignmentStatus.Continuous),
            Overdue = g.Count(f => f.Overdue),
            DueSoon = g.Count(f => f.DueSoon),
            ReportMissing = g.Count(f => f.ReportMissing),
            Counted = g.Count(f => f.Counted),
            CountedDone = g.Count(f => f.Counted && (f.Status == AssignmentStatus.Completed || f.Status == AssignmentStatus.Continuous)),
            FirstMissedDue = g.Min(f => f.FirstMissedDue),
            NextDue = g.Min(f => f.NextDue),
            // the same conditions as TaskFilter.Completion in StatusEngine.FilterFacts, so each opens exactly its rows
            CompletedOnTime = g.Count(f => f.Status == AssignmentStatus.Completed && f.CompletedLateDays == null),
            CompletedLate = g.Count(f => f.CompletedLateDays != null),
        };

    private static RollupFigures Figures<TKey>(GroupCounts<TKey> g, AsOfDate asOf) => new(g.Assignments, g.Tasks, g.Completed,
        g.InProgress, g.Submitted, g.NotStarted, g.Continuous, g.Overdue, g.DueSoon, g.ReportMissing, g.Counted, g.CountedDone,
        g.FirstMissedDue, g.NextDue, WarningLights.DaysOverdue(g.FirstMissedDue, asOf.Date), g.CompletedOnTime, g.CompletedLate);

    private RollupRow Row<TKey>(int id, string name, string? detail, TaskFilter filter, GroupCounts<TKey> g, AsOfDate asOf,
        IReadOnlyDictionary<int, TaskFigures> tasks)
    {
        var figures = Figures(g, asOf);
        return new RollupRow(id, name, detail, filter, figures, engine.LightOf(figures.FirstMissedDue, figures.NextDue, asOf.Date))
        {
            Tasks = tasks.GetValueOrDefault(id, TaskFigures.Empty),
        };
    }

    /// <summary>The scope's tasks, each judged whole (<see cref="StatusEngine.TaskFacts"/> over <see cref="StatusEngine.TaskJudging"/>).</summary>
    private static IQueryable<TaskFact> Judged(AppDbContext db, UserContext actor, TaskFilter scope, AsOfDate asOf) =>
        // As in TaskFiguresAsync: the limit keeps the per-task GROUP BY a subquery that the join and the count read.
        StatusEngine.TaskFacts(db, actor, StatusEngine.TaskJudging(scope), asOf).OrderBy(t => t.TaskId).Take(int.MaxValue);

    /// <summary>
    /// The scope's facts, each with the state of its task as a whole (<see cref="Judged"/>): a department's or township's
    /// row counts, in the same GROUP BY as its 责任分工 figures, the distinct tasks its rows are on by their task state — the
    /// tasks it holds an assignment on, which the row's task drill-down (the task view with the row's filter) lists.
    /// </summary>
    private static IQueryable<RollupFact> FactsWithTasks(AppDbContext db, UserContext actor, TaskFilter scope, AsOfDate asOf) =>
        WithTasks(Facts(db, actor, scope, asOf), Judged(db, actor, scope, asOf));

    /// <summary>Each fact with the state of its task as a whole, from <paramref name="judged"/> (one row per task).</summary>
    private static IQueryable<RollupFact> WithTasks(IQueryable<RollupFact> facts, IQueryable<TaskFact> judged) =>
        from f in facts
        join t in judged on f.TaskId equals t.TaskId
        select new RollupFact
        {
            AssignmentId = f.AssignmentId, TaskId = f.TaskId, PlanId = f.PlanId, UnitId = f.UnitId, TownshipRegionId = f.TownshipRegionId,
            Role = f.Role, Status = f.Status, Overdue = f.Overdue, DueSoon = f.DueSoon, ReportMissing = f.ReportMissing, Counted = f.Counted,
            FirstMissedDue = f.FirstMissedDue, NextDue = f.NextDue, CompletedLateDays = f.CompletedLateDays,
            TaskState = t.State, TaskOverdue = t.IsOverdue, TaskCompletedLate = t.IsCompletedLate,
        };

    private static TaskFigures TaskFiguresOf<TKey>(GroupCounts<TKey> g) => new(g.Tasks, g.TasksCompleted, g.TasksInProgress,
        g.TasksAwaitingReview, g.TasksNotStarted, g.TasksContinuous, g.TasksOverdue, g.TasksCompletedOnTime, g.TasksCompletedLate);

    /// <summary>Tasks per key counted by state, with the conditions <see cref="TaskFigures.FilterFor"/> drills down with.</summary>
    private static Task<Dictionary<int, TaskFigures>> CountTasksAsync(IQueryable<KeyedTask> tasks, CancellationToken ct) =>
        tasks.GroupBy(t => t.Key).Select(g => new
        {
            g.Key,
            Figures = new TaskFigures(
                g.Count(),
                g.Count(t => t.State == TaskState.Completed),
                g.Count(t => t.State == TaskState.InProgress),
                g.Count(t => t.State == TaskState.AwaitingReview),
                g.Count(t => t.State == TaskState.NotStarted),
                g.Count(t => t.State == TaskState.Continuous),
                g.Count(t => t.IsOverdue),
                g.Count(t => t.State == TaskState.Completed && !t.IsCompletedLate),
                g.Count(t => t.IsCompletedLate)),
        }).ToDictionaryAsync(x => x.Key, x => x.Figures, ct);

    private sealed class KeyedTask
    {
        public int Key { get; init; }
        public TaskState State { get; init; }
        public bool IsOverdue { get; init; }
        public bool IsCompletedLate { get; init; }
    }

    private static List<RollupRow> WorstFirst(IEnumerable<RollupRow> rows) => rows
        .OrderByDescending(r => r.Figures.Overdue).ThenByDescending(r => r.Figures.WorstDaysOverdue)
        .ThenBy(r => r.Figures.PercentDone).ThenBy(r => r.Name, StringComparer.Ordinal)
        // Same-named units of several counties with the same figures: always in the same order, whichever query counted them.
        .ThenBy(r => r.Detail, StringComparer.Ordinal).ThenBy(r => r.Id).ToList();
}
