using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Chasing;
using AirPlan.Web.Features.Chasing.Job;
using AirPlan.Web.Features.Notifications;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Chasing;

/// <summary>The daily chasing job over the seed plans, day by day on a test clock, with real accounts receiving the messages.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ChasingJobTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;
    private static readonly HashSet<int> Used = [];

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<ChasingJobTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private ChasingJob Job => _db.Get<ChasingJob>();

    private void SetToday(DateOnly day) => _db.Clock.Now = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));

    private async Task<ChaseRunResult> RunOnAsync(DateOnly day)
    {
        SetToday(day);
        return await Job.RunAsync(null, ChaseRun.Manual, "测试") ?? throw new InvalidOperationException("job did not run");
    }

    private static readonly string[] JobKinds =
        [NotificationKinds.DueSoon, NotificationKinds.Overdue, NotificationKinds.Escalated, NotificationKinds.ReviewWaiting];

    [Fact]
    public async Task ACheckpointIsRemindedThenChasedThenEscalatedThenLeftAloneOnceDoneWithOneMessagePerStepAndRecipient()
    {
        var (assignment, due) = await ChasingAccounts.OneDeadlineAssignmentAsync(_db, Used);
        var liaison = await ChasingAccounts.CreateAsync(_db, AppRoles.Liaison, unitId: assignment.UnitId);
        var coordinator = await ChasingAccounts.CreateAsync(_db, AppRoles.Coordinator, regionId: _db.MengjinRegionId);
        var ours = new HashSet<string> { liaison.Id, coordinator.Id };
        async Task<List<(string Kind, string UserId)>> Messages() =>
            (await ChasingAccounts.MessagesAsync(_db, assignment.Id)).Where(m => JobKinds.Contains(m.Kind) && ours.Contains(m.UserId)).ToList();
        var coordinatorActor = await _db.Get<UserContextLoader>().LoadAsync(coordinator.Id);
        async Task<bool> Escalated() =>
            (await _db.Get<ChasingQueries>().EscalatedAsync(coordinatorActor, assignment.Task!.Plan!.Key, take: 1000)).Rows.Any(r => r.AssignmentId == assignment.Id);

        await RunOnAsync(due.AddDays(-8));
        Assert.Empty(await Messages());

        await RunOnAsync(due.AddDays(-7));
        await RunOnAsync(due.AddDays(-6));
        Assert.Equal([(NotificationKinds.DueSoon, liaison.Id)], await Messages());

        await RunOnAsync(due.AddDays(1));
        await RunOnAsync(due.AddDays(14));
        Assert.Equal([(NotificationKinds.DueSoon, liaison.Id), (NotificationKinds.Overdue, liaison.Id)], await Messages());
        Assert.False(await Escalated());

        var escalation = await RunOnAsync(due.AddDays(15));
        Assert.True(escalation.Escalated > 0);
        Assert.Equal((NotificationKinds.Escalated, coordinator.Id), (await Messages())[^1]);
        Assert.True(await Escalated());
        await using (var db = _db.CreateDbContext())
        {
            var message = await db.Notifications.SingleAsync(n => n.AssignmentId == assignment.Id && n.Kind == NotificationKinds.Escalated && n.UserId == coordinator.Id);
            Assert.Contains("已逾期 15 天", message.Body);
            Assert.Equal(Notifier.AssignmentLink(assignment.Task!.Plan!.Key, assignment.TaskId, assignment.Id), message.Link);
        }

        // The liaison finishes 16 days late; the submission then waits for review.
        SetToday(due.AddDays(16));
        var liaisonActor = await _db.Get<UserContextLoader>().LoadAsync(liaison.Id);
        var work = _db.Get<WorkService>();
        await work.ReportProgressAsync(liaisonActor, new ProgressReportInput(assignment.Id, await _db.VersionAsync(assignment.Id),
            ReportingPeriods.KeyOf(due.AddDays(16), assignment.Task!.Plan!.ReportingCycle), "已全部完成", "", "", 100,
            [assignment.Task.Milestones.Single().Id]));
        await _db.AddEvidenceAsync(assignment.Id);
        await work.SubmitAsync(liaisonActor, assignment.Id, await _db.VersionAsync(assignment.Id));

        await RunOnAsync(due.AddDays(21));
        Assert.Equal(3, (await Messages()).Count);
        await RunOnAsync(due.AddDays(22));
        Assert.Equal((NotificationKinds.ReviewWaiting, coordinator.Id), (await Messages())[^1]);

        SetToday(due.AddDays(23));
        await work.VerifyAsync(coordinatorActor, assignment.Id, await _db.VersionAsync(assignment.Id));
        await RunOnAsync(due.AddDays(24));
        await RunOnAsync(due.AddDays(40));

        Assert.Equal([(NotificationKinds.DueSoon, liaison.Id), (NotificationKinds.Overdue, liaison.Id), (NotificationKinds.Escalated, coordinator.Id),
            (NotificationKinds.ReviewWaiting, coordinator.Id)], await Messages());
        Assert.False(await Escalated());
    }

    [Fact]
    public async Task RunningTheJobAgainOnTheSameDayWritesNothingNew()
    {
        var (assignment, due) = await ChasingAccounts.OneDeadlineAssignmentAsync(_db, Used);
        await ChasingAccounts.CreateAsync(_db, AppRoles.Liaison, unitId: assignment.UnitId);
        // Other tests of the class may have run the job on later days already: this assignment's steps start afresh.
        await using (var db = _db.CreateDbContext())
            await db.ChasedSteps.Where(s => s.AssignmentId == assignment.Id).ExecuteDeleteAsync();

        var first = await RunOnAsync(due.AddDays(2));
        int notifications;
        await using (var db = _db.CreateDbContext()) notifications = await db.Notifications.CountAsync();
        var second = await RunOnAsync(due.AddDays(2));

        Assert.True(first.Steps > 0);
        Assert.Equal((0, 0), (second.Steps, second.Notifications));
        await using (var db = _db.CreateDbContext())
        {
            Assert.Equal(notifications, await db.Notifications.CountAsync());
            Assert.Equal(2, await db.ChaseRuns.CountAsync(r => r.AsOf == due.AddDays(2) && r.FinishedAt != null));
        }
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabaseRunTheScheduledJobOnce()
    {
        var day = new DateOnly(2025, 12, 1);
        SetToday(day);
        string connectionString;
        await using (var db = _db.CreateDbContext()) connectionString = db.Database.GetConnectionString()!;
        using var other = TestServices.Build(connectionString, clock: _db.Clock);

        var runs = await Task.WhenAll(Job.RunScheduledAsync(), other.Services.GetRequiredService<ChasingJob>().RunScheduledAsync());
        var later = await other.Services.GetRequiredService<ChasingJob>().RunScheduledAsync();

        Assert.Single(runs, r => r is not null);
        Assert.Null(later);
        await using var check = _db.CreateDbContext();
        Assert.Equal(1, await check.ChaseRuns.CountAsync(r => r.AsOf == day && r.Trigger == ChaseRun.Scheduled));
    }

    [Fact]
    public async Task OnlyAdminsRunTheJobFromThePage()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");

        await Assert.ThrowsAsync<AccessDeniedException>(() => Job.RunNowAsync(coordinator));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _db.Get<ChasingQueries>().RecentRunsAsync(coordinator));
    }
}
