using System.Data.Common;
using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Infrastructure.Postgres;
using AirPlan.Web.Security;
using AirPlan.Web.Seeding;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Web.Tests.Data;

/// <summary>
/// The database server itself goes down (<c>pg_ctl stop -m immediate</c>, as in a crash) in the middle of a progress-report
/// save, and comes back. Unlike <see cref="DatabaseOutageTests"/>, which cuts a relay in front of the shared server, this
/// stops a cluster of the class's own, so nobody else's server is touched; it is kept small (migrations, regions, one plan).
/// </summary>
[Collection(ProcessesCollection.Name)]
public sealed class DatabaseStopTests : IAsyncLifetime
{
    // Under /tmp rather than a mode-700 temp subdirectory so the postgres OS user can enter it when we run as root.
    private readonly string _root = Path.Combine(Path.GetTempPath(), "airplan-stop-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly StopBeforeInsert _stopper = new();
    private EmbeddedPostgres? _cluster;
    private IHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _host?.Dispose();
        // A no-op warning if the test left the server stopped; the folder goes either way.
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [RequiresPostgresBinariesFact]
    public async Task AServerStoppedDuringAProgressReportSaveTellsTheUserWritesNothingAndTheSameServicesSaveOnceItIsBack()
    {
        var clock = TestClock.At(2025, 10, 8);
        _cluster = await EmbeddedPostgres.StartPersistentAsync(Path.Combine(_root, "pgdata"));
        _stopper.Cluster = _cluster;
        // One seed plan and the division list: enough for a liaison's assignment, a fraction of loading all five.
        var seeds = Directory.CreateDirectory(Path.Combine(_root, "seeds")).FullName;
        foreach (var file in new[] { SeedFiles.DivisionsFile, "mengjin-2024.txt" })
            File.Copy(Path.Combine(RepoPaths.Seeds, file), Path.Combine(seeds, file));
        _host = TestServices.Build(_cluster.ConnectionString, clock: clock, configure: builder =>
        {
            builder.Configuration["AirPlan:SeedsPath"] = seeds;
            builder.Services.ConfigureDbContext<AppDbContext>((_, options) => options.AddInterceptors(_stopper));
        });
        await _host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

        var factory = _host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var work = _host.Services.GetRequiredService<WorkService>();
        Assignment assignment;
        await using (var db = await factory.CreateDbContextAsync())
            assignment = await db.Assignments.Where(a => a.Unit!.Name == "区发展改革委" && a.Task!.Plan!.Key == "mengjin-2024"
                && a.Status == AssignmentStatus.NotStarted).OrderBy(a => a.Id).FirstAsync();
        var liaison = new UserContext("stop-liaison", "liaison-stop", "联络员（测试）", new HashSet<string> { AppRoles.Liaison },
            new HashSet<int> { assignment.UnitId }, new HashSet<int>());
        var input = new ProgressReportInput(assignment.Id, assignment.Version,
            ReportingPeriods.KeyOf(new DateOnly(2025, 10, 8), ReportingCycle.Quarterly), "完成项目摸排", "用地未落实", "协调自然资源部门", 30, []);

        // The interceptor stops the server as the INSERT into progress_reports is about to go out: the transaction is open and
        // the assignment already read, so this is a save cut off half-way, every time, not a race with a timer. The
        // retrying strategy then finds the server gone for all its attempts (about 10 s) and gives up.
        _stopper.Armed = true;
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => work.ReportProgressAsync(liaison, input));
        Assert.True(_stopper.Stopped);

        var message = UserMessages.Of(failure);
        Assert.NotNull(message);
        Assert.Equal(503, message.StatusCode);
        Assert.Equal(UserMessages.DatabaseUnavailable, message.Text);

        // Same data directory, same port (crash recovery runs), and the app's services are the ones from before the stop.
        await _cluster.StartAgainAsync();
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal(0, await db.ProgressReports.CountAsync(r => r.AssignmentId == assignment.Id));
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == "report.create" && e.EntityId == assignment.Id.ToString()));
            Assert.Equal(AssignmentStatus.NotStarted, await db.Assignments.Where(a => a.Id == assignment.Id).Select(a => a.Status).SingleAsync());
        }

        // The same version as before: the failed attempt changed nothing, so it is not a conflict.
        var reportId = await work.ReportProgressAsync(liaison, input);

        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal([reportId], await db.ProgressReports.Where(r => r.AssignmentId == assignment.Id).Select(r => r.Id).ToListAsync());
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "report.create" && e.EntityId == assignment.Id.ToString()));
        }
    }

    /// <summary>Once armed, stops the cluster immediately before the first command that inserts a progress report is sent.</summary>
    private sealed class StopBeforeInsert : DbCommandInterceptor
    {
        public EmbeddedPostgres? Cluster { get; set; }
        public bool Armed { get; set; }
        public bool Stopped { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await StopIfInsertingAReportAsync(command, cancellationToken);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await StopIfInsertingAReportAsync(command, cancellationToken);
            return result;
        }

        private async Task StopIfInsertingAReportAsync(DbCommand command, CancellationToken cancellationToken)
        {
            if (!Armed || Stopped || !command.CommandText.Contains("INSERT INTO progress_reports", StringComparison.Ordinal)) return;
            Stopped = true;
            await Cluster!.StopImmediatelyAsync(cancellationToken);
        }
    }
}
