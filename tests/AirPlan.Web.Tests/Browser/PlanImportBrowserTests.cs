using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using System.Text;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AirPlan.Web.Tests.Browser;

/// <summary>导入实施方案 as a coordinator does it: upload, correct, reload mid-review, confirm, find the corrections on the plan.</summary>
[Collection(WalkThroughCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PlanImportBrowserTests(PostgresServer server, BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>, IAsyncLifetime
{
    private BrowserApp _app = default!;

    public async Task InitializeAsync() => _app = await fixture.GetAsync(server, "browser_import");

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The Mengjin seed's head and its energy section (tasks 5–8): a short plan of the region the coordinator runs.</summary>
    private static byte[] EnergyPlan()
    {
        var lines = File.ReadAllLines(RepoPaths.Seed("mengjin-2024"));
        // As the bureau receives it: a Word document, one paragraph per line of the published text.
        using var output = new MemoryStream();
        using (var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document))
        {
            document.AddMainDocumentPart().Document = new Document(new Body(lines[..64].Concat(lines[150..230])
                .Select(line => new Paragraph(new Run(new Text(line) { Space = SpaceProcessingModeValues.Preserve })))));
        }
        return output.ToArray();
    }

    [Fact]
    public async Task ACoordinatorCorrectsALeadUnitAndADeadlineReloadsMidReviewAndFindsBothOnTheImportedPlan()
    {
        var page = await _app.SignInAsync("coordinator", new ViewportSize { Width = 1366, Height = 900 });
        await BrowserApp.GotoAsync(page, "/plans/import");

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "mengjin-energy-2025.docx", MimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Buffer = EnergyPlan(),
        });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "核对：mengjin-energy-2025.docx" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "确认导入 4 项任务" })).ToBeVisibleAsync();

        // The region is a search box: the file's 孟津区 is chosen, named with where it lies; only the coordinator's own is offered.
        var region = page.GetByRole(AriaRole.Combobox, new() { Name = "行政区划" });
        await Expect(region).ToHaveValueAsync("孟津区 — 河南省洛阳市");
        await region.FillAsync("朝阳");
        await Expect(page.GetByText("没有找到名称或代码含此内容的地区")).ToBeVisibleAsync();
        await region.FillAsync("孟津");
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = "孟津区 — 河南省洛阳市" })).ToBeVisibleAsync();
        await region.PressAsync("Enter");
        await Expect(region).ToHaveValueAsync("孟津区 — 河南省洛阳市");
        await Expect(page.GetByText("正在保存…")).ToHaveCountAsync(0);

        var lead = page.GetByLabel("牵头单位（任务 5）");
        await Expect(lead).ToHaveValueAsync("区发展改革委");
        await lead.FillAsync("区工信局");
        await lead.PressAsync("Tab");
        await Expect(page.GetByText("已更正 1 处", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(page.GetByText("正在保存…")).ToHaveCountAsync(0);
        var date = page.GetByLabel("完成日期1（任务 5）");
        await date.FillAsync("2025-11-30");
        await date.PressAsync("Tab");
        await Expect(page.GetByText("已更正 2 处", new() { Exact = false })).ToBeVisibleAsync();
        // The count is the page's; the review is the server's once 正在保存 has gone.
        await Expect(page.GetByText("正在保存…")).ToHaveCountAsync(0);

        // A reload (or a dropped circuit) in the middle of the review reopens it from the server as it was left.
        await page.ReloadAsync();
        await BrowserApp.WaitForInteractiveAsync(page);
        await Expect(page.GetByLabel("牵头单位（任务 5）")).ToHaveValueAsync("区工信局");
        await Expect(page.GetByLabel("完成日期1（任务 5）")).ToHaveValueAsync("2025-11-30");
        await BrowserApp.ScreenshotAsync(page, "plan-import-review.png");

        // On a phone the review wraps instead of scrolling sideways.
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"));
        await page.SetViewportSizeAsync(1366, 900);

        await page.GetByRole(AriaRole.Button, new() { Name = "确认导入 4 项任务" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "mengjin-energy-2025" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "大力发展清洁能源" });
        await Expect(row).ToContainTextAsync("区工信局");
        await Expect(row).ToContainTextAsync("2025年11月30日");
    }
}
