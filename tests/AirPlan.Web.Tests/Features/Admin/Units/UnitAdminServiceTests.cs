using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Admin.Units;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Admin.Units;

[Collection(PostgresCollection.Name)]
public sealed class UnitAdminServiceTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<UnitAdminServiceTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private UnitAdminService Units => _db.Get<UnitAdminService>();

    private async Task<Unit> UnitAsync(string name)
    {
        await using var db = _db.CreateDbContext();
        return await db.Units.AsNoTracking().Include(u => u.Aliases).SingleAsync(u => u.RegionId == _db.MengjinRegionId && u.Name == name);
    }

    [Fact]
    public async Task RenamingKeepsTheOldNameAsAnAliasAndWritesHistory()
    {
        var admin = await _db.ActorAsync(AppRoles.Admin);
        var unit = await UnitAsync("区科技局");

        await Units.RenameAsync(admin, unit.Id, unit.Version, "区科学技术局");

        var renamed = await UnitAsync("区科学技术局");
        Assert.Contains(renamed.Aliases, a => a.Alias == "区科技局");
        await using var db = _db.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "unit.rename" && e.EntityId == unit.Id.ToString()));
    }

    [Fact]
    public async Task MergingMovesTheWorkAndTheNamesAndDeletesTheDuplicate()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        await using (var db = _db.CreateDbContext())
        {
            var region = await db.Regions.SingleAsync(r => r.Id == _db.MengjinRegionId);
            db.Units.Add(Unit.Department(region, "孟津区交通局"));
            await db.SaveChangesAsync();
        }
        var duplicate = await UnitAsync("孟津区交通局");
        var target = await UnitAsync("区城市管理局");
        int assignmentsBefore;
        await using (var db = _db.CreateDbContext())
        {
            var task = await db.Tasks.Include(t => t.Assignments).FirstAsync(t => t.Plan!.Key == "mengjin-2024" && t.ParentId == null
                && !t.Assignments.Any(a => a.UnitId == target.Id));
            task.Assign(await db.Units.SingleAsync(u => u.Id == duplicate.Id), AssignmentRole.Supporting);
            await db.SaveChangesAsync();
            assignmentsBefore = await db.Assignments.CountAsync(a => a.UnitId == target.Id);
        }

        var moved = await Units.MergeAsync(coordinator, duplicate.Id, (await UnitAsync("孟津区交通局")).Version, target.Id);

        Assert.Equal(1, moved);
        await using var check = _db.CreateDbContext();
        Assert.False(await check.Units.AnyAsync(u => u.Id == duplicate.Id));
        Assert.Equal(assignmentsBefore + 1, await check.Assignments.CountAsync(a => a.UnitId == target.Id));
        Assert.Contains((await UnitAsync("区城市管理局")).Aliases, a => a.Alias == "孟津区交通局");
    }

    [Fact]
    public async Task MergingAUnitIntoTheLeadOfTheSameTaskCombinesTheRolesAndKeepsTheReports()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var city = await UnitAsync("市工信局");
        var district = await UnitAsync("区工信局");
        int taskId, reportId;
        await using (var db = _db.CreateDbContext())
        {
            var absorbed = await db.Assignments.Include(a => a.Task).FirstAsync(a => a.UnitId == city.Id
                && a.Task!.Assignments.Any(o => o.UnitId == district.Id && o.Role == AssignmentRole.Lead));
            taskId = absorbed.TaskId;
            absorbed.RecordProgress(_db.Clock.GetUtcNow());
            var report = new ProgressReport(absorbed, "2025Q4", "市工信局已开展排查", null, null, null, "u", "联络员", _db.Clock.GetUtcNow());
            db.ProgressReports.Add(report);
            await db.SaveChangesAsync();
            reportId = report.Id;
        }

        await Units.MergeAsync(coordinator, city.Id, city.Version, district.Id);

        await using var check = _db.CreateDbContext();
        var row = await check.Assignments.SingleAsync(a => a.TaskId == taskId && a.UnitId == district.Id);
        Assert.Equal(AssignmentRole.Lead, row.Role);
        Assert.Equal(row.Id, (await check.ProgressReports.SingleAsync(r => r.Id == reportId)).AssignmentId);
        var audit = await check.AuditEntries.OrderBy(e => e.Id).LastAsync(e => e.Action == "unit.merge");
        Assert.Contains("合并为一条", audit.Summary);
        // The task's own lists say so too: 区工信局 leads, and is not also listed as supporting; 市工信局 is gone.
        var task = await check.Tasks.SingleAsync(t => t.Id == taskId);
        Assert.Contains("区工信局", task.LeadUnitNames);
        Assert.DoesNotContain("区工信局", task.SupportingUnitNames);
        Assert.DoesNotContain("市工信局", task.LeadUnitNames.Concat(task.SupportingUnitNames));
    }

    [Fact]
    public async Task MergingALeadUnitIntoAUnitThatSupportsTheSameTaskKeepsTheLeadRowAndNeverTwoRowsForOneUnit()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        string[] usedElsewhere = ["区发展改革委", "区科技局", "区科学技术局", "区城市管理局", "孟津区交通局", "市工信局", "区工信局"];
        int taskId, leadRowId, sourceId, targetId;
        await using (var db = _db.CreateDbContext())
        {
            // A lead row and a supporting row of two other departments on one task, the pair seen on one task only once.
            var pair = await db.Assignments.AsNoTracking()
                .Where(l => l.Task!.Plan!.RegionId == _db.MengjinRegionId && l.Role == AssignmentRole.Lead && l.Unit!.Kind == UnitKind.Department
                    && !usedElsewhere.Contains(l.Unit.Name))
                .SelectMany(l => l.Task!.Assignments.Where(s => s.Role == AssignmentRole.Supporting && s.Unit!.Kind == UnitKind.Department
                    && !usedElsewhere.Contains(s.Unit.Name)), (l, s) => new { l.TaskId, LeadRow = l.Id, Source = l.UnitId, Target = s.UnitId })
                .OrderBy(p => p.TaskId).FirstAsync();
            (taskId, leadRowId, sourceId, targetId) = (pair.TaskId, pair.LeadRow, pair.Source, pair.Target);
        }
        await using (var db = _db.CreateDbContext())
        {
            var source = await db.Units.SingleAsync(u => u.Id == sourceId);
            await Units.MergeAsync(coordinator, sourceId, source.Version, targetId);
        }

        await using var check = _db.CreateDbContext();
        // The lead row stays (with its history), now the kept unit's; its supporting row is folded into it.
        var row = await check.Assignments.SingleAsync(a => a.TaskId == taskId && a.UnitId == targetId);
        Assert.Equal((leadRowId, AssignmentRole.Lead), (row.Id, row.Role));
        Assert.False(await check.Assignments.AnyAsync(a => a.UnitId == sourceId));
        Assert.False(await check.Assignments.Where(a => a.UnitId == targetId).GroupBy(a => a.TaskId).AnyAsync(g => g.Count() > 1));
        // Lists that name units (牵头：… in the task list and 逾期最久) name the kept unit as the lead, once.
        var names = await check.Units.Where(u => u.Id == targetId).Select(u => u.Name).SingleAsync();
        var task = await check.Tasks.SingleAsync(t => t.Id == taskId);
        Assert.Contains(names, task.LeadUnitNames);
        Assert.DoesNotContain(names, task.SupportingUnitNames);
    }

    [Fact]
    public async Task AddingAZoneGivesItEveryAllTownshipsTask()
    {
        var admin = await _db.ActorAsync(AppRoles.Admin);

        var tasks = await Units.AddZoneAsync(admin, _db.MengjinRegionId, "区先进制造业开发区");

        await using var db = _db.CreateDbContext();
        var allScope = await db.Tasks.CountAsync(t => t.Plan!.RegionId == _db.MengjinRegionId && t.ParentId == null && t.TownshipScope == TownshipScopeKind.All);
        Assert.Equal(allScope, tasks);
        var zoneUnit = await db.Units.Include(u => u.TownshipRegion).SingleAsync(u => u.Name == "区先进制造业开发区");
        Assert.Equal(RegionLevel.Zone, zoneUnit.TownshipRegion!.Level);
        Assert.Equal(allScope, await db.Assignments.CountAsync(a => a.UnitId == zoneUnit.Id && a.Role == AssignmentRole.Implementing));
    }

    [Fact]
    public async Task AnAliasAlreadyUsedByAnotherUnitIsRefused()
    {
        var admin = await _db.ActorAsync(AppRoles.Admin);
        var unit = await UnitAsync("区工信局");

        var error = await Assert.ThrowsAsync<DomainException>(() => Units.AddAliasAsync(admin, unit.Id, unit.Version, "区发展改革委"));

        Assert.Contains("合并", error.Message);
    }

    [Fact]
    public async Task TheRegionSearchOffersOnlyRegionsWithPlansThatTheActorMaintains()
    {
        var admin = await _db.ActorAsync(AppRoles.Admin);
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var leader = await _db.ActorAsync(AppRoles.Leader, regionName: "孟津区");

        Assert.Equal(["孟津区 — 河南省洛阳市"], (await Units.SearchRegionsAsync(admin, "孟津")).Select(r => r.Label));
        Assert.Contains(await Units.SearchRegionsAsync(admin, "伊川"), r => r.Name == "伊川县");
        // 新安县 is a county of the list, but no plan brought units to it.
        Assert.Empty(await Units.SearchRegionsAsync(admin, "新安"));
        Assert.Empty(await Units.SearchRegionsAsync(coordinator, "伊川"));
        Assert.Empty(await Units.SearchRegionsAsync(leader, "孟津"));
        Assert.Equal("孟津区", (await Units.FirstRegionAsync(coordinator))?.Name);
        Assert.Null(await Units.FirstRegionAsync(leader));
    }

    [Theory]
    [InlineData(AppRoles.Leader, "孟津区")]
    [InlineData(AppRoles.Liaison, null)]
    [InlineData(AppRoles.Coordinator, "伊川县")]
    public async Task OnlyAdminsAndTheRegionsCoordinatorsMaintainUnits(string role, string? region)
    {
        var actor = await _db.ActorAsync(role, unitId: role == AppRoles.Liaison ? _db.FgwUnitId : null, regionName: region);
        var unit = await UnitAsync("区发展改革委");

        await Assert.ThrowsAsync<AccessDeniedException>(() => Units.RenameAsync(actor, unit.Id, unit.Version, "改名"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Units.AddZoneAsync(actor, _db.MengjinRegionId, "某开发区"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Units.UnitsAsync(actor, _db.MengjinRegionId));
    }
}
