using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Tasks;

/// <summary>
/// Leaders count tasks, not rows: task states from their assignments (TaskRollup) on the seeded 孟津区 plan, counted by hand
/// from seeds/mengjin-2024.txt. Every one of its 34 tasks is assigned to 14 townships (各乡镇（街道）) besides its units; the
/// clock is 2025年10月8日, so the tasks whose last deadline has passed are 8 (2024年10月31日), 19 (2024年12月31日), 20 (2025年9月30日
/// missed after 2024年10月31日) and 21 (2024年6月30日, 2024年10月31日); nothing has been reported on import.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TaskLevelTests(PostgresServer server) : IAsyncLifetime
{
    private const string Plan = "mengjin-2024";
    private const int Townships = 14;
    private static readonly TaskFilter Scope = new() { Plan = Plan };
    private readonly List<WorkDatabase> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases) await database.DisposeAsync();
    }

    /// <summary>A database of the test's own: these tests verify work, and each counts from the imported state.</summary>
    private async Task<WorkDatabase> FreshAsync()
    {
        var database = await WorkDatabase.CreateAsync(server);
        _databases.Add(database);
        return database;
    }

    private static async Task<int> TaskIdAsync(WorkDatabase db, string number)
    {
        await using var context = db.CreateDbContext();
        return await context.Tasks.Where(t => t.Plan!.Key == Plan && t.ParentId == null && t.Number == number).Select(t => t.Id).SingleAsync();
    }

    private static async Task<List<(int Id, int UnitId, AssignmentRole Role)>> AssignmentsOfAsync(WorkDatabase db, int taskId)
    {
        await using var context = db.CreateDbContext();
        return (await context.Assignments.Where(a => a.TaskId == taskId).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.UnitId, a.Role }).ToListAsync()).Select(a => (a.Id, a.UnitId, a.Role)).ToList();
    }

    /// <summary>The unit's liaison submits with evidence, 孟津区's coordinator verifies: the workflow a real 核验 goes through.</summary>
    private static async Task VerifyAsync(WorkDatabase db, (int Id, int UnitId, AssignmentRole Role) assignment)
    {
        var work = db.Get<WorkService>();
        await db.AddEvidenceAsync(assignment.Id);
        await work.SubmitAsync(await db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId), assignment.Id, await db.VersionAsync(assignment.Id));
        await work.VerifyAsync(await db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区"), assignment.Id, await db.VersionAsync(assignment.Id));
    }

    [Fact]
    public async Task OnImportThePlanHas34TasksNotStartedOfWhichFourAreOverdue()
    {
        var db = await FreshAsync();
        var leader = await db.ActorAsync(AppRoles.Leader, regionName: "孟津区");

        var totals = await db.Get<RollupQueries>().TotalsAsync(leader, Scope);

        Assert.Equal(602, totals.Figures.Assignments);
        Assert.Equal(new TaskFigures(Tasks: 34, Completed: 0, InProgress: 0, AwaitingReview: 0, NotStarted: 34, Continuous: 0, Overdue: 4), totals.Tasks);
        var overdue = await db.Get<TaskListQueries>().ListTasksAsync(leader, totals.FilterFor(TaskFigure.Overdue), TaskListSort.Default);
        Assert.Equal(["21", "8", "20", "19"], overdue.Items.Select(t => t.Number)); // longest overdue first: 2024-06-30, 10-31, 10-31, 12-31
    }

    [Fact]
    public async Task ATaskIsCompletedOnlyWhenEveryLeadAndTownshipAssignmentIsVerified()
    {
        var db = await FreshAsync();
        var leader = await db.ActorAsync(AppRoles.Leader, regionName: "孟津区");
        // 24 实施空气质量达标管理: 牵头 市生态环境局孟津分局, no supporting unit, 14 townships, no deadline.
        var task24 = await AssignmentsOfAsync(db, await TaskIdAsync(db, "24"));
        Assert.Equal(1 + Townships, task24.Count);
        // 21 开展低效失效污染治理设施排查整治: 牵头 市生态环境局孟津分局, 14 townships, overdue since 2024-06-30.
        var task21 = await AssignmentsOfAsync(db, await TaskIdAsync(db, "21"));

        await VerifyAsync(db, task21.Single(a => a.Role == AssignmentRole.Lead));
        foreach (var assignment in task24.Take(task24.Count - 1)) await VerifyAsync(db, assignment);
        var almost = (await db.Get<RollupQueries>().TotalsAsync(leader, Scope)).Tasks;
        await VerifyAsync(db, task24[^1]);
        var totals = await db.Get<RollupQueries>().TotalsAsync(leader, Scope);

        Assert.Equal((0, 2, 32), (almost.Completed, almost.InProgress, almost.NotStarted)); // 14 of 15 verified is still 推进中
        // 24 has no deadline, so it was completed on time (按期完成)
        Assert.Equal(new TaskFigures(34, Completed: 1, InProgress: 1, AwaitingReview: 0, NotStarted: 32, Continuous: 0, Overdue: 4,
            CompletedOnTime: 1, CompletedLate: 0), totals.Tasks);
        Assert.Equal(3, totals.Tasks.PercentDone); // 1 of 34 tasks
        var rows = (await db.Get<TaskListQueries>().ListTasksAsync(leader, Scope with { View = TaskListView.Tasks, PageSize = 50 }, TaskListSort.Default))
            .Items.ToDictionary(t => t.Number);
        Assert.Equal((TaskState.Completed, false, "15/15"), (rows["24"].State, rows["24"].Overdue, TaskRollup.Fraction(rows["24"].Counts)));
        Assert.Equal((TaskState.InProgress, true, "1/15"), (rows["21"].State, rows["21"].Overdue, TaskRollup.Fraction(rows["21"].Counts)));
        // 1 发展改革委 leads, 3 units support (not counted), 14 townships
        Assert.Equal((18, "0/15"), (rows["1"].Assignments, TaskRollup.Fraction(rows["1"].Counts)));
        // The plan's task table and the task pages say the same of each task.
        var table = await db.Get<TaskListQueries>().TaskStatesAsync(leader, Plan);
        Assert.Equal(34, table.Count);
        var id24 = await TaskIdAsync(db, "24");
        var id21 = await TaskIdAsync(db, "21");
        Assert.Equal((TaskState.Completed, false, "15/15"), (table[id24].State, table[id24].Overdue, TaskRollup.Fraction(table[id24].Counts)));
        Assert.Equal((TaskState.InProgress, true, "1/15"), (table[id21].State, table[id21].Overdue, TaskRollup.Fraction(table[id21].Counts)));
        Assert.Equal(4, table.Values.Count(t => t.Overdue));
        var pages = db.Get<TaskPageQueries>();
        var page24 = (await pages.GetAsync(leader, Plan, id24))!.Task;
        var page21 = (await pages.GetAsync(leader, Plan, id21))!.Task;
        Assert.Equal((TaskState.Completed, false, "15/15"), (page24.State, page24.Overdue, TaskRollup.Fraction(page24.Progress!)));
        Assert.Equal((TaskState.InProgress, true, "1/15"), (page21.State, page21.Overdue, TaskRollup.Fraction(page21.Progress!)));
    }

    [Fact]
    public async Task DashboardFiguresAgreeWithTheirDrillDownImmediatelyAfterAVerification()
    {
        var db = await FreshAsync();
        var leader = await db.ActorAsync(AppRoles.Leader, regionName: "孟津区");
        var cache = db.Get<DashboardCache>();
        var rollups = db.Get<RollupQueries>();
        var all = new TaskFilter(); // today's all-plans view: the one the cache keeps
        Assert.True(cache.Applies(all));
        var task24 = await AssignmentsOfAsync(db, await TaskIdAsync(db, "24"));
        foreach (var assignment in task24.Take(task24.Count - 1)) await VerifyAsync(db, assignment);

        var (before, _) = await cache.GetAsync("totals", leader, all, t => rollups.TotalsAsync(leader, all, t));
        await VerifyAsync(db, task24[^1]);
        var (after, _) = await cache.GetAsync("totals", leader, all, t => rollups.TotalsAsync(leader, all, t));

        Assert.Equal((0, Townships), (before.Tasks.Completed, before.Figures.Completed));
        Assert.Equal((1, Townships + 1), (after.Tasks.Completed, after.Figures.Completed));
        var lists = db.Get<TaskListQueries>();
        foreach (var figure in Enum.GetValues<TaskFigure>())
            Assert.Equal(after.Tasks.Of(figure), (await lists.ListTasksAsync(leader, after.FilterFor(figure), TaskListSort.Default)).Total);
        foreach (var figure in new[] { RollupFigure.Assignments, RollupFigure.Completed, RollupFigure.Overdue, RollupFigure.NotStarted })
            Assert.Equal(after.Figures.Of(figure), (await lists.ListAsync(leader, after.FilterFor(figure))).Total);
    }

    [Fact]
    public async Task TheOverdueListShowsEachTaskOnceWithItsTownshipsInTheRow()
    {
        var db = await FreshAsync();
        var leader = await db.ActorAsync(AppRoles.Leader, regionName: "孟津区");

        var list = await db.Get<RollupQueries>().OverdueAsync(leader, Scope, 20);

        Assert.Equal(4, list.Total);
        // Assignment rows overdue: each task's lead and 14 townships, and the supporting units of 8 (3) and 20 (4), which are late
        // too but do not make a task late.
        Assert.Equal(4 * (1 + Townships) + 3 + 4, list.Assignments);
        Assert.Equal(["21", "8", "20", "19"], list.Items.Select(i => i.TaskNumber));
        Assert.All(list.Items, i => Assert.Equal(Townships, i.Townships.Count));
        Assert.Equal(["市生态环境局孟津分局"], list.Items[0].Units);
        Assert.Equal(new DateOnly(2024, 6, 30), list.Items[0].FirstMissedDue);
    }

    [Fact]
    public async Task TaskStatesCountedInSqlMatchTheRollupOfTheLoadedFactsForEverySeedTask()
    {
        var db = await FreshAsync();
        // Some variety first: a verified lead, a township in progress, a submission waiting, a task carried on.
        var task21 = await AssignmentsOfAsync(db, await TaskIdAsync(db, "21"));
        await VerifyAsync(db, task21[0]);
        var work = db.Get<WorkService>();
        var coordinator = await db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var task9 = await AssignmentsOfAsync(db, await TaskIdAsync(db, "9"));
        foreach (var a in task9.Where(a => a.Role != AssignmentRole.Supporting))
            await work.MarkContinuousAsync(coordinator, a.Id, await db.VersionAsync(a.Id));
        var task2 = (await AssignmentsOfAsync(db, await TaskIdAsync(db, "2"))).Where(a => a.Role != AssignmentRole.Supporting).ToList();
        foreach (var a in task2.Skip(1)) await VerifyAsync(db, a);
        await db.AddEvidenceAsync(task2[0].Id);
        await work.SubmitAsync(await db.ActorAsync(AppRoles.Liaison, unitId: task2[0].UnitId), task2[0].Id, await db.VersionAsync(task2[0].Id));
        // and a task completed almost a year after its last deadline (21: 2024年10月31日; its first assignment verified above): 逾期完成
        foreach (var a in task21.Skip(1).Where(a => a.Role != AssignmentRole.Supporting))
            await work.OverrideStatusAsync(coordinator, a.Id, await db.VersionAsync(a.Id), AssignmentStatus.Completed, null);
        // (which leaves 推进中 to task 1's lead)
        var lead1 = (await AssignmentsOfAsync(db, await TaskIdAsync(db, "1"))).First(a => a.Role == AssignmentRole.Lead);
        await work.OverrideStatusAsync(coordinator, lead1.Id, await db.VersionAsync(lead1.Id), AssignmentStatus.InProgress, null);

        var admin = await db.ActorAsync(AppRoles.Admin);
        await using var context = db.CreateDbContext();
        var asOf = await db.Get<StatusEngine>().PrepareAsync(context, admin, new TaskFilter());
        var inSql = await StatusEngine.TaskFacts(context, admin, new TaskFilter(), asOf).ToDictionaryAsync(t => t.TaskId);
        var facts = await StatusEngine.FilterFacts(context, admin, new TaskFilter(), asOf).ToListAsync();
        var inCSharp = facts.GroupBy(f => f.TaskId).ToDictionary(g => g.Key,
            g => TaskRollup.Count(g.Select(f => (f.Counted, f.Status, f.FirstMissedDue != null, f.CompletedLateDays != null))));

        Assert.Equal(inCSharp.Keys.Order(), inSql.Keys.Order());
        Assert.True(inSql.Count > 150, $"only {inSql.Count} tasks in the five seed plans");
        foreach (var (taskId, counts) in inCSharp)
        {
            var sql = inSql[taskId];
            Assert.Equal(counts, sql.Counts);
            Assert.Equal((TaskRollup.StateOf(counts), TaskRollup.IsOverdue(counts), TaskRollup.IsCompletedLate(counts)),
                (sql.State, sql.IsOverdue, sql.IsCompletedLate));
        }
        Assert.Equal([TaskState.NotStarted, TaskState.InProgress, TaskState.AwaitingReview, TaskState.Continuous, TaskState.Completed],
            inSql.Values.Select(t => t.State).Distinct().Order());
        Assert.True(inSql.Values.Single(t => t.State == TaskState.Completed).IsCompletedLate);
    }

    [Fact]
    public async Task ListColumnsSortOnTheServerAndTheDefaultKeepsTheLongestOverdueFirst()
    {
        var db = await FreshAsync();
        var leader = await db.ActorAsync(AppRoles.Leader, regionName: "孟津区");
        var task21 = await AssignmentsOfAsync(db, await TaskIdAsync(db, "21"));
        await VerifyAsync(db, task21[0]);
        var lists = db.Get<TaskListQueries>();
        var filter = Scope with { PageSize = 200 };

        var byDefault = (await lists.ListAsync(leader, filter, TaskListSort.Default)).Items;
        var byStatus = (await lists.ListAsync(leader, filter, new TaskListSort(TaskSortField.Status, Descending: true))).Items;
        var byTask = (await lists.ListAsync(leader, filter, new TaskListSort(TaskSortField.Task))).Items;
        var pageTwo = (await lists.ListAsync(leader, Scope with { Page = 2, PageSize = 25 }, new TaskListSort(TaskSortField.Unit))).Items;
        var pageOne = (await lists.ListAsync(leader, Scope with { Page = 1, PageSize = 25 }, new TaskListSort(TaskSortField.Unit))).Items;

        var overdue = byDefault.TakeWhile(r => r.FirstMissedDue is not null).ToList();
        Assert.Equal(4 * (1 + Townships) + 3 + 4 - 1, overdue.Count); // as in the overdue list, less task 21's verified assignment
        Assert.Equal(overdue.Select(r => r.FirstMissedDue).Order(), overdue.Select(r => r.FirstMissedDue));
        Assert.DoesNotContain(byDefault.Skip(overdue.Count), r => r.FirstMissedDue is not null);
        Assert.Equal(AssignmentStatus.Completed, byStatus[0].Status);
        Assert.Equal(byTask.Select(r => int.Parse(r.TaskNumber)).Order(), byTask.Select(r => int.Parse(r.TaskNumber)));
        Assert.Equal(AssignmentRole.Lead, byTask[0].Role); // within a task as the plan lists its units: 牵头 first
        Assert.Empty(pageOne.Select(r => r.AssignmentId).Intersect(pageTwo.Select(r => r.AssignmentId)));

        var tasksByProgress = (await lists.ListTasksAsync(leader, Scope with { View = TaskListView.Tasks, PageSize = 50 },
            new TaskListSort(TaskSortField.Progress, Descending: true))).Items;
        Assert.Equal("21", tasksByProgress[0].Number);
        var tasksByNumber = (await lists.ListTasksAsync(leader, Scope with { View = TaskListView.Tasks, PageSize = 50 },
            new TaskListSort(TaskSortField.Task, Descending: true))).Items;
        Assert.Equal(Enumerable.Range(1, 34).Reverse(), tasksByNumber.Select(t => int.Parse(t.Number)));
    }
}
