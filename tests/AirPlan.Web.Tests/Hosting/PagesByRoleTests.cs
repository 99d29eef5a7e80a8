using System.Net;
using System.Text.RegularExpressions;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;

namespace AirPlan.Web.Tests.Hosting;

/// <summary>Every main page renders for every role (prerendered HTML), and each role sees only its own scope.</summary>
[Collection(HostingCollection.Name)]
public sealed partial class PagesByRoleTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;

    public async Task InitializeAsync() => _app = await AppFactory.SharedAsync(server);

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> RolesAndPages()
    {
        var data = new TheoryData<string, string>();
        foreach (var user in new[] { "admin", "coordinator", "liaison-fgw", "liaison-chengguan", "leader" })
            foreach (var page in new[] { "/dashboard", "/dashboard?plan=mengjin-2024", "/plans", "/plans/mengjin-2024", "/my", "/tasks", "/tasks?plan=mengjin-2024&overdue=true", "/review", "/messages", "/account/manage" })
                data.Add(user, page);
        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndPages))]
    public async Task EveryMainPageRendersForEveryRole(string user, string page)
    {
        var client = await SignIn.SignInAsync(_app, user);

        var response = await client.GetAsync(page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("处理您的请求时出现错误", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("liaison-fgw")]
    [InlineData("leader")]
    [InlineData("coordinator")]
    public async Task ATaskPageOfMengjinRendersForTheRolesThatMaySeeIt(string user)
    {
        var client = await SignIn.SignInAsync(_app, user);
        var planPage = await client.GetStringAsync("/plans/mengjin-2024");
        var taskLink = TaskLink().Match(planPage).Value;

        var html = await client.GetStringAsync(taskLink);

        Assert.Contains("责任分工与完成情况", html);
    }

    [Fact]
    public async Task ALiaisonSeesOnlyThePlansItsUnitWorksIn()
    {
        var client = await SignIn.SignInAsync(_app, "liaison-fgw");

        var html = await client.GetStringAsync("/plans");

        Assert.Contains("孟津区", html);
        Assert.DoesNotContain("漯政〔2024〕6号", html);
    }

    [Fact]
    public async Task ALeaderOfMengjinCannotOpenAnotherCountysPlan()
    {
        var client = await SignIn.SignInAsync(_app, "leader");

        var html = await client.GetStringAsync("/plans/yichuan-2024");

        Assert.Contains("未找到该方案", html);
    }

    [Theory]
    [InlineData("liaison-fgw", "/my")]
    [InlineData("coordinator", "/review")]
    [InlineData("leader", "/dashboard")]
    [InlineData("admin", "/dashboard")]
    public async Task EachRoleLandsWhereItsWorkIs(string user, string landing)
    {
        var client = await SignIn.SignInAsync(_app, user);

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(landing, new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task ALeaderIsNotOfferedTheLiaisonsAndCoordinatorsMenuEntries()
    {
        var client = await SignIn.SignInAsync(_app, "leader");

        var html = await client.GetStringAsync("/dashboard");

        Assert.Contains("href=\"/dashboard\"", html);
        Assert.DoesNotContain("href=\"/my\"", html);
        Assert.DoesNotContain("href=\"/review\"", html);
    }

    /// <summary>
    /// The menu leaves out what a role cannot use, and typing the address by hand is refused on the server: pages for one role
    /// say so instead of showing anything (待核验, 我的任务), pages behind [Authorize] send to 无权访问.
    /// </summary>
    [Theory]
    [InlineData("liaison-fgw", "/review,/plans/import,/plans/import-ledger,/admin/units,/admin/accounts,/admin/audit")]
    [InlineData("coordinator", "/my,/admin/accounts,/admin/audit,/admin/chasing")]
    [InlineData("leader", "/my,/review,/plans/import,/admin/units,/admin/robots,/admin/accounts,/admin/audit")]
    public async Task MenuEntriesARoleCannotUseAreLeftOutAndTheirPagesRefuseIt(string user, string hidden)
    {
        var client = await SignIn.SignInAsync(_app, user);

        var menu = await client.GetStringAsync("/plans");

        foreach (var path in hidden.Split(','))
        {
            Assert.DoesNotContain($"href=\"{path}\"", menu);
            var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.Redirect)
                Assert.Equal("/account/denied", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
            else
                Assert.Contains(path == "/my" ? "您的账号没有绑定责任单位" : "只有督办员可以核验", await response.Content.ReadAsStringAsync());
        }
        // What the role does use stays in its menu.
        Assert.Contains(user switch { "liaison-fgw" => "href=\"/my\"", "coordinator" => "href=\"/review\"", _ => "href=\"/dashboard\"" }, menu);
    }

    [Fact]
    public async Task TheAuditPageRendersForAnAdmin()
    {
        var client = await SignIn.SignInAsync(_app, "admin");

        var html = await client.GetStringAsync("/admin/audit");

        Assert.Contains("变更（字段：原值 → 新值）", html);
        Assert.DoesNotContain("处理您的请求时出现错误", html);
    }

    [Fact]
    public async Task ATaskTableShowsHowManyTownshipsATaskIsNarrowedTo()
    {
        var client = await SignIn.SignInAsync(_app, "admin");

        var html = await client.GetStringAsync("/plans/jiyuan-2024");

        // Razor read “乡镇@CountText” as literal text (an e-mail-like token), so the page printed the raw expression.
        Assert.DoesNotContain("@CountText", html);
        Assert.Matches("指定乡镇（[0-9]+个）", html);
    }

    [GeneratedRegex("/plans/mengjin-2024/tasks/[0-9]+")]
    private static partial Regex TaskLink();
}
