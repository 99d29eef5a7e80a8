using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;

namespace AirPlan.Web.Tests.Features.Tasks;

/// <summary>Each role × each action × own/other unit or region, through the services (not the UI). Any wrong cell fails.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuthorizationMatrixTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<AuthorizationMatrixTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    public enum Action { Report, Submit, Verify, SendBack, MarkContinuous, OverrideStatus }

    public enum Actor { OwnLiaison, OtherUnitLiaison, Coordinator, OtherRegionCoordinator, Leader, Admin }

    public static TheoryData<Actor, Action, bool> Matrix()
    {
        var allowed = new Dictionary<Actor, Action[]>
        {
            [Actor.OwnLiaison] = [Action.Report, Action.Submit],
            [Actor.Coordinator] = [Action.Verify, Action.SendBack, Action.MarkContinuous, Action.OverrideStatus],
        };
        var data = new TheoryData<Actor, Action, bool>();
        foreach (var actor in Enum.GetValues<Actor>())
            foreach (var action in Enum.GetValues<Action>())
                data.Add(actor, action, allowed.GetValueOrDefault(actor, []).Contains(action));
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EachRoleMayDoExactlyItsOwnActions(Actor who, Action action, bool allowed)
    {
        var assignment = await _db.FgwLeadAssignmentWithoutDeadlineAsync();
        await PrepareAsync(assignment.Id, action);
        var actor = await ActorAsync(who);
        var work = _db.Get<WorkService>();
        var version = await _db.VersionAsync(assignment.Id);
        var before = await _db.StatusAsync(assignment.Id);

        var attempt = action switch
        {
            Action.Report => () => work.ReportProgressAsync(actor, new ProgressReportInput(assignment.Id, version, CurrentPeriod(),
                "已完成项目清单梳理", null, null, 30, [])),
            Action.Submit => () => work.SubmitAsync(actor, assignment.Id, version),
            Action.Verify => () => work.VerifyAsync(actor, assignment.Id, version),
            Action.SendBack => () => work.SendBackAsync(actor, assignment.Id, version, "佐证材料不全"),
            Action.MarkContinuous => () => work.MarkContinuousAsync(actor, assignment.Id, version),
            _ => (Func<Task>)(() => work.OverrideStatusAsync(actor, assignment.Id, version, AssignmentStatus.InProgress, "纠正")),
        };

        if (allowed)
        {
            await attempt();
            Assert.NotEqual(before, await _db.StatusAsync(assignment.Id));
        }
        else
        {
            // Refused: 403 for an assignment the actor can see, "not found" for one it cannot (no probing of ids).
            var refusal = await Record.ExceptionAsync(attempt);
            Assert.True(refusal is AccessDeniedException or NotFoundException, refusal?.ToString() ?? "没有被拒绝");
            Assert.Equal(before, await _db.StatusAsync(assignment.Id));
        }
    }

    private string CurrentPeriod() => ReportingPeriods.KeyOf(DateOnly.FromDateTime(_db.Clock.Now.DateTime), ReportingCycle.Quarterly);

    /// <summary>Puts the assignment in the state the action needs, as the legitimate coordinator would.</summary>
    private async Task PrepareAsync(int assignmentId, Action action)
    {
        var coordinator = await ActorAsync(Actor.Coordinator);
        var status = action switch
        {
            Action.Report or Action.OverrideStatus => AssignmentStatus.NotStarted,
            Action.Verify or Action.SendBack => AssignmentStatus.Submitted,
            _ => AssignmentStatus.InProgress,
        };
        await _db.Get<WorkService>().OverrideStatusAsync(coordinator, assignmentId, await _db.VersionAsync(assignmentId), status, "测试准备");
        if (action == Action.Submit) await _db.AddEvidenceAsync(assignmentId);
    }

    private Task<UserContext> ActorAsync(Actor who) => who switch
    {
        Actor.OwnLiaison => _db.ActorAsync(AppRoles.Liaison, unitId: _db.FgwUnitId),
        Actor.OtherUnitLiaison => _db.ActorAsync(AppRoles.Liaison, unitId: _db.OtherUnitId),
        Actor.Coordinator => _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区"),
        Actor.OtherRegionCoordinator => _db.ActorAsync(AppRoles.Coordinator, regionName: "伊川县"),
        Actor.Leader => _db.ActorAsync(AppRoles.Leader, regionName: "孟津区"),
        _ => _db.ActorAsync(AppRoles.Admin),
    };
}
