using System.Text.RegularExpressions;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AirPlan.Web.Tests.Browser;

/// <summary>A leader learns what is late from 总览 and drills down to a task.</summary>
[Collection(BrowserCollection.Name)]
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
        var overdue = page.GetByRole(AriaRole.Link, new() { Name = "责任分工·逾期：" }).First;
        await Expect(overdue).ToBeVisibleAsync();
        var count = int.Parse(await overdue.InnerTextAsync());
        Assert.True(count > 0, "the seed plans' deadlines are in 2024–2025, so some work is overdue today");
        // The dashboard's tables show the same lights as the task pages (a shared component, not a raw tag).
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "红灯" }).First).ToBeVisibleAsync();
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

    [Fact]
    public async Task ALeaderCountsMengjinsTasksNotRowsAndDrillsFromTasksToTheirAssignments()
    {
        var page = await _app.SignInAsync("leader");

        await BrowserApp.GotoAsync(page, "/dashboard");
        var tasks = page.GetByRole(AriaRole.Region, new() { Name = "任务" });
        var assignments = page.GetByRole(AriaRole.Region, new() { Name = "责任分工" });
        // 孟津区's plan: 34 tasks fanned out into 602 assignments, shown side by side and labelled.
        await Expect(tasks.GetByRole(AriaRole.Link, new() { Name = "查看全部任务：34", Exact = true })).ToBeVisibleAsync();
        await Expect(assignments.GetByRole(AriaRole.Link, new() { Name = "查看全部责任分工：602", Exact = true })).ToBeVisibleAsync();
        await Expect(tasks.GetByRole(AriaRole.Link, new() { Name = "任务·已完成：0", Exact = true })).ToBeVisibleAsync();
        await Expect(tasks.GetByRole(AriaRole.Link, new() { Name = "任务完成率：0%", Exact = true })).ToBeVisibleAsync();
        var overdueTasks = tasks.GetByRole(AriaRole.Link, new() { Name = "任务·逾期：" });
        var overdue = int.Parse(await overdueTasks.InnerTextAsync());
        Assert.InRange(overdue, 1, 34); // the seed deadlines are in 2024–2025
        // 逾期最久: one row per task, its townships listed in the row.
        await Expect(page.GetByText($"共 {overdue} 项任务逾期")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "dashboard.png");

        await overdueTasks.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/tasks" && url.Contains("view=tasks") && url.Contains("overdue=true"));
        await BrowserApp.WaitForInteractiveAsync(page);
        await Expect(page.GetByText($"共 {overdue} 项任务")).ToBeVisibleAsync();
        var taskRows = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "展开" }) });
        var firstTask = taskRows.First;
        await Expect(firstTask.GetByText("逾期", new() { Exact = true })).ToBeVisibleAsync();

        // The task's assignments open beneath it …
        await firstTask.GetByRole(AriaRole.Button, new() { Name = "展开" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^收起 ") })).ToBeVisibleAsync();
        // Every task of the plan is assigned to its townships (落实乡镇) and has a lead unit (牵头单位).
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "落实乡镇" }).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "牵头单位" }).First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "dashboard-task-view.png");

        // … and as assignment rows of their own.
        await page.GetByRole(AriaRole.Link, new() { Name = "逐条查看" }).First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/tasks" && url.Contains("task=") && !url.Contains("view=tasks"));
        await BrowserApp.WaitForInteractiveAsync(page);
        await Expect(page.GetByText("仅一项任务的责任分工")).ToBeVisibleAsync();
        await Expect(page.GetByText(new System.Text.RegularExpressions.Regex(@"共 \d+ 条"))).ToBeVisibleAsync();
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
        if (user == "admin")
        {
            // Plans of several regions in one list: a unit says whose it is (市城管局 of which city), beside its role.
            await BrowserApp.GotoAsync(page, "/tasks?role=Lead");
            await Expect(page.GetByRole(AriaRole.Cell).GetByText(new Regex(@"^\S+(市|区|县) · 牵头单位$")).First).ToBeVisibleAsync();
        }
        // …and all of it under the Content-Security-Policy: nothing was refused.
        Assert.Empty(_app.CspViolations);
    }
}
