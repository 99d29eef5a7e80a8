using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Seeding;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Seeding;

/// <summary>
/// The Development demo: the seeds' first start gives them a 2025 of work, unless AirPlan:Demo:History is false (the test
/// settings turn it off for every other test; these ask for it).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DemoHistoryTests(PostgresServer server)
{
    private async Task<AppDbContext> FirstStartAsync(string demoHistory)
    {
        var host = TestServices.Build(await SeedTemplates.RegionsCopyAsync(server, "demo"), environment: "Development", clock: TestClock.At(2026, 1, 5),
            configure: builder =>
            {
                builder.Configuration["AirPlan:Demo:History"] = demoHistory;
                // Development validates every registration on build, and the web server's own (routing) are not here.
                builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true }));
            });
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
    }

    [Fact]
    public async Task TheFirstDevelopmentStartGivesTheSeedsAYearOfReportsEvidenceSendBacksAndVerifications()
    {
        await using var db = await FirstStartAsync("true");

        Assert.True(await db.ProgressReports.CountAsync() > 1000);
        Assert.True(await db.Evidence.AnyAsync());
        Assert.True(await db.Reviews.AnyAsync(r => r.Outcome == ReviewOutcome.SentBack));
        Assert.True(await db.Assignments.AnyAsync(a => a.Status == AssignmentStatus.Completed));
        Assert.True(await db.Assignments.AnyAsync(a => a.Status == AssignmentStatus.NotStarted));
        var end = new DateTimeOffset(WorkHistory.End);
        Assert.False(await db.ProgressReports.AnyAsync(r => r.ReportedAt > end));
        Assert.False(await db.ProgressReports.AnyAsync(r => r.ReportedAt < new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        // Every status on an assignment is the last of its own history.
        Assert.False(await db.Assignments.AnyAsync(a => a.Status != AssignmentStatus.NotStarted
            && db.StatusChanges.Where(c => c.AssignmentId == a.Id).OrderByDescending(c => c.ChangedAt).Select(c => c.Status).FirstOrDefault() != a.Status));
    }

    [Fact]
    public async Task TheFlagTurnsTheDemoHistoryOff()
    {
        await using var db = await FirstStartAsync("false");

        Assert.True(await db.Assignments.AnyAsync());
        Assert.False(await db.ProgressReports.AnyAsync());
        Assert.False(await db.StatusChanges.AnyAsync());
    }
}
