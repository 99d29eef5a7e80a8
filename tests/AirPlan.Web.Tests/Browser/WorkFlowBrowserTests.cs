using System.Text.RegularExpressions;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AirPlan.Web.Tests.Browser;

/// <summary>
/// 报送 → 提交完成 → 退回 → 再次提交 → 核验通过, clicked through in Chromium by the liaison and the coordinator,
/// plus the screenshots in docs/screenshots.
/// </summary>
[Collection(WalkThroughCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WorkFlowBrowserTests(PostgresServer server, BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>, IAsyncLifetime
{
    private const string Unit = "区发展改革委";
    private const string Reason = "请补充现场照片";

    private BrowserApp _app = default!;

    public async Task InitializeAsync() => _app = await fixture.GetAsync(server, "browser_flow");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task LiaisonReportsAndSubmitsCoordinatorSendsBackThenVerifies()
    {
        // 联络员：我的任务 lists the unit's assignments; take the first one's 报送进展 link.
        var page = await _app.SignInAsync("liaison-fgw");
        await BrowserApp.GotoAsync(page, "/my");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的任务", Exact = true })).ToBeVisibleAsync();
        var reportLink = page.GetByRole(AriaRole.Link, new() { Name = "报送进展", Exact = true }).First;
        await Expect(reportLink).ToBeVisibleAsync();
        var firstRow = page.GetByRole(AriaRole.Row).Filter(new() { Has = reportLink });
        await Expect(firstRow.First).ToContainTextAsync(Unit);
        await Expect(firstRow.First).ToContainTextAsync("孟津区");
        var reportPath = await reportLink.GetAttributeAsync("href");
        Assert.Matches(@"^/assignments/\d+/report$", reportPath);
        var taskLink = firstRow.First.GetByRole(AriaRole.Link).First;
        var taskPath = (await taskLink.GetAttributeAsync("href"))!;
        Assert.Matches(@"^/plans/mengjin-2024/tasks/\d+$", taskPath);
        var taskName = (await taskLink.InnerTextAsync()).Trim();

        // 报送进展 with a real PDF.
        await BrowserApp.GotoAsync(page, reportPath!);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "报送进展", Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel("进展情况").FillAsync("已完成燃煤锅炉排查，建立台账并逐一整改。");
        await page.GetByLabel("存在问题").FillAsync("个别企业整改进度偏慢。");
        await page.GetByLabel("下步计划").FillAsync("十月底前完成全部验收。");
        await page.GetByLabel("完成进度（%，可选）").FillAsync("90");
        var pdf = Path.Combine(Directory.CreateTempSubdirectory("airplan-browser-").FullName, "验收报告.pdf");
        await File.WriteAllBytesAsync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray());
        var chooser = await page.RunAndWaitForFileChooserAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "上传佐证材料" }).ClickAsync());
        await chooser.SetFilesAsync(pdf);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已上传" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "验收报告.pdf（在新标签页打开）" })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "report-form.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交进展" }).ClickAsync();

        // Back on the task page: the report is shown; 提交完成 and confirm.
        await page.WaitForURLAsync(url => url.EndsWith(taskPath, StringComparison.Ordinal));
        await Expect(page.GetByText("进展已报送")).ToBeVisibleAsync();
        await Expect(page.GetByText("已完成燃煤锅炉排查，建立台账并逐一整改。")).ToBeVisibleAsync();
        await SubmitAsync(page, UnitRow(page));
        await Expect(UnitRow(page)).ToContainTextAsync("已提交待核验");
        await BrowserApp.SignOutAsync(page);

        // 督办员：待核验 lists it; 退回 with a reason.
        await BrowserApp.SignInOnAsync(page, "coordinator");
        await BrowserApp.GotoAsync(page, "/review");
        var queued = page.GetByRole(AriaRole.Link, new() { Name = taskName, Exact = true });
        await Expect(queued).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "review-queue.png");
        await queued.ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith(taskPath, StringComparison.Ordinal));
        var row = UnitRow(page);
        await Expect(row).ToContainTextAsync("已提交待核验");
        await row.GetByRole(AriaRole.Button, new() { Name = "退回", Exact = true }).ClickAsync();
        var sendBack = page.GetByRole(AriaRole.Dialog);
        await sendBack.GetByLabel("退回原因").FillAsync(Reason);
        await sendBack.GetByRole(AriaRole.Button, new() { Name = "退回", Exact = true }).ClickAsync();
        await Expect(page.GetByText("已退回", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("推进中");
        await Expect(row).ToContainTextAsync("退回原因：" + Reason);
        await BrowserApp.SignOutAsync(page);

        // 联络员 sees the reason on 我的任务 and submits again from there.
        await BrowserApp.SignInOnAsync(page, "liaison-fgw");
        await BrowserApp.GotoAsync(page, "/my");
        var mine = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = taskName, Exact = true }) }).First;
        await Expect(mine).ToContainTextAsync("退回原因：" + Reason);
        await SubmitAsync(page, mine);
        await Expect(mine).ToContainTextAsync("已提交待核验");
        await BrowserApp.SignOutAsync(page);

        // 督办员 核验通过.
        await BrowserApp.SignInOnAsync(page, "coordinator");
        await BrowserApp.GotoAsync(page, taskPath);
        row = UnitRow(page);
        await Expect(row).ToContainTextAsync("已提交待核验");
        await row.GetByRole(AriaRole.Button, new() { Name = "核验通过", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "核验通过", Exact = true }).ClickAsync();
        await Expect(page.GetByText("已核验通过", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("已完成");
        foreach (var action in new[] { "提交完成", "核验通过", "退回", "标记持续推进" })
            await Expect(row.GetByRole(AriaRole.Button, new() { Name = action, Exact = true })).ToHaveCountAsync(0);
        // The evidence stays visible to the reviewer.
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "查看区发展改革委的佐证材料" })).ToBeVisibleAsync();
        var history = page.GetByRole(AriaRole.Heading, new() { Name = "操作记录" });
        await Expect(history).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "task-detail.png");

        // The filtered task list finds it among the completed ones.
        await BrowserApp.GotoAsync(page, "/tasks?plan=mengjin-2024&status=Completed");
        var completed = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = taskName, Exact = true }) });
        await Expect(completed.First).ToContainTextAsync(Unit);
        await Expect(completed.First).ToContainTextAsync("已完成");
        // Uploads, dialogs and the live connection all worked under the Content-Security-Policy.
        Assert.Empty(_app.CspViolations);
    }

    [Fact]
    public async Task Screenshots()
    {
        var anonymous = await _app.NewPageAsync();
        await anonymous.GotoAsync("/account/login");
        await Expect(anonymous.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(anonymous, "login.png");

        var liaison = await _app.SignInAsync("liaison-fgw");
        await BrowserApp.GotoAsync(liaison, "/my");
        await Expect(liaison.GetByRole(AriaRole.Link, new() { Name = "报送进展", Exact = true }).First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(liaison, "my-tasks.png");

        var phone = await _app.SignInAsync("liaison-fgw", BrowserApp.Phone);
        await BrowserApp.GotoAsync(phone, "/my");
        await Expect(phone.GetByRole(AriaRole.Link, new() { Name = "报送进展", Exact = true }).First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(phone, "my-tasks-phone.png");

        var coordinator = await _app.SignInAsync("coordinator");
        await BrowserApp.GotoAsync(coordinator, "/tasks?plan=mengjin-2024&overdue=true");
        await Expect(coordinator.GetByText(new Regex("^逾期 \\d+ 天")).First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(coordinator, "task-list.png");

        await BrowserApp.GotoAsync(coordinator, "/plans");
        await Expect(coordinator.GetByText("孟政办〔2024〕21号").First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(coordinator, "plans.png");

        var admin = await _app.SignInAsync("admin");
        await BrowserApp.GotoAsync(admin, "/admin/accounts");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "账号管理" })).ToBeVisibleAsync();
        await Expect(admin.GetByText("liaison-chengguan").First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(admin, "accounts.png");

        await BrowserApp.GotoAsync(admin, "/admin/audit");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "操作记录" })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Cell, new() { Name = "系统管理员", Exact = false }).First).ToBeVisibleAsync();
        // Readable: 操作人 wide enough for a name on one line, times in the offices' local time as people write them, and
        // changes as 字段：值 in Chinese, not JSON.
        var operatorWidth = await admin.GetByRole(AriaRole.Columnheader, new() { Name = "操作人" })
            .EvaluateAsync<double>("e => e.getBoundingClientRect().width / parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(operatorWidth >= 6, $"操作人 is {operatorWidth:F1} characters wide");
        await Expect(admin.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Cell).First).ToHaveTextAsync(new Regex(@"^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$"));
        var changes = await admin.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Cell).Nth(3).InnerTextAsync();
        Assert.DoesNotContain("{", changes);
        Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}T", changes);
        await BrowserApp.ScreenshotAsync(admin, "audit.png");
    }

    /// <summary>区发展改革委's row in the task page's 责任分工与完成情况 table.</summary>
    private static ILocator UnitRow(IPage page) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = Unit, Exact = true }) }).First;

    private static async Task SubmitAsync(IPage page, ILocator row)
    {
        await row.GetByRole(AriaRole.Button, new() { Name = "提交完成", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "提交", Exact = true }).ClickAsync();
        await Expect(page.GetByText("已提交，等待督办员核验")).ToBeVisibleAsync();
    }
}
