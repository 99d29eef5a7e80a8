using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AirPlan.Web.Tests.Browser;

/// <summary>What a leader, an anonymous visitor and a wrong password get in the browser.</summary>
[Collection(WalkThroughCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccessBrowserTests(PostgresServer server, BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>, IAsyncLifetime
{
    private static readonly string[] WorkButtons = ["提交完成", "核验通过", "退回", "标记持续推进"];

    private BrowserApp _app = default!;

    public async Task InitializeAsync() => _app = await fixture.GetAsync(server, "browser_access");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task LeaderSeesTasksButCannotActOnThem()
    {
        var (assignmentId, taskId) = await FgwAssignmentAsync();
        var page = await _app.SignInAsync("leader");

        await BrowserApp.GotoAsync(page, $"/plans/mengjin-2024/tasks/{taskId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "责任分工与完成情况" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "区发展改革委", Exact = true }).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "报送进展", Exact = true })).ToHaveCountAsync(0);
        foreach (var name in WorkButtons)
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true })).ToHaveCountAsync(0);

        // Typing the report address by hand gets the refusal and no form.
        await BrowserApp.GotoAsync(page, $"/assignments/{assignmentId}/report");
        await Expect(page.GetByText("只有该责任单位的联络员可以报送进展")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "提交进展" })).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("进展情况")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "上传佐证材料" })).ToHaveCountAsync(0);

        // Forged requests with the leader's own cookies: another region's 佐证材料, and a hand-made 核验.
        var foreignEvidenceId = await ForeignEvidenceAsync();
        var response = await page.Context.APIRequest.GetAsync($"/evidence/{foreignEvidenceId}",
            new() { MaxRedirects = 0 });
        Assert.Equal(404, response.Status); // another region's file: as if there were none (ids cannot be probed)

        await page.GotoAsync("/account/manage");
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var verify = await page.Context.APIRequest.PostAsync($"/api/assignments/{assignmentId}/verify", new()
        {
            Headers = new Dictionary<string, string> { ["RequestVerificationToken"] = token! },
            DataObject = new { version = 0, reason = (string?)null },
            MaxRedirects = 0,
        });
        Assert.Equal(403, verify.Status);
    }

    [Fact]
    public async Task AnonymousVisitorIsSentToSignInAndAWrongPasswordIsRefused()
    {
        var page = await _app.NewPageAsync();

        await page.GotoAsync("/tasks?plan=mengjin-2024&overdue=true");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
        Assert.Contains("returnUrl=", page.Url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();

        await page.GetByLabel("用户名").FillAsync("coordinator");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("用户名或密码错误");
        Assert.Equal("/account/login", new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "退出登录" })).ToHaveCountAsync(0);

        // The right password then lands where the visitor was going.
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(BrowserApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/tasks");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "任务清单" })).ToBeVisibleAsync();
    }

    private AppDbContext CreateDbContext() =>
        _app.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>区发展改革委's first lead assignment in 孟津区's plan, and its task.</summary>
    private async Task<(int AssignmentId, int TaskId)> FgwAssignmentAsync()
    {
        await using var db = CreateDbContext();
        var row = await db.Assignments.AsNoTracking()
            .Where(a => a.Unit!.Name == "区发展改革委" && a.Task!.Plan!.Key == "mengjin-2024" && a.Role == AssignmentRole.Lead)
            .OrderBy(a => a.Task!.Order).Select(a => new { a.Id, a.TaskId }).FirstAsync();
        return (row.Id, row.TaskId);
    }

    /// <summary>A 佐证材料 record on a task of another county's plan (济源), which 孟津区's leader may not read.</summary>
    private async Task<int> ForeignEvidenceAsync()
    {
        await using var db = CreateDbContext();
        var assignmentId = await db.Assignments.Where(a => a.Task!.Plan!.Key == "jiyuan-2024").OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
        var evidence = new Evidence(assignmentId, null, "济源验收报告.pdf", "application/pdf", 1234, new string('b', 64), "test", "测试",
            DateTimeOffset.UtcNow);
        db.Evidence.Add(evidence);
        await db.SaveChangesAsync();
        return evidence.Id;
    }
}
