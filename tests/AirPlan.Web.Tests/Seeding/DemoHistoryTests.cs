using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Evidence;
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
    private IServiceProvider? _services;

    /// <param name="onePlan">Start with one seed plan (and the division list) instead of five: enough to see that no history
    /// is written, at a fifth of the import.</param>
    private async Task<AppDbContext> FirstStartAsync(string demoHistory, string environment = "Development", bool onePlan = false)
    {
        var seeds = onePlan ? Path.Combine(Path.GetTempPath(), "airplan-seeds-" + Guid.NewGuid().ToString("N")) : RepoPaths.Seeds;
        if (onePlan)
        {
            Directory.CreateDirectory(seeds);
            foreach (var file in new[] { "china-divisions.csv.gz", "mengzhou-2023.txt" })
                File.Copy(Path.Combine(RepoPaths.Seeds, file), Path.Combine(seeds, file));
        }
        try
        {
            var host = TestServices.Build(await SeedTemplates.RegionsCopyAsync(server, "demo"), environment: environment, clock: TestClock.At(2026, 1, 5),
                configure: builder =>
                {
                    builder.Configuration["AirPlan:Demo:History"] = demoHistory;
                    builder.Configuration["AirPlan:SeedsPath"] = seeds;
                    // Development validates every registration on build, and the web server's own (routing) are not here.
                    builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true }));
                });
            await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            _services = host.Services;
            return host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        }
        finally
        {
            if (onePlan) Directory.Delete(seeds, recursive: true);
        }
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
        // Every demo file is a real one in the store that opens as what its name says.
        var files = _services!.GetRequiredService<IFileStore>();
        var kinds = await db.Evidence.GroupBy(e => e.ContentType).Select(g => new { Type = g.Key, g.First().Sha256, Hashes = g.Select(e => e.Sha256).Distinct().Count() }).ToListAsync();
        Assert.Equal(4, kinds.Count);
        foreach (var kind in kinds)
        {
            Assert.InRange(kind.Hashes, 1, 2);
            await using var file = files.OpenRead(kind.Sha256);
            var head = new byte[4];
            await file.ReadExactlyAsync(head);
            Assert.Equal(kind.Type switch { "application/pdf" => "25504446", "image/jpeg" => "FFD8FFE0", _ => "504B0304" },
                Convert.ToHexString(head));
        }
        // Every status on an assignment is the last of its own history.
        Assert.False(await db.Assignments.AnyAsync(a => a.Status != AssignmentStatus.NotStarted
            && db.StatusChanges.Where(c => c.AssignmentId == a.Id).OrderByDescending(c => c.ChangedAt).Select(c => c.Status).FirstOrDefault() != a.Status));
    }

    /// <summary>Off by the flag in Development, and never outside Development whatever the flag says.</summary>
    [Theory]
    [InlineData("false", "Development")]
    [InlineData("true", "Production")]
    public async Task TheFlagTurnsTheDemoHistoryOffAndOnlyDevelopmentHasOne(string demoHistory, string environment)
    {
        await using var db = await FirstStartAsync(demoHistory, environment, onePlan: true);

        Assert.True(await db.Assignments.AnyAsync());
        Assert.False(await db.ProgressReports.AnyAsync());
        Assert.False(await db.StatusChanges.AnyAsync());
    }
}
