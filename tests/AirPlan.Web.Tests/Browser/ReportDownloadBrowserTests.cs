using AirPlan.Web.Tests.Infrastructure;
using ClosedXML.Excel;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AirPlan.Web.Tests.Browser;

/// <summary>The quarterly ledger as a coordinator gets it: from the plan page, through the browser's own download.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReportDownloadBrowserTests(PostgresServer server, BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>, IAsyncLifetime
{
    private BrowserApp _app = default!;

    public async Task InitializeAsync() => _app = await fixture.GetAsync(server, "browser_report");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheQuarterlyLedgerDownloadedFromThePlanPageOpensWithItsSheets()
    {
        var page = await _app.SignInAsync("coordinator");
        await BrowserApp.GotoAsync(page, "/plans/mengjin-2024");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "导出台账" }).Or(page.GetByRole(AriaRole.Button, new() { Name = "导出台账" })).First.ClickAsync());

        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        Assert.Contains("孟津区", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"ledger-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(path);
        try
        {
            using var workbook = new XLWorkbook(path);
            Assert.Equal(["汇总", "任务明细", "逾期任务", "乡镇落实情况", "任务进展"], workbook.Worksheets.Select(w => w.Name));
            Assert.Contains("孟津区", workbook.Worksheet("任务明细").Cell(1, 1).GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
