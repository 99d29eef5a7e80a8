using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AirPlan.Web.Tests.Features.Dashboard;

/// <summary>
/// The roll-ups kept per plan, unit and role (unit_facts, ADR 036) add up to exactly what the live GROUP BY counts, for every
/// actor who sees whole plans, on today and past dates, and again straight after work changes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UnitFactsTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.CreateAsync(server);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private RollupQueries Kept => _db.Get<RollupQueries>();

    private RollupQueries Live => new(_db.Get<IDbContextFactory<AppDbContext>>(), _db.Get<StatusEngine>(), _db.Get<IMemoryCache>())
    {
        KeepsUnitFacts = false,
    };

    private async Task<List<UserContext>> WholePlanViewersAsync() =>
    [
        await _db.ActorAsync(AppRoles.Admin),
        await _db.ActorAsync(AppRoles.Leader, regionName: "洛阳市"),
        await _db.ActorAsync(AppRoles.Leader, regionName: "漯河市"),
        await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区"),
    ];

    private static readonly TaskFilter[] Scopes =
    [
        new(),
        new() { Plan = "mengjin-2024" },
        new() { AsOf = new DateOnly(2025, 9, 30) },
        new() { Plan = "luohe-2024", AsOf = new DateOnly(2025, 6, 30) },
    ];

    /// <summary>Every figure of every row of the four breakdowns and the totals, kept and live, side by side.</summary>
    private async Task AssertKeptEqualsLiveAsync(IEnumerable<UserContext> actors, IEnumerable<TaskFilter> scopes)
    {
        foreach (var actor in actors)
        foreach (var scope in scopes)
        {
            Assert.True(Kept.UsesKept(actor, scope));
            Assert.Equal(await Live.TotalsAsync(actor, scope), await Kept.TotalsAsync(actor, scope));
            Assert.Equal(await Live.ByPlanAsync(actor, scope), await Kept.ByPlanAsync(actor, scope));
            Assert.Equal(await Live.ByDepartmentAsync(actor, scope, AssignmentRole.Lead), await Kept.ByDepartmentAsync(actor, scope, AssignmentRole.Lead));
            Assert.Equal(await Live.ByDepartmentAsync(actor, scope, AssignmentRole.Supporting),
                await Kept.ByDepartmentAsync(actor, scope, AssignmentRole.Supporting));
            Assert.Equal(await Live.ByTownshipAsync(actor, scope), await Kept.ByTownshipAsync(actor, scope));
        }
    }

    [Fact]
    public async Task KeptRollupsAddUpToTheLiveCountsForEveryWholePlanViewerAndDate()
    {
        await AssertKeptEqualsLiveAsync(await WholePlanViewersAsync(), Scopes);

        await using var db = _db.CreateDbContext();
        Assert.True(await db.UnitFactRows.AnyAsync(r => r.Role == UnitFactRow.AnyRole));
        Assert.True(await db.UnitFactRows.AnyAsync(r => r.Role == nameof(AssignmentRole.Lead)));
    }

    [Fact]
    public async Task AVerificationASubmissionAndAStartShowInTheKeptRollupsAtOnce()
    {
        var leader = await _db.ActorAsync(AppRoles.Leader, regionName: "洛阳市");
        var before = await Kept.TotalsAsync(leader, new TaskFilter());

        var work = _db.Get<WorkService>();
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var verified = await _db.FreshAssignmentAsync(withDeadline: true);
        await _db.AddEvidenceAsync(verified.Id);
        await work.SubmitAsync(await _db.ActorAsync(AppRoles.Liaison, unitId: verified.UnitId), verified.Id, await _db.VersionAsync(verified.Id));
        await work.VerifyAsync(coordinator, verified.Id, await _db.VersionAsync(verified.Id));
        var submitted = await _db.FreshAssignmentAsync(withDeadline: false);
        await _db.AddEvidenceAsync(submitted.Id);
        await work.SubmitAsync(await _db.ActorAsync(AppRoles.Liaison, unitId: submitted.UnitId), submitted.Id, await _db.VersionAsync(submitted.Id));

        var after = await Kept.TotalsAsync(leader, new TaskFilter());
        Assert.Equal(before.Figures.Completed + 1, after.Figures.Completed);
        Assert.Equal(before.Figures.Submitted + 1, after.Figures.Submitted);
        await AssertKeptEqualsLiveAsync([leader, await _db.ActorAsync(AppRoles.Admin)], Scopes.Take(2));
    }

    [Fact]
    public async Task ALiaisonWithUnitsAndAFilteredScopeAreCountedLive()
    {
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: _db.FgwUnitId);
        var leader = await _db.ActorAsync(AppRoles.Leader, regionName: "洛阳市");

        Assert.False(Kept.UsesKept(liaison, new TaskFilter()));
        Assert.False(Kept.UsesKept(leader, new TaskFilter { Overdue = true }));
        Assert.False(Kept.UsesKept(leader, new TaskFilter { UnitId = _db.FgwUnitId }));
        Assert.True(Kept.UsesKept(leader, new TaskFilter { Plan = "mengjin-2024", Page = 3 }));
    }
}
