using System.Net;
using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace AirPlan.Web.Tests.Data;

/// <summary>The database goes away (through a relay this class cuts, so other classes keep their server) and comes back.</summary>
[Collection(HostingCollection.Name)]
public sealed class DatabaseOutageTests(PostgresServer server)
{
    private static string Through(CuttableProxy proxy, string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString;

    private static CuttableProxy ProxyTo(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new CuttableProxy(builder.Host == "localhost" || builder.Host!.StartsWith('/') ? "127.0.0.1" : builder.Host!, builder.Port);
    }

    /// <summary>A seeded copy reached through a relay the test can cut, and a liaison with a fresh assignment to report on.</summary>
    private sealed record RelaySetup(CuttableProxy Proxy, IHost Host, IDbContextFactory<AppDbContext> Factory, UserContext Liaison,
        int AssignmentId, uint Version, string Period) : IAsyncDisposable
    {
        public WorkService Work => Host.Services.GetRequiredService<WorkService>();

        public async ValueTask DisposeAsync()
        {
            Host.Dispose();
            await Proxy.DisposeAsync();
        }
    }

    private async Task<RelaySetup> LiaisonBehindRelayAsync(string prefix)
    {
        var clock = TestClock.At(2025, 10, 8);
        var direct = await SeedTemplates.SeededCopyAsync(server, prefix, clock);
        var proxy = ProxyTo(direct);
        var host = TestServices.Build(Through(proxy, direct), clock: clock);
        var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var assignment = await db.Assignments.Where(a => a.Unit!.Name == "区发展改革委" && a.Task!.Plan!.Key == "mengjin-2024"
            && a.Status == AssignmentStatus.NotStarted).OrderBy(a => a.Id).FirstAsync();
        var liaison = new UserContext($"{prefix}-liaison", $"liaison-{prefix}", "联络员（测试）", new HashSet<string> { AppRoles.Liaison },
            new HashSet<int> { assignment.UnitId }, new HashSet<int>());
        return new RelaySetup(proxy, host, factory, liaison, assignment.Id, assignment.Version,
            ReportingPeriods.KeyOf(new DateOnly(2025, 10, 8), ReportingCycle.Quarterly));
    }

    [Fact]
    public async Task AProgressReportDuringAnOutageSaysToRetryWritesNothingAndTheNextSaveAfterRecoveryWorks()
    {
        await using var setup = await LiaisonBehindRelayAsync("outage");
        var (proxy, factory, liaison, assignmentId, version, period) =
            (setup.Proxy, setup.Factory, setup.Liaison, setup.AssignmentId, setup.Version, setup.Period);
        var work = setup.Work;
        ProgressReportInput Input(uint v) => new(assignmentId, v, period, "完成项目摸排", "用地未落实", "协调自然资源部门", 30, []);

        proxy.Cut();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => work.ReportProgressAsync(liaison, Input(version)));
        proxy.Restore();

        var message = UserMessages.Of(failure);
        Assert.NotNull(message);
        Assert.Equal(503, message.StatusCode);
        Assert.Equal(UserMessages.DatabaseUnavailable, message.Text);
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal(0, await db.ProgressReports.CountAsync(r => r.AssignmentId == assignmentId));
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == "report.create" && e.EntityId == assignmentId.ToString()));
            Assert.Equal(AssignmentStatus.NotStarted, await db.Assignments.Where(a => a.Id == assignmentId).Select(a => a.Status).SingleAsync());
        }

        await work.ReportProgressAsync(liaison, Input(version));

        await using (var db = await factory.CreateDbContextAsync())
            Assert.Equal(1, await db.ProgressReports.CountAsync(r => r.AssignmentId == assignmentId));
    }

    [Fact]
    public async Task ASaveDuringABriefOutageIsRetriedAndSucceedsOnce()
    {
        await using var setup = await LiaisonBehindRelayAsync("blip");
        var (proxy, factory, liaison, assignmentId, version, period) =
            (setup.Proxy, setup.Factory, setup.Liaison, setup.AssignmentId, setup.Version, setup.Period);

        // The pooled connections die with the cut; the server is back before the retries run out (a restart, a network blip).
        proxy.Cut();
        var save = setup.Work.ReportProgressAsync(liaison,
            new ProgressReportInput(assignmentId, version, period, "完成项目摸排", null, null, 30, []));
        await Task.Delay(TimeSpan.FromSeconds(2));
        proxy.Restore();
        await save;

        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.ProgressReports.CountAsync(r => r.AssignmentId == assignmentId));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "report.create" && e.EntityId == assignmentId.ToString()));
        }
    }

    [Fact]
    public async Task ReadyzAnswers200WhenReadyAnd503WhenTheDatabaseIsUnreachableWhileHealthzStays200()
    {
        var direct = await SeedTemplates.SeededCopyAsync(server, "readyz");
        await using var proxy = ProxyTo(direct);
        await using var app = new AppFactory(Through(proxy, direct));
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        proxy.Cut();
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            proxy.Restore();
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }
}
