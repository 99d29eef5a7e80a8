using System.Text.RegularExpressions;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AirPlan.Web.Tests.Browser;

/// <summary>督办单 clicked through: the coordinator issues one for overdue work, the unit's liaison sees it on the bell, opens it from 消息 and replies with a file.</summary>
[Collection(WalkThroughCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NoticeBrowserTests(PostgresServer server, BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>, IAsyncLifetime
{
    private const string Unit = "区发展改革委";

    private BrowserApp _app = default!;

    public async Task InitializeAsync() => _app = await fixture.GetAsync(server, "browser_notice");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ACoordinatorIssuesANoticeAndTheUnitsLiaisonRepliesWithAnAttachmentWhichClosesIt()
    {
        // 督办员: 督办单 → 新建督办单, find the unit's overdue work, tick the first, issue.
        var page = await _app.SignInAsync("coordinator");
        await BrowserApp.GotoAsync(page, "/chasing/notices");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "督办单", Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "新建督办单" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        // The search answers after a pause and redraws the rows; a tick made before that is drawn away, so wait for its answer.
        var rows = dialog.Locator("tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        var unfiltered = await rows.CountAsync();
        await dialog.GetByLabel("按任务或单位查找").FillAsync(Unit);
        await Expect(rows).Not.ToHaveCountAsync(unfiltered);
        var row = dialog.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = Unit, Exact = true }) }).First;
        await Expect(row).ToContainTextAsync("天");
        await row.GetByRole(AriaRole.Checkbox).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Checkbox)).ToBeCheckedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "下发督办单" }).ClickAsync();

        var heading = page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex(@"^督办通知单 孟环督〔\d{4}〕\d+号$") });
        await Expect(heading).ToBeVisibleAsync();
        var number = (await heading.InnerTextAsync()).Replace("督办通知单", "").Trim();
        await Expect(page.GetByText("待反馈", new() { Exact = true })).ToBeVisibleAsync();
        await BrowserApp.SignOutAsync(page);

        // 联络员: the bell counts the notice; 消息 opens it; reply with a PDF.
        await BrowserApp.SignInOnAsync(page, "liaison-fgw");
        var bell = page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^消息（\d+条未读）$") });
        await Expect(bell).ToBeVisibleAsync();
        await bell.ClickAsync();
        await page.GetByText($"督办单 {number}").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"督办通知单 {number}" })).ToBeVisibleAsync();
        await page.GetByLabel("反馈内容").FillAsync("已完成整改，相关项目全部开工，附整改落实情况报告。");
        var pdf = Path.Combine(Directory.CreateTempSubdirectory("airplan-browser-").FullName, "整改落实情况报告.pdf");
        await File.WriteAllBytesAsync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray());
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "添加附件" }).ClickAsync());
        await chooser.SetFilesAsync(pdf);
        await Expect(page.GetByText("整改落实情况报告.pdf（")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync();

        await Expect(page.GetByText("已反馈", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "整改落实情况报告.pdf", Exact = true })).ToBeVisibleAsync();
        // The notice was the liaison's only message, read by opening it.
        await Expect(bell).ToHaveCountAsync(0);
        await Expect(page.GetByText("已完成整改，相关项目全部开工，附整改落实情况报告。")).ToBeVisibleAsync();
        Assert.Empty(_app.CspViolations);
    }
}
