using AirPlan.Core.Domain;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Reports;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;

namespace AirPlan.Web.Tests.Features.Reports;

/// <summary>
/// A plan's work exists from its issue date (ADR 013): the seeds are imported on 2025年10月8日 (the work database's clock), yet
/// the quarter that ended before then shows what was due and not done.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PastQuarterTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<PastQuarterTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheLedgerOfAQuarterBeforeTheImportListsTheWorkThatWasOverdueThen()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");

        var report = await _db.Get<QuarterlyReportQueries>().LoadAsync(coordinator, new QuarterlyReportRequest("mengjin-2024", "2025Q3"));

        Assert.Equal(new DateOnly(2025, 9, 30), report.AsOf);
        var overdue = report.Tasks.Where(t => t.IsOverdue).ToList();
        Assert.NotEmpty(overdue);
        // Nothing was recorded before the import: the overdue work was 未启动 then.
        Assert.All(overdue.SelectMany(t => t.Assignments), a => Assert.Equal(AssignmentStatus.NotStarted, a.Status));
    }

    [Fact]
    public async Task TheDashboardCountsOverdueWorkAtMonthEndsBeforeTheImport()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");

        var totals = await _db.Get<RollupQueries>().TotalsAsync(coordinator, new TaskFilter { Plan = "mengjin-2024", AsOf = new DateOnly(2025, 3, 31) });

        Assert.True(totals.Figures.Assignments > 0);
        Assert.True(totals.Figures.Overdue > 0);
        Assert.Equal(totals.Figures.Assignments, totals.Figures.NotStarted);
    }

    /// <summary>
    /// Counted by hand from seeds/mengjin-2024.txt (孟政办〔2024〕21号, 印发 2024年12月9日; 34 tasks, 602 assignments, every task
    /// with its lead and 14 townships): the deadlines before 2025年10月 are task 21's 2024年6月底 and 10月底, 8's and 20's
    /// 2024年10月底 and 19's 2024年底. A day's own deadline is not yet missed. So on 2024-11-30 the plan has no work yet; on
    /// 2024-12-31 tasks 21, 8 and 20 are overdue (15 + 15+3 supporting + 15+4 supporting = 52 assignments); from 2025-01-01 on
    /// 19 too (67).
    /// </summary>
    [Fact]
    public async Task PastQuarterEndsCountThePlansWorkFromItsIssueDateAsCountedByHand()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var rollups = _db.Get<RollupQueries>();
        TaskFilter On(int year, int month, int day) => new() { Plan = "mengjin-2024", AsOf = new DateOnly(year, month, day) };

        var beforeIssue = await rollups.TotalsAsync(coordinator, On(2024, 11, 30));
        var q4 = await rollups.TotalsAsync(coordinator, On(2024, 12, 31));
        var q1 = await rollups.TotalsAsync(coordinator, On(2025, 3, 31));
        var overdueAtQ4 = await rollups.OverdueAsync(coordinator, On(2024, 12, 31));
        var ledger = await _db.Get<QuarterlyReportQueries>().LoadAsync(coordinator, new QuarterlyReportRequest("mengjin-2024", "2024Q4"));
        var trend = await rollups.TrendAsync(coordinator, new TaskFilter { Plan = "mengjin-2024" });

        Assert.Equal((0, 0), (beforeIssue.Figures.Assignments, beforeIssue.Tasks.Tasks));
        Assert.Equal((602, 34, 34, 3, 52), (q4.Figures.Assignments, q4.Tasks.Tasks, q4.Tasks.NotStarted, q4.Tasks.Overdue, q4.Figures.Overdue));
        Assert.Equal((602, 34, 4, 67), (q1.Figures.Assignments, q1.Tasks.Tasks, q1.Tasks.Overdue, q1.Figures.Overdue));
        Assert.Equal(["21", "8", "20"], overdueAtQ4.Items.Select(i => i.TaskNumber));
        // The default ledger of a past quarter lists that work: task 21 is 184 days past 2024年6月30日 on 2024年12月31日.
        Assert.Equal(new DateOnly(2024, 12, 31), ledger.AsOf);
        Assert.Equal(3, ledger.Tasks.Count(t => t.IsOverdue));
        Assert.Equal(184, ledger.Tasks.Max(t => t.DaysOverdue));
        // The trend starts with the plan (no months of zeros before it) and shows the overdue work from its first month end.
        Assert.Equal(new DateOnly(2024, 12, 31), trend[0].Date);
        Assert.Equal([52, .. Enumerable.Repeat(67, trend.Count - 1)], trend.Select(p => p.Overdue));
        Assert.All(trend, p => Assert.Equal(602, p.Assignments));
    }
}
