using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Tasks;

/// <summary>逾期 as the status engine (PostgreSQL) judges it, around deadline dates.</summary>
[Collection(HostingCollection.Name)]
public sealed class OverdueRuleTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    private static readonly object Gate = new();
    private static Task<WorkDatabase>? _shared;

    public async Task InitializeAsync()
    {
        // "Today" is before any Mengjin deadline, so every date asked about below is judged from the live work: a past date
        // is judged from history, where a status recorded today (the overrides below) is not yet written.
        lock (Gate) _shared ??= WorkDatabase.CreateAsync(server, TestClock.At(2023, 6, 1));
        _db = await _shared;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private StatusEngine Engine => _db.Get<StatusEngine>();

    private async Task<AssignmentFact?> JudgeAsync(int assignmentId, DateOnly asOf)
    {
        await using var db = _db.CreateDbContext();
        return (await Engine.JudgeAsync(db, [assignmentId], asOf)).GetValueOrDefault(assignmentId);
    }

    private async Task<bool> IsOverdueAsync(int assignmentId, DateOnly asOf) => (await JudgeAsync(assignmentId, asOf))?.FirstMissedDue is not null;

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
        var admin = await _db.ActorAsync(AppRoles.Admin);
        var filter = new TaskFilter { AsOf = asOf, Overdue = true };
        await using var db = _db.CreateDbContext();

        var moment = await Engine.PrepareAsync(db, admin, filter);
        var filtered = await StatusEngine.Filter(db, admin, filter, moment).Select(a => a.Id).OrderBy(id => id).ToListAsync();
        var all = await db.Assignments.Select(a => a.Id).ToListAsync();
        var timed = (await Engine.JudgeAsync(db, all, asOf)).Values
            .Where(f => f.FirstMissedDue is not null).Select(f => f.AssignmentId).Order().ToList();

        Assert.Equal(filtered, timed);
    }

    [Fact]
    public async Task DaysOverdueCountFromTheEarliestMissedDeadline()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var first = assignment.Task!.Milestones.Min(m => m.DueOn);

        var timing = (await JudgeAsync(assignment.Id, first.AddDays(10)))!;

        Assert.Equal(first, timing.FirstMissedDue);
        Assert.Equal(10, WarningLights.DaysOverdue(timing.FirstMissedDue, first.AddDays(10)));
    }
}
