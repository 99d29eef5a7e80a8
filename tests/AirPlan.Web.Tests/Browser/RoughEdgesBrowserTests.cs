using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AirPlan.Web.Tests.Browser;

/// <summary>The walk-through's rough edges in Chromium: the 待核验 count, 提交完成 without evidence, printing, the phone task page.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RoughEdgesBrowserTests(PostgresServer server, BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>, IAsyncLifetime
{
    private const string Fgw = "区发展改革委";

    private BrowserApp _app = default!;

    public async Task InitializeAsync() => _app = await fixture.GetAsync(server, "browser_edges");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheCoordinatorsMenuCountsWhatWaitsForReview()
    {
        var coordinator = await _app.SignInAsync("coordinator");
        await BrowserApp.GotoAsync(coordinator, "/tasks");
        var review = coordinator.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "待核验" });
        await Expect(review).ToBeVisibleAsync();
        var before = await WaitingInMengjinAsync();

        await SubmitWithEvidenceAsync(await AssignmentAsync("mengjin-2024", Fgw, skip: 3));

        await BrowserApp.GotoAsync(coordinator, "/plans");
        await Expect(review.GetByLabel($"{before + 1}项待核验")).ToBeVisibleAsync();
        await Expect(review).Not.ToContainTextAsync("@");
        // A leader has no review work and no such entry; nothing is counted for them.
        var leader = await _app.SignInAsync("leader");
        await BrowserApp.GotoAsync(leader, "/tasks");
        await Expect(leader.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "待核验" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SubmitSaysThatEvidenceIsMissingBeforeAnyDialogAndIsOfferedOnceThereIsSome()
    {
        var (assignmentId, taskId) = await AssignmentAsync("mengjin-2024", Fgw, skip: 1);
        var page = await _app.SignInAsync("liaison-fgw");

        await BrowserApp.GotoAsync(page, $"/plans/mengjin-2024/tasks/{taskId}");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = Fgw, Exact = true }) }).First;
        var submit = row.GetByRole(AriaRole.Button, new() { Name = "提交完成", Exact = true });
        await Expect(submit).ToBeDisabledAsync();
        await Expect(submit).ToHaveAccessibleDescriptionAsync("提交完成前请至少上传一份佐证材料（在“报送进展”中上传）");
        await Expect(row.GetByText("提交完成前请至少上传一份佐证材料")).ToBeVisibleAsync();

        await AddEvidenceAsync(assignmentId);
        await BrowserApp.GotoAsync(page, $"/plans/mengjin-2024/tasks/{taskId}");
        await Expect(submit).ToBeEnabledAsync();
        await Expect(row.GetByText("提交完成前请至少上传一份佐证材料")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/tasks?plan=mengjin-2024")]
    [InlineData("task")]
    public async Task PagesPrintWithoutTheMenuAndTheTopBar(string path)
    {
        if (path == "task") path = $"/plans/mengjin-2024/tasks/{(await AssignmentAsync("mengjin-2024", Fgw, skip: 0)).TaskId}";
        var page = await _app.SignInAsync("coordinator");
        await BrowserApp.GotoAsync(page, path);
        var menu = page.GetByRole(AriaRole.Navigation).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "任务清单", Exact = true }) });
        await Expect(menu).ToBeVisibleAsync();

        await page.EmulateMediaAsync(new() { Media = Media.Print });

        await Expect(menu).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Banner)).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "退出登录" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task OnAPhoneTheTaskPageListsAssignmentsCompactlyWithTheUsersOwnUnitFirst()
    {
        var taskId = await TaskWithAllTownshipsLedByAsync(Fgw);
        var page = await _app.SignInAsync("liaison-fgw", BrowserApp.Phone);

        await BrowserApp.GotoAsync(page, $"/plans/mengjin-2024/tasks/{taskId}");

        var list = page.GetByRole(AriaRole.List, new() { Name = "责任分工" });
        await Expect(list).ToBeVisibleAsync();
        var first = list.GetByRole(AriaRole.Listitem).First;
        await Expect(first).ToContainTextAsync(Fgw);
        await Expect(first).ToContainTextAsync("本单位");
        await Expect(first.GetByRole(AriaRole.Link, new() { Name = "报送进展", Exact = true })).ToBeVisibleAsync();
        Assert.True(await list.GetByRole(AriaRole.Listitem).CountAsync() > 10);
        // The desktop table is not shown beside it.
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = Fgw, Exact = true })).ToHaveCountAsync(0);
        var assignmentsHeight = await list.EvaluateAsync<double>("e => e.getBoundingClientRect().height");
        var items = await list.GetByRole(AriaRole.Listitem).CountAsync();
        // About a line per unit (plus the own unit's actions), not a seven-line card each.
        Assert.True(assignmentsHeight < items * 60 + 80, $"{items} assignments take {assignmentsHeight}px");
        await BrowserApp.ScreenshotAsync(page, "task-detail-phone.png");
    }

    [Fact]
    public async Task AReportDraftBegunInOneBrowserIsThereInAnother()
    {
        var (assignmentId, _) = await AssignmentAsync("mengjin-2024", Fgw, skip: 2);
        var office = await _app.SignInAsync("liaison-fgw");
        await BrowserApp.GotoAsync(office, $"/assignments/{assignmentId}/report");
        await office.GetByLabel("进展情况").FillAsync("已完成排查，正在整改。");
        await office.GetByLabel("存在问题").FocusAsync();
        await office.GetByLabel("存在问题").FillAsync("资金未到位。");
        await office.GetByLabel("下步计划").FocusAsync();

        // Another machine: a separate browser context with its own cookies and storage.
        var home = await _app.SignInAsync("liaison-fgw", BrowserApp.Phone);
        await BrowserApp.GotoAsync(home, $"/assignments/{assignmentId}/report");

        await Expect(home.GetByText("已恢复上次未提交的草稿")).ToBeVisibleAsync();
        await Expect(home.GetByLabel("进展情况")).ToHaveValueAsync("已完成排查，正在整改。");
        await Expect(home.GetByLabel("存在问题")).ToHaveValueAsync("资金未到位。");
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task DashboardChartsKeepTheirAxisLabelsApartAndFillTheirCards(int width, int height)
    {
        var page = await _app.SignInAsync("leader", new ViewportSize { Width = width, Height = height });
        await BrowserApp.GotoAsync(page, "/dashboard");
        await Expect(page.Locator(".mud-chart svg")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"airplan-dashboard-{width}.png"), FullPage = true });

        foreach (var title in new[] { "完成与逾期趋势", "部门落实情况" })
        {
            var card = page.Locator(".mud-paper").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true }) });
            var chart = card.Locator(".mud-chart svg").First;
            await Expect(chart).ToBeVisibleAsync();
            await card.Locator(".mud-chart").First.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"airplan-chart-{width}-{title}.png") });
            // Labels apart: upright ones (ticks) may not share any box; slanted ones (names, months) are apart when
            // neighbours' anchors are at least a line height apart across the slant (gap × sin 45° ≥ font size).
            var overlaps = await chart.EvaluateAsync<int>("""
                svg => {
                    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim().length > 0);
                    const slanted = t => (t.getAttribute('transform') || '').includes('rotate');
                    const boxes = texts.filter(t => !slanted(t)).map(t => t.getBoundingClientRect()).filter(b => b.width > 0);
                    let n = 0;
                    for (let i = 0; i < boxes.length; i++)
                        for (let j = i + 1; j < boxes.length; j++) {
                            const a = boxes[i], b = boxes[j];
                            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) n++;
                        }
                    const anchors = texts.filter(slanted).map(t => t.getBoundingClientRect().right).sort((a, b) => a - b);
                    const size = texts.length ? parseFloat(getComputedStyle(texts[0]).fontSize) : 0;
                    for (let i = 1; i < anchors.length; i++) if ((anchors[i] - anchors[i - 1]) * Math.SQRT1_2 < size) n++;
                    return n;
                }
                """);
            Assert.True(overlaps == 0, $"{title} at {width}px: {overlaps} overlapping labels");
            var share = await card.EvaluateAsync<double>("c => c.querySelector('.mud-chart svg').getBoundingClientRect().width / c.getBoundingClientRect().width");
            Assert.True(share > 0.85, $"{title} at {width}px uses {share:P0} of its card's width");
        }
    }

    private AppDbContext CreateDbContext() =>
        _app.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>A lead assignment of <paramref name="unit"/> in the plan (the n-th by task order, so tests do not share one).</summary>
    private async Task<(int AssignmentId, int TaskId)> AssignmentAsync(string plan, string unit, int skip)
    {
        await using var db = CreateDbContext();
        var row = await db.Assignments.AsNoTracking()
            .Where(a => a.Unit!.Name == unit && a.Task!.Plan!.Key == plan && a.Role == AssignmentRole.Lead)
            .OrderBy(a => a.Task!.Order).Skip(skip).Select(a => new { a.Id, a.TaskId }).FirstAsync();
        return (row.Id, row.TaskId);
    }

    private async Task<int> TaskWithAllTownshipsLedByAsync(string unit)
    {
        await using var db = CreateDbContext();
        return await db.Tasks.AsNoTracking()
            .Where(t => t.Plan!.Key == "mengjin-2024" && t.ParentId == null
                && t.Assignments.Any(a => a.Role == AssignmentRole.Lead && a.Unit!.Name == unit)
                && t.Assignments.Count(a => a.Role == AssignmentRole.Implementing) > 8)
            .OrderBy(t => t.Order).Select(t => t.Id).FirstAsync();
    }

    private async Task<int> WaitingInMengjinAsync()
    {
        await using var db = CreateDbContext();
        return await db.Assignments.CountAsync(a => a.Task!.Plan!.Key == "mengjin-2024" && a.Status == AssignmentStatus.Submitted);
    }

    private async Task AddEvidenceAsync(int assignmentId)
    {
        await using var db = CreateDbContext();
        db.Evidence.Add(new Evidence(assignmentId, null, "验收报告.pdf", "application/pdf", 1234, new string('c', 64), "test", "测试", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
    }

    private async Task SubmitWithEvidenceAsync((int AssignmentId, int TaskId) assignment)
    {
        await AddEvidenceAsync(assignment.AssignmentId);
        await using var db = CreateDbContext();
        var a = await db.Assignments.SingleAsync(x => x.Id == assignment.AssignmentId);
        a.Submit(1, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }
}
