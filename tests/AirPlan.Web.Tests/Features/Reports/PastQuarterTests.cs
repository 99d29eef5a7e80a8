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
}
