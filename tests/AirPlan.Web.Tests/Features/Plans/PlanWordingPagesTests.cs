using System.Net;
using System.Text.RegularExpressions;
using AirPlan.Core.Domain;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Tasks;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;

namespace AirPlan.Web.Tests.Features.Plans;

/// <summary>
/// The walk-through's wording on the plan and task pages (prerendered HTML of the seed plans): where a task sits, what a
/// task without a date says, and what a city plan calls its areas.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class PlanWordingPagesTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;
    private HttpClient _admin = default!;

    public async Task InitializeAsync()
    {
        _app = await AppFactory.SharedAsync(server);
        _admin = await SignIn.SignInAsync(_app, "admin");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AMengjinTaskUnderSectionTwoOfChapterThreeNamesChapterThreeAndSectionTwo()
    {
        var planPage = await _admin.GetStringAsync("/plans/mengjin-2024");
        var link = Regex.Match(planPage, "/plans/mengjin-2024/tasks/[0-9]+(?=\"[^>]*>大力发展清洁能源)").Value;

        var html = WebUtility.HtmlDecode(await _admin.GetStringAsync(link));

        Assert.Contains("三、主要任务 › （二）优化能源结构，加快能源清洁低碳高效发展", html);
        Assert.DoesNotContain("三、优化能源结构", html);
        Assert.Contains("三、主要任务 › （二）优化能源结构", WebUtility.HtmlDecode(planPage));
    }

    [Fact]
    public async Task TheTaskContentKeepsEachUnitLineOnItsOwnLine()
    {
        var planPage = await _admin.GetStringAsync("/plans/mengjin-2024");
        var link = Regex.Match(planPage, "/plans/mengjin-2024/tasks/[0-9]+(?=\"[^>]*>大力发展清洁能源)").Value;

        var html = WebUtility.HtmlDecode(await _admin.GetStringAsync(link));

        Assert.Contains("牵头单位：区发展改革委\n责任单位：", html);
        // …and the page shows the line breaks (not HTML's collapsed white space).
        Assert.Matches("white-space:pre-wrap\"[^>]*>[^<]*牵头单位：区发展改革委\n责任单位：", html);
    }

    [Fact]
    public async Task YichuanTaskTwentySaysOngoingOnThePlanPageAsOnItsTaskPage()
    {
        var planPage = WebUtility.HtmlDecode(await _admin.GetStringAsync("/plans/yichuan-2024"));
        var row = Regex.Match(planPage, "<tr[^>]*>(?:(?!</tr>).)*?（二十）</td>(?:(?!</tr>).)*</tr>", RegexOptions.Singleline).Value;
        var link = Regex.Match(row, "/plans/yichuan-2024/tasks/[0-9]+").Value;

        var taskPage = WebUtility.HtmlDecode(await _admin.GetStringAsync(link));

        Assert.Contains("持续推进", row);
        Assert.DoesNotContain("未明确时限", row);
        Assert.Contains("持续推进", taskPage);
        Assert.DoesNotContain("未明确时限", taskPage);
    }

    [Fact]
    public async Task LuohesCountiesAndDistrictsAreNamedAsSuchNotAsTownships()
    {
        var planPage = WebUtility.HtmlDecode(await _admin.GetStringAsync("/plans/luohe-2024"));
        var link = TaskLinkWithCounties().Matches(planPage).Select(m => m.Groups[1].Value).First();

        var taskPage = WebUtility.HtmlDecode(await _admin.GetStringAsync(link));

        Assert.Contains("落实县区", planPage);
        Assert.Contains("全部县区", planPage);
        Assert.DoesNotContain("全部乡镇（街道）", planPage);
        Assert.Contains("落实县区", taskPage);
        Assert.DoesNotContain("落实乡镇", taskPage);
        // A county plan keeps its townships.
        Assert.Contains("全部乡镇（街道）", WebUtility.HtmlDecode(await _admin.GetStringAsync("/plans/mengjin-2024")));
    }

    [Fact]
    public async Task LuohesDashboardTaskListAndLedgerNameItsCountiesToo()
    {
        var dashboard = WebUtility.HtmlDecode(await _admin.GetStringAsync("/dashboard?plan=luohe-2024"));
        var rows = await _app.Services.GetRequiredService<TaskListQueries>().ListAsync(
            await AccountsApp.ActorAsync(_app, await UserIdAsync("admin")),
            new TaskFilter { Plan = "luohe-2024", Role = AssignmentRole.Implementing, PageSize = 5 });
        using var workbook = new XLWorkbook(new MemoryStream(await _admin.GetByteArrayAsync("/reports/quarterly?plan=luohe-2024&quarter=2025Q3")));

        Assert.Contains("县区落实情况", dashboard);
        Assert.DoesNotContain("乡镇（街道）落实情况", dashboard);
        Assert.NotEmpty(rows.Items);
        Assert.All(rows.Items, r => Assert.Equal("落实县区", r.RoleTitle));
        Assert.Contains(workbook.Worksheets, w => w.Name == "县区落实情况");
        Assert.DoesNotContain(workbook.Worksheets, w => w.Name == "乡镇落实情况");
        // A county plan keeps its townships.
        Assert.Contains("乡镇（街道）落实情况", WebUtility.HtmlDecode(await _admin.GetStringAsync("/dashboard?plan=mengjin-2024")));
    }

    private async Task<string> UserIdAsync(string userName)
    {
        await using var db = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    [GeneratedRegex("<tr[^>]*>(?:(?!</tr>).)*?href=\"(/plans/luohe-2024/tasks/[0-9]+)\"(?:(?!</tr>).)*?全部县区", RegexOptions.Singleline)]
    private static partial Regex TaskLinkWithCounties();
}

/// <summary>Where plans of several regions are listed, a unit says which region's it is (市城管局 of which city).</summary>
[Collection(PostgresCollection.Name)]
public sealed class UnitRegionAcrossPlansTests(PostgresServer server)
{
    [Fact]
    public async Task TheDashboardsDepartmentsAcrossAllPlansCarryTheirRegionAndOnePlansDoNot()
    {
        var db = await WorkDatabase.ForClassAsync<UnitRegionAcrossPlansTests>(server);
        var admin = await db.ActorAsync(AppRoles.Admin);
        var rollups = db.Get<RollupQueries>();

        var all = await rollups.ByDepartmentAsync(admin, new TaskFilter(), AssignmentRole.Lead);
        var mengjin = await rollups.ByDepartmentAsync(admin, new TaskFilter { Plan = "mengjin-2024" }, AssignmentRole.Lead);

        Assert.All(all, row => Assert.False(string.IsNullOrEmpty(row.Detail)));
        Assert.Contains(all, row => row.Detail == "漯河市");
        Assert.Contains(all, row => row.Detail == "孟津区");
        Assert.All(mengjin, row => Assert.Null(row.Detail));
    }
}
