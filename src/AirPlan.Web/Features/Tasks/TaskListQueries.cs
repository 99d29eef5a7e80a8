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
    public Task<Paged<AssignmentRow>> ListAsync(UserContext actor, TaskFilter filter, CancellationToken ct = default) =>
        ListAsync(actor, filter, TaskListSort.Default, ct);

    /// <summary>One page of assignment rows in the order the column headers ask for, ordered by PostgreSQL.</summary>
    public async Task<Paged<AssignmentRow>> ListAsync(UserContext actor, TaskFilter filter, TaskListSort sort, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var moment = await engine.PrepareAsync(db, actor, filter, ct);
        var asOf = moment.Date;
        // The total (a count over every selected fact: most of the time at province scale) runs beside the page on a
        // connection of its own, so the page waits for the longer of the two, not their sum.
        var counting = CountPreparedAsync(actor, filter, moment, ct);
        var query = StatusEngine.FilterFacts(db, actor, filter, moment);

        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, 200);
        var facts = StatusEngine.Facts(db, moment);
        var pageIds = await PageIdsAsync(db, query, sort, (page - 1) * size, size, ct);
        // Status, timing and last report as of the date: a past date shows what the list looked like then.
        var judged = await facts.Where(f => pageIds.Contains(f.AssignmentId))
            .Select(f => new { f.AssignmentId, f.Status, f.FirstMissedDue, f.NextDue, f.CompletedOn, f.CompletedLateDays, f.LastReportAt })
            .ToDictionaryAsync(f => f.AssignmentId, ct);
        var unordered = await db.Assignments.AsNoTracking().Where(a => pageIds.Contains(a.Id))
            .Select(a => new
            {
                a.Id, a.Version, a.TaskId, PlanKey = a.Task!.Plan!.Key, a.Task.Plan.RegionId, PlanRegion = a.Task.Plan.Region!.Name, a.Task.Plan.Region.Level, a.Task.Number,
                Chapter = a.Task.Chapter != null ? a.Task.Chapter.Number : "", a.Task.Title, a.UnitId, UnitName = a.Unit!.Name,
                a.Unit.Kind, a.Role, a.Status, a.SendBackReason,
                EvidenceCount = db.Evidence.Count(e => e.AssignmentId == a.Id && e.RemovedAt == null),
            })
            .ToListAsync(ct);
        var rows = unordered.OrderBy(r => pageIds.IndexOf(r.Id)).ToList();

        var items = rows.Select(r =>
        {
            var fact = judged.GetValueOrDefault(r.Id);
            var (firstMissed, nextDue) = (fact?.FirstMissedDue, fact?.NextDue);
            return new AssignmentRow(r.Id, r.Version, r.TaskId, r.PlanKey, r.RegionId, r.PlanRegion, r.Number, r.Chapter, r.Title, r.UnitId,
                r.UnitName, r.Kind, r.Role, fact?.Status ?? r.Status, r.SendBackReason, nextDue, firstMissed,
                WarningLights.DaysOverdue(firstMissed, asOf), engine.LightOf(firstMissed, nextDue, asOf), fact?.LastReportAt, r.EvidenceCount,
                fact?.CompletedOn, fact?.CompletedLateDays, r.Level);
        }).ToList();
        return new Paged<AssignmentRow>(items, await counting, page, size);
    }

    /// <summary>
    /// The ids of one page in the order <see cref="Ordered"/> defines, without sorting a province's rows (issue #12: 89k facts
    /// joined to tasks, plans and units and sorted before the limit cost 60–300 ms). Orders led by a plan or unit column walk
    /// the indexes of plans → tasks → facts or units → facts and stop at the page. Orders led by facts columns (完成时限,
    /// 状态, 最近报送) are cut into runs of equal facts keys: the keys of the rows up to the page come from an index on the
    /// facts alone, then each run on the page is ordered by the tie-break (plan, task, role, unit, id) on its own, which a
    /// run of 50k equal keys (everything neither overdue nor due) would otherwise have to sort in full. docs/performance.md,
    /// “Assignment list at province scale (issue #12)”.
    /// </summary>
    private static async Task<List<int>> PageIdsAsync(AppDbContext db, IQueryable<AssignmentFact> query, TaskListSort sort, int offset,
        int size, CancellationToken ct)
    {
        if (sort.Field is TaskSortField.Task or TaskSortField.Unit)
            return await Ordered(Joined(db, FactRows(query)), sort).Select(r => r.Id).Skip(offset).Take(size).ToListAsync(ct);

        // The facts keys of every row up to the end of the page (a page deep in the list reads more of the index, never
        // more than the rows before it): the key at each position is the same whichever way equal keys fall.
        var keys = await KeysAsync(query, sort, offset + size, ct);
        if (keys.Count <= offset) return [];
        if (keys.Count < offset + size)
        {
            // The list ends on this page (a department's or a county's rows): every id is known, one query orders them.
            var all = keys.Select(k => k.Id).ToList();
            return await Ordered(Joined(db, FactRows(query).Where(r => all.Contains(r.Id))), sort).Select(r => r.Id).Skip(offset).Take(size)
                .ToListAsync(ct);
        }
        var same = SameKeyAs(sort);
        var runs = new List<(int Start, int End)>();
        for (var i = offset; i < keys.Count; i++)
            if (i == offset || !same(keys[i], keys[i - 1])) runs.Add((i, i + 1));
            else runs[^1] = (runs[^1].Start, i + 1);
        // Where the first run began: it may start before the page.
        var firstStart = runs[0].Start;
        while (firstStart > 0 && same(keys[firstStart - 1], keys[offset])) firstStart--;

        var ids = new List<int>(size);
        ids.AddRange(await RunAsync(db, query, sort, keys[offset], runs[0].Start - firstStart, runs[0].End - runs[0].Start, ct));
        if (runs.Count > 2)
        {
            // Runs between the first and the last lie wholly on the page: their rows are the ids already read.
            var middle = keys[runs[1].Start..runs[^2].End].Select(k => k.Id).ToList();
            ids.AddRange(await Ordered(Joined(db, FactRows(query).Where(r => middle.Contains(r.Id))), sort).Select(r => r.Id).ToListAsync(ct));
        }
        if (runs.Count > 1)
            ids.AddRange(await RunAsync(db, query, sort, keys[runs[^1].Start], 0, runs[^1].End - runs[^1].Start, ct));
        return ids;
    }

    /// <summary>The facts keys of the first <paramref name="count"/> rows in <see cref="ByFacts"/> order.</summary>
    private static async Task<List<FactsKey>> KeysAsync(IQueryable<AssignmentFact> query, TaskListSort sort, int count, CancellationToken ct)
    {
        IQueryable<FactsKey> Keys(IQueryable<SortRow> rows) =>
            ByFacts(rows, sort).Select(r => new FactsKey(r.Id, r.StatusRank, r.FirstMissedDue, r.NextDue, r.LastReportAt));
        if (sort is not { Field: TaskSortField.Status, Descending: true })
            return await Keys(FactRows(query)).Take(count).ToListAsync(ct);
        // 状态 descending wants the deadlines ascending within each status: the status index scanned backwards gives them
        // descending (and 已完成 alone is 20k rows to sort). One status at a time, it is read forwards.
        var keys = new List<FactsKey>(count);
        for (var rank = StatusRanks - 1; rank >= 0 && keys.Count < count; rank--)
        {
            var current = rank;
            keys.AddRange(await Keys(FactRows(query).Where(r => r.StatusRank == current)).Take(count - keys.Count).ToListAsync(ct));
        }
        return keys;
    }

    /// <summary>Rows <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> of one run of equal facts keys.</summary>
    private static Task<List<int>> RunAsync(AppDbContext db, IQueryable<AssignmentFact> query, TaskListSort sort, FactsKey key, int skip,
        int take, CancellationToken ct)
    {
        var rows = FactRows(query);
        rows = key.FirstMissedDue is { } missed ? rows.Where(r => r.FirstMissedDue == missed) : rows.Where(r => r.FirstMissedDue == null);
        rows = key.NextDue is { } next ? rows.Where(r => r.NextDue == next) : rows.Where(r => r.NextDue == null);
        if (sort.Field == TaskSortField.Status) rows = rows.Where(r => r.StatusRank == key.StatusRank);
        if (sort.Field == TaskSortField.LastReport)
            rows = key.LastReportAt is { } at ? rows.Where(r => r.LastReportAt == at) : rows.Where(r => r.LastReportAt == null);
        // Within a run every facts key is equal, so the tie-break alone orders it (and plans → tasks → facts can stop early).
        return ThenByTask(Joined(db, rows).OrderBy(r => r.PlanKey)).Select(r => r.Id).Skip(skip).Take(take).ToListAsync(ct);
    }

    /// <summary>Whether two rows have the same keys in <see cref="ByFacts"/> for this sort (the run <see cref="RunAsync"/> selects).</summary>
    private static Func<FactsKey, FactsKey, bool> SameKeyAs(TaskListSort sort) => (a, b) =>
        a.FirstMissedDue == b.FirstMissedDue && a.NextDue == b.NextDue
        && (sort.Field != TaskSortField.Status || a.StatusRank == b.StatusRank)
        && (sort.Field != TaskSortField.LastReport || a.LastReportAt == b.LastReportAt);

    private sealed record FactsKey(int Id, int StatusRank, DateOnly? FirstMissedDue, DateOnly? NextDue, DateTimeOffset? LastReportAt);

    /// <summary>How many values <see cref="SortRow.StatusRank"/> takes (0 to 4, <see cref="FactRows"/>).</summary>
    private const int StatusRanks = 5;

    /// <summary>The facts' columns of the sort, without joins (an index on assignment_facts can deliver them in order).</summary>
    private static IQueryable<SortRow> FactRows(IQueryable<AssignmentFact> facts) => facts.Select(f => new SortRow
    {
        Id = f.AssignmentId, TaskId = f.TaskId, UnitId = f.UnitId,
        Overdue = f.FirstMissedDue != null, FirstMissedDue = f.FirstMissedDue, NextDue = f.NextDue,
        // Roles are stored as text: rank them as the plan lists them (牵头, 配合, 落实乡镇), not alphabetically.
        RoleRank = f.Role == AssignmentRole.Lead ? 0 : f.Role == AssignmentRole.Supporting ? 1 : 2,
        // The offices' order of the workflow, not the codes' alphabet. (Data/Sql/assignment_list_indexes.sql indexes this
        // expression as written: change both together.)
        StatusRank = f.Status == AssignmentStatus.NotStarted ? 0 : f.Status == AssignmentStatus.InProgress ? 1
            : f.Status == AssignmentStatus.Submitted ? 2 : f.Status == AssignmentStatus.Continuous ? 3 : 4,
        // 最近报送 as of the date, kept in the facts (ADR 030): a column to sort on, not a max over the reports.
        LastReportAt = f.LastReportAt,
    });

    /// <summary>The rows with the plan, task and unit columns the tie-break and the 任务/单位 sorts need.</summary>
    private static IQueryable<SortRow> Joined(AppDbContext db, IQueryable<SortRow> rows) =>
        from r in rows
        join t in db.Tasks on r.TaskId equals t.Id
        join u in db.Units on r.UnitId equals u.Id
        select new SortRow
        {
            Id = r.Id, TaskId = r.TaskId, UnitId = r.UnitId, Overdue = r.Overdue, FirstMissedDue = r.FirstMissedDue, NextDue = r.NextDue,
            RoleRank = r.RoleRank, StatusRank = r.StatusRank, LastReportAt = r.LastReportAt,
            PlanKey = t.Plan!.Key, TaskOrder = t.Order, Unit = u.Name,
        };

    private sealed class SortRow
    {
        public int Id { get; init; }
        public int TaskId { get; init; }
        public int UnitId { get; init; }
        public bool Overdue { get; init; }
        public DateOnly? FirstMissedDue { get; init; }
        public DateOnly? NextDue { get; init; }
        public string PlanKey { get; init; } = "";
        public int TaskOrder { get; init; }
        public int RoleRank { get; init; }
        public string Unit { get; init; } = "";
        public int StatusRank { get; init; }
        public DateTimeOffset? LastReportAt { get; init; }
    }

    /// <summary>
    /// The assignment rows in the asked order; the default (完成时限 ascending) is overdue first, longest overdue (earliest
    /// missed deadline) first, then what falls due next. Every order ends on the default so pages never overlap.
    /// </summary>
    private static IOrderedQueryable<SortRow> Ordered(IQueryable<SortRow> rows, TaskListSort sort)
    {
        var d = sort.Descending;
        var first = sort.Field switch
        {
            TaskSortField.Task => d ? rows.OrderByDescending(r => r.PlanKey).ThenByDescending(r => r.TaskOrder).ThenBy(r => r.RoleRank)
                : rows.OrderBy(r => r.PlanKey).ThenBy(r => r.TaskOrder).ThenBy(r => r.RoleRank),
            TaskSortField.Unit => d ? rows.OrderByDescending(r => r.Unit) : rows.OrderBy(r => r.Unit),
            _ => null,
        };
        return ThenByTask(ThenByDeadline(first ?? ByFacts(rows, sort)).ThenBy(r => r.PlanKey));
    }

    /// <summary>
    /// The orders led by facts columns (状态, 最近报送, 完成时限), up to the end of their facts keys; <see cref="Ordered"/>
    /// adds the tie-break. Data/Sql/assignment_list_indexes.sql holds an index for each, in this column order.
    /// </summary>
    private static IOrderedQueryable<SortRow> ByFacts(IQueryable<SortRow> rows, TaskListSort sort)
    {
        var d = sort.Descending;
        return sort.Field switch
        {
            TaskSortField.Status => ThenByDeadline(d ? rows.OrderByDescending(r => r.StatusRank) : rows.OrderBy(r => r.StatusRank)),
            TaskSortField.LastReport => ThenByDeadline(d ? rows.OrderByDescending(r => r.LastReportAt.HasValue).ThenByDescending(r => r.LastReportAt)
                : rows.OrderBy(r => r.LastReportAt.HasValue).ThenBy(r => r.LastReportAt)),
            // Latest deadline first: what is not overdue, latest missed deadline / next deadline first (then the default,
            // which the keys already decide).
            TaskSortField.Deadline when d => rows.OrderBy(r => r.Overdue).ThenByDescending(r => r.FirstMissedDue).ThenByDescending(r => r.NextDue),
            _ => ThenByDeadline(rows.OrderByDescending(r => r.Overdue)),
        };
    }

    /// <summary>The default order's keys: overdue first, longest overdue first, then what falls due next.</summary>
    private static IOrderedQueryable<SortRow> ThenByDeadline(IOrderedQueryable<SortRow> rows) =>
        rows.ThenByDescending(r => r.Overdue).ThenBy(r => r.FirstMissedDue).ThenBy(r => r.NextDue);

    /// <summary>The tie-break after the plan: the task's place in the plan, role, unit, id (so pages never overlap).</summary>
    private static IOrderedQueryable<SortRow> ThenByTask(IOrderedQueryable<SortRow> rows) =>
        rows.ThenBy(r => r.TaskOrder).ThenBy(r => r.RoleRank).ThenBy(r => r.Unit).ThenBy(r => r.Id);

    /// <summary>
    /// 任务清单, grouped view: one page of the tasks a filter selects (<see cref="StatusEngine.TaskFacts"/>), each with its state
    /// from its assignments and the fraction done, ordered by PostgreSQL.
    /// </summary>
    public async Task<Paged<TaskLevelRow>> ListTasksAsync(UserContext actor, TaskFilter filter, TaskListSort sort, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var moment = await engine.PrepareAsync(db, actor, filter, ct);
        var asOf = moment.Date;
        // OrderBy + Take(int.MaxValue) keeps the per-task GROUP BY a subquery that the join, the order and the page apply to (the
        // OrderBy only so EF does not warn of a limit without an order; a few thousand rows at province scale).
        var tasks = StatusEngine.TaskFacts(db, actor, filter, moment).OrderBy(t => t.TaskId).Take(int.MaxValue);
        // As in ListAsync: the total runs beside the page on a connection of its own (a text search scans every task's text twice).
        var counting = CountTasksPreparedAsync(actor, filter, moment, ct);
        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, 200);

        var joined = from f in tasks
                     join t in db.Tasks on f.TaskId equals t.Id
                     select new TaskSortRow
                     {
                         Fact = f, PlanKey = t.Plan!.Key, TaskOrder = t.Order,
                         Progress = f.Total == 0 ? 0.0 : (double)(f.Completed + f.Continuous) / f.Total,
                     };
        var d = sort.Descending;
        var ordered = sort.Field switch
        {
            TaskSortField.Task => d ? joined.OrderByDescending(r => r.PlanKey).ThenByDescending(r => r.TaskOrder) : joined.OrderBy(r => r.PlanKey).ThenBy(r => r.TaskOrder),
            TaskSortField.Status => d ? joined.OrderByDescending(r => r.Fact.State) : joined.OrderBy(r => r.Fact.State),
            TaskSortField.Progress => d ? joined.OrderByDescending(r => r.Progress) : joined.OrderBy(r => r.Progress),
            // 最近报送 of the task (its latest report, any unit), as the assignment view: never reported last when newest first
            TaskSortField.LastReport => d ? joined.OrderByDescending(r => r.Fact.LastReportAt.HasValue).ThenByDescending(r => r.Fact.LastReportAt)
                : joined.OrderBy(r => r.Fact.LastReportAt.HasValue).ThenBy(r => r.Fact.LastReportAt),
            TaskSortField.Deadline when d => joined.OrderBy(r => r.Fact.IsOverdue).ThenByDescending(r => r.Fact.FirstMissedDue).ThenByDescending(r => r.Fact.NextDue),
            _ => joined.OrderByDescending(r => r.Fact.IsOverdue).ThenBy(r => r.Fact.FirstMissedDue).ThenBy(r => r.Fact.NextDue),
        };
        var facts = await ordered.ThenByDescending(r => r.Fact.IsOverdue).ThenBy(r => r.Fact.FirstMissedDue).ThenBy(r => r.Fact.NextDue)
            .ThenBy(r => r.PlanKey).ThenBy(r => r.TaskOrder)
            .Skip((page - 1) * size).Take(size).Select(r => r.Fact).ToListAsync(ct);
        var ids = facts.Select(f => f.TaskId).ToList();
        var info = await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id))
            .Select(t => new { t.Id, PlanKey = t.Plan!.Key, Region = t.Plan.Region!.Name, t.Number, t.Title, t.LeadUnitNames })
            .ToDictionaryAsync(t => t.Id, ct);
        var items = facts.Where(f => info.ContainsKey(f.TaskId)).Select(f =>
        {
            var t = info[f.TaskId];
            return new TaskLevelRow(f.TaskId, t.PlanKey, t.Region, t.Number, t.Title, string.Join("、", t.LeadUnitNames), f.Assignments,
                f.Counts, f.State, f.IsOverdue, f.FirstMissedDue, f.NextDue, WarningLights.DaysOverdue(f.FirstMissedDue, asOf),
                engine.LightOf(f.FirstMissedDue, f.NextDue, asOf), f.IsCompletedLate ? f.CompletedLateDays : null, f.LastReportAt);
        }).ToList();
        return new Paged<TaskLevelRow>(items, await counting, page, size);
    }

    private sealed class TaskSortRow
    {
        public TaskFact Fact { get; init; } = default!;
        public string PlanKey { get; init; } = "";
        public int TaskOrder { get; init; }
        public double Progress { get; init; }
    }

    /// <summary>The state of each task of one plan as of today (the plan's task table), by task id.</summary>
    public async Task<Dictionary<int, TaskProgress>> TaskStatesAsync(UserContext actor, string planKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filter = new TaskFilter { Plan = planKey };
        var moment = await engine.PrepareAsync(db, actor, filter, ct);
        var facts = await StatusEngine.TaskFacts(db, actor, filter, moment).ToListAsync(ct);
        return facts.ToDictionary(f => f.TaskId, f => new TaskProgress(f.State, f.IsOverdue, f.Counts, f.IsCompletedLate ? f.CompletedLateDays : null));
    }

    /// <summary>How many assignments the filter selects for the actor (visibility and status as the list applies them).</summary>
    public async Task<int> CountAsync(UserContext actor, TaskFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var moment = await engine.PrepareAsync(db, actor, filter, ct);
        return await StatusEngine.FilterFacts(db, actor, filter, moment).CountAsync(ct);
    }

    /// <summary>The task view's total on its own context, after <see cref="StatusEngine.PrepareAsync"/>.</summary>
    private async Task<int> CountTasksPreparedAsync(UserContext actor, TaskFilter filter, AsOfDate moment, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await StatusEngine.TaskFacts(db, actor, filter, moment).OrderBy(t => t.TaskId).Take(int.MaxValue).CountAsync(ct);
    }

    /// <summary>The same count once <see cref="StatusEngine.PrepareAsync"/> has run for the date, on a context of its own.</summary>
    private async Task<int> CountPreparedAsync(UserContext actor, TaskFilter filter, AsOfDate moment, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
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
