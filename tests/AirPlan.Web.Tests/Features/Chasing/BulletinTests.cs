using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Chasing.Bulletins;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Chasing;

/// <summary>通报: the dashboard's figures for the same scope and date, printed; nothing counted anew.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BulletinTests(PostgresServer server) : IAsyncLifetime
{
    private ChasingDatabase _db = default!;
    private BulletinService Bulletins => _db.Get<BulletinService>();
    private RollupQueries Rollups => _db.Get<RollupQueries>();
    private static readonly BulletinPeriod Q3 = BulletinPeriod.TryParse("2025Q3")!;

    public async Task InitializeAsync() => _db = await ChasingDatabase.ForClassAsync<BulletinTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task APlansQuarterlyBulletinHasTheDashboardsFiguresAtTheQuartersEnd()
    {
        var leader = await _db.AccountAsync("leader");
        var scope = new TaskFilter { Plan = "mengjin-2024", AsOf = new DateOnly(2025, 9, 30) };

        var bulletin = await Bulletins.BuildAsync(leader, new BulletinScope("mengjin-2024", null, Q3));

        var totals = await Rollups.TotalsAsync(leader, scope);
        Assert.Equal(new DateOnly(2025, 9, 30), bulletin.AsOf);
        Assert.Equal(totals.Tasks, bulletin.Tasks);
        Assert.Equal(totals.Figures, bulletin.Assignments);
        Assert.True(bulletin.Tasks.Overdue > 0);
        var departments = await Rollups.ByDepartmentAsync(leader, scope, AssignmentRole.Lead);
        Assert.Equal(departments.Count, bulletin.Departments.Count);
        foreach (var row in departments)
            Assert.Contains(bulletin.Departments, r => r.Name == row.Name && r.Overdue == row.Figures.Overdue && r.PercentDone == row.Figures.PercentDone
                                                       && r.Assignments == row.Figures.Assignments && r.Completed == row.Figures.Completed);
        Assert.Equal((await Rollups.ByTownshipAsync(leader, scope)).Count, bulletin.Townships.Count);
        var overdue = await Rollups.OverdueAsync(leader, scope, BulletinService.OverdueListLength);
        Assert.Equal(overdue.Total, bulletin.OverdueTotal);
        Assert.Equal(overdue.Items.Select(i => i.DaysOverdue), bulletin.Overdue.Select(o => o.DaysOverdue));
        // Ranked by completion, then by fewest overdue.
        Assert.Equal(bulletin.Departments.OrderByDescending(r => r.PercentDone).ThenBy(r => r.Overdue).Select(r => r.Name),
            bulletin.Departments.Select(r => r.Name));
    }

    [Fact]
    public async Task ARegionsBulletinHasTheFiguresItsLeaderSeesOnTheDashboard()
    {
        var admin = await _db.ActorAsync(AppRoles.Admin, "孟津区");
        var leader = await _db.AccountAsync("leader");
        var october = BulletinPeriod.TryParse("2025-10")!;

        var bulletin = await Bulletins.BuildAsync(admin with { RegionIds = new HashSet<int>() }, new BulletinScope(null, _db.MengjinRegionId, october));

        // October has not ended on 10-08: figures are today's, as the dashboard shows them by default.
        Assert.Equal(new DateOnly(2025, 10, 8), bulletin.AsOf);
        var totals = await Rollups.TotalsAsync(leader, new TaskFilter());
        Assert.Equal(totals.Tasks, bulletin.Tasks);
        Assert.Equal(totals.Figures, bulletin.Assignments);
    }

    [Fact]
    public async Task SomeoneWhoCannotReadThePlanByRegionGetsNoBulletin()
    {
        var elsewhere = await _db.ActorAsync(AppRoles.Leader, "伊川县");
        await using var db = _db.CreateDbContext();
        var fgw = await db.Units.Where(u => u.RegionId == _db.MengjinRegionId && u.Name == "区发展改革委").Select(u => u.Id).SingleAsync();
        var liaison = await _db.LiaisonOfAsync(fgw);

        await Assert.ThrowsAsync<NotFoundException>(() => Bulletins.BuildAsync(elsewhere, new BulletinScope("mengjin-2024", null, Q3)));
        await Assert.ThrowsAsync<NotFoundException>(() => Bulletins.BuildAsync(elsewhere, new BulletinScope(null, _db.MengjinRegionId, Q3)));
        await Assert.ThrowsAsync<NotFoundException>(() => Bulletins.BuildAsync(liaison, new BulletinScope("mengjin-2024", null, Q3)));
        // …and the page's region box offers it none of those regions.
        Assert.Empty(await Bulletins.SearchRegionsAsync(elsewhere, "孟津"));
        Assert.Empty(await Bulletins.SearchRegionsAsync(liaison, "孟津"));
        Assert.Null(await Bulletins.FirstRegionAsync(liaison));
        Assert.Equal("孟津区 — 河南省洛阳市", Assert.Single(await Bulletins.SearchRegionsAsync(await _db.AccountAsync("leader"), "孟津")).Label);
    }

    [Fact]
    public async Task TheBulletinIsAWordDocumentWithItsFiguresRankingsAndOverdueList()
    {
        var leader = await _db.AccountAsync("leader");
        var bulletin = await Bulletins.BuildAsync(leader, new BulletinScope("mengjin-2024", null, Q3));

        using var word = WordprocessingDocument.Open(new MemoryStream(BulletinDocument.Write(bulletin)), false);
        var text = string.Concat(word.MainDocumentPart!.Document.Descendants<Text>().Select(t => t.Text));

        Assert.Contains("关于2025年第三季度", text);
        Assert.Contains("通报", text);
        Assert.Contains($"共有任务{bulletin.Tasks.Tasks}项", text);
        Assert.Contains($"逾期任务{bulletin.Tasks.Overdue}项", text);
        Assert.Contains("牵头部门排名", text);
        Assert.Contains(bulletin.Departments[0].Name, text);
        Assert.Contains($"{bulletin.Overdue[0].DaysOverdue}天", text);
        Assert.Contains("2025年10月8日", text);
    }
}
