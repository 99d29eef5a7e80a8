using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Dashboard;

/// <summary>Roll-up figures against the hand-counted <see cref="SmallPlan"/>, today and as of past dates.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RollupQueriesTests(PostgresServer server) : IAsyncLifetime
{
    private SmallPlan _plan = default!;
    private RollupQueries Rollups => _plan.Get<RollupQueries>();
    private static readonly TaskFilter Scope = new() { Plan = SmallPlan.PlanKey };

    public async Task InitializeAsync() => _plan = await SmallPlan.ForClassAsync<RollupQueriesTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private static TaskFilter On(int month, int day) => Scope with { AsOf = new DateOnly(2025, month, day) };

    [Fact]
    public async Task TodaysTotalsMatchTheHandCount()
    {
        var f = (await Rollups.TotalsAsync(SmallPlan.Admin, Scope)).Figures;

        Assert.Equal(8, f.Assignments);
        Assert.Equal(3, f.Tasks);
        Assert.Equal(1, f.Completed);      // A3
        Assert.Equal(3, f.InProgress);     // A1 A4 A6
        Assert.Equal(1, f.Submitted);      // A5
        Assert.Equal(2, f.NotStarted);     // A2 A8
        Assert.Equal(1, f.Continuous);     // A7
        Assert.Equal(4, f.Overdue);        // A1 A2 A4 (09-30 passed) · A5 (08-31 missed)
        Assert.Equal(2, f.DueSoon);        // A5 A6 (11-10)
        Assert.Equal(5, f.ReportMissing);  // 2025Q3: A2 A5 A6 A7 A8 (given 10-01, owed from the issue date 07-01); A3 done by 09-30
        Assert.Equal(7, f.Counted);        // all but the supporting A2
        Assert.Equal(2, f.CountedDone);    // A3 A7
        Assert.Equal(29, f.PercentDone);
        Assert.Equal(45, f.WorstDaysOverdue); // 08-31 → 10-15
        Assert.Equal(new DateOnly(2025, 11, 10), f.NextDue);
    }

    [Fact]
    public async Task PastTotalsShowTheStateAtTheEndOfThatDay()
    {
        var f = (await Rollups.TotalsAsync(SmallPlan.Admin, On(9, 30))).Figures;

        Assert.Equal(8, f.Assignments);    // A8, given 10-01, counts from the plan's issue date 07-01 (ADR 013)
        Assert.Equal(1, f.Completed);      // A3 verified 09-25
        Assert.Equal(2, f.InProgress);     // A1 A6
        Assert.Equal(0, f.Submitted);      // A5 submitted 10-05
        Assert.Equal(4, f.NotStarted);     // A2 A4 A5 A8
        Assert.Equal(1, f.Continuous);
        Assert.Equal(1, f.Overdue);        // A5; 09-30 itself is not overdue on 09-30
        Assert.Equal(3, f.DueSoon);        // A1 A2 A4 due 09-30
        Assert.Equal(0, f.ReportMissing);  // last closed period 2025Q2 ended before the plan was assigned
        Assert.Equal(30, f.WorstDaysOverdue);
    }

    [Fact]
    public async Task AStatusChangeCountsFromTheDayItHappened()
    {
        var before = (await Rollups.TotalsAsync(SmallPlan.Admin, On(8, 14))).Figures;
        var on = (await Rollups.TotalsAsync(SmallPlan.Admin, On(8, 15))).Figures;

        Assert.Equal(0, before.InProgress);
        Assert.Equal(1, on.InProgress);    // A1 moved 08-15 10:00
    }

    [Fact]
    public async Task ACheckpointCountsOnlyFromWhenItWasRecorded()
    {
        var overdue = await IdsAsync(On(9, 1) with { Overdue = true });

        // A6's 08-31 checkpoint was recorded 08-20, so it is never overdue for 08-31; A5's is.
        Assert.DoesNotContain(_plan.Id("A6"), overdue);
        Assert.Contains(_plan.Id("A5"), overdue);
    }

    [Fact]
    public async Task TasksWithoutDeadlinesAreNeverOverdueOrDueSoon()
    {
        var rows = await Rollups.ByDepartmentAsync(SmallPlan.Admin, Scope with { AsOf = new DateOnly(2026, 6, 30) }, AssignmentRole.Lead);
        await using var db = _plan.CreateDbContext();
        var asOf = await _plan.Get<StatusEngine>().PrepareAsync(db, SmallPlan.Admin, Scope with { AsOf = new DateOnly(2026, 6, 30) });
        var dueSoon = await StatusEngine.Filter(db, SmallPlan.Admin, Scope with { AsOf = asOf.Date, DueWithinDays = 3650 }, asOf)
            .Select(a => a.Id).ToListAsync();
        Assert.DoesNotContain(_plan.Id("A7"), dueSoon);

        var overdueIds = await StatusEngine.Filter(db, SmallPlan.Admin, rows.Single(r => r.Id == _plan.DeptA).FilterFor(RollupFigure.Overdue), asOf)
            .Select(a => a.Id).ToListAsync();
        Assert.DoesNotContain(_plan.Id("A7"), overdueIds);
        Assert.Contains(_plan.Id("A1"), overdueIds);
    }

    [Fact]
    public async Task DepartmentsAreSplitIntoLeadAndSupportingWorstFirst()
    {
        var lead = await Rollups.ByDepartmentAsync(SmallPlan.Admin, Scope, AssignmentRole.Lead);
        var supporting = await Rollups.ByDepartmentAsync(SmallPlan.Admin, Scope, AssignmentRole.Supporting);

        Assert.Equal([_plan.DeptB, _plan.DeptA], lead.Select(r => r.Id));   // B: 45 days overdue, A: 15
        Assert.Equal((1, 1, 45), (lead[0].Figures.Assignments, lead[0].Figures.Overdue, lead[0].Figures.WorstDaysOverdue));
        Assert.Equal((2, 1, 1, 15, 50), (lead[1].Figures.Assignments, lead[1].Figures.Continuous, lead[1].Figures.Overdue,
            lead[1].Figures.WorstDaysOverdue, lead[1].Figures.PercentDone));
        Assert.Equal(WarningLight.Red, lead[0].Light);
        var b = Assert.Single(supporting);
        Assert.Equal((_plan.DeptB, 1, 1, 1), (b.Id, b.Figures.Assignments, b.Figures.NotStarted, b.Figures.Overdue));
    }

    [Fact]
    public async Task TownshipsAreGroupedByTheirRegionRow()
    {
        var rows = await Rollups.ByTownshipAsync(SmallPlan.Admin, Scope);

        Assert.Equal([_plan.Township2, _plan.Township1], rows.Select(r => r.Id));
        Assert.Equal((2, 1, 1, 1), (rows[0].Figures.Assignments, rows[0].Figures.InProgress, rows[0].Figures.NotStarted, rows[0].Figures.Overdue));
        Assert.Equal((2, 1, 1, 0, 50), (rows[1].Figures.Assignments, rows[1].Figures.Completed, rows[1].Figures.InProgress,
            rows[1].Figures.Overdue, rows[1].Figures.PercentDone));
    }

    [Fact]
    public async Task PlansShowProgressAndNextDeadline()
    {
        var row = Assert.Single(await Rollups.ByPlanAsync(SmallPlan.Admin, new TaskFilter()), r => r.Filter.Plan == SmallPlan.PlanKey);

        Assert.Equal((8, 29, new DateOnly(2025, 11, 10)), (row.Figures.Assignments, row.Figures.PercentDone, row.Figures.NextDue));
    }

    [Fact]
    public async Task TheMatrixShowsEachTownshipsStatusPerTask()
    {
        var matrix = await Rollups.MatrixAsync(SmallPlan.Admin, Scope);

        Assert.Equal(3, matrix.Tasks.Count);
        Assert.Equal(2, matrix.Townships.Count);
        var task1 = matrix.Tasks[0];
        Assert.Equal(AssignmentStatus.Completed, task1.Cells[_plan.Township1].Status);
        Assert.Equal(WarningLight.Green, task1.Cells[_plan.Township1].Light);
        Assert.Equal((AssignmentStatus.InProgress, WarningLight.Red, 15), (task1.Cells[_plan.Township2].Status, task1.Cells[_plan.Township2].Light,
            task1.Cells[_plan.Township2].DaysOverdue));
        Assert.Equal(WarningLight.Green, matrix.Tasks[1].Cells[_plan.Township1].Light); // 11-10 is 26 days away, beyond the 15-day yellow window
        Assert.False(matrix.Tasks[1].Cells.ContainsKey(_plan.Township2));
    }

    [Fact]
    public async Task TheOverdueListShowsEachOverdueTaskOnceLongestOverdueFirst()
    {
        var list = await Rollups.OverdueAsync(SmallPlan.Admin, Scope);

        Assert.Equal(2, list.Total);       // task2 (A5) and task1 (A1 A4); A2 is overdue but supporting: it does not make task1 late
        Assert.Equal(4, list.Assignments); // A1 A2 A4 A5
        Assert.Equal(_plan.IdsOf("A5"), list.Items[0].AssignmentIds.ToHashSet());
        Assert.Equal((new DateOnly(2025, 8, 31), 45), (list.Items[0].FirstMissedDue, list.Items[0].DaysOverdue));
        var task1 = list.Items[1];
        Assert.Equal(_plan.IdsOf("A1", "A4"), task1.AssignmentIds.ToHashSet());
        Assert.Equal(["测试部门甲"], task1.Units);
        Assert.Single(task1.Townships);    // 乡镇二, listed in the row rather than as a row of its own
        Assert.Equal(15, task1.DaysOverdue);
        Assert.NotNull(task1.LastReportAt);
    }

    [Fact]
    public async Task TaskFiguresCountEachTaskOnceByItsState()
    {
        var tasks = (await Rollups.TotalsAsync(SmallPlan.Admin, Scope)).Tasks;

        Assert.Equal(3, tasks.Tasks);
        // task1: A3 done, A1 A4 in progress · task2: A5 submitted, A6 in progress · task3: A7 持续推进, A8 not started
        Assert.Equal(3, tasks.InProgress);
        Assert.Equal((0, 0, 0, 0), (tasks.Completed, tasks.AwaitingReview, tasks.NotStarted, tasks.Continuous));
        Assert.Equal(2, tasks.Overdue);      // task1 (A1 A4), task2 (A5); task3 has no deadline
        Assert.Equal(0, tasks.PercentDone);
    }

    [Fact]
    public async Task EachRowCountsTheTasksItHoldsAnAssignmentOnInTheirStateAsWholeTasks()
    {
        // Today: task1 推进中 逾期 (A1 A4) · task2 推进中 逾期 (A5) · task3 推进中 (持续推进 A7, A8 not started), none 已完成.
        static (int, int, int, int) Of(TaskFigures t) => (t.Tasks, t.Completed, t.Overdue, t.PercentDone);
        var plan = Assert.Single(await Rollups.ByPlanAsync(SmallPlan.Admin, new TaskFilter()), r => r.Filter.Plan == SmallPlan.PlanKey);
        var lead = (await Rollups.ByDepartmentAsync(SmallPlan.Admin, Scope, AssignmentRole.Lead)).ToDictionary(r => r.Id);
        var supporting = Assert.Single(await Rollups.ByDepartmentAsync(SmallPlan.Admin, Scope, AssignmentRole.Supporting));
        var townships = (await Rollups.ByTownshipAsync(SmallPlan.Admin, Scope)).ToDictionary(r => r.Id);

        Assert.Equal((3, 0, 2, 0), Of(plan.Tasks));
        Assert.Equal((2, 0, 1, 0), Of(lead[_plan.DeptA].Tasks));      // task1 (late), task3
        Assert.Equal((1, 0, 1, 0), Of(lead[_plan.DeptB].Tasks));      // task2 (late)
        // 部门乙 supports task1: the task is 逾期 as a whole (A1 A4), though its own supporting A2 does not count toward it
        Assert.Equal((1, 0, 1, 0), Of(supporting.Tasks));
        Assert.Equal((2, 0, 2, 0), Of(townships[_plan.Township1].Tasks)); // task1, task2 — its own A3 is done, the tasks are not
        Assert.Equal((2, 0, 1, 0), Of(townships[_plan.Township2].Tasks)); // task1 (late), task3

        // 2025-09-30: only A5 is 逾期 (08-31 missed), so only task2 is a late task.
        var past = (await Rollups.ByTownshipAsync(SmallPlan.Admin, On(9, 30))).ToDictionary(r => r.Id);
        Assert.Equal((2, 0, 1, 0), Of(past[_plan.Township1].Tasks));
        Assert.Equal((2, 0, 0, 0), Of(past[_plan.Township2].Tasks));
    }

    [Fact]
    public async Task TheTrendCountsCompletedAndOverdueAtEachMonthEnd()
    {
        var points = await Rollups.TrendAsync(SmallPlan.Admin, Scope);

        Assert.Equal([new DateOnly(2025, 7, 31), new DateOnly(2025, 8, 31), new DateOnly(2025, 9, 30), SmallPlan.Today], points.Select(p => p.Date));
        Assert.Equal([0, 0, 1, 1], points.Select(p => p.Completed));
        Assert.Equal([0, 0, 1, 4], points.Select(p => p.Overdue));
        Assert.Equal([8, 8, 8, 8], points.Select(p => p.Assignments));
    }

    [Fact]
    public async Task NothingIsVisibleToALeaderOfAnotherRegion()
    {
        await using var db = _plan.CreateDbContext();
        var other = await db.Regions.Where(r => r.Level == RegionLevel.County && r.Id != _plan.RegionId).Select(r => r.Id).FirstAsync();

        var totals = await Rollups.TotalsAsync(_plan.LeaderOf(other), Scope);

        Assert.Equal(0, totals.Figures.Assignments);
        Assert.Empty(await Rollups.ByDepartmentAsync(_plan.LeaderOf(other), Scope, AssignmentRole.Lead));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2025-09-30")]
    [InlineData("2025-08-15")]
    public async Task EveryNumberDrillsDownToExactlyTheRowsCounted(string? date)
    {
        var scope = Scope with { AsOf = date is null ? null : DateOnly.Parse(date) };
        var actor = _plan.LeaderOf(_plan.RegionId);
        var rows = new List<(TaskFilter Filter, RollupFigures Figures, TaskFigures Tasks)>();
        var totals = await Rollups.TotalsAsync(actor, scope);
        rows.Add((totals.Filter, totals.Figures, totals.Tasks));
        rows.AddRange((await Rollups.ByPlanAsync(actor, scope)).Select(r => (r.Filter, r.Figures, r.Tasks)));
        rows.AddRange((await Rollups.ByDepartmentAsync(actor, scope, AssignmentRole.Lead)).Select(r => (r.Filter, r.Figures, r.Tasks)));
        rows.AddRange((await Rollups.ByDepartmentAsync(actor, scope, AssignmentRole.Supporting)).Select(r => (r.Filter, r.Figures, r.Tasks)));
        rows.AddRange((await Rollups.ByTownshipAsync(actor, scope)).Select(r => (r.Filter, r.Figures, r.Tasks)));

        await using var db = _plan.CreateDbContext();
        foreach (var (filter, figures, _) in rows)
        foreach (var figure in Enum.GetValues<RollupFigure>().Where(f => f != RollupFigure.Tasks))
        {
            var drill = RollupFigures.FilterFor(filter, figure);
            var listed = await StatusEngine.Filter(db, actor, drill, await _plan.Get<StatusEngine>().PrepareAsync(db, actor, drill)).CountAsync();
            Assert.True(figures.Of(figure) == listed, $"{figure} of {TaskFilterQuery.ToUrl(filter)}: counted {figures.Of(figure)}, listed {listed}");
        }
        // 任务 figures of the totals and of every plan, department and township row: the link, read back as the task list reads
        // its address, lists exactly that many tasks in the grouped view.
        foreach (var (filter, _, tasks) in rows)
        foreach (var figure in Enum.GetValues<TaskFigure>())
        {
            var link = TaskFilterQuery.ToUrl(TaskFigures.FilterFor(filter, figure));
            var listed = (await _plan.Get<TaskListQueries>().ListTasksAsync(actor, FilterOf(link), TaskListSort.Default)).Total;
            Assert.True(tasks.Of(figure) == listed, $"任务·{figure} of {link}: counted {tasks.Of(figure)}, listed {listed}");
        }
    }

    /// <summary>A /tasks link read back into its filter, as the task list page does.</summary>
    private static TaskFilter FilterOf(string link)
    {
        var q = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + link).Query);
        string? S(string key) => q.TryGetValue(key, out var v) ? v.ToString() : null;
        int? I(string key) => S(key) is { } v ? int.Parse(v) : null;
        bool? B(string key) => S(key) is { } v ? bool.Parse(v) : null;
        return TaskFilterQuery.Parse(S("plan"), S("chapter"), I("unit"), I("township"), S("role"), S("status"), B("overdue"), I("due"),
            S("q"), S("asOf"), S("kind"), B("missing"), B("counted"), I("task"), S("view"), S("taskStatus"), S("completion"));
    }

    [Fact]
    public async Task DrillDownsListTheHandCountedAssignments()
    {
        var totals = await Rollups.TotalsAsync(SmallPlan.Admin, Scope);
        var past = await Rollups.TotalsAsync(SmallPlan.Admin, On(9, 30));
        var township2 = (await Rollups.ByTownshipAsync(SmallPlan.Admin, Scope)).Single(r => r.Id == _plan.Township2);

        Assert.Equal(_plan.IdsOf("A1", "A2", "A4", "A5"), await IdsAsync(totals.FilterFor(RollupFigure.Overdue)));
        Assert.Equal(_plan.IdsOf("A2", "A5", "A6", "A7", "A8"), await IdsAsync(totals.FilterFor(RollupFigure.ReportMissing)));
        Assert.Equal(_plan.IdsOf("A5", "A6"), await IdsAsync(totals.FilterFor(RollupFigure.DueSoon)));
        Assert.Equal(_plan.IdsOf("A2", "A4", "A5", "A8"), await IdsAsync(past.FilterFor(RollupFigure.NotStarted)));
        Assert.Equal(_plan.IdsOf("A1", "A2", "A4"), await IdsAsync(past.FilterFor(RollupFigure.DueSoon)));
        Assert.Equal(_plan.IdsOf("A4", "A8"), await IdsAsync(township2.Filter));
    }

    [Fact]
    public async Task TheTaskListShowsStatusesAsOfThePastDate()
    {
        var page = await _plan.Get<TaskListQueries>().ListAsync(SmallPlan.Admin, On(9, 30) with { PageSize = 50 });

        Assert.Equal(8, page.Total);
        Assert.Equal(AssignmentStatus.NotStarted, page.Items.Single(r => r.AssignmentId == _plan.Id("A5")).Status);
        Assert.Equal(WarningLight.Red, page.Items.Single(r => r.AssignmentId == _plan.Id("A5")).Light);
        Assert.Equal(_plan.Id("A5"), page.Items[0].AssignmentId);
    }

    private async Task<HashSet<int>> IdsAsync(TaskFilter filter)
    {
        await using var db = _plan.CreateDbContext();
        var asOf = await _plan.Get<StatusEngine>().PrepareAsync(db, SmallPlan.Admin, filter);
        return (await StatusEngine.Filter(db, SmallPlan.Admin, filter, asOf).Select(a => a.Id).ToListAsync()).ToHashSet();
    }
}
