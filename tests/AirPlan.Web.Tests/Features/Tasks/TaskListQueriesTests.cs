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
}
