using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Work;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Tasks;

/// <summary>逾期 as computed by PostgreSQL from the rule expressions, around deadline dates.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OverdueRuleTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<OverdueRuleTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<bool> IsOverdueAsync(int assignmentId, DateOnly asOf)
    {
        await using var db = _db.CreateDbContext();
        return await db.Assignments.Where(a => a.Id == assignmentId).Select(AssignmentRules.IsOverdue(asOf)).SingleAsync();
    }

    [Fact]
    public async Task ADeadlineIsNotOverdueOnItsDayAndIsOverdueTheDayAfter()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var last = assignment.Task!.Milestones.Max(m => m.DueOn);

        Assert.False(await IsOverdueAsync(assignment.Id, last));
        Assert.True(await IsOverdueAsync(assignment.Id, last.AddDays(1)));
    }

    [Fact]
    public async Task NothingIsOverdueBeforeItsFirstDeadline()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var first = assignment.Task!.Milestones.Min(m => m.DueOn);

        Assert.False(await IsOverdueAsync(assignment.Id, first.AddDays(-30)));
    }

    [Fact]
    public async Task CompletedWorkIsNeverOverdue()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        await _db.Get<WorkService>().OverrideStatusAsync(coordinator, assignment.Id, assignment.Version, AssignmentStatus.Completed, null);

        Assert.False(await IsOverdueAsync(assignment.Id, assignment.Task!.Milestones.Max(m => m.DueOn).AddDays(100)));
    }

    [Fact]
    public async Task TasksWithoutDeadlinesAreNeverOverdue()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: false);

        Assert.False(await IsOverdueAsync(assignment.Id, new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public async Task AReportedCheckpointIsNotOverdueButAnUnverifiedLastDeadlineIs()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId);
        var milestones = assignment.Task!.Milestones.OrderBy(m => m.DueOn).ToList();
        var period = ReportingPeriods.KeyOf(DateOnly.FromDateTime(_db.Clock.Now.DateTime), ReportingCycle.Quarterly);
        await _db.Get<WorkService>().ReportProgressAsync(liaison, new ProgressReportInput(assignment.Id, assignment.Version, period,
            "节点已完成", null, null, null, milestones.Select(m => m.Id).ToList()));

        var last = milestones[^1].DueOn;
        Assert.False(await IsOverdueAsync(assignment.Id, last));
        Assert.True(await IsOverdueAsync(assignment.Id, last.AddDays(1)));
    }

    [Theory]
    [InlineData("2024-06-30")]
    [InlineData("2024-07-01")]
    [InlineData("2025-06-30")]
    [InlineData("2025-12-31")]
    [InlineData("2026-01-01")]
    public async Task TheOverdueFilterAndTheTimingProjectionAgreeOnEveryAssignment(string date)
    {
        var asOf = DateOnly.Parse(date);
        await using var db = _db.CreateDbContext();

        var filtered = await db.Assignments.Where(AssignmentRules.IsOverdue(asOf)).Select(a => a.Id).OrderBy(id => id).ToListAsync();
        var timed = (await db.Assignments.Select(AssignmentRules.Timing(asOf)).ToListAsync())
            .Where(t => t.IsOverdue).Select(t => t.AssignmentId).Order().ToList();

        Assert.Equal(filtered, timed);
    }

    [Fact]
    public async Task DaysOverdueCountFromTheEarliestMissedDeadline()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var first = assignment.Task!.Milestones.Min(m => m.DueOn);
        await using var db = _db.CreateDbContext();

        var timing = (await TaskListQueries.TimingAsync(db, [assignment.Id], first.AddDays(10), CancellationToken.None))[assignment.Id];

        Assert.Equal(first, timing.FirstMissedDue);
        Assert.Equal(10, AssignmentRules.DaysOverdue(timing.FirstMissedDue, first.AddDays(10)));
    }
}
