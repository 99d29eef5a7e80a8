using AirPlan.Core.Domain;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Tasks;

[Collection(PostgresCollection.Name)]
public sealed class TaskListQueriesTests(PostgresServer server) : IAsyncLifetime
{
    private SeededDatabase _db = default!;

    public async Task InitializeAsync() => _db = await SeededDatabase.GetAsync(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<UserContext> CoordinatorOfMengjinAsync()
    {
        await using var db = _db.CreateDbContext();
        var mengjin = await db.Regions.SingleAsync(r => r.Name == "孟津区");
        return new UserContext("c", "coordinator", "督办员", new HashSet<string> { AppRoles.Coordinator }, new HashSet<int>(),
            await _db.Get<RegionTree>().WithDescendantsAsync([mengjin.Id]));
    }

    [Fact]
    public async Task ATownshipFilterListsOnlyThatTownshipsImplementingWork()
    {
        var actor = await CoordinatorOfMengjinAsync();
        var options = await _db.Get<TaskListQueries>().OptionsAsync(actor, "mengjin-2024");
        var chengguan = options.Townships.Single(t => t.Text == "城关镇");

        var page = await _db.Get<TaskListQueries>().ListAsync(actor, new TaskFilter { Plan = "mengjin-2024", TownshipId = int.Parse(chengguan.Value), PageSize = 200 });

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, row => Assert.Equal("城关镇", row.UnitName));
        Assert.All(page.Items, row => Assert.Equal(AssignmentRole.Implementing, row.Role));
    }

    [Fact]
    public async Task ASearchIgnoresTheCaseOfLatinLettersAndFindsChineseWordsInBothViews()
    {
        var actor = await CoordinatorOfMengjinAsync();
        var lists = _db.Get<TaskListQueries>();
        var scope = new TaskFilter { Plan = "mengjin-2024" };

        var upper = await lists.ListAsync(actor, scope with { Text = "VOCs" });
        var lower = await lists.ListAsync(actor, scope with { Text = "vocs" });
        var chinese = await lists.ListTasksAsync(actor, scope with { View = TaskListView.Tasks, Text = "扬尘" }, TaskListSort.Default);

        Assert.True(upper.Total > 0);
        Assert.Equal(upper.Total, lower.Total);
        Assert.True(chinese.Total > 0);
        Assert.All(chinese.Items, t => Assert.True(LikePatternMatches(t.TaskId)));

        bool LikePatternMatches(int taskId)
        {
            using var db = _db.CreateDbContext();
            var task = db.Tasks.Single(x => x.Id == taskId);
            return task.Title.Contains("扬尘") || task.Text.Contains("扬尘")
                || db.Assignments.Any(a => a.TaskId == taskId && a.Unit!.Name.Contains("扬尘"));
        }
    }

    [Fact]
    public async Task FilterOptionsOfferTheChaptersUnitsAndTownshipsOfThePlan()
    {
        var options = await _db.Get<TaskListQueries>().OptionsAsync(await CoordinatorOfMengjinAsync(), "mengjin-2024");

        Assert.Contains(options.Units, u => u.Text == "区发展改革委");
        Assert.Contains(options.Townships, t => t.Text == "城关镇");
        Assert.NotEmpty(options.Chapters);
    }

    [Fact]
    public async Task PagesDoNotOverlapAndTheTotalCountsEveryRow()
    {
        var actor = await CoordinatorOfMengjinAsync();
        var lists = _db.Get<TaskListQueries>();

        var first = await lists.ListAsync(actor, new TaskFilter { Plan = "mengjin-2024", Page = 1, PageSize = 25 });
        var second = await lists.ListAsync(actor, new TaskFilter { Plan = "mengjin-2024", Page = 2, PageSize = 25 });

        Assert.Empty(first.Items.Select(r => r.AssignmentId).Intersect(second.Items.Select(r => r.AssignmentId)));
        await using var db = _db.CreateDbContext();
        Assert.Equal(await db.Assignments.CountAsync(a => a.Task!.Plan!.Key == "mengjin-2024"), first.Total);
    }

    [Fact]
    public async Task OverdueWorkIsListedLongestOverdueFirst()
    {
        var actor = await CoordinatorOfMengjinAsync();

        var page = await _db.Get<TaskListQueries>().ListAsync(actor, new TaskFilter { Plan = "mengjin-2024", Overdue = true, PageSize = 200 });

        Assert.True(page.Items.Count > 1);
        Assert.Equal(page.Items.Select(r => r.DaysOverdue).OrderDescending(), page.Items.Select(r => r.DaysOverdue));
    }

    public static TheoryData<TaskSortField, bool, int?> EverySort()
    {
        var data = new TheoryData<TaskSortField, bool, int?>();
        foreach (var field in new[] { TaskSortField.Deadline, TaskSortField.Task, TaskSortField.Unit, TaskSortField.Status, TaskSortField.LastReport })
            foreach (var descending in new[] { false, true })
            {
                data.Add(field, descending, null);
                // 2025年3月31日: some work overdue, the rest with its next deadline ahead (runs of many dates, not one).
                data.Add(field, descending, 2025_03_31);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(EverySort))]
    public async Task EveryOrderPagesSmallPagesExactlyAsOneLongPage(TaskSortField field, bool descending, int? asOf)
    {
        // Orders led by deadlines, status or 最近报送 are paged run by run of equal keys (TaskListQueries.PageIdsAsync): small
        // pages that start and end inside long runs (hundreds of rows share a deadline here) must cut the same list.
        var actor = await CoordinatorOfMengjinAsync();
        var lists = _db.Get<TaskListQueries>();
        var sort = new TaskListSort(field, descending);
        var date = asOf is { } d ? new DateOnly(d / 10000, d / 100 % 100, d % 100) : (DateOnly?)null;
        var scope = new TaskFilter { Plan = "mengjin-2024", AsOf = date };

        var whole = (await lists.ListAsync(actor, scope with { PageSize = 200 }, sort)).Items.Select(r => r.AssignmentId).ToList();
        foreach (var page in new[] { 1, 2, 3, 10, 19, 28 })
        {
            var rows = (await lists.ListAsync(actor, scope with { Page = page, PageSize = 7 }, sort)).Items.Select(r => r.AssignmentId);
            Assert.Equal(whole.Skip((page - 1) * 7).Take(7), rows);
        }
        Assert.Equal(200, whole.Distinct().Count());
    }

    [Fact]
    public async Task TheDefaultOrderIsLongestOverdueFirstThenByPlanTaskAndRole()
    {
        var actor = await CoordinatorOfMengjinAsync();

        var rows = (await _db.Get<TaskListQueries>().ListAsync(actor, new TaskFilter { Plan = "mengjin-2024", PageSize = 200 })).Items;

        // Overdue first, longest overdue first; within one deadline a task's rows stay together, 牵头 before 配合 before 落实乡镇.
        Assert.Equal(rows.Select(r => r.DaysOverdue).OrderDescending(), rows.Select(r => r.DaysOverdue));
        foreach (var run in rows.GroupBy(r => (r.FirstMissedDue, r.NextDue)))
        {
            var taskChanges = run.Zip(run.Skip(1)).Count(pair => pair.First.TaskId != pair.Second.TaskId);
            Assert.Equal(run.Select(r => r.TaskId).Distinct().Count() - 1, taskChanges);
            Assert.All(run.GroupBy(r => r.TaskId), task => Assert.Equal(task.Select(r => r.Role).Order(), task.Select(r => r.Role)));
        }
    }
}
