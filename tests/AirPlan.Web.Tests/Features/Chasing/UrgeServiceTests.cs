using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Chasing.Settings;
using AirPlan.Web.Features.Chasing.Urging;
using AirPlan.Web.Features.Notifications;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Chasing;

/// <summary>Manual 催办 and the per-plan 催办规则: who may, what they send, where it is recorded.</summary>
[Collection(PostgresCollection.Name)]
public sealed class UrgeServiceTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<UrgeServiceTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private UrgeService Urging => _db.Get<UrgeService>();

    [Fact]
    public async Task ACoordinatorUrgesASelectionAndEachUnitsLiaisonsAreToldAndEachTasksHistoryShowsIt()
    {
        var first = await _db.FreshAssignmentAsync(withDeadline: true);
        var second = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await ChasingAccounts.CreateAsync(_db, AppRoles.Liaison, unitId: first.UnitId);
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");

        var result = await Urging.UrgeAsync(coordinator, [first.Id, second.Id], "请于本周五前报送整改进展");

        Assert.Equal(2, result.Urged);
        var messages = await ChasingAccounts.MessagesAsync(_db, first.Id);
        Assert.Contains((NotificationKinds.Urged, liaison.Id), messages);
        var page = await _db.Get<TaskPageQueries>().GetAsync(coordinator, "mengjin-2024", first.TaskId);
        Assert.Contains(page!.Timeline, e => e.Action == "assignment.urge" && e.Summary.Contains("请于本周五前报送整改进展"));
        await using var db = _db.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "assignment.urge" && e.TaskId == second.TaskId && e.EntityId == second.Id.ToString()));
    }

    [Fact]
    public async Task OnlyCoordinatorsOfThePlansRegionMayUrgeAndAMixedSelectionUrgesNothing()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var other = await _db.FreshAssignmentAsync(withDeadline: true);
        var elsewhere = await _db.ActorAsync(AppRoles.Coordinator, regionName: "伊川县");
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId);
        var leader = await _db.ActorAsync(AppRoles.Leader, regionName: "孟津区");
        int yichuanAssignment;
        await using (var db = _db.CreateDbContext())
            yichuanAssignment = await db.Assignments.Where(a => a.Task!.Plan!.Region!.Name == "伊川县").Select(a => a.Id).FirstAsync();
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");

        await Assert.ThrowsAsync<NotFoundException>(() => Urging.UrgeAsync(elsewhere, [assignment.Id], null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Urging.UrgeAsync(liaison, [assignment.Id], null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Urging.UrgeAsync(leader, [assignment.Id], null));
        await Assert.ThrowsAsync<NotFoundException>(() => Urging.UrgeAsync(coordinator, [other.Id, yichuanAssignment], null));

        await using var check = _db.CreateDbContext();
        Assert.False(await check.AuditEntries.AnyAsync(e => e.Action == "assignment.urge"
            && (e.EntityId == assignment.Id.ToString() || e.EntityId == other.Id.ToString() || e.EntityId == yichuanAssignment.ToString())));
        Assert.False(await check.Notifications.AnyAsync(n => n.Kind == NotificationKinds.Urged && (n.AssignmentId == other.Id || n.AssignmentId == assignment.Id)));
    }

    [Fact]
    public async Task ACoordinatorOfTheRegionChangesAPlansChasingRulesAndTheChangeIsAudited()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var elsewhere = await _db.ActorAsync(AppRoles.Coordinator, regionName: "伊川县");
        var leader = await _db.ActorAsync(AppRoles.Leader, regionName: "孟津区");
        var service = _db.Get<ChasingSettingsService>();

        Assert.Equal((ChasingSettings.Default, true), (await service.GetAsync(coordinator, "mengjin-2024"))!.Value);
        await service.ChangeAsync(coordinator, "mengjin-2024", new ChasingSettings(10, 20, 3));

        Assert.Equal((new ChasingSettings(10, 20, 3), false), (await service.GetAsync(leader, "mengjin-2024"))!.Value);
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ChangeAsync(leader, "mengjin-2024", ChasingSettings.Default));
        await Assert.ThrowsAsync<NotFoundException>(() => service.ChangeAsync(elsewhere, "mengjin-2024", ChasingSettings.Default));
        await Assert.ThrowsAsync<DomainException>(() => service.ChangeAsync(coordinator, "mengjin-2024", new ChasingSettings(7, 0, 5)));
        await using var db = _db.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "plan.chasing"));
    }
}
