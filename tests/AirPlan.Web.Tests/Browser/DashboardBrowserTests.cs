using AirPlan.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AirPlan.Web.Tests.Browser;

/// <summary>A leader learns what is late from 总览 and drills down to a task.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DashboardBrowserTests(PostgresServer server, BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>, IAsyncLifetime
{
    private BrowserApp _app = default!;

    public async Task InitializeAsync() => _app = await fixture.GetAsync(server, "browser_dashboard");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ALeaderSeesTheOverdueCountClicksItAndOpensAnOverdueTask()
    {
        var page = await _app.SignInAsync("leader");

        await BrowserApp.GotoAsync(page, "/dashboard");
        var overdue = page.GetByRole(AriaRole.Link, new() { Name = "查看逾期的任务：" }).First;
        await Expect(overdue).ToBeVisibleAsync();
        var count = int.Parse(await overdue.InnerTextAsync());
        Assert.True(count > 0, "the seed plans' deadlines are in 2024–2025, so some work is overdue today");
        // The dashboard's tables show the same lights as the task pages (a shared component, not a raw tag).
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "红灯" }).First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "dashboard.png");

        await overdue.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/tasks" && url.Contains("overdue=true"));
        await BrowserApp.WaitForInteractiveAsync(page);
        await Expect(page.GetByText($"共 {count} 条")).ToBeVisibleAsync();

        var firstTask = page.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Link).First;
        var title = await firstTask.InnerTextAsync();
        await firstTask.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.Contains("/tasks/"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "责任分工与完成情况" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title.Split('　').Last());
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "红灯" }).First).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("coordinator")]
    [InlineData("admin")]
    public async Task EveryMainPageStartsItsLiveConnection(string user)
    {
        // Prerendered HTML can look fine while the circuit fails to start (e.g. a too-large first message); wait for it on each page.
        var page = await _app.SignInAsync(user);
        string[] otherCounties = user == "admin" ? ["/plans/yichuan-2024", "/plans/luohe-2024", "/plans/jiyuan-2024"] : [];
        foreach (var path in new[] { "/dashboard", "/my", "/tasks", "/review", "/plans", "/plans/mengjin-2024", "/admin/units",
                     "/plans/import-ledger" }.Concat(otherCounties))
        {
            await BrowserApp.GotoAsync(page, path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
        }
        // …and all of it under the Content-Security-Policy: nothing was refused.
        Assert.Empty(_app.CspViolations);
    }
}
