using AirPlan.Core.Domain;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Tasks.Status;

/// <summary>
/// The cached per-plan facts (assignment_facts) once counted must follow every later write: the triggers refresh what a write
/// touches, so figures never lag behind the work.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AssignmentFactsTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;
    private UserContext _coordinator = default!;
    private TaskFilter _scope = default!;

    public async Task InitializeAsync()
    {
        _db = await WorkDatabase.ForClassAsync<AssignmentFactsTests>(server);
        _coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        await using var db = _db.CreateDbContext();
        _scope = new TaskFilter { Plan = await db.Plans.Where(p => p.RegionId == _db.MengjinRegionId).Select(p => p.Key).SingleAsync() };
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private RollupQueries Rollups => _db.Get<RollupQueries>();

    private async Task<HashSet<int>> ListedAsync(TaskFilter filter)
    {
        await using var db = _db.CreateDbContext();
        var asOf = await _db.Get<StatusEngine>().PrepareAsync(db, _coordinator, filter);
        return (await StatusEngine.Filter(db, _coordinator, filter, asOf).Select(a => a.Id).ToListAsync()).ToHashSet();
    }

    [Fact]
    public async Task AStatusChangedAfterTheFiguresWereCountedIsCountedAtOnce()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var before = await Rollups.TotalsAsync(_coordinator, _scope);

        await _db.Get<WorkService>().OverrideStatusAsync(_coordinator, assignment.Id, assignment.Version, AssignmentStatus.Completed, null);

        var after = await Rollups.TotalsAsync(_coordinator, _scope);
        Assert.Equal(before.Figures.Completed + 1, after.Figures.Completed);
        Assert.Contains(assignment.Id, await ListedAsync(_scope with { Status = AssignmentStatus.Completed }));
    }

    [Fact]
    public async Task ANewPastDeadlineMakesWorkOverdueInFiguresAlreadyCounted()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: false);
        Assert.DoesNotContain(assignment.Id, await ListedAsync(_scope with { Overdue = true }));

        var today = DateOnly.FromDateTime(_db.Clock.Now.DateTime);
        await _db.Get<TaskEditService>().AddMilestoneAsync(_coordinator, assignment.TaskId, assignment.Task!.Version, today.AddDays(-3), "补充时限");

        Assert.Contains(assignment.Id, await ListedAsync(_scope with { Overdue = true }));
    }

    [Fact]
    public async Task FiguresOfAPastDateDoNotMoveWithWorkRecordedToday()
    {
        // The seed plans were imported "today"; a day later that day is in the past and read from history.
        _db.Clock.Now = _db.Clock.Now.AddDays(1);
        var yesterday = _scope with { AsOf = DateOnly.FromDateTime(_db.Clock.Now.DateTime).AddDays(-1) };
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var before = await Rollups.TotalsAsync(_coordinator, yesterday);

        await _db.Get<WorkService>().OverrideStatusAsync(_coordinator, assignment.Id, assignment.Version, AssignmentStatus.Completed, null);

        Assert.True(before.Figures.Assignments > 0);
        Assert.Equal(before.Figures, (await Rollups.TotalsAsync(_coordinator, yesterday)).Figures);
    }

    [Fact]
    public async Task RequestsThatMeetOnANewDateAllGetTheSameFigures()
    {
        var scope = _scope with { AsOf = DateOnly.FromDateTime(_db.Clock.Now.DateTime).AddDays(40) };

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Rollups.TotalsAsync(_coordinator, scope)));

        Assert.All(results, r => Assert.Equal(results[0].Figures, r.Figures));
        Assert.True(results[0].Figures.Assignments > 0);
    }

    [Fact]
    public async Task TheWarmUpBuildsTodayAndThePastMonthEndsForEveryPlan()
    {
        await _db.Get<FactsWarmer>().WarmAsync(CancellationToken.None);

        await using var db = _db.CreateDbContext();
        var plans = await db.Plans.CountAsync();
        var dates = await db.FactSnapshots.GroupBy(s => new { s.AsOf, s.FromHistory })
            .Select(g => new { g.Key.AsOf, g.Key.FromHistory, Plans = g.Count() }).ToListAsync();
        var today = DateOnly.FromDateTime(_db.Clock.Now.DateTime);
        Assert.Contains(dates, d => d.AsOf == today && !d.FromHistory && d.Plans == plans);
        Assert.Equal(FactsWarmer.MonthEnds, dates.Count(d => d.FromHistory && d.AsOf.AddDays(1).Day == 1 && d.Plans == plans));
    }

    [Fact]
    public async Task DayOldHandPickedDatesAreDroppedAndMonthEndsKept()
    {
        var handPicked = _scope with { AsOf = new DateOnly(2025, 9, 17) };
        var monthEnd = _scope with { AsOf = new DateOnly(2025, 9, 30) };
        var first = await Rollups.TotalsAsync(_coordinator, handPicked);
        await Rollups.TotalsAsync(_coordinator, monthEnd);
        await using (var db = _db.CreateDbContext())
            await db.Database.ExecuteSqlRawAsync("UPDATE fact_snapshots SET built_at = now() - interval '2 days'");

        await _db.Get<FactsWarmer>().EvictAsync(CancellationToken.None);

        await using (var db = _db.CreateDbContext())
        {
            Assert.False(await db.FactSnapshots.AnyAsync(s => s.AsOf == handPicked.AsOf));
            Assert.False(await db.AssignmentFacts.AnyAsync(f => f.AsOf == handPicked.AsOf));
            Assert.True(await db.FactSnapshots.AnyAsync(s => s.AsOf == monthEnd.AsOf));
        }
        // Asked again, the date is simply built again.
        Assert.Equal(first.Figures, (await Rollups.TotalsAsync(_coordinator, handPicked)).Figures);
    }
}
